import { BatchedLookup } from './batched-lookup';

function recordingLookup(maxBatch?: number) {
  const batches: string[][] = [];
  const lookup = new BatchedLookup<string, string>((keys) => {
    batches.push(keys);
    const found = keys.filter((k) => !k.startsWith('missing'));
    return Promise.resolve(new Map(found.map((k) => [k, k.toUpperCase()])));
  }, maxBatch);
  return { lookup, batches };
}

describe('BatchedLookup', () => {
  it('answers the lookups of one turn with one fetch, each with its own value', async () => {
    const { lookup, batches } = recordingLookup();
    const answers = await Promise.all([lookup.load('a'), lookup.load('b'), lookup.load('missing')]);
    expect(answers).toEqual(['A', 'B', undefined]);
    expect(batches).toEqual([['a', 'b', 'missing']]);
  });

  it('fetches a key asked for twice in a batch once, and answers both', async () => {
    const { lookup, batches } = recordingLookup();
    await expect(Promise.all([lookup.load('a'), lookup.load('a')])).resolves.toEqual(['A', 'A']);
    expect(batches).toEqual([['a']]);
  });

  it('starts a new batch on a later turn', async () => {
    const { lookup, batches } = recordingLookup();
    await lookup.load('a');
    await lookup.load('b');
    expect(batches).toEqual([['a'], ['b']]);
  });

  it('sends a full batch at once', async () => {
    const { lookup, batches } = recordingLookup(2);
    const answers = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((k) => lookup.load(k)));
    expect(answers).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('fails every lookup of a failed batch, and only that batch', async () => {
    let calls = 0;
    const lookup = new BatchedLookup<string, string>((keys) => {
      calls += 1;
      return calls === 1
        ? Promise.reject(new Error('database gone'))
        : Promise.resolve(new Map(keys.map((k) => [k, k])));
    });
    const first = [lookup.load('a'), lookup.load('b')];
    await expect(Promise.all(first.map((p) => p.catch((e: Error) => e.message)))).resolves.toEqual([
      'database gone',
      'database gone',
    ]);
    await expect(lookup.load('c')).resolves.toBe('c');
  });
});
