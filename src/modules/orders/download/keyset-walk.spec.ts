import { first, must } from '../../../common/must';
import type { MivaOrder } from '../../../miva-model/miva.models';
import { DownloadError } from './download-strategy';
import { KeysetPage, walkById } from './keyset-walk';

// walkById over an in-memory "queue" of order ids: what it reads, in which order pages settle,
// how many commits overlap a read, and how it refuses to loop.

const order = (id: number): MivaOrder => ({ id }) as MivaOrder;
const tick = (ms = 1): Promise<void> => new Promise((r) => setTimeout(r, ms));

function fakeList(ids: number[], pageSize: number) {
  let reading = 0;
  let maxReading = 0;
  const reads: number[] = [];
  return {
    reads,
    get maxConcurrentReads() {
      return maxReading;
    },
    fetch: async (after: number): Promise<KeysetPage> => {
      reading += 1;
      maxReading = Math.max(maxReading, reading);
      reads.push(after);
      await tick();
      reading -= 1;
      const matching = ids.filter((id) => id > after);
      return { orders: matching.slice(0, pageSize).map(order), totalCount: matching.length };
    },
  };
}

describe('walkById', () => {
  const ids = Array.from({ length: 23 }, (_, i) => 1000 + i * 3);

  it('reads every order once by id and stops when total_count says the page held the rest', async () => {
    const list = fakeList(ids, 5);
    const committed: number[] = [];
    await walkById({
      after: 0,
      commits: 2,
      signal: new AbortController().signal,
      fetch: list.fetch,
      commit: async (orders) => {
        committed.push(...orders.map((o) => o.id));
        await tick();
        return orders.length;
      },
      settle: () => Promise.resolve(),
    });
    expect(committed.sort((a, b) => a - b)).toEqual(ids);
    // 23 orders in pages of 5: five reads, none after the last (short) page.
    expect(list.reads).toEqual([0, 1012, 1027, 1042, 1057]);
    expect(list.maxConcurrentReads).toBe(1);
  });

  it('settles pages strictly in order although later commits finish first', async () => {
    const list = fakeList(ids, 5);
    const settled: number[] = [];
    let page = 0;
    await walkById({
      after: 0,
      commits: 3,
      signal: new AbortController().signal,
      fetch: list.fetch,
      // Earlier pages take longer to commit than later ones.
      commit: async (orders) => {
        await tick(30 - 6 * page++);
        return must(orders.at(-1), 'a committed order').id;
      },
      settle: async (lastId, committed) => {
        // Each page's own commit result comes with it.
        expect(committed).toBe(lastId);
        settled.push(lastId);
        await tick();
      },
    });
    expect(settled).toEqual([1012, 1027, 1042, 1057, 1066]);
  });

  it.each([0, 1, 2])(
    'keeps at most %i pages committing while the next page is read',
    async (commits) => {
      const list = fakeList(ids, 4);
      let inFlight = 0;
      let maxWhileReading = 0;
      await walkById({
        after: 0,
        commits,
        signal: new AbortController().signal,
        fetch: async (after) => {
          maxWhileReading = Math.max(maxWhileReading, inFlight);
          const page = await list.fetch(after);
          maxWhileReading = Math.max(maxWhileReading, inFlight);
          return page;
        },
        commit: async () => {
          inFlight += 1;
          await tick(5);
          return undefined;
        },
        settle: () => {
          inFlight -= 1;
          return Promise.resolve();
        },
      });
      expect(maxWhileReading).toBe(commits);
    },
  );

  it('reads the next page while an earlier page settles (an acknowledgement is a round trip)', async () => {
    const list = fakeList(ids, 4);
    let settling = 0;
    let readsDuringSettle = 0;
    await walkById({
      after: 0,
      commits: 2,
      signal: new AbortController().signal,
      fetch: async (after) => {
        readsDuringSettle += settling > 0 ? 1 : 0;
        return list.fetch(after);
      },
      commit: () => Promise.resolve(undefined),
      settle: async () => {
        settling += 1;
        await tick(10);
        settling -= 1;
      },
    });
    expect(readsDuringSettle).toBeGreaterThan(0);
    expect(list.maxConcurrentReads).toBe(1);
  });

  it("lets the next read's request go out before it maps (synchronously) the page it has", async () => {
    const list = fakeList(ids, 5);
    const events: string[] = [];
    await walkById({
      after: 0,
      commits: 2,
      signal: new AbortController().signal,
      fetch: async (after) => {
        // A few asynchronous steps (limiter, signing, the HTTP client) before the request is sent.
        for (let step = 0; step < 5; step++) {
          await Promise.resolve();
        }
        events.push(`sent ${after}`);
        return list.fetch(after);
      },
      commit: (orders) => {
        events.push(`map ${first(orders).id}`);
        return Promise.resolve(undefined);
      },
      settle: () => Promise.resolve(),
    });
    expect(events.slice(0, 4)).toEqual(['sent 0', 'sent 1012', 'map 1000', 'sent 1027']);
  });

  it('fails the walk with a read that fails while the page before it is committed', async () => {
    const list = fakeList(ids, 5);
    let committing = 0;
    await expect(
      walkById({
        after: 0,
        commits: 2,
        signal: new AbortController().signal,
        fetch: (after) =>
          after === 0 ? list.fetch(after) : Promise.reject(new Error('Miva unreachable')),
        commit: async () => {
          committing += 1;
          await tick(20);
          committing -= 1;
          return undefined;
        },
        settle: () => Promise.resolve(),
      }),
    ).rejects.toThrow('Miva unreachable');
    // The walk ended only after the page it had was committed.
    expect(committing).toBe(0);
  });

  it('settles no page after one whose commit failed, and fails the walk', async () => {
    const list = fakeList(ids, 4);
    const settled: number[] = [];
    let page = 0;
    await expect(
      walkById({
        after: 0,
        commits: 3,
        signal: new AbortController().signal,
        fetch: list.fetch,
        commit: async () => {
          const n = page++;
          await tick(n === 1 ? 15 : 1);
          if (n === 1) {
            throw new Error('commit failed');
          }
          return undefined;
        },
        settle: (lastId) => {
          settled.push(lastId);
          return Promise.resolve();
        },
      }),
    ).rejects.toThrow('commit failed');
    // Only the first page settled: pages after the failed one committed, but never settled.
    expect(settled).toEqual([1009]);
  });

  it('fails loudly instead of looping when Miva ignores the id filter', async () => {
    await expect(
      walkById({
        after: 0,
        commits: 1,
        signal: new AbortController().signal,
        fetch: () =>
          Promise.resolve({ orders: ids.slice(0, 5).map(order), totalCount: ids.length }),
        commit: () => Promise.resolve(undefined),
        settle: () => Promise.resolve(),
      }),
    ).rejects.toThrow(DownloadError);
  });

  it('fails on a page without any valid order id', async () => {
    await expect(
      walkById({
        after: 0,
        commits: 1,
        signal: new AbortController().signal,
        fetch: () => Promise.resolve({ orders: [{} as MivaOrder], totalCount: 1 }),
        commit: () => Promise.resolve(undefined),
        settle: () => Promise.resolve(),
      }),
    ).rejects.toThrow(/without a valid id/);
  });

  it('stops when aborted, after the commits already running have finished', async () => {
    const controller = new AbortController();
    const list = fakeList(ids, 5);
    let running = 0;
    const walk = walkById({
      after: 0,
      commits: 2,
      signal: controller.signal,
      fetch: list.fetch,
      commit: async () => {
        running += 1;
        await tick(20);
        running -= 1;
        return undefined;
      },
      settle: () => {
        controller.abort(new Error('stop'));
        return Promise.resolve();
      },
    });
    await expect(walk).rejects.toThrow('stop');
    // The walk ended only once no commit was running any more, and read no further.
    expect(running).toBe(0);
    expect(list.reads.length).toBeLessThan(5);
  });
});
