// Relay work that tells its state (docs/REST.md §6 and §7): while a shipment or an inventory
// event is retried it shows the latest failure (lastError) and when it is tried next
// (nextAttemptAt); once sent, both are null. Real app, real database, the Miva simulator offline.
import request from 'supertest';
import { first } from '../../src/common/must';
import { bearer } from '../support/test-app';
import {
  ADMIN_KEY,
  eventually,
  insertSimulatorStore,
  RelayEnv,
  seedOrder,
  sim,
  startRelayEnv,
} from '../shipments/relay-fixtures';

const admin = bearer(ADMIN_KEY);

interface RelayJob {
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}

describe('relay retry state', () => {
  let env: RelayEnv;

  beforeAll(async () => {
    env = await startRelayEnv();
  });

  afterEach(async () => {
    await sim(env.sim, 'DELETE', '/faults');
  });

  afterAll(async () => {
    await env.close();
  });

  it('a shipment retried during a Miva outage shows lastError and nextAttemptAt, and once sent neither', async () => {
    const storeId = await insertSimulatorStore(env.t.bridge, env.sim);
    const { orderId } = await seedOrder(env, storeId, 31);
    await sim(env.sim, 'PUT', '/faults', { apiOffline: true });
    await request(env.t.server)
      .post(`/api/v1/orders/${orderId}/shipments`)
      .set(admin)
      .send({ shipmentRef: 'OUTAGE-1', carrier: 'UPS', trackingNumber: '1Z1' })
      .expect(202);
    const shipment = async (): Promise<RelayJob> => {
      const res = await request(env.t.server)
        .get(`/api/v1/orders/${orderId}/shipments`)
        .set(admin)
        .expect(200);
      return first(res.body as RelayJob[], 'the shipment');
    };

    const retried = await eventually(
      async () => {
        const s = await shipment();
        return s.attempts >= 2 && s.lastError !== null ? s : undefined;
      },
      20_000,
      'the shipment to be retried',
    );
    expect(retried.status).toBe('pending');
    expect(retried.lastError).toMatch(/offline/i);
    // Rescheduled after a backoff: the next try is after the shipment came in.
    expect(Date.parse(retried.nextAttemptAt ?? '')).toBeGreaterThan(Date.parse(retried.createdAt));

    await sim(env.sim, 'DELETE', '/faults');
    const sent = await eventually(
      async () => {
        const s = await shipment();
        return s.status === 'sent' ? s : undefined;
      },
      20_000,
      'the shipment to be sent',
    );
    expect(sent).toMatchObject({ lastError: null, nextAttemptAt: null });
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
  });

  it('an inventory event retried during a Miva outage shows lastError and nextAttemptAt, and once sent neither', async () => {
    const storeId = await insertSimulatorStore(env.t.bridge, env.sim);
    const sku = 'PRT010';
    const before = first(env.sim.state.findProduct({ sku }), sku).product_inventory ?? 0;
    await sim(env.sim, 'PUT', '/faults', { apiOffline: true });
    await request(env.t.server)
      .post('/api/v1/inventory/adjustments')
      .set(admin)
      .send({ storeId, adjustments: [{ eventId: 'outage-evt-1', identifier: sku, delta: 4 }] })
      .expect(202);
    const event = async (): Promise<RelayJob> => {
      const res = await request(env.t.server)
        .get('/api/v1/inventory/adjustments')
        .query({ storeId })
        .set(admin)
        .expect(200);
      return first(res.body as RelayJob[], 'the event');
    };

    const retried = await eventually(
      async () => {
        const e = await event();
        // Between two calls it waits in the queue with the store's next attempt.
        return e.attempts >= 2 && e.lastError !== null && e.nextAttemptAt !== null ? e : undefined;
      },
      20_000,
      'the event to be retried',
    );
    expect(retried.status).toBe('pending');
    expect(retried.lastError).toMatch(/offline/i);
    expect(Date.parse(retried.nextAttemptAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(retried.createdAt),
    );

    await sim(env.sim, 'DELETE', '/faults');
    const sent = await eventually(
      async () => {
        const e = await event();
        return e.status === 'sent' ? e : undefined;
      },
      20_000,
      'the event to be sent',
    );
    expect(sent).toMatchObject({ lastError: null, nextAttemptAt: null });
    expect(first(env.sim.state.findProduct({ sku }), sku).product_inventory).toBe(before + 4);
  });
});
