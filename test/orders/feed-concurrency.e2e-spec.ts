import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { first, must } from '../../src/common/must';
import { DEFAULT_MAPPER_SETTINGS } from '../../src/mappers/mapper-settings';
import { mappedOrderHash } from '../../src/mappers/order-hash';
import { mapOrder } from '../../src/mappers/order.mapper';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import {
  OrdersWriteRepository,
  OrderWrite,
} from '../../src/modules/orders/orders-write.repository';
import { generateOrders } from '../../src/simulator/order-generator';
import { mulberry32 } from '../../src/simulator/rng';
import { startDownloadApp } from '../download/download-app';
import { ADMIN_KEY, bearer, TestApp } from '../support/test-app';
import { edited, FeedOrder, getPage, ingest, pageAll } from './feed-support';

// docs/ARCHITECTURE.md §5: a cursor over positions assigned inside transactions skips rows that
// commit out of order. Here downloads for several stores commit concurrently while readers page
// the feed (one also acknowledging what it reads, as an OMS does); afterwards the sets are
// compared with what the database finally holds.

const WRITERS = 4;
const BATCHES = 16;
const NEW_PER_BATCH = 10;
const EDITS_PER_BATCH = 5;

interface Served {
  id: string;
  revision: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const tick = (): Promise<void> => sleep(1);

function orderWrite(order: MivaOrder): OrderWrite {
  const mapped = mapOrder(order, DEFAULT_MAPPER_SETTINGS);
  return {
    mivaOrderId: order.id,
    mapped,
    contentHash: mappedOrderHash(mapped),
    status: mapped.status,
    importable: true,
  };
}

// Generous: the suite shares a 2-core machine.
jest.setTimeout(120_000);

describe('orders feed under concurrent downloads', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startDownloadApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  // New orders written through the write path's own transaction, held open for `holdMs` after the
  // feed positions were taken: the commit latency (network, fsync) in which a later writer must
  // not become visible first, widened so that a feed relying on luck would be caught.
  const slowCreate = (storeId: string, orders: MivaOrder[], holdMs: number): Promise<void> =>
    t.bridge.app.get(OrdersWriteRepository).transaction(async (tx) => {
      await tx.writeOrders(storeId, orders.map(orderWrite), []);
      await sleep(holdMs);
    });

  it('never skips or repeats a committed change while writers and readers run at once', async () => {
    let writersDone = false;

    // Each writer is one store's download: batches of new orders plus new revisions of earlier ones.
    const writer = async (w: number): Promise<number> => {
      const storeId = randomUUID();
      const rng = mulberry32(1000 + w);
      const known: MivaOrder[] = [];
      let changes = 0;
      for (let b = 0; b < BATCHES; b++) {
        const fresh = generateOrders({
          count: NEW_PER_BATCH,
          seed: 77 + w,
          firstOrderId: 100000 * (w + 1) + b * NEW_PER_BATCH,
        });
        const edits = new Map<number, MivaOrder>();
        for (let e = 0; e < EDITS_PER_BATCH && known.length > 0; e++) {
          const i = rng.int(0, known.length - 1);
          const edit = edited(must(known[i], 'a known order'), `w${w}b${b}e${e}`);
          known[i] = edit;
          edits.set(edit.id, edit);
        }
        // Every other batch commits slowly after taking its feed positions, staggered so that
        // other writers commit quickly meanwhile. Orders created slowly are never edited later,
        // so a reader that skipped them would never see them again.
        const slow = b % 2 === w % 2;
        if (!slow) {
          known.push(...fresh);
        }
        if (slow) {
          await slowCreate(storeId, fresh, rng.int(5, 25));
          changes += fresh.length;
        }
        const result = await ingest(
          t,
          storeId,
          slow ? [...edits.values()] : [...fresh, ...edits.values()],
        );
        changes += result.created + result.updated;
        await tick();
      }
      return changes;
    };

    // Follows the feed from the start, resuming with pollCursor at the end, until a page fetched
    // after every writer finished reaches the end.
    const reader = async (
      query: Record<string, string | number | boolean>,
      onPage: (orders: FeedOrder[]) => Promise<void> = async () => {},
    ): Promise<Served[]> => {
      const served: Served[] = [];
      let cursor: string | undefined;
      for (;;) {
        const finished = writersDone;
        const page = await getPage(
          t,
          ADMIN_KEY,
          cursor === undefined ? query : { ...query, cursor },
        );
        served.push(...page.data.map((o) => ({ id: o.id, revision: o.revision })));
        await onPage(page.data);
        cursor = page.nextCursor ?? page.pollCursor;
        if (page.nextCursor === null) {
          if (finished) {
            return served;
          }
          await tick();
        }
      }
    };

    // The OMS loop: read what is unacknowledged, acknowledge it by revision.
    const stale = new Set<string>();
    const ackUnknown: string[] = [];
    const acknowledging = (orders: FeedOrder[]): Promise<void> =>
      orders.length === 0
        ? Promise.resolve()
        : request(t.server)
            .post('/api/v1/orders/acknowledgements')
            .set(bearer(ADMIN_KEY))
            .send({ orders: orders.map((o) => ({ id: o.id, revision: o.revision })) })
            .expect(200)
            .then((res) => {
              const body = res.body as { stale: string[]; unknown: string[] };
              body.stale.forEach((id) => stale.add(id));
              ackUnknown.push(...body.unknown);
            });

    const writing = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w))).finally(
      () => {
        writersDone = true;
      },
    );
    // A reader that keeps up with the head of the feed (where skips would happen), two that lag
    // behind with small pages, and an acknowledging OMS.
    const [changes, head, medium, small, oms] = await Promise.all([
      writing,
      reader({ limit: 500 }),
      reader({ limit: 17 }),
      reader({ limit: 3 }),
      reader({ acknowledged: false, limit: 50 }, acknowledging),
    ]);

