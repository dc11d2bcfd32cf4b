import { DomainError } from '../../common/errors/domain-error';
import { ErrorCode } from '../../common/errors/error-code';
import type { OmsLine } from '../../mappers/oms-order.types';
import {
  ItemState,
  LiveOrder,
  nextRelayStep,
  planShipmentLines,
  RelayLine,
  shipmentDifferences,
  unshippedByLine,
} from './shipment-plan';

const item = (line_id: number, quantity: number, extra: Partial<ItemState> = {}): ItemState => ({
  line_id,
  quantity,
  status: 0,
  shpmnt_id: 0,
  product_id: line_id,
  code: `P${line_id}`,
  sku: `S${line_id}`,
  ...extra,
});

const line = (lineId: string, kind: OmsLine['kind'], sourceLineId: number | null): OmsLine =>
  ({ lineId, kind, sourceLineId, quantity: 1 }) as OmsLine;

const orderLines = [
  line('L1', 'product', 1),
  line('L1-P1', 'kit_component', 1),
  line('L2', 'product', 2),
  line('L3', 'product', 3),
  line('C9', 'discount', null),
];

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('unshippedByLine', () => {
  it('counts only pending, picking and backordered items that are in no shipment', () => {
    const left = unshippedByLine(
      [
        item(1, 3),
        item(2, 2, { status: 300 }),
        item(3, 1, { shpmnt_id: 7, status: 100 }),
        item(4, 5, { status: 400 }),
        item(5, 1, { status: 200 }),
      ],
      [],
    );
    expect([...left]).toEqual([
      [1, 3],
      [2, 0],
      [3, 0],
      [4, 5],
      [5, 0],
    ]);
  });

  it('subtracts our shipments the snapshot does not show yet, on the line that carries them', () => {
    // Snapshot before our split: both allocations sit on the source line.
    expect(
      unshippedByLine(
        [item(1, 3)],
        [
          { sourceLineId: 1, quantity: 1, mivaLineId: 9 },
          { sourceLineId: 1, quantity: 1, mivaLineId: null },
        ],
      ).get(1),
    ).toBe(1);
    // Snapshot after the split: line 9 exists; its quantity is taken, line 1 keeps its own.
    const after = unshippedByLine(
      [item(1, 2), item(9, 1)],
      [{ sourceLineId: 1, quantity: 1, mivaLineId: 9 }],
    );
    expect([after.get(1), after.get(9)]).toEqual([2, 0]);
    // And once the snapshot shows the shipment, nothing is subtracted twice.
    const shipped = unshippedByLine(
      [item(1, 2), item(9, 1, { shpmnt_id: 4, status: 200 })],
      [{ sourceLineId: 1, quantity: 1, mivaLineId: 9 }],
    );
    expect([shipped.get(1), shipped.get(9)]).toEqual([2, 0]);
  });
});

describe('planShipmentLines', () => {
  const items = [item(1, 2), item(2, 1, { status: 300 }), item(3, 4)];

  it('takes everything unshipped and not cancelled when no lines are given', () => {
    expect(planShipmentLines(orderLines, items, [], undefined)).toEqual([
      { lineId: 'L1', sourceLineId: 1, quantity: 2, mivaLineId: null },
      { lineId: 'L3', sourceLineId: 3, quantity: 4, mivaLineId: null },
    ]);
  });

  it('refuses an order with nothing left to ship', () => {
    const error = thrown(() =>
      planShipmentLines(
        orderLines,
        items,
        [
          { sourceLineId: 1, quantity: 2, mivaLineId: null },
          { sourceLineId: 3, quantity: 4, mivaLineId: null },
        ],
        undefined,
      ),
    );
    expect(error.code).toBe(ErrorCode.QuantityExceeded);
  });

  it('accepts a part of a line and refuses more than is unshipped', () => {
    expect(planShipmentLines(orderLines, items, [], [{ lineId: 'L3', quantity: 3 }])).toEqual([
      { lineId: 'L3', sourceLineId: 3, quantity: 3, mivaLineId: null },
    ]);
    const error = thrown(() =>
      planShipmentLines(
        orderLines,
        items,
        [{ sourceLineId: 3, quantity: 3, mivaLineId: null }],
        [{ lineId: 'L3', quantity: 2 }],
      ),
    );
    expect(error.code).toBe(ErrorCode.QuantityExceeded);
    expect(error.details).toEqual([
      expect.objectContaining({
        field: 'lines.0.quantity',
        lineId: 'L3',
        requested: 2,
        unshipped: 1,
      }),
    ]);
  });

  it('rejects unknown, duplicate and non-product lines as validation errors', () => {
    const error = thrown(() =>
      planShipmentLines(
        orderLines,
        items,
        [],
        [
          { lineId: 'L9', quantity: 1 },
          { lineId: 'L1-P1', quantity: 1 },
          { lineId: 'C9', quantity: 1 },
          { lineId: 'L1', quantity: 1 },
          { lineId: 'L1', quantity: 1 },
        ],
      ),
    );
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.details.map((d) => d.field)).toEqual([
      'lines.0.lineId',
      'lines.1.lineId',
      'lines.2.lineId',
      'lines.4.lineId',
    ]);
  });
});

