/** Who waits for a slot: downloads of listed orders go before more listing (memory stays bounded). */
export type SlotUse = 'download' | 'list';

/**
 * At most `size` Miva reads of one reconciliation in flight. A free slot goes to a waiting
 * download first, then to a waiting listing read, each in arrival order.
 */
export class ReadSlots {
  private active = 0;
  private readonly waiting: Record<SlotUse, (() => void)[]> = { download: [], list: [] };

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError('size must be an integer >= 1');
    }
  }

  /** Reads currently holding a slot. */
  get inFlight(): number {
    return this.active;
  }

  /** Runs `read` once a slot is free, and frees the slot when it settles. */
  async run<T>(use: SlotUse, read: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) {
      await new Promise<void>((resolve) => this.waiting[use].push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await read();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.download.shift() ?? this.waiting.list.shift();
    if (next) {
      // The slot passes straight to the next reader: `active` stays the same.
      next();
    } else {
      this.active -= 1;
    }
  }
}
