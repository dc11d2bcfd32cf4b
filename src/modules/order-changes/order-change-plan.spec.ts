import { DomainError } from '../../common/errors/domain-error';
import type { OmsLine } from '../../mappers/oms-order.types';
import {
  changeDifferences,
  ItemState,
  nextChangeStep,
  openByLine,
  planChangeLines,
} from './order-change-plan';
import type { OrderChangeLine } from './order-change.entity';

const item = (line_id: number, quantity: number, over: Partial<ItemState> = {}): ItemState => ({
  line_id,
  quantity,
  status: 0,
  shpmnt_id: 0,
  product_id: line_id,
  code: `P${line_id}`,
  sku: `S${line_id}`,
  ...over,
});

const omsLine = (sourceLineId: number | null, kind: OmsLine['kind'] = 'product'): OmsLine =>
  ({
    lineId: sourceLineId === null ? `D-${kind}` : `L${sourceLineId}`,
    kind,
    sourceLineId,
  }) as OmsLine;

const line = (
  sourceLineId: number,
  quantity: number,
  over: Partial<OrderChangeLine> = {},
): OrderChangeLine => ({
  lineId: `L${sourceLineId}`,
  sourceLineId,
  quantity,
  mivaLineId: null,
  ...over,
});

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) {
      return error;
    }
    throw error;
  }
  throw new Error('nothing thrown');
}