describe('nextRelayStep', () => {
  const live = (items: ItemState[], shipments: LiveOrder['shipments'] = []): LiveOrder => ({
    items,
    shipments,
  });
  const l = (
    sourceLineId: number,
    quantity: number,
    extra: Partial<RelayLine> = {},
  ): RelayLine => ({
    lineId: `L${sourceLineId}`,
    sourceLineId,
    quantity,
    mivaLineId: null,
    ...extra,
  });
  const none = new Set<number>();

  it('uses a whole line as it is and splits a partial one', () => {
    expect(
      nextRelayStep({ lines: [l(1, 2)], mivaShipmentId: null }, live([item(1, 2)]), none),
    ).toEqual({
      kind: 'resolve',
      index: 0,
      mivaLineId: 1,
    });
    expect(
      nextRelayStep({ lines: [l(1, 1)], mivaShipmentId: null }, live([item(1, 3)]), none),
    ).toEqual({
      kind: 'split',
      index: 0,
      sourceLineId: 1,
      quantity: 1,
    });
  });

  it('creates the shipment once every line is resolved, and then only updates it', () => {
    const lines = [l(1, 2, { mivaLineId: 1 }), l(2, 1, { mivaLineId: 5 })];
    expect(
      nextRelayStep({ lines, mivaShipmentId: null }, live([item(1, 2), item(5, 1)]), none),
    ).toEqual({ kind: 'create', lineIds: [1, 5] });
    expect(nextRelayStep({ lines, mivaShipmentId: 8 }, live([]), none)).toEqual({ kind: 'update' });
  });

  it('finds the line a split made when the answer was lost, instead of splitting again', () => {
    const lines = [l(1, 2, { splitKnownLineIds: [1, 2] })];
    const after = live([item(1, 1), item(2, 4), { ...item(1, 2), line_id: 3 }]);
    expect(nextRelayStep({ lines, mivaShipmentId: null }, after, none)).toEqual({
      kind: 'resolve',
      index: 0,
      mivaLineId: 3,
    });
    // The split never happened: split now.
    expect(
      nextRelayStep({ lines, mivaShipmentId: null }, live([item(1, 3), item(2, 4)]), none),
    ).toEqual({ kind: 'split', index: 0, sourceLineId: 1, quantity: 2 });
  });

  it('adopts the Miva shipment that holds exactly our lines, unless another of ours owns it', () => {
    const lines = [l(1, 2, { mivaLineId: 1 }), l(2, 1, { mivaLineId: 2 })];
    const made = live(
      [
        item(1, 2, { shpmnt_id: 6, status: 100 }),
        item(2, 1, { shpmnt_id: 6, status: 100 }),
        item(3, 1),
      ],
      [{ id: 6, code: '00001-20261122-00006' } as LiveOrder['shipments'][number]],
    );
    expect(nextRelayStep({ lines, mivaShipmentId: null }, made, none)).toEqual({
      kind: 'adopt',
      shipment: { id: 6, code: '00001-20261122-00006' },
    });
    expect(nextRelayStep({ lines, mivaShipmentId: null }, made, new Set([6])).kind).toBe('fail');
    // A shipment that holds more than our lines is somebody else's.
    const bigger = live([
      item(1, 2, { shpmnt_id: 6 }),
      item(2, 1, { shpmnt_id: 6 }),
      item(3, 1, { shpmnt_id: 6 }),
    ]);
    expect(nextRelayStep({ lines, mivaShipmentId: null }, bigger, none).kind).toBe('fail');
  });

  it('fails when Miva no longer allows the shipment', () => {
    const step = (items: ItemState[], lines = [l(1, 2)]) =>
      nextRelayStep({ lines, mivaShipmentId: null }, live(items), none);
    expect(step([])).toEqual({ kind: 'fail', message: 'Miva line 1 no longer exists' });
    expect(step([item(1, 2, { status: 300 })]).kind).toBe('fail');
    expect(step([item(1, 1)])).toEqual({
      kind: 'fail',
      message: 'Miva line 1 has only 1 left, 2 to ship',
    });
    expect(step([item(1, 2, { shpmnt_id: 3 })])).toMatchObject({
      kind: 'fail',
      message: expect.stringMatching(/already in Miva shipment 3/),
    });
  });

  it('a repeated shipmentRef must carry the same content', () => {
    const recorded = {
      lines: [
        { lineId: 'L1', quantity: 1 },
        { lineId: 'L2', quantity: 2 },
      ],
      carrier: 'UPS',
      trackingNumber: '1Z1',
      costCents: 710,
      markShipped: true,
    };
    expect(
      shipmentDifferences(recorded, { ...recorded, lines: [...recorded.lines].reverse() }),
    ).toEqual([]);
    // A repeat without lines meant "everything unshipped then": its lines are not compared.
    expect(shipmentDifferences(recorded, { ...recorded, lines: undefined })).toEqual([]);
    expect(
      shipmentDifferences(recorded, {
        lines: [{ lineId: 'L1', quantity: 2 }],
        carrier: 'FedEx',
        trackingNumber: '1Z2',
        costCents: 0,
        markShipped: false,
      }),
    ).toEqual(['lines', 'carrier', 'trackingNumber', 'cost', 'markShipped']);
  });
});