    const finalRows: { id: string; revision: number; acknowledged: boolean }[] = await t.bridge.app
      .get(DataSource)
      .query(
        `SELECT id, revision, coalesce(acknowledged_revision = revision, false) AS acknowledged
           FROM orders WHERE offered`,
      );
    const final = new Map(finalRows.map((r) => [r.id, r.revision]));
    const totalChanges = changes.reduce((a, b) => a + b, 0);
    expect(final.size).toBe(WRITERS * BATCHES * NEW_PER_BATCH);
    expect(totalChanges).toBeGreaterThan(final.size); // some orders did get new revisions

    for (const served of [head, medium, small, oms]) {
      const pairs = served.map((s) => `${s.id}@${s.revision}`);
      // Never served twice.
      expect(new Set(pairs).size).toBe(pairs.length);
      // Every order's final revision was served: no committed change was skipped.
      const servedPairs = new Set(pairs);
      const missing = [...final].filter(([id, rev]) => !servedPairs.has(`${id}@${rev}`));
      expect(missing).toEqual([]);
      // Only committed revisions, and an order never goes back to an older one.
      const lastSeen = new Map<string, number>();
      for (const s of served) {
        expect(s.revision).toBeLessThanOrEqual(final.get(s.id)!);
        expect(s.revision).toBeGreaterThan(lastSeen.get(s.id) ?? 0);
        lastSeen.set(s.id, s.revision);
      }
    }
    // The two unfiltered readers saw the same final state whatever their page size.
    expect(new Set(head.map((s) => s.id))).toEqual(new Set(small.map((s) => s.id)));

    // The acknowledging OMS ends with everything acknowledged; what went stale came back later.
    expect(ackUnknown).toEqual([]);
    expect(finalRows.filter((r) => !r.acknowledged)).toEqual([]);
    for (const id of stale) {
      expect(oms.filter((s) => s.id === id).length).toBeGreaterThan(1);
    }
    const unacknowledged = await pageAll(t, ADMIN_KEY, { acknowledged: false });
    expect(unacknowledged.orders).toEqual([]);
  });

  // With a real server, hold one download's transaction open after it took its feed positions and
  // let a second download try to commit behind it: the second cannot become visible first, so a
  // reader cannot move its cursor past the first one's positions. (Embedded PGlite serialises
  // transactions outright, so there the interleaving cannot arise and cannot be staged.)
  if (process.env.DATABASE_URL) {
    it('a later download cannot become visible before an earlier one that is still committing', async () => {
      const start = await pageAll(t, ADMIN_KEY, { limit: 500 });
      const slowOrder = first(generateOrders({ count: 1, seed: 5, firstOrderId: 900001 }));
      const fastOrder = first(generateOrders({ count: 1, seed: 6, firstOrderId: 900002 }));

      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let positioned!: () => void;
      const inTransaction = new Promise<void>((resolve) => (positioned = resolve));
      const slow = t.bridge.app.get(OrdersWriteRepository).transaction(async (tx) => {
        await tx.writeOrders(randomUUID(), [orderWrite(slowOrder)], []);
        positioned();
        await gate;
      });
      await inTransaction;
      let fastCommitted = false;
      const fast = ingest(t, randomUUID(), [fastOrder]).then(() => {
        fastCommitted = true;
      });
      // Wait until the second download has either committed or is queued behind the first.
      const db = t.bridge.app.get(DataSource);
      for (;;) {
        const rows: { waiting: number }[] = await db.query(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND wait_event = 'advisory'`,
        );
        if (fastCommitted || first(rows).waiting > 0) {
          break;
        }
        await tick();
      }

      const during = await getPage(t, ADMIN_KEY, { limit: 500, cursor: start.pollCursor });
      expect(during.data).toEqual([]);
      expect(fastCommitted).toBe(false);

      release();
      await Promise.all([slow, fast]);
      const after = await pageAll(t, ADMIN_KEY, { limit: 500 }, during.pollCursor);
      expect(after.orders.map((o) => o.sourceOrderId)).toEqual([slowOrder.id, fastOrder.id]);
    });
  }
});
