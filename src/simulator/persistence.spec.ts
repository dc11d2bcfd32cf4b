import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { persistSimulator, readSnapshot, restoreSnapshot, snapshotOf } from './persistence';
import { NEW_AND_UPDATED, RETRIEVED, SimulatorState } from './state';

const state = (orders: number) =>
  new SimulatorState({
    storeCode: 'SIM',
    passphrase: 'p',
    seed: 3,
    orders,
    generatorNow: 1_790_000_000,
    token: {
      token: 't',
      signingKey: 'k',
      enabled: true,
      requireTimestamp: true,
      requireSignature: true,
      timestampWindowSeconds: 60,
    },
  });

describe('simulator persistence', () => {
  it('restores orders, shipments, products and queues exactly as saved', () => {
    const before = state(6);
    const [first, second] = before.orderIds();
    before.moveToQueue(RETRIEVED, first!);
    const rec = before.getOrder(second!)!;
    before.newShipment(rec.order);
    before.touch(rec);
    before.addQueue('backorders', 'Backorders');
    const saved = JSON.parse(JSON.stringify(snapshotOf(before))) as ReturnType<typeof snapshotOf>;

    // Another seed and another clock: nothing of the new state's own generation may survive.
    const after = state(2);
    restoreSnapshot(after, saved);
    expect(snapshotOf(after)).toEqual(saved);
    expect(after.getOrder(second!)!.order.dt_updated).toBe(rec.order.dt_updated);
    expect(after.inQueue(NEW_AND_UPDATED, first!)).toBe(false);
    expect(after.inQueue(RETRIEVED, first!)).toBe(true);
    expect(after.shipments.size).toBe(before.shipments.size);
    // The next shipment id continues after the restored ones.
    expect(after.newShipment(after.getOrder(first!)!.order).id).toBeGreaterThan(
      Math.max(...before.shipments.keys()),
    );
  });

  it('writes the file at once and again only when something changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-persist-'));
    try {
      const file = join(dir, 'simulator.json');
      const s = state(3);
      const persisted = persistSimulator(s, file, 60_000);
      expect(readSnapshot(file)?.orders).toHaveLength(3);
      s.addOrders([{ ...s.getOrder(s.orderIds()[0]!)!.order, id: 999_999 }]);
      persisted.stop();
      expect(readSnapshot(file)?.orders.map((o) => o.id)).toContain(999_999);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
