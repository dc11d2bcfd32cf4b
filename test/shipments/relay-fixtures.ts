// Shared set-up for the relay e2e tests (shipments and inventory): the real app on a fresh
// database, the Miva simulator, a store row pointing at it, and orders downloaded from it.
import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { BridgeApp, createBridgeApp } from '../../src/bridge-app';
import { first } from '../../src/common/must';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { ORDER_STATUSES } from '../../src/mappers/oms-order.types';
import type { MivaOrder } from '../../src/miva-model/miva.models';
import { OrderIngestService } from '../../src/modules/orders/order-ingest.service';
import { RelayTuning } from '../../src/modules/relay/relay-settings';
import { RunningSimulator, startSimulator } from '../../src/simulator/simulator';
import { simulatorControl as sim } from '../../src/simulator/control-client';
import { eventually } from '../support/eventually';
import { insertStore } from '../support/store-fixtures';
import { ADMIN_KEY, startTestApp, TestApp } from '../support/test-app';

export { eventually, sim };

export { ADMIN_KEY };

/** Fast relay settings for tests: quick polls, short backoff. */
export const TEST_RELAY: RelayTuning = {
  pollMs: 100,
  idlePollMaxMs: 300,
  retryBaseMs: 100,
  retryMaxMs: 500,
  blockedMaxMs: 500,
  mivaTimeoutMs: 5_000,
  inventoryLingerMs: 5,
};

export interface RelayEnv {
  t: TestApp;
  sim: RunningSimulator;
  dataSource: DataSource;
  close(): Promise<void>;
}

export async function startRelayEnv(): Promise<RelayEnv> {
  const sim = await startSimulator({ seed: 7 });
  const t = await startTestApp({ SYNC_SCHEDULER: 'off' }, { relay: TEST_RELAY });
  return {
    t,
    sim,
    dataSource: t.bridge.app.get(DataSource),
    close: async () => {
      await t.close();
      await sim.close();
    },
  };
}

export interface StoreOptions {
  endpointUrl?: string;
  productIdentifier?: 'sku' | 'code';
}

/** Inserts an active store row for the simulator (or a proxy in front of it): its id. */
export async function insertSimulatorStore(
  app: BridgeApp,
  sim: RunningSimulator,
  options: StoreOptions = {},
): Promise<string> {
  const store = await insertStore(
    app,
    {
      name: `Relay test store ${randomBytes(3).toString('hex')}`,
      endpointUrl: options.endpointUrl ?? sim.endpointUrl,
      storeCode: sim.storeCode,
      accessTokenLast4: sim.accessToken.slice(-4),
      productIdentifier: options.productIdentifier ?? 'sku',
    },
    { accessToken: sim.accessToken, signingKey: sim.signingKey },
  );
  return store.id;
}

/**
 * Adds one generated order to the simulator with the given item quantities (by position),
 * downloads it into the bridge like the download engine does, and returns the order's ids.
 */
export async function seedOrder(
  env: Pick<RelayEnv, 't' | 'sim'>,
  storeId: string,
  seed: number,
  quantities: number[] = [],
): Promise<{ orderId: string; mivaOrderId: number; order: MivaOrder }> {
  const { ids } = await sim<{ ids: number[] }>(env.sim, 'POST', '/orders', { count: 1, seed });
  const mivaOrderId = first(ids, 'the created order id');
  let order = await sim<MivaOrder>(env.sim, 'GET', `/orders/${mivaOrderId}`);
  // Generated orders may be shipped already (older ones are): start from no shipments.
  order.shipments = [];
  for (const item of order.items ?? []) {
    item.shpmnt_id = 0;
    delete item.shipment;
  }
  await sim(env.sim, 'POST', '/orders', { orders: [order] });
  const items = (order.items ?? []).map((item, i) => ({
    line_id: item.line_id,
    // Every line pending and unshipped, so the test controls what is shippable.
    status: 0,
    quantity: quantities[i] ?? item.quantity,
  }));
  order = await sim<MivaOrder>(env.sim, 'PATCH', `/orders/${mivaOrderId}`, { items });
  await download(env, storeId, mivaOrderId);
  const rows: { id: string }[] = await env.t.bridge.app
    .get(DataSource)
    .query('SELECT id FROM orders WHERE store_id = $1 AND miva_order_id = $2', [
      storeId,
      mivaOrderId,
    ]);
  return { orderId: first(rows, 'the downloaded order').id, mivaOrderId, order };
}

/** Re-reads one order from the simulator and ingests it (what a download run would do). */
export async function download(
  env: Pick<RelayEnv, 't' | 'sim'>,
  storeId: string,
  mivaOrderId: number,
): Promise<void> {
  const order = await sim<MivaOrder>(env.sim, 'GET', `/orders/${mivaOrderId}`);
  await env.t.bridge.app.get(OrderIngestService).ingest(
    {
      storeId,
      mapper: {
        productIdentifier: 'sku',
        kitMode: 'parts',
        customFieldMappings: [],
        paymentMappings: [],
      },
      importStatuses: [...ORDER_STATUSES],
    },
    [order],
  );
}

