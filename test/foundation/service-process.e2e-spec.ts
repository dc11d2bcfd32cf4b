import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ensureBuilt } from '../../scripts/ensure-built';
import { must } from '../../src/common/must';
import { bearer } from '../support/test-app';
import { freePort, ServiceProcess } from '../support/service-process';

// `npm start` as a user runs it: the embedded database (no DATABASE_URL), a fresh DATA_DIR.
describe('the service process', () => {
  let dataDir: string;

  beforeAll(() => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'bridge-process-'));
  }, 300_000);

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a bad PORT with one line naming it and a non-zero exit', async () => {
    const service = ServiceProcess.start({ PORT: 'abc', DATA_DIR: dataDir });
    expect(await service.exited).not.toBe(0);
    const lines = service.stderr.trim().split('\n');
    expect(lines.filter((l) => l.includes('PORT'))).toHaveLength(1);
    expect(service.stderr).toMatch(/PORT must be an integer port number/);
  });

  it('refuses a malformed DATABASE_URL the same way', async () => {
    const service = ServiceProcess.start({ DATABASE_URL: 'mysql://nope', DATA_DIR: dataDir });
    expect(await service.exited).not.toBe(0);
    expect(service.stderr).toMatch(/DATABASE_URL must be a postgres:\/\/ URL/);
  });

  it('keeps API keys across a SIGTERM and a restart on the same DATA_DIR', async () => {
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const url = `http://127.0.0.1:${port}`;

    const first = ServiceProcess.start(env);
    await first.waitFor(/listening on/);
    const announced = await first.waitFor(/Admin API key[^\n]*\n\s*\n\s*(\S+)/);
    const adminKey = must(announced[1], 'the admin key');
    expect((statSync(join(dataDir, 'secret.key')).mode & 0o777).toString(8)).toBe('600');

    await request(url).get('/health').expect(200, { status: 'ok', db: 'up' });
    const unauthorized = await request(url).get('/api/v1/api-keys').expect(401);
    expect(unauthorized.body.error.code).toBe('UNAUTHORIZED');
    const created = await request(url)
      .post('/api/v1/api-keys')
      .set(bearer(adminKey))
      .send({ name: 'oms', scopes: ['orders:read'] })
      .expect(201);
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = ServiceProcess.start(env);
    await second.waitFor(/listening on/);
    expect(second.stdout).not.toContain('Admin API key');
    const listed = await request(url).get('/api/v1/api-keys').set(bearer(adminKey)).expect(200);
    expect(listed.body.map((k: { id: string }) => k.id)).toContain(created.body.id);
    // The scoped key authenticates (403 on an admin route, not 401).
    await request(url).get('/api/v1/api-keys').set(bearer(created.body.key)).expect(403);
    expect(await second.stop('SIGTERM')).toBe(0);
  });

  it('logs one line per API request with its status, never probes, secrets or keys', async () => {
    const port = await freePort();
    const adminKey = 'process-admin-key-0123456789abcdef';
    const service = ServiceProcess.start({
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ADMIN_API_KEY: adminKey,
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      await service.waitFor(/listening on/);
      await request(url).get('/health').expect(200);
      await request(url).get('/metrics').set(bearer(adminKey));
      await request(url).get('/api/v1/orders?limit=1').set(bearer(adminKey)).expect(200);
      await request(url).get('/api/v1/stores/not-a-uuid').set(bearer(adminKey)).expect(400);
      await request(url).post('/api/v1/webhooks/miva/x?token=hook-secret-value').send('{}');
      await service.waitFor(/"url":"\/api\/v1\/webhooks[^\n]*request completed/);
      const requests = service.stdout
        .split('\n')
        .filter((line) => line.includes('"request completed"'))
        .map((line) => JSON.parse(line) as { req: { url: string }; res: { statusCode: number } });
      expect(requests.map((r) => [r.req.url, r.res.statusCode])).toEqual([
        ['/api/v1/orders?limit=1', 200],
        ['/api/v1/stores/not-a-uuid', 400],
        ['/api/v1/webhooks/miva/x?token=[redacted]', expect.any(Number)],
      ]);
      expect(service.stdout).not.toContain(adminKey);
      expect(service.stdout).not.toContain('hook-secret-value');
    } finally {
      await service.stop('SIGTERM');
    }
  });
});
