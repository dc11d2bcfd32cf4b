// `npm run demo`: the Miva simulator with a few hundred realistic orders, the service on the
// embedded database under ./data/demo, the simulator registered as a store through the service's
// own API (idempotent across restarts), the first download, then the URLs, the admin key and a
// ready curl line. Nothing to configure; Ctrl-C stops everything.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { request } from 'undici';
import { createBridgeApp } from '../src/bridge-app';
import { loadConfig } from '../src/config/app-config';
import { generateApiKey } from '../src/modules/api-keys/api-keys.service';
import { persistSimulator, readSnapshot, restoreSnapshot } from '../src/simulator/persistence';
import { startSimulator } from '../src/simulator/simulator';
import { randomSigningKey, randomToken } from '../src/simulator/state';

const DATA_DIR = resolve('data', 'demo');
const STORE_NAME = 'Demo store (Miva simulator)';
const DEMO_ORDERS = 300;
const DEMO_SEED = 2026;
// The simulator's orders, products and queues, kept across restarts (src/simulator/persistence.ts).
const SIMULATOR_STORE_FILE = 'simulator-store.json';

interface SimulatorSecrets {
  accessToken: string;
  signingKey: string;
}

interface StoreView {
  id: string;
  name: string;
  webhookUrl: string;
}

interface RunView {
  id: string;
  status: string;
  ordersSeen: number;
  ordersCreated: number;
  ordersUpdated: number;
  ordersAcknowledged: number;
  error: string | null;
}

/** A secret generated once into the demo directory (mode 0600), then read back every time. */
function persisted(file: string, create: () => string): string {
  const path = join(DATA_DIR, file);
  if (existsSync(path)) {
    return readFileSync(path, 'utf8').trim();
  }
  const value = create();
  writeFileSync(path, value + '\n', { mode: 0o600 });
  return value;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

async function freePort(preferred: number): Promise<number> {
  if (await portIsFree(preferred)) {
    return preferred;
  }
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const address = probe.address();
  await new Promise((done) => probe.close(done));
  if (address === null || typeof address === 'string') {
    throw new Error('no free port');
  }
  return address.port;
}

async function main(): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  const adminKey = persisted('admin-api-key', generateApiKey);
  const secrets = JSON.parse(
    persisted('simulator.json', () =>
      JSON.stringify({ accessToken: randomToken(), signingKey: randomSigningKey() }),
    ),
  ) as SimulatorSecrets;

  const simulatorStore = join(DATA_DIR, SIMULATOR_STORE_FILE);
  const saved = readSnapshot(simulatorStore);
  const sim = await startSimulator({
    // Generated once; later starts find the orders as the last run left them.
    orders: saved ? 0 : DEMO_ORDERS,
    seed: DEMO_SEED,
    storeCode: 'DEMO',
    accessToken: secrets.accessToken,
    signingKey: secrets.signingKey,
  });
  if (saved) {
    restoreSnapshot(sim.state, saved);
  }
  const simulatorSaver = persistSimulator(sim.state, simulatorStore);
  const port = await freePort(Number(process.env.PORT ?? 3000));
  const bridge = await createBridgeApp(
    loadConfig({
      PORT: String(port),
      DATA_DIR: DATA_DIR,
      ADMIN_API_KEY: adminKey,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    }),
    { prettyLogs: process.stdout.isTTY },
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    process.stdout.write(`\n${signal} received, stopping the demo\n`);
    simulatorSaver.stop();
    Promise.allSettled([bridge.close(), sim.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  await bridge.app.listen(port, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const api = async <T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) => {
    const res = await request(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.body.json()) as T;
    if (res.statusCode >= 300) {
      throw new Error(`${method} ${path} answered ${res.statusCode}: ${JSON.stringify(json)}`);
    }
    return json;
  };

  // The store: registered once; on later starts only the simulator's new address is patched in.
  const connection = {
    endpointUrl: sim.endpointUrl,
    storeCode: sim.storeCode,
    accessToken: sim.accessToken,
    signingKey: sim.signingKey,
  };
  const existing = (await api<StoreView[]>('GET', '/api/v1/stores')).find(
    (s) => s.name === STORE_NAME,
  );
  const store = existing
    ? await api<StoreView>('PATCH', `/api/v1/stores/${existing.id}`, {
        ...connection,
        enabled: true,
      })
    : await api<StoreView>('POST', '/api/v1/stores', {
        name: STORE_NAME,
        ...connection,
        paymentPassphrase: sim.passphrase,
        download: { strategy: 'queue_ack', queueCode: 'new_and_updated' },
      });
  const { webhookUrl } = await api<{ webhookUrl: string }>(
    'POST',
    `/api/v1/stores/${store.id}/webhook-token`,
  );

  process.stdout.write(`Downloading the simulator's orders…\n`);
  const { runId } = await api<{ runId: string }>('POST', `/api/v1/stores/${store.id}/sync`);
  let run: RunView | undefined;
  while (run === undefined || run.status === 'running') {
    await new Promise((r) => setTimeout(r, 200));
    run = (await api<RunView[]>('GET', `/api/v1/stores/${store.id}/sync-runs?limit=10`)).find(
      (r) => r.id === runId,
    );
  }
  const outcome =
    run.status === 'succeeded'
      ? `${run.ordersSeen} orders read, ${run.ordersCreated} new, ${run.ordersUpdated} changed, ${run.ordersAcknowledged} acknowledged to Miva`
      : `failed: ${run.error ?? 'unknown error'}`;

  const feed = `${base}/api/v1/orders?storeId=${store.id}&acknowledged=false&limit=100`;
  process.stdout.write(
    [
      '',
      'miva-oms-bridge demo is running',
      '',
      `  Admin API key   ${adminKey}`,
      `  Console         ${base}/console/#/stores/${store.id}   (sign in with the admin key)`,
      `  API             ${base}/api/v1`,
      `  API docs        ${base}/docs`,
      `  Miva simulator  ${sim.endpointUrl}   (control: ${sim.controlUrl}/state)`,
      `  Store           ${store.id}   first download: ${outcome}`,
      `  OMS feed        ${feed}`,
      '',
      '  Pull the orders:',
      `    curl -s -H 'Authorization: Bearer ${adminKey}' '${feed}'`,
      '',
      '  Place 3 more orders in the simulator, then wake the download with the store webhook:',
      `    curl -s -X POST ${sim.controlUrl}/orders -H 'Content-Type: application/json' -d '{"count":3}'`,
      `    curl -s -X POST '${base}${webhookUrl}'`,
      '',
      `  Data in ${DATA_DIR} (the admin key and the simulator's orders are kept there). Ctrl-C stops the demo.`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
