// Keeps a simulator's store on disk, so that `npm run demo` finds its Miva orders as it left them
// after a restart: the same orders with the same dates and dt_updated, the same shipments, products
// and queue memberships. Without it every start generated the orders anew, dated "now": every
// order got a new revision, acknowledgements were undone and shipped orders fell back to pending.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { MivaOrder, MivaProduct } from '../miva-model/miva.models';
import type { QueueDef, SimulatorState } from './state';

const VERSION = 1;

export interface SimulatorSnapshot {
  version: typeof VERSION;
  orders: MivaOrder[];
  products: MivaProduct[];
  queues: Pick<QueueDef, 'code' | 'name'>[];
  /** Queue code → the ids of the orders in it. */
  queueMembers: Record<string, number[]>;
}

export function snapshotOf(state: SimulatorState): SimulatorSnapshot {
  return {
    version: VERSION,
    orders: state.orderIds().map((id) => state.getOrder(id)!.order),
    products: [...state.products.values()],
    queues: [...state.queues.values()].map(({ code, name }) => ({ code, name })),
    queueMembers: Object.fromEntries(
      [...state.queueMembers.entries()].map(([code, ids]) => [
        code,
        [...ids].sort((a, b) => a - b),
      ]),
    ),
  };
}

/** Replaces the state's orders, products and queues with the snapshot's (faults, token, log reset). */
export function restoreSnapshot(state: SimulatorState, snapshot: SimulatorSnapshot): void {
  const version: number = snapshot.version;
  if (version !== VERSION) {
    throw new Error(`simulator snapshot version ${version} is not ${VERSION}`);
  }
  state.reset({ orders: 0 });
  state.products.clear();
  for (const product of snapshot.products) {
    state.products.set(product.id, structuredClone(product));
  }
  for (const queue of snapshot.queues) {
    state.addQueue(queue.code, queue.name);
  }
  // Not enqueued by adding: the membership is restored as it was saved, below.
  state.addOrders(snapshot.orders, false);
  for (const [code, members] of state.queueMembers) {
    members.clear();
    for (const id of snapshot.queueMembers[code] ?? []) {
      members.add(id);
    }
  }
}

export function readSnapshot(file: string): SimulatorSnapshot | undefined {
  if (!existsSync(file)) {
    return undefined;
  }
  return JSON.parse(readFileSync(file, 'utf8')) as SimulatorSnapshot;
}

/** Writes atomically (a temporary file renamed over the old one): a crash leaves one whole file. */
export function writeSnapshot(file: string, json: string): void {
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, json, { mode: 0o600 });
  renameSync(temp, file);
}

export interface PersistedSimulator {
  /** Writes now if anything changed since the last write. */
  flush(): void;
  /** Stops the periodic writes after a last flush. */
  stop(): void;
}

/**
 * Saves the state to `file` now and then every `intervalMs` when it changed (the orders change
 * through the JSON API and the control API alike, so the saved text itself is compared).
 */
export function persistSimulator(
  state: SimulatorState,
  file: string,
  intervalMs = 2_000,
): PersistedSimulator {
  let written = '';
  const flush = (): void => {
    const json = JSON.stringify(snapshotOf(state));
    if (json !== written) {
      writeSnapshot(file, json);
      written = json;
    }
  };
  flush();
  const timer = setInterval(flush, intervalMs);
  timer.unref();
  return {
    flush,
    stop: () => {
      clearInterval(timer);
      flush();
    },
  };
}
