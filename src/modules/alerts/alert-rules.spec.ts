import {
  ALERT_WINDOW_MS,
  alertMessage,
  decideAlerts,
  deliveryDelayMs,
  needsObservation,
  StoreAlertState,
} from './alert-rules';

const T0 = new Date('2026-11-22T12:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const fresh: StoreAlertState = { failing: false, events: {} };

/** Applies observations in order, collecting what went out. */
function replay(
  steps: [number, { kind: 'health'; failing: boolean } | { kind: 'exceptions'; codes: string[] }][],
): { state: StoreAlertState; sent: { at: number; due: unknown }[]; held: number } {
  let state = fresh;
  const sent: { at: number; due: unknown }[] = [];
  let held = 0;
  for (const [minute, observation] of steps) {
    const decision = decideAlerts(state, observation, at(minute));
    state = decision.state;
    for (const due of decision.due) {
      sent.push({ at: minute, due });
    }
    held += decision.held.reduce((n, h) => n + h.count, 0);
  }
  return { state, sent, held };
}

describe('decideAlerts', () => {
  it('alerts when a store turns failing and when it recovers, not while it stays so', () => {
    const { sent } = replay([
      [0, { kind: 'health', failing: false }],
      [1, { kind: 'health', failing: true }],
      [2, { kind: 'health', failing: true }],
      [3, { kind: 'health', failing: false }],
      [4, { kind: 'health', failing: false }],
    ]);
    expect(sent).toEqual([
      {
        at: 1,
        due: { event: 'store.failing', turnedFailing: 1, recovered: 0, previousAlertAt: null },
      },
      {
        at: 3,
        due: { event: 'store.recovered', turnedFailing: 0, recovered: 1, previousAlertAt: null },
      },
    ]);
  });

  it('sends at most one alert per event in 15 minutes and tells the flaps in the next one', () => {
    const { sent, state } = replay([
      [0, { kind: 'health', failing: true }],
      [1, { kind: 'health', failing: false }],
      [2, { kind: 'health', failing: true }], // held: store.failing went out at 0
      [3, { kind: 'health', failing: false }], // held: store.recovered went out at 1
      [4, { kind: 'health', failing: true }], // held
      [14, { kind: 'health', failing: true }], // still inside the window
      [15, { kind: 'health', failing: true }], // window over: told, with the flaps
    ]);
    expect(sent.map((s) => s.at)).toEqual([0, 1, 15]);
    expect(sent[2]?.due).toEqual({
      event: 'store.failing',
      turnedFailing: 2,
      recovered: 1,
      previousAlertAt: T0.toISOString(),
    });
    expect(state.events['store.recovered']).toMatchObject({ pending: 0 });
  });

  it('does not announce a state the store has left again; the other event tells it', () => {
    const { sent } = replay([
      [0, { kind: 'health', failing: true }],
      [1, { kind: 'health', failing: false }],
      [2, { kind: 'health', failing: true }], // held
      [3, { kind: 'health', failing: false }], // held (recovered sent at 1)
      [15, { kind: 'health', failing: false }], // failing's window is over, but it recovered
      [16, { kind: 'health', failing: false }], // recovered's window is over: told
    ]);
    expect(sent.map((s) => [s.at, (s.due as { event: string }).event])).toEqual([
      [0, 'store.failing'],
      [1, 'store.recovered'],
      [16, 'store.recovered'],
    ]);
    expect(sent[2]?.due).toMatchObject({ turnedFailing: 1, recovered: 1 });
  });

  it('tells exceptions opened during the window, with their codes, in the next alert', () => {
    const { sent, held } = replay([
      [0, { kind: 'exceptions', codes: ['UNAUTHORIZED'] }],
      [1, { kind: 'exceptions', codes: ['SYNC_FAILING'] }],
      [2, { kind: 'exceptions', codes: ['MIVA_REFUSED', 'MIVA_REFUSED'] }],
      [3, { kind: 'exceptions', codes: [] }],
      [15, { kind: 'health', failing: false }], // any observation after the window flushes
    ]);
    expect(held).toBe(3);
    expect(sent).toEqual([
      {
        at: 0,
        due: {
          event: 'exceptions.opened',
          opened: 1,
          codes: { UNAUTHORIZED: 1 },
          previousAlertAt: null,
        },
      },
      {
        at: 15,
        due: {
          event: 'exceptions.opened',
          opened: 3,
          codes: { SYNC_FAILING: 1, MIVA_REFUSED: 2 },
          previousAlertAt: T0.toISOString(),
        },
      },
    ]);
  });

  it('throttles each event on its own', () => {
    const { sent } = replay([
      [0, { kind: 'exceptions', codes: ['UNAUTHORIZED'] }],
      [0, { kind: 'health', failing: true }],
    ]);
    expect(sent.map((s) => (s.due as { event: string }).event)).toEqual([
      'exceptions.opened',
      'store.failing',
    ]);
  });

  it('does not change the state it was given', () => {
    const state: StoreAlertState = {
      failing: false,
      events: { 'exceptions.opened': { sentAt: null, pending: 1, codes: { X: 1 } } },
    };
    const copy = JSON.parse(JSON.stringify(state)) as StoreAlertState;
    decideAlerts(state, { kind: 'exceptions', codes: ['X'] }, T0);
    expect(state).toEqual(copy);
  });
});

describe('needsObservation', () => {
  it('is needed when the failing state changed or something untold is due', () => {
    expect(needsObservation(undefined, false, T0)).toBe(false);
    expect(needsObservation(undefined, true, T0)).toBe(true);
    const held: StoreAlertState = {
      failing: false,
      events: { 'exceptions.opened': { sentAt: T0.toISOString(), pending: 2 } },
    };
    expect(needsObservation(held, false, at(14))).toBe(false);
    expect(needsObservation(held, false, new Date(T0.getTime() + ALERT_WINDOW_MS))).toBe(true);
  });
});

describe('alertMessage', () => {
  const store = { id: 'store-1', name: 'Main store' };

  it('names the store and the reasons of a failing store', () => {
    const message = alertMessage(
      { event: 'store.failing', turnedFailing: 1, recovered: 0, previousAlertAt: null },
      store,
      { state: 'failing', reasons: ['a', 'b'] },
    );
    expect(message).toEqual({
      text: 'Store "Main store" is failing: a; b.',
      event: 'store.failing',
      storeId: 'store-1',
      storeName: 'Main store',
      details: {
        state: 'failing',
        reasons: ['a', 'b'],
        turnedFailing: 1,
        recovered: 0,
        previousAlertAt: null,
      },
    });
  });

  it('says whether a recovered store is ok or still has warnings, and counts flaps', () => {
    const recovered = { event: 'store.recovered' as const, previousAlertAt: null };
    expect(
      alertMessage({ ...recovered, turnedFailing: 0, recovered: 1 }, store, {
        state: 'ok',
        reasons: [],
      }).text,
    ).toBe('Store "Main store" has recovered: it is ok again.');
    expect(
      alertMessage({ ...recovered, turnedFailing: 2, recovered: 3 }, store, {
        state: 'warning',
        reasons: ['1 open exception to look at'],
      }).text,
    ).toBe(
      'Store "Main store" is no longer failing; still to look at: 1 open exception to look at. ' +
        'Since the last alert it turned failing 2 times and recovered 3 times.',
    );
  });

  it('counts new exceptions by code, most frequent first', () => {
    const message = alertMessage(
      {
        event: 'exceptions.opened',
        opened: 3,
        codes: { SYNC_FAILING: 1, MIVA_REFUSED: 2 },
        previousAlertAt: null,
      },
      store,
      null,
    );
    expect(message.text).toBe(
      'Store "Main store": 3 new exceptions need a person (2 MIVA_REFUSED, 1 SYNC_FAILING).',
    );
  });
});

describe('deliveryDelayMs', () => {
  it('retries three times in all, with a growing wait', () => {
    expect([1, 2, 3].map(deliveryDelayMs)).toEqual([1_000, 3_000, null]);
  });
});
