import {
  kindOf,
  orderProblems,
  RetryableException,
  retryAction,
  subjectKey,
} from './exception-rules';

const base: RetryableException = {
  id: 'e1',
  storeId: 's1',
  status: 'open',
  code: 'MIVA_REFUSED',
  subjectType: 'inventory_event',
  subjectKey: 'ev1',
  subjectId: 'ev1',
  mivaOrderId: null,
};

describe('exception rules', () => {
  it('a failed mapping is MAPPING_FAILED and settles nothing else', () => {
    expect(orderProblems('bad date', [])).toEqual({
      problems: [{ code: 'MAPPING_FAILED', message: 'bad date' }],
      settled: false,
    });
  });

  it('a mapped order has one problem per code needing a person, and is settled', () => {
    const result = orderProblems(null, [
      { code: 'TOTAL_MISMATCH', message: 'a' },
      { code: 'TOTAL_MISMATCH', message: 'b' },
      { code: 'UNKNOWN_PAYMENT_TYPE', message: 'c' },
      { code: 'PAYMENT_NOT_DECRYPTED', message: 'd' },
    ]);
    expect(result.settled).toBe(true);
    expect(result.problems.map((p) => p.code)).toEqual(['TOTAL_MISMATCH', 'PAYMENT_NOT_DECRYPTED']);
  });

  it('a clean order has no problems and settles the old ones', () => {
    expect(orderProblems(null, [])).toEqual({ problems: [], settled: true });
  });

  it('orders are keyed by their Miva id, the rest by their id', () => {
    expect(subjectKey({ storeId: 's', type: 'order', id: null, mivaOrderId: 7 })).toBe('7');
    expect(subjectKey({ storeId: 's', type: 'shipment', id: 'x' })).toBe('x');
    expect(() => subjectKey({ storeId: 's', type: 'order', id: 'x' })).toThrow();
    expect(kindOf('inventory_event')).toBe('inventory');
  });

  it('retry per subject', () => {
    expect(retryAction(base, false)).toEqual({ kind: 'requeue-inventory-event', eventId: 'ev1' });
    expect(retryAction({ ...base, subjectType: 'shipment', subjectKey: 'sh' }, false)).toEqual({
      kind: 'requeue-shipment',
      shipmentId: 'sh',
    });
    expect(
      retryAction({ ...base, subjectType: 'order', subjectKey: '42', mivaOrderId: 42 }, false),
    ).toEqual({ kind: 'refetch-order', storeId: 's1', mivaOrderId: 42 });
    expect(retryAction({ ...base, subjectType: 'store', subjectKey: 's1' }, false)).toEqual({
      kind: 'sync-store',
      storeId: 's1',
    });
    for (const subjectType of ['cancellation', 'backorder']) {
      expect(retryAction({ ...base, subjectType, subjectKey: 'ch' }, false)).toEqual({
        kind: 'requeue-order-change',
        changeId: 'ch',
      });
    }
  });

  it('an OUTCOME_UNKNOWN event is retried only with force; a closed exception never', () => {
    const unknown = { ...base, code: 'OUTCOME_UNKNOWN' };
    expect(retryAction(unknown, false)).toMatchObject({ kind: 'refused', reason: 'needs-force' });
    expect(retryAction(unknown, true)).toMatchObject({ kind: 'requeue-inventory-event' });
    expect(retryAction({ ...base, status: 'resolved' }, true)).toMatchObject({
      kind: 'refused',
      reason: 'not-open',
    });
  });
});
