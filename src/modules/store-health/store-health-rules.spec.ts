import {
  failingReasons,
  formatDuration,
  HealthFigures,
  RelayFigures,
  staleAfterMs,
  storeHealth,
} from './store-health-rules';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const minutesAgo = (m: number): Date => new Date(NOW.getTime() - m * 60_000);
const idle: RelayFigures = { pending: 0, failed: 0, oldestPendingAt: null };

function figures(overrides: Partial<HealthFigures> = {}): HealthFigures {
  return {
    status: 'active',
    statusMessage: null,
    enabled: true,
    pollIntervalSeconds: 900,
    connectedAt: minutesAgo(24 * 60),
    lastSuccessfulSyncAt: minutesAgo(5),
    consecutiveFailedRuns: 0,
    lastRunError: null,
    openExceptions: 0,
    relay: { shipments: idle, cancellations: idle, backorders: idle, inventory: idle },
    ...overrides,
  };
}

describe('storeHealth', () => {
  it('is ok with no reasons when downloads succeed and nothing waits', () => {
    expect(storeHealth(figures(), NOW)).toEqual({ state: 'ok', reasons: [] });
  });

  it('is failing while Miva refuses the credentials, naming Miva’s message', () => {
    const verdict = storeHealth(
      figures({ status: 'unauthorized', statusMessage: 'Token is disabled' }),
      NOW,
    );
    expect(verdict.state).toBe('failing');
    expect(verdict.reasons).toEqual([expect.stringMatching(/credentials \(Token is disabled\)/)]);
  });

  it('is failing from the third failed run in a row, not before', () => {
    expect(storeHealth(figures({ consecutiveFailedRuns: 2 }), NOW).state).toBe('ok');
    const verdict = storeHealth(
      figures({ consecutiveFailedRuns: 3, lastRunError: 'Miva is offline' }),
      NOW,
    );
    expect(verdict).toEqual({
      state: 'failing',
      reasons: ['3 download runs failed in a row; the last: Miva is offline'],
    });
  });

  it('is failing when no download succeeded for 3 poll intervals, at least an hour', () => {
    // 900 s interval: 45 min is under the one-hour floor.
    expect(staleAfterMs(900)).toBe(3_600_000);
    expect(storeHealth(figures({ lastSuccessfulSyncAt: minutesAgo(59) }), NOW).state).toBe('ok');
    const stale = storeHealth(figures({ lastSuccessfulSyncAt: minutesAgo(61) }), NOW);
    expect(stale.state).toBe('failing');
    expect(stale.reasons[0]).toMatch(/^No download has succeeded for 1 h 1 min, since /);
    // A 30-minute interval: three of them.
    expect(staleAfterMs(1800)).toBe(5_400_000);
    expect(
      storeHealth(figures({ pollIntervalSeconds: 1800, lastSuccessfulSyncAt: minutesAgo(80) }), NOW)
        .state,
    ).toBe('ok');
  });

  it('counts a store that never succeeded from when it was connected', () => {
    expect(
      storeHealth(figures({ lastSuccessfulSyncAt: null, connectedAt: minutesAgo(10) }), NOW).state,
    ).toBe('ok');
    const never = storeHealth(
      figures({ lastSuccessfulSyncAt: null, connectedAt: minutesAgo(120) }),
      NOW,
    );
    expect(never.reasons).toEqual([
      'No download has succeeded since the store was connected 2 h ago (expected within 1 h)',
    ]);
  });

  it('does not hold a disabled store to the download schedule', () => {
    const disabled = figures({
      status: 'disabled',
      enabled: false,
      lastSuccessfulSyncAt: minutesAgo(10 * 24 * 60),
    });
    expect(storeHealth(disabled, NOW).state).toBe('ok');
  });

  it('is a warning with open exceptions', () => {
    expect(storeHealth(figures({ openExceptions: 2 }), NOW)).toEqual({
      state: 'warning',
      reasons: ['2 open exceptions to look at'],
    });
  });

  it('is a warning when relay work waits more than 10 minutes, per kind', () => {
    const fresh = { pending: 4, failed: 0, oldestPendingAt: minutesAgo(9) };
    const old = { pending: 1, failed: 0, oldestPendingAt: minutesAgo(25) };
    expect(
      storeHealth(figures({ relay: { ...figures().relay, shipments: fresh } }), NOW).state,
    ).toBe('ok');
    const verdict = storeHealth(
      figures({ relay: { ...figures().relay, shipments: fresh, inventory: old } }),
      NOW,
    );
    expect(verdict).toEqual({
      state: 'warning',
      reasons: [
        `1 inventory change waiting to reach Miva, the oldest for 25 min (since ${minutesAgo(25).toISOString()})`,
      ],
    });
  });

  it('puts failing reasons before warnings, and failing wins', () => {
    const verdict = storeHealth(
      figures({ status: 'unauthorized', openExceptions: 1, consecutiveFailedRuns: 4 }),
      NOW,
    );
    expect(verdict.state).toBe('failing');
    expect(verdict.reasons).toHaveLength(3);
    expect(verdict.reasons[2]).toBe('1 open exception to look at');
  });
});

describe('failingReasons', () => {
  it('ignores warnings entirely (the alerts watch only failing)', () => {
    expect(failingReasons(figures(), NOW)).toEqual([]);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [59_999, '59 s'],
    [60_000, '1 min'],
    [3_600_000, '1 h'],
    [3_660_000, '1 h 1 min'],
    [86_400_000, '1 d'],
    [90_000_000, '1 d 1 h'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
