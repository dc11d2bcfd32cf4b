import { Logger } from '@nestjs/common';
import { must } from '../../common/must';
import { RelayLoop } from './relay-loop';

const errors: string[] = [];
const logger = { error: (message: string) => errors.push(message) } as unknown as Logger;

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('RelayLoop', () => {
  it('runs ticks back to back while they find work, then waits for a wake-up', async () => {
    let ticks = 0;
    let work = 3;
    const loop = new RelayLoop(
      'test',
      () => {
        ticks += 1;
        return Promise.resolve(work-- > 0);
      },
      { pollMs: () => 60_000, idlePollMaxMs: () => 60_000, logger },
    );
    loop.start();
    await until(() => ticks >= 4);
    await new Promise((r) => setTimeout(r, 30));
    // Three ticks with work, one that found none; then it sleeps (the poll is a minute away).
    expect(ticks).toBe(4);
    work = 1;
    loop.wake();
    await until(() => ticks >= 6);
    await new Promise((r) => setTimeout(r, 30));
    expect(ticks).toBe(6);
    await loop.stop();
  });

  it('stops by aborting the running tick, without waiting for the poll', async () => {
    let aborted = false;
    const loop = new RelayLoop(
      'test',
      (signal) =>
        new Promise<boolean>((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve(false);
          });
        }),
      { pollMs: () => 60_000, idlePollMaxMs: () => 60_000, logger },
    );
    loop.start();
    await new Promise((r) => setTimeout(r, 10));
    // With a one-minute poll, stop() resolving at all (within the test timeout) is the proof.
    await loop.stop();
    expect(aborted).toBe(true);
  });

  it('survives a failing tick and tries again later', async () => {
    let ticks = 0;
    const loop = new RelayLoop(
      'test',
      () => {
        ticks += 1;
        return ticks === 1 ? Promise.reject(new Error('db down')) : Promise.resolve(false);
      },
      { pollMs: () => 10, idlePollMaxMs: () => 10, logger },
    );
    loop.start();
    await until(() => ticks >= 2);
    await loop.stop();
    expect(ticks).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([expect.stringContaining('db down')]);
  });

  it('nextRound waits for a round that began after the call, not the one already running', async () => {
    const rounds: (() => void)[] = [];
    const loop = new RelayLoop(
      'test',
      () => new Promise<boolean>((resolve) => rounds.push(() => resolve(false))),
      { pollMs: () => 60_000, idlePollMaxMs: () => 60_000, logger },
    );
    loop.start();
    await until(() => rounds.length === 1);
    let seen = false;
    const next = loop.nextRound().then(() => {
      seen = true;
    });
    // The round in progress began before the call: finishing it proves nothing.
    must(rounds[0], 'round 1')();
    loop.wake();
    await until(() => rounds.length === 2);
    expect(seen).toBe(false);
    must(rounds[1], 'round 2')();
    await next;
    expect(seen).toBe(true);
    await loop.stop();
  });

  it('nextRound rejects when the loop stops before such a round', async () => {
    const loop = new RelayLoop('test', () => Promise.resolve(false), {
      pollMs: () => 60_000,
      idlePollMaxMs: () => 60_000,
      logger,
    });
    loop.start();
    await new Promise((r) => setTimeout(r, 10));
    const next = loop.nextRound();
    await loop.stop();
    await expect(next).rejects.toThrow('test relay loop stopped');
  });

  it('stop aborts the signal at once and the cutoff only after the grace period', async () => {
    const seen: string[] = [];
    const loop = new RelayLoop(
      'test',
      (signal, cutoff) =>
        new Promise<boolean>((resolve) => {
          // A Miva call in flight: it ends only when cut.
          signal.addEventListener('abort', () => seen.push('signal'));
          cutoff.addEventListener('abort', () => {
            seen.push('cutoff');
            resolve(false);
          });
        }),
      { pollMs: () => 60_000, idlePollMaxMs: () => 60_000, logger },
    );
    loop.start();
    await new Promise((r) => setTimeout(r, 10));
    const began = Date.now();
    await loop.stop(100);
    expect(seen).toEqual(['signal', 'cutoff']);
    expect(Date.now() - began).toBeGreaterThanOrEqual(90);
  });
});
