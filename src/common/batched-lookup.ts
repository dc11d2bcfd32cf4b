interface Waiter<V> {
  resolve(value: V | undefined): void;
  reject(error: unknown): void;
}

/**
 * Lookups by key made in the same turn of the event loop, answered by one `fetchMany` (as
 * DataLoader does): under load, many requests for single rows become one query for all of them.
 * The batch goes out once the turn's I/O callbacks have run (setImmediate), or as soon as it
 * holds `maxBatch` keys. A key asked for twice in a batch is fetched once. A failed fetch fails
 * every lookup of its batch and none of the next.
 */
export class BatchedLookup<K, V> {
  private pending = new Map<K, Waiter<V>[]>();
  private scheduled = false;

  constructor(
    private readonly fetchMany: (keys: K[]) => Promise<Map<K, V>>,
    private readonly maxBatch = 100,
  ) {}

  load(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(key);
      if (waiters === undefined) {
        this.pending.set(key, [{ resolve, reject }]);
      } else {
        waiters.push({ resolve, reject });
      }
      if (this.pending.size >= this.maxBatch) {
        this.flush();
      } else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    if (this.pending.size === 0) {
      return;
    }
    const batch = this.pending;
    this.pending = new Map();
    this.fetchMany([...batch.keys()]).then(
      (found) => {
        for (const [key, waiters] of batch) {
          const value = found.get(key);
          waiters.forEach((waiter) => waiter.resolve(value));
        }
      },
      (error: unknown) => {
        for (const waiters of batch.values()) {
          waiters.forEach((waiter) => waiter.reject(error));
        }
      },
    );
  }
}
