// Parameter lookup: iteration, then operation, then top level, names matched case-insensitively
// (docs/MIVA.md §3.2, §3.5). Values keep their JSON types; helpers coerce like Miva's JSON_Input_*.

type Layer = Record<string, unknown>;

function lower(layer: Layer): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const [k, v] of Object.entries(layer)) {
    m.set(k.toLowerCase(), v);
  }
  return m;
}

export class Params {
  private readonly layers: Map<string, unknown>[];

  /** Layers from the most specific (iteration) to the least (top level). */
  constructor(...layers: (Layer | undefined)[]) {
    this.layers = layers
      .filter((l): l is Layer => l !== undefined && l !== null && typeof l === 'object')
      .map(lower);
  }

  has(name: string): boolean {
    const k = name.toLowerCase();
    return this.layers.some((l) => l.has(k) && l.get(k) !== null && l.get(k) !== undefined);
  }

  get(name: string): unknown {
    const k = name.toLowerCase();
    for (const l of this.layers) {
      if (l.has(k)) {
        const v = l.get(k);
        if (v !== undefined && v !== null) {
          return v;
        }
      }
    }
    return undefined;
  }

  string(name: string): string | undefined {
    const v = this.get(name);
    return v === undefined
      ? undefined
      : typeof v === 'string'
        ? v
        : typeof v === 'object'
          ? JSON.stringify(v)
          : text(v);
  }

  /** An integer, or undefined when absent; NaN when present but not numeric. */
  int(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined || v === '') {
      return undefined;
    }
    const n =
      typeof v === 'number'
        ? v
        : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)
          ? Number(v)
          : NaN;
    return Number.isNaN(n) ? NaN : Math.trunc(n);
  }

  bool(name: string): boolean | undefined {
    return toBool(this.get(name));
  }

  /** Integer arrays may be JSON arrays or `"1|2|3"` strings. */
  intArray(name: string): number[] | undefined {
    const v = this.get(name);
    if (v === undefined) {
      return undefined;
    }
    const parts = Array.isArray(v)
      ? v
      : typeof v === 'string'
        ? v.split('|').filter((s) => s.trim() !== '')
        : [v];
    return parts.map((p) => (typeof p === 'number' ? Math.trunc(p) : Number.parseInt(text(p), 10)));
  }
}

export function toBool(v: unknown): boolean | undefined {
  if (v === undefined || v === null) {
    return undefined;
  }
  if (typeof v === 'boolean') {
    return v;
  }
  if (typeof v === 'number') {
    return v !== 0;
  }
  const s = text(v).trim().toLowerCase();
  if (['1', 'true', 'yes'].includes(s)) {
    return true;
  }
  if (['0', 'false', 'no', ''].includes(s)) {
    return false;
  }
  return undefined;
}

/** Any JSON value as text: strings as-is, numbers/booleans printed, objects as JSON, null/undefined blank. */
export function text(v: unknown): string {
  if (v === null || v === undefined) {
    return '';
  }
  if (typeof v === 'string') {
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
    return v.toString();
  }
  return JSON.stringify(v);
}