describe('order change rules', () => {
  describe('openByLine', () => {
    it('a cancellation may take pending, picking and backordered lines not in a shipment', () => {
      const items = [
        item(1, 3),
        item(2, 2, { status: 400 }),
        item(3, 1, { status: 200, shpmnt_id: 9 }),
        item(4, 1, { status: 100, shpmnt_id: 9 }),
        item(5, 4, { status: 300 }),
      ];
      expect([...openByLine('cancellation', items, [])]).toEqual([
        [1, 3],
        [2, 2],
        [3, 0],
        [4, 0],
        [5, 0],
      ]);
      // A backorder not a line backordered already.
      expect(openByLine('backorder', items, []).get(2)).toBe(0);
    });

    it('subtracts our own work on the source line until the snapshot knows the split line', () => {
      const items = [item(1, 3)];
      expect(
        openByLine('cancellation', items, [{ sourceLineId: 1, quantity: 2, mivaLineId: 7 }]).get(1),
      ).toBe(1);
      // The snapshot now has the split line 7 (cancelled): the allocation sits on it.
      const after = [item(1, 1), item(7, 2, { status: 300 })];
      const open = openByLine('cancellation', after, [
        { sourceLineId: 1, quantity: 2, mivaLineId: 7 },
      ]);
      expect(open.get(1)).toBe(1);
      expect(open.get(7)).toBe(0);
    });
  });

  describe('planChangeLines', () => {
    const lines = [omsLine(1), omsLine(2), omsLine(null, 'discount'), omsLine(3, 'kit_component')];
    const items = [item(1, 3), item(2, 1, { status: 200, shpmnt_id: 4 })];

    it('takes the requested product lines within the open quantity', () => {
      expect(
        planChangeLines('cancellation', lines, items, [], [{ lineId: 'L1', quantity: 2 }]),
      ).toEqual([{ lineId: 'L1', sourceLineId: 1, quantity: 2, mivaLineId: null }]);
    });

    it('400 for an unknown or repeated line', () => {
      const e = thrown(() =>
        planChangeLines(
          'cancellation',
          lines,
          items,
          [],
          [
            { lineId: 'L1', quantity: 1 },
            { lineId: 'L1', quantity: 1 },
            { lineId: 'L9', quantity: 1 },
          ],
        ),
      );
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.details.map((d) => d.field)).toEqual(['lines.1.lineId', 'lines.2.lineId']);
    });

    it('422 LINE_NOT_CHANGEABLE for discount and kit component lines', () => {
      const e = thrown(() =>
        planChangeLines(
          'backorder',
          lines,
          items,
          [],
          [
            { lineId: 'D-discount', quantity: 1 },
            { lineId: 'L3', quantity: 1 },
          ],
        ),
      );
      expect(e.code).toBe('LINE_NOT_CHANGEABLE');
      expect(e.details.map((d) => d.kind)).toEqual(['discount', 'kit_component']);
    });

    it('422 QUANTITY_EXCEEDED for more than is open, a shipped line included', () => {
      const e = thrown(() =>
        planChangeLines(
          'cancellation',
          lines,
          items,
          [{ sourceLineId: 1, quantity: 2, mivaLineId: null }],
          [
            { lineId: 'L1', quantity: 2 },
            { lineId: 'L2', quantity: 1 },
          ],
        ),
      );
      expect(e.code).toBe('QUANTITY_EXCEEDED');
      expect(e.details).toEqual([
        expect.objectContaining({ lineId: 'L1', requested: 2, open: 1 }),
        expect.objectContaining({ lineId: 'L2', requested: 1, open: 0 }),
      ]);
    });
  });

  describe('changeDifferences', () => {
    const recorded = {
      lines: [
        { lineId: 'L1', quantity: 1 },
        { lineId: 'L2', quantity: 2 },
      ],
      reason: 'Out of stock',
      expectedAt: null,
    };

    it('the same request in another line order is the same', () => {
      expect(
        changeDifferences(recorded, { ...recorded, lines: [...recorded.lines].reverse() }),
      ).toEqual([]);
    });

    it('names every field that differs', () => {
      expect(
        changeDifferences(recorded, {
          lines: [{ lineId: 'L1', quantity: 2 }],
          reason: null,
          expectedAt: new Date('2026-12-20T00:00:00Z'),
        }),
      ).toEqual(['lines', 'reason', 'expectedAt']);
    });

    it('compares dates as instants', () => {
      const a = { ...recorded, expectedAt: new Date('2026-12-20T00:00:00Z') };
      expect(
        changeDifferences(a, { ...a, expectedAt: new Date('2026-12-20T00:00:00.000Z') }),
      ).toEqual([]);
    });
  });

  describe('nextChangeStep', () => {
    it('a whole line resolves to itself, then is sent', () => {
      expect(nextChangeStep('cancellation', [line(1, 3)], [item(1, 3)])).toEqual({
        kind: 'resolve',
        index: 0,
        mivaLineId: 1,
      });
      expect(nextChangeStep('cancellation', [line(1, 3, { mivaLineId: 1 })], [item(1, 3)])).toEqual(
        { kind: 'send', lineIds: [1] },
      );
    });

    it('a part of a line is split first', () => {
      expect(nextChangeStep('backorder', [line(1, 1)], [item(1, 3)])).toEqual({
        kind: 'split',
        index: 0,
        sourceLineId: 1,
        quantity: 1,
      });
    });

    it('after a lost split answer, finds the line the split made instead of splitting again', () => {
      const live = [item(1, 2), item(8, 1, { product_id: 1, code: 'P1', sku: 'S1' })];
      expect(
        nextChangeStep('cancellation', [line(1, 1, { splitKnownLineIds: [1] })], live),
      ).toEqual({ kind: 'resolve', index: 0, mivaLineId: 8 });
    });

    it('after a lost answer to the change itself, recognises it done: nothing is sent again', () => {
      expect(
        nextChangeStep(
          'cancellation',
          [line(1, 3, { mivaLineId: 1 })],
          [item(1, 3, { status: 300 })],
        ),
      ).toEqual({ kind: 'done' });
      expect(
        nextChangeStep(
          'backorder',
          [line(1, 1, { mivaLineId: 8 }), line(2, 1, { mivaLineId: 2 })],
          [item(1, 2), item(8, 1, { status: 400 }), item(2, 1)],
        ),
      ).toEqual({ kind: 'send', lineIds: [2] });
    });

    it('fails when Miva no longer allows the change', () => {
      expect(
        nextChangeStep('cancellation', [line(1, 1)], [item(1, 1, { status: 200, shpmnt_id: 3 })]),
      ).toEqual({ kind: 'fail', message: 'Miva line 1 is in Miva shipment 3' });
      expect(nextChangeStep('backorder', [line(1, 1)], [item(1, 1, { status: 300 })])).toEqual({
        kind: 'fail',
        message: 'Miva line 1 can no longer be backordered (item status 300)',
      });
      expect(nextChangeStep('cancellation', [line(1, 2)], [item(1, 1)])).toMatchObject({
        kind: 'fail',
      });
      expect(nextChangeStep('cancellation', [line(1, 2)], [])).toEqual({
        kind: 'fail',
        message: 'Miva line 1 no longer exists',
      });
    });
  });
});
