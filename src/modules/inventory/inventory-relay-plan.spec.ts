import { MivaError, MivaErrorKind } from '../miva/miva-errors';
import type { PendingEvent } from './inventory-batch';
import {
  batchStep,
  lostAnswer,
  planBatch,
  productsNotFound,
  ranVerdict,
  refusal,
} from './inventory-relay-plan';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const limits = { maxProducts: 2, markerField: 'oms_bridge_batch', markerRecheckMs: 3_600_000 };
const ev = (seq: number, identifier: string, delta: number): PendingEvent => ({
  seq: String(seq),
  identifier,
  delta,
});

describe('planBatch', () => {
  const events = [ev(1, 'A', 2), ev(2, 'B', -1), ev(3, 'A', 1), ev(4, 'C', 5), ev(5, 'A', 1)];

  it('takes the oldest events up to the first of a product beyond the limit', () => {
    const plan = planBatch(events, null, limits, NOW);
    expect(plan.taken.map((e) => e.seq)).toEqual(['1', '2', '3']);
    expect(plan.left.map((e) => e.seq)).toEqual(['4', '5']);
    expect(plan.adjustments).toEqual([
      { identifier: 'A', delta: 3 },
      { identifier: 'B', delta: -1 },
    ]);
  });

  it('puts the marker on the first product, unless Miva refused the field lately', () => {
    const refused = (agoMs: number) => ({
      markerSupported: false,
      markerCheckedAt: new Date(NOW - agoMs),
    });
    const marker = { identifier: 'A', field: 'oms_bridge_batch' };
    expect(planBatch(events, null, limits, NOW).marker).toEqual(marker);
    expect(planBatch(events, refused(60_000), limits, NOW).marker).toBeNull();
    expect(planBatch(events, refused(3_600_001), limits, NOW).marker).toEqual(marker);
    const supported = { markerSupported: true, markerCheckedAt: new Date(NOW) };
    expect(planBatch(events, supported, limits, NOW).marker).toEqual(marker);
  });

  it('has nothing to tell Miva, and no marker, when the deltas cancel out', () => {
    const plan = planBatch([ev(1, 'A', 2), ev(2, 'A', -2)], null, limits, NOW);
    expect(plan).toMatchObject({ adjustments: [], marker: null });
    expect(plan.taken).toHaveLength(2);
  });
});

describe('batchStep', () => {
  const marker = { identifier: 'A', field: 'f' };
  const batch = { adjustments: [{ identifier: 'A', delta: 1 }], marker };

  it('fails the batch of a deleted store, found in flight or not', () => {
    expect(batchStep(batch, false, false)).toEqual({
      kind: 'fail',
      message: 'The store was deleted',
    });
    expect(batchStep(batch, false, true).kind).toBe('fail');
  });

  it('closes a batch whose deltas cancelled out as sent, without a call', () => {
    expect(batchStep({ adjustments: [], marker: null }, true, true)).toEqual({ kind: 'sent' });
  });

  it('parks a batch found in flight without a marker for a true-up', () => {
    expect(batchStep({ ...batch, marker: null }, true, true).kind).toBe('uncertain');
    expect(batchStep({ ...batch, marker: null }, true, false)).toEqual({ kind: 'call' });
    expect(batchStep(batch, true, true)).toEqual({ kind: 'call' });
  });
});

describe('lostAnswer', () => {
  it('tells a ran adjustment, a request that never took effect and one in doubt apart', () => {
    const partial = new MivaError(MivaErrorKind.Network, 'x', { completedOperations: 1 });
    const refusedBefore = new MivaError(MivaErrorKind.HttpStatus, 'x', { httpStatus: 503 });
    const timedOut = new MivaError(MivaErrorKind.Timeout, 'x', { outcomeUnknown: true });
    const cut = new MivaError(MivaErrorKind.Aborted, 'x');
    expect([partial, refusedBefore, timedOut, cut, new Error('x')].map(lostAnswer)).toEqual([
      'ran',
      'not-applied',
      'in-doubt',
      'in-doubt',
      'in-doubt',
    ]);
  });
});

describe('ranVerdict', () => {
  it('sends a landed batch again only when its marker is absent', () => {
    expect(ranVerdict(true, new Set())).toEqual({ kind: 'sent' });
    expect(ranVerdict(false, new Set(['A']))).toEqual({ kind: 'resend' });
  });

  it('parks the products Miva cannot resolve: it refused the whole adjustment', () => {
    expect(ranVerdict(true, new Set(['A', 'B']))).toEqual({
      kind: 'rejected',
      failed: new Map([
        ['A', 'Miva rejected A: product not found'],
        ['B', 'Miva rejected B: product not found'],
      ]),
    });
    expect(productsNotFound(['A'], 'why').get('A')).toBe(
      'Miva rejected A: product not found (why)',
    );
  });
});

describe('refusal', () => {
  const adjustments = [
    { identifier: 'A', delta: 1 },
    { identifier: 'B', delta: 2 },
  ];

  it('parks the products Miva named (1-based elements), with its message and code', () => {
    const error = new MivaError(MivaErrorKind.InvalidInput, 'x', {
      code: 'MER-1',
      fields: [{ field: 'Inventory_Adjustments[2]:product_sku', message: 'unknown' }],
    });
    expect(refusal(error, adjustments)).toEqual({
      kind: 'named',
      failed: new Map([
        ['B', 'Miva rejected B: unknown (Inventory_Adjustments[2]:product_sku) [MER-1]'],
      ]),
    });
  });

  it('looks the products up when the input was refused without names, else parks them all', () => {
    expect(refusal(new MivaError(MivaErrorKind.InvalidInput, 'x'), adjustments)).toEqual({
      kind: 'look-up',
    });
    expect(refusal(new MivaError(MivaErrorKind.Rejected, 'x'), adjustments)).toEqual({
      kind: 'all',
    });
  });
});
