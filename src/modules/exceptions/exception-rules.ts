import type { OmsException } from '../../mappers/oms-order.types';

export const EXCEPTION_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

export const SUBJECT_TYPES = [
  'order',
  'shipment',
  'cancellation',
  'backorder',
  'inventory_event',
  // A listing sync (src/modules/stock) with listings Miva refused.
  'listing_sync',
  'store',
] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const EXCEPTION_KINDS = [
  'order',
  'shipment',
  'cancellation',
  'backorder',
  'inventory',
  'store',
] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** What a problem is about. An order is known by its Miva id (it may never have mapped). */
export interface ExceptionSubject {
  storeId: string;
  type: SubjectType;
  /** The subject's id here; for an order, its OMS order id if it has one. */
  id: string | null;
  mivaOrderId?: number | null;
}

export interface ExceptionProblem {
  code: string;
  message: string;
}

/** Order exception codes that need a person (the others are information for the OMS). */
const ORDER_CODES_NEEDING_A_PERSON: ReadonlySet<string> = new Set([
  'TOTAL_MISMATCH',
  'PAYMENT_NOT_DECRYPTED',
]);

export function kindOf(type: SubjectType): ExceptionKind {
  return type === 'inventory_event' || type === 'listing_sync' ? 'inventory' : type;
}

/** The dedupe key of a subject: one open (or dismissed) exception per subject and code. */
export function subjectKey(subject: ExceptionSubject): string {
  if (subject.type === 'order') {
    if (subject.mivaOrderId === undefined || subject.mivaOrderId === null) {
      throw new Error('an order subject needs its Miva order id');
    }
    return String(subject.mivaOrderId);
  }
  if (subject.id === null) {
    throw new Error(`a ${subject.type} subject needs its id`);
  }
  return subject.id;
}

/**
 * An order's problems after one mapping: a failed mapping is MAPPING_FAILED (and says nothing
 * about the others, so `settled` is false); a mapped order has one problem per order exception
 * code that needs a person, and every other open problem of the order is settled.
 */
export function orderProblems(
  mappingError: string | null,
  exceptions: readonly OmsException[],
): { problems: ExceptionProblem[]; settled: boolean } {
  if (mappingError !== null) {
    return { problems: [{ code: 'MAPPING_FAILED', message: mappingError }], settled: false };
  }
  const byCode = new Map<string, string>();
  for (const e of exceptions) {
    if (ORDER_CODES_NEEDING_A_PERSON.has(e.code) && !byCode.has(e.code)) {
      byCode.set(e.code, e.message);
    }
  }
  return {
    problems: [...byCode].map(([code, message]) => ({ code, message })),
    settled: true,
  };
}

/** What retrying an exception does, by its subject. */
export type RetryAction =
  | { kind: 'refetch-order'; storeId: string; mivaOrderId: number }
  | { kind: 'requeue-shipment'; shipmentId: string }
  | { kind: 'requeue-order-change'; changeId: string }
  | { kind: 'requeue-inventory-event'; eventId: string }
  | { kind: 'sync-store'; storeId: string }
  | { kind: 'refused'; reason: 'not-open' | 'needs-force'; message: string };

export interface RetryableException {
  id: string;
  storeId: string;
  status: string;
  code: string;
  subjectType: string;
  subjectKey: string;
  subjectId: string | null;
  mivaOrderId: number | null;
}

export function retryAction(e: RetryableException, force: boolean): RetryAction {
  if (e.status !== 'open') {
    return {
      kind: 'refused',
      reason: 'not-open',
      message: `Exception ${e.id} is ${e.status}, not open: there is nothing to retry`,
    };
  }
  switch (e.subjectType) {
    case 'order':
      return {
        kind: 'refetch-order',
        storeId: e.storeId,
        mivaOrderId: e.mivaOrderId ?? Number(e.subjectKey),
      };
    case 'shipment':
      return { kind: 'requeue-shipment', shipmentId: e.subjectKey };
    case 'cancellation':
    case 'backorder':
      return { kind: 'requeue-order-change', changeId: e.subjectKey };
    case 'inventory_event':
      if (e.code === 'OUTCOME_UNKNOWN' && !force) {
        return {
          kind: 'refused',
          reason: 'needs-force',
          message:
            'Miva may already have applied this inventory change: true up the stock in Miva, ' +
            'or confirm sending it again with {"force": true}',
        };
      }
      return { kind: 'requeue-inventory-event', eventId: e.subjectKey };
    case 'listing_sync':
      // Nothing to resend: a listing sync writes only what still differs, so posting the
      // listings again is the retry.
      return {
        kind: 'refused',
        reason: 'needs-force',
        message:
          'A listing sync is not retried here: post the listings again (only what still ' +
          'differs is written), then dismiss this exception',
      };
    default:
      return { kind: 'sync-store', storeId: e.storeId };
  }
}

/** Failed download runs in a row that make a store's downloads an exception. */
export const FAILED_RUNS_IN_A_ROW = 3;

/**
 * A store's problems after a download run: a refusal of its credentials is UNAUTHORIZED, the
 * third failed run in a row (and every one after) SYNC_FAILING; a successful run resolves both.
 * An aborted run (shutdown, store deleted) says nothing.
 */
export function storeProblemsAfterRun(
  run: {
    status: 'succeeded' | 'failed';
    error: string | null;
    unauthorized: boolean;
    aborted: boolean;
  },
  failedInARow: number,
): { problems: ExceptionProblem[]; resolve: boolean } {
  if (run.aborted) {
    return { problems: [], resolve: false };
  }
  if (run.status === 'succeeded') {
    return { problems: [], resolve: true };
  }
  const problems: ExceptionProblem[] = [];
  const error = run.error ?? 'the download failed';
  if (run.unauthorized) {
    problems.push({
      code: 'UNAUTHORIZED',
      message: `Miva refused the store's credentials: ${error}`,
    });
  }
  if (failedInARow >= FAILED_RUNS_IN_A_ROW) {
    problems.push({
      code: 'SYNC_FAILING',
      message: `${failedInARow} download runs failed in a row; the last: ${error}`,
    });
  }
  return { problems, resolve: false };
}
