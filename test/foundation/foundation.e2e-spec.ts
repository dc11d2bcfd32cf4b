import request from 'supertest';
import { ADMIN_KEY, bearer, startTestApp, TestApp } from '../support/test-app';

describe('foundation: health, errors, API keys', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('reports health with the database up, without a key', async () => {
    const res = await request(t.server).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up' });
  });

  it('serves Prometheus metrics including HTTP request counts', async () => {
    await request(t.server).get('/health').expect(200);
    const res = await request(t.server).get('/metrics').expect(200);
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toMatch(
      /http_requests_total\{method="GET",route="\/health",status="200"\} \d+/,
    );
  });

  it('serves the OpenAPI spec', async () => {
    const res = await request(t.server).get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/api-keys']));
  });

  it('answers 401 in the contract shape without a key or with a wrong one', async () => {
    for (const headers of [{}, bearer('mob_not-a-real-key'), { Authorization: 'Basic abc' }]) {
      const res = await request(t.server).get('/api/v1/api-keys').set(headers).expect(401);
      expect(res.body).toEqual({
        error: { code: 'UNAUTHORIZED', message: expect.any(String), details: [] },
      });
    }
  });

  it('answers unknown routes 404 in the same shape', async () => {
    const res = await request(t.server).get('/api/v1/nope').set(bearer(ADMIN_KEY)).expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    await request(t.server).get('/definitely/not/here').expect(404);
  });

  it('creates, lists, uses and revokes a scoped API key', async () => {
    const created = await request(t.server)
      .post('/api/v1/api-keys')
      .set(bearer(ADMIN_KEY))
      .send({ name: 'oms-east', scopes: ['orders:read', 'orders:ack'] })
      .expect(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      name: 'oms-east',
      scopes: ['orders:read', 'orders:ack'],
      storeIds: null,
    });
    const key = created.body.key as string;
    expect(key).toMatch(/^mob_/);

    const listed = await request(t.server)
      .get('/api/v1/api-keys')
      .set(bearer(ADMIN_KEY))
      .expect(200);
    expect(listed.body.map((k: { id: string }) => k.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(key);

    // A scoped key is not the admin key: key management is admin-only.
    const forbidden = await request(t.server).get('/api/v1/api-keys').set(bearer(key)).expect(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');

    await request(t.server)
      .delete(`/api/v1/api-keys/${created.body.id}`)
      .set(bearer(ADMIN_KEY))
      .expect(204);
    await request(t.server).get('/api/v1/api-keys').set(bearer(key)).expect(401);
    await request(t.server)
      .delete(`/api/v1/api-keys/${created.body.id}`)
      .set(bearer(ADMIN_KEY))
      .expect(404);
  });

  it('rejects unknown fields and bad scopes with one detail per field', async () => {
    const res = await request(t.server)
      .post('/api/v1/api-keys')
      .set(bearer(ADMIN_KEY))
      .send({ name: 'x', scopes: ['orders:read', 'root'], storeIds: ['nope'], extra: 1 })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const fields = (res.body.error.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['extra', 'scopes', 'storeIds']);
  });

  it('rejects malformed JSON with 400 and bodies over 1 MB with 413', async () => {
    const bad = await request(t.server)
      .post('/api/v1/api-keys')
      .set(bearer(ADMIN_KEY))
      .set('Content-Type', 'application/json')
      .send('{"name": ')
      .expect(400);
    expect(bad.body.error.code).toBe('INVALID_JSON');

    const big = await request(t.server)
      .post('/api/v1/api-keys')
      .set(bearer(ADMIN_KEY))
      .send({ name: 'x'.repeat(2 * 1024 * 1024), scopes: [] })
      .expect(413);
    expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
