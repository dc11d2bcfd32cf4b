// Pure decisions of the alerts (docs/OPERATIONS.md §10, "Alerts to a webhook"): which alert is due after what was
// observed, how what happened meanwhile is counted, what the alert says, and how delivery is
// retried. AlertsService applies them under a per-store row lock, so instances agree.
import type { HealthVerdict } from '../store-health/store-health-rules';

export const ALERT_EVENTS = ['store.failing', 'store.recovered', 'exceptions.opened'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];
type StateEvent = 'store.failing' | 'store.recovered';

/** At most one alert per store and event in this window. */
export const ALERT_WINDOW_MS = 15 * 60_000;

/** Delivery: this many tries, waiting these delays between them. */
export const DELIVERY_ATTEMPTS = 3;
const DELIVERY_DELAYS_MS = [1_000, 3_000];

/** Per store and event: when its last alert went out, and what has happened since, untold. */
export interface EventThrottle {
  /** ISO time of the last alert sent (null: never). */
  sentAt: string | null;
  /** Occurrences not yet told: transitions into the event's state, or exceptions opened. */
  pending: number;
  /** exceptions.opened: the codes of the untold exceptions, with how many of each. */
  codes?: Record<string, number>;
}

export interface StoreAlertState {
  /** Whether the store was failing when last observed. */
  failing: boolean;
  events: Partial<Record<AlertEvent, EventThrottle>>;
}

export type Observation =
  /** The store's health as read now. */
  | { kind: 'health'; failing: boolean }
  /** Exceptions newly opened (one code per exception). */
  | { kind: 'exceptions'; codes: readonly string[] };

/** An alert to send now, with what it covers. */
export type AlertDue =
  | {
      event: StateEvent;
      /** Times the store turned failing / recovered since the last alert of this event. */
      turnedFailing: number;
      recovered: number;
      previousAlertAt: string | null;
    }
  | {
      event: 'exceptions.opened';
      opened: number;
      codes: Record<string, number>;
      previousAlertAt: string | null;
    };

export interface AlertDecision {
  state: StoreAlertState;
  due: AlertDue[];
  /** Occurrences recorded now but held back by the window (told in a later alert). */
  held: { event: AlertEvent; count: number }[];
}

const isStateEvent = (event: AlertEvent): event is StateEvent => event !== 'exceptions.opened';

function throttleOf(state: StoreAlertState, event: AlertEvent): EventThrottle {
  return state.events[event] ?? { sentAt: null, pending: 0 };
}

/** Whether the event may go out now: something untold, the window passed, still true. */
function sendable(state: StoreAlertState, event: AlertEvent, now: Date, windowMs: number): boolean {
  const t = throttleOf(state, event);
  if (t.pending === 0) {
    return false;
  }
  // A state event is told only while the store is in that state; a flap back is told by the
  // other event, with this one's count.
  if (isStateEvent(event) && (event === 'store.failing') !== state.failing) {
    return false;
  }
  return t.sentAt === null || now.getTime() - Date.parse(t.sentAt) >= windowMs;
}

/**
 * Records what was observed and says which alerts go out now. A store turning failing (or no
 * longer failing) is one occurrence of store.failing (store.recovered); each exception opened is
 * one of exceptions.opened. An event is sent at most once per window; occurrences in between are
 * counted and told by its next alert, which goes out with the next observation after the window
 * (AlertsService observes every store at least once a minute).
 */
