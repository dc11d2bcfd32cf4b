// A small seeded PRNG (mulberry32) so generated data and injected faults are reproducible.
// Math.random is never used by the simulator.

import { must } from '../common/must';

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A string of `length` characters from `alphabet`. */
  chars(length: number, alphabet?: string): string;
}

/** The item at `n`, counting round `items` again past its end: a deterministic pick by id. */
export function pickAt<T>(items: readonly T[], n: number): T {
  return must(items[n % items.length], 'an item to pick');
}

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T =>
      must(items[Math.floor(next() * items.length)], 'an item to pick'),
    chars: (length, alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ') => {
      let s = '';
      for (let i = 0; i < length; i++) {
        s += alphabet[Math.floor(next() * alphabet.length)];
      }
      return s;
    },
  };
  return rng;
}

/** Derives an independent seed for a sub-stream (e.g. one order) from a base seed and a key. */
export function deriveSeed(seed: number, key: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (key >>> 0), 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
