/**
 * Recently authenticated API keys by hash, each for at most `ttlMs`. A revocation anywhere clears
 * it (key-revocations.ts). `generation` moves on every clear, so a lookup that started before a
 * revocation never puts its (possibly revoked) answer back: `set` ignores an old generation.
 */
export class ApiKeyCache<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();
  private current = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get generation(): number {
    return this.current;
  }

  get(hash: string, now: number): T | undefined {
    const entry = this.entries.get(hash);
    if (entry === undefined) {
      return undefined;
    }
    if (entry.expiresAt <= now) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.value;
  }

  /** Keeps `value` unless the cache was cleared since `generation` was read. */
  set(hash: string, value: T, now: number, generation: number): void {
    if (generation !== this.current) {
      return;
    }
    if (this.entries.size >= this.maxEntries && !this.entries.has(hash)) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) {
        this.entries.delete(oldest.value);
      }
    }
    this.entries.set(hash, { value, expiresAt: now + this.ttlMs });
  }

  clear(): void {
    this.current += 1;
    this.entries.clear();
  }
}