export function decideAlerts(
  state: StoreAlertState,
  observation: Observation,
  now: Date,
  windowMs = ALERT_WINDOW_MS,
): AlertDecision {
  const events: StoreAlertState['events'] = {};
  for (const [event, t] of Object.entries(state.events) as [AlertEvent, EventThrottle][]) {
    events[event] = { ...t, ...(t.codes ? { codes: { ...t.codes } } : {}) };
  }
  const next: StoreAlertState = { failing: state.failing, events };
  let recorded: { event: AlertEvent; count: number } | null = null;

  if (observation.kind === 'health' && observation.failing !== next.failing) {
    next.failing = observation.failing;
    const event: AlertEvent = observation.failing ? 'store.failing' : 'store.recovered';
    const t = throttleOf(next, event);
    next.events[event] = { ...t, pending: t.pending + 1 };
    recorded = { event, count: 1 };
  }
  if (observation.kind === 'exceptions' && observation.codes.length > 0) {
    const t = throttleOf(next, 'exceptions.opened');
    const codes = { ...t.codes };
    for (const code of observation.codes) {
      codes[code] = (codes[code] ?? 0) + 1;
    }
    next.events['exceptions.opened'] = {
      ...t,
      pending: t.pending + observation.codes.length,
      codes,
    };
    recorded = { event: 'exceptions.opened', count: observation.codes.length };
  }

  const due: AlertDue[] = [];
  const sentAt = now.toISOString();
  for (const event of ALERT_EVENTS) {
    if (!sendable(next, event, now, windowMs)) {
      continue;
    }
    const t = throttleOf(next, event);
    if (event === 'exceptions.opened') {
      due.push({ event, opened: t.pending, codes: t.codes ?? {}, previousAlertAt: t.sentAt });
      next.events[event] = { sentAt, pending: 0 };
      continue;
    }
    // Both state events' untold transitions are told here, and both counts start again.
    const failing = throttleOf(next, 'store.failing');
    const recovered = throttleOf(next, 'store.recovered');
    due.push({
      event,
      turnedFailing: failing.pending,
      recovered: recovered.pending,
      previousAlertAt: t.sentAt,
    });
    next.events['store.failing'] = { ...failing, pending: 0 };
    next.events['store.recovered'] = { ...recovered, pending: 0 };
    next.events[event] = { sentAt, pending: 0 };
  }
  const held = recorded !== null && !due.some((d) => d.event === recorded.event) ? [recorded] : [];
  return { state: next, due, held };
}

/**
 * Whether observing the store now could send something: its failing state differs from the one
 * recorded, or an untold event's window has passed (the sweep looks only at such stores).
 */
export function needsObservation(
  state: StoreAlertState | undefined,
  failing: boolean,
  now: Date,
  windowMs = ALERT_WINDOW_MS,
): boolean {
  const current: StoreAlertState = state ?? { failing: false, events: {} };
  if (current.failing !== failing) {
    return true;
  }
  return ALERT_EVENTS.some((event) => sendable(current, event, now, windowMs));
}

/** The JSON POSTed to ALERT_WEBHOOK_URL (`text` makes it a Slack or Teams message). */
export interface AlertMessage {
  text: string;
  event: AlertEvent;
  storeId: string;
  storeName: string;
  details: Record<string, unknown>;
}

/**
 * The message for a due alert. `verdict` is the store's health now (state events). Only our own
 * words, the store's name, health reasons and exception codes: never a credential or URL.
 */
export function alertMessage(
  due: AlertDue,
  store: { id: string; name: string },
  verdict: HealthVerdict | null,
): AlertMessage {
  const name = `Store "${store.name}"`;
  if (due.event === 'exceptions.opened') {
    const codes = Object.entries(due.codes)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([code, n]) => `${n} ${code}`)
      .join(', ');
    return {
      text:
        `${name}: ${due.opened} new ${due.opened === 1 ? 'exception needs' : 'exceptions need'} ` +
        `a person${codes ? ` (${codes})` : ''}.`,
      event: due.event,
      storeId: store.id,
      storeName: store.name,
      details: { opened: due.opened, codes: due.codes, previousAlertAt: due.previousAlertAt },
    };
  }
  const state = verdict?.state ?? (due.event === 'store.failing' ? 'failing' : 'ok');
  const reasons = verdict?.reasons ?? [];
  let text: string;
  if (due.event === 'store.failing') {
    text = `${name} is failing: ${reasons.join('; ') || 'see its health'}.`;
  } else if (state === 'ok') {
    text = `${name} has recovered: it is ok again.`;
  } else {
    text = `${name} is no longer failing; still to look at: ${reasons.join('; ')}.`;
  }
  const changes = due.turnedFailing + due.recovered;
  if (changes > 1) {
    text +=
      ` Since the last alert it turned failing ${times(due.turnedFailing)} ` +
      `and recovered ${times(due.recovered)}.`;
  }
  return {
    text,
    event: due.event,
    storeId: store.id,
    storeName: store.name,
    details: {
      state,
      reasons,
      turnedFailing: due.turnedFailing,
      recovered: due.recovered,
      previousAlertAt: due.previousAlertAt,
    },
  };
}

function times(n: number): string {
  return n === 1 ? 'once' : `${n} times`;
}

/** The wait after the n-th failed delivery attempt (1-based); null: give up. */
export function deliveryDelayMs(attempt: number): number | null {
  return attempt < DELIVERY_ATTEMPTS ? (DELIVERY_DELAYS_MS[attempt - 1] ?? null) : null;
}
