import { ReadSlots } from './read-slots';

/** A read that ends when the test says so. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('ReadSlots', () => {
  it('never lets more than `size` reads run at once', async () => {
    const slots = new ReadSlots(2);
    let running = 0;
    let peak = 0;
    const read = async (): Promise<void> => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
    };
    await Promise.all(Array.from({ length: 7 }, () => slots.run('list', read)));
    expect(peak).toBe(2);
    expect(slots.inFlight).toBe(0);
  });

  it('gives a free slot to a waiting download before a waiting listing read', async () => {
    const slots = new ReadSlots(1);
    const first = gate();
    const order: string[] = [];
    const holding = slots.run('list', () => first.promise);
    const list = slots.run('list', () => {
      order.push('list');
      return Promise.resolve();
    });
    const download = slots.run('download', () => {
      order.push('download');
      return Promise.resolve();
    });
    first.open();
    await Promise.all([holding, list, download]);
    expect(order).toEqual(['download', 'list']);
  });

  it('frees the slot when a read fails', async () => {
    const slots = new ReadSlots(1);
    await expect(slots.run('list', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(slots.run('download', () => Promise.resolve(7))).resolves.toBe(7);
    expect(slots.inFlight).toBe(0);
  });

  it('refuses a size below 1', () => {
    expect(() => new ReadSlots(0)).toThrow(RangeError);
  });
});