/**
 * A second app instance on the same database (another process of the service, in effect).
 * Its relay workers share the queue with the first instance's; `relay` tunes them further.
 */
export async function startSecondInstance(t: TestApp, relay: RelayTuning = {}): Promise<BridgeApp> {
  const config = loadConfig({
    DATABASE_URL: t.database.url,
    DATA_DIR: t.dataDir,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'silent',
    SYNC_SCHEDULER: 'off',
    SECRET_KEY: t.bridge.app.get(AppConfig).secretKey.toString('hex'),
  });
  return createBridgeApp(config, { relay: { ...TEST_RELAY, ...relay } });
}

/**
 * An HTTP proxy in front of the simulator that can hold Miva's answers: the request reaches
 * Miva and is applied, but the caller never hears back (a crash or timeout right after Miva's
 * success). `holdWhen` picks the requests (by body text) whose answers are held.
 */
export class HoldingProxy {
  holdWhen: ((body: string, headers: IncomingMessage['headers']) => boolean) | null = null;
  /** Drop the connection instead of holding it (the caller sees it close at once). */
  drop = false;
  /** Hold the request before it reaches Miva (nothing applied) instead of after. */
  before = false;
  /** Requests whose answers were held or dropped (Miva applied them). */
  held = 0;
  private readonly server: Server;
  private readonly target: URL;
  private readonly pending = new Set<() => void>();

  private constructor(sim: RunningSimulator) {
    this.target = new URL(sim.endpointUrl);
    this.server = createServer((req, res) => {
      void readAll(req).then(async (requestBody) => {
        const hold = this.holdWhen?.(requestBody.toString('utf8'), req.headers) ?? false;
        const cut = (): void => {
          this.held += 1;
          if (this.drop) {
            res.destroy();
          } else {
            // Never answer: the connection stays open until released or the proxy closes.
            this.pending.add(() => res.destroy());
          }
        };
        if (hold && this.before) {
          cut();
          return;
        }
        try {
          const { status, headers, body } = await this.forward(req, requestBody);
          if (hold) {
            cut();
            return;
          }
          res.writeHead(status, headers);
          res.end(body);
        } catch {
          res.destroy();
        }
      });
    });
  }

  static async start(sim: RunningSimulator): Promise<HoldingProxy> {
    const proxy = new HoldingProxy(sim);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /**
   * Holds (or, with `drop`, drops) the answer to the next request that calls `functionName`;
   * the requests after it pass.
   */
  holdNext(functionName: string, drop: boolean): void {
    this.held = 0;
    this.drop = drop;
    this.holdWhen = (body) => {
      if (body.includes(functionName)) {
        this.holdWhen = null;
        return true;
      }
      return false;
    };
  }

  /** Resolves once a request's answer has been held. */
  async whenHeld(): Promise<void> {
    await eventually(
      () => Promise.resolve(this.held > 0 ? true : undefined),
      10_000,
      'the held call',
    );
  }

  get endpointUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${this.target.pathname}`;
  }

  /** Drops every held connection (the caller then sees the socket close). */
  releaseHeld(): void {
    for (const drop of this.pending) {
      drop();
    }
    this.pending.clear();
  }

  async close(): Promise<void> {
    this.releaseHeld();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(
    req: IncomingMessage,
    requestBody: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string' && k !== 'host' && k !== 'connection') {
          headers[k] = v;
        }
      }
      const upstream = httpRequest(
        {
          host: this.target.hostname,
          port: this.target.port,
          path: this.target.pathname,
          method: req.method,
          headers,
        },
        (res) => {
          const out: Buffer[] = [];
          res.on('data', (c: Buffer) => out.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const resHeaders: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers)) {
              if (typeof v === 'string' && k !== 'connection' && k !== 'transfer-encoding') {
                resHeaders[k] = v;
              }
            }
            resolve({
              status: res.statusCode ?? 502,
              headers: resHeaders,
              body: Buffer.concat(out),
            });
          });
        },
      );
      upstream.on('error', reject);
      upstream.end(requestBody);
    });
  }
}

/** A store whose Miva requests go through its own HoldingProxy (close the proxy after). */
export async function startProxiedStore(
  env: RelayEnv,
): Promise<{ proxy: HoldingProxy; storeId: string }> {
  const proxy = await HoldingProxy.start(env.sim);
  const storeId = await insertSimulatorStore(env.t.bridge, env.sim, {
    endpointUrl: proxy.endpointUrl,
  });
  return { proxy, storeId };
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
