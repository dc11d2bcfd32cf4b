// The Miva JSON API simulator: an HTTP server answering POST /mm5/json.mvc like Miva, plus the
// /__sim/ control API. Usable from tests (startSimulator) and from the CLI (main.ts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control';
import { handleApiRequest } from './envelope';
import { error, stringify } from './json';
import { randomSigningKey, randomToken, SimulatorState } from './state';

export { SimulatorState } from './state';
export type { Faults, CallLogEntry } from './state';

export interface SimulatorOptions {
  port?: number;
  host?: string;
  /** Orders generated at start (from `seed`), all in new_and_updated. Default 0. */
  orders?: number;
  seed?: number;
  storeCode?: string;
  accessToken?: string;
  /** Base64. */
  signingKey?: string;
  /** Default 60. */
  timestampWindowSeconds?: number;
  /** The payment-data passphrase (decrypts Mod10 card data). */
  passphrase?: string;
  /**
   * The clock (unix s) the seeded orders are dated against; default the current time, so order
   * dates are recent. Give a fixed value for byte-identical orders across runs.
   */
  generatorNow?: number;
  /** Where API calls are answered; default /mm5/json.mvc. */
  path?: string;
}

export interface RunningSimulator {
  /** http://127.0.0.1:P/mm5/json.mvc */
  endpointUrl: string;
  storeCode: string;
  accessToken: string;
  signingKey: string;
  passphrase: string;
  /** http://127.0.0.1:P/__sim */
  controlUrl: string;
  state: SimulatorState;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const JSON_TYPE = 'application/json; charset=utf-8';

async function serveApi(
  state: SimulatorState,
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): Promise<void> {
  const f = state.faults;
  const logFault = (status: number, err: string): void =>
    state.record({ functions: [], status, authorized: false, error: err });
  if (f.apiOffline) {
    const b = stringify(error('api_offline', 'The API is currently offline'));
    logFault(503, 'api_offline');
    res.writeHead(503, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(b) });
    res.end(b);
    return;
  }
  let fail = false;
  if (f.failNext > 0) {
    f.failNext--;
    fail = true;
  } else if (f.failRate > 0 && state.faultRng.next() < f.failRate) {
    fail = true;
  }
  if (f.latencyMs > 0) {
    await sleep(f.latencyMs);
  }
  if (fail) {
    const b = f.failStatus === 503 ? 'Service Unavailable' : 'Internal Server Error';
    logFault(f.failStatus, `injected ${f.failStatus}`);
    res.writeHead(f.failStatus, {
      'Content-Type': 'text/html',
      'Content-Length': Buffer.byteLength(b),
    });
    res.end(b);
    return;
  }
  const out = await handleApiRequest(
    state,
    { method: req.method ?? 'GET', headers: req.headers, body },
    (functions, status, authorized, err) =>
      state.record({ functions, status, authorized, error: err }),
  );
  let truncate = false;
  if (state.faults.truncateNext > 0) {
    state.faults.truncateNext--;
    truncate = true;
  } else if (state.faults.truncateRate > 0 && state.faultRng.next() < state.faults.truncateRate) {
    truncate = true;
  }
  const bytes = Buffer.from(out.body, 'utf8');
  if (truncate) {
    // No Content-Length: the client sees a complete response whose JSON is cut in half.
    res.writeHead(out.status, { 'Content-Type': JSON_TYPE, ...out.headers });
    res.end(bytes.subarray(0, Math.floor(bytes.length / 2)));
    return;
  }
  res.writeHead(out.status, {
    'Content-Type': JSON_TYPE,
    'Content-Length': bytes.length,
    ...out.headers,
  });
  res.end(bytes);
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const apiPath = opts.path ?? '/mm5/json.mvc';
  const accessToken = opts.accessToken ?? randomToken();
  const signingKey = opts.signingKey ?? randomSigningKey();
  const storeCode = opts.storeCode ?? 'SIM';
  const passphrase = opts.passphrase ?? 'simulator-passphrase';
  const state = new SimulatorState({
    storeCode,
    passphrase,
    seed: opts.seed ?? 1,
    orders: opts.orders ?? 0,
    generatorNow: opts.generatorNow,
    token: {
      token: accessToken,
      signingKey,
      enabled: true,
      requireTimestamp: true,
      requireSignature: true,
      timestampWindowSeconds: opts.timestampWindowSeconds ?? 60,
    },
  });

  const server = createServer((req, res) => {
    readBody(req)
      .then(async (body) => {
        const path = (req.url ?? '/').split('?')[0] ?? '';
        if (path === apiPath) {
          await serveApi(state, req, res, body);
        } else if (path === '/__sim' || path.startsWith('/__sim/')) {
          handleControl(state, req, res, body);
        } else {
          res.writeHead(404, { 'Content-Type': 'text/plain' });
          res.end('Not found');
        }
      })
      .catch((e: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
        }
        res.end(e instanceof Error ? e.message : 'error');
      });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const base = `http://${shownHost}:${port}`;
  return {
    endpointUrl: `${base}${apiPath}`,
    storeCode,
    accessToken,
    signingKey,
    passphrase,
    controlUrl: `${base}/__sim`,
    state,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
