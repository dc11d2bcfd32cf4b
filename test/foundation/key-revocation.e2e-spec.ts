import request from 'supertest';
import { BridgeApp } from '../../src/bridge-app';
import { KeyRevocations } from '../../src/modules/api-keys/key-revocations';
import { startSecondInstance } from '../shipments/relay-fixtures';
import { eventually } from '../support/eventually';
import { ADMIN_KEY, bearer, startTestApp, TestApp } from '../support/test-app';

// Keys are cached per instance for a minute (src/modules/api-keys/key-revocations.ts); a
// revocation must still take effect at once on every instance.
describe('API key revocation across instances', () => {
  let a: TestApp;
  let b: BridgeApp;

  beforeAll(async () => {
    a = await startTestApp({ SYNC_SCHEDULER: 'off' });
    b = await startSecondInstance(a);
    await b.app.init();
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('a key revoked on one instance is refused by another within 1 s', async () => {
    await eventually(
      () => Promise.resolve(b.app.get(KeyRevocations).trusted),
      5_000,
      'B listening',
    );
    const created = await request(a.server)
      .post('/api/v1/api-keys')
      .set(bearer(ADMIN_KEY))
      .send({ name: 'oms', scopes: ['orders:read'] })
      .expect(201);
    const key = created.body.key as string;
    const onB = request(b.app.getHttpServer());
    // Used on B, so B holds it in its cache.
    await onB.get('/api/v1/orders').set(bearer(key)).expect(200);
    await onB.get('/api/v1/orders').set(bearer(key)).expect(200);

    await request(a.server)
      .delete(`/api/v1/api-keys/${created.body.id}`)
      .set(bearer(ADMIN_KEY))
      .expect(204);
    await eventually(
      async () => (await onB.get('/api/v1/orders').set(bearer(key))).status === 401,
      1_000,
      'B to refuse the revoked key',
    );
    // A new key works at once everywhere (unknown keys are never cached).
    const next = await request(a.server)
      .post('/api/v1/api-keys')
      .set(bearer(ADMIN_KEY))
      .send({ name: 'oms-2', scopes: ['orders:read'] })
      .expect(201);
    await onB
      .get('/api/v1/orders')
      .set(bearer(next.body.key as string))
      .expect(200);
  });
});
