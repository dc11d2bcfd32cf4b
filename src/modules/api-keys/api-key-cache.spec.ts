import { ApiKeyCache } from './api-key-cache';

describe('ApiKeyCache', () => {
  it('keeps an entry for its time to live', () => {
    const cache = new ApiKeyCache<string>(1000, 10);
    cache.set('h', 'ctx', 0, cache.generation);
    expect(cache.get('h', 999)).toBe('ctx');
    expect(cache.get('h', 1000)).toBeUndefined();
    expect(cache.get('h', 0)).toBeUndefined();
  });

  it('forgets everything on clear, and ignores answers of lookups started before it', () => {
    const cache = new ApiKeyCache<string>(1000, 10);
    cache.set('a', 'ctx', 0, cache.generation);
    const before = cache.generation;
    cache.clear();
    expect(cache.get('a', 1)).toBeUndefined();
    cache.set('b', 'stale', 1, before);
    expect(cache.get('b', 2)).toBeUndefined();
    cache.set('b', 'fresh', 1, cache.generation);
    expect(cache.get('b', 2)).toBe('fresh');
  });

  it('drops the oldest entry when full', () => {
    const cache = new ApiKeyCache<number>(1000, 2);
    for (const [i, hash] of ['a', 'b', 'c'].entries()) {
      cache.set(hash, i, 0, cache.generation);
    }
    expect(cache.get('a', 1)).toBeUndefined();
    expect(cache.get('b', 1)).toBe(1);
    expect(cache.get('c', 1)).toBe(2);
  });
});
