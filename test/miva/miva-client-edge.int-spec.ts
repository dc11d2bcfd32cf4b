import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MivaAttemptEvent, MivaClient } from '../../src/modules/miva/miva-client';
import { MivaError, PROCESSED_SHORT } from '../../src/modules/miva/miva-errors';
import { MivaApi } from '../../src/modules/miva/miva-api';

// Protocol corners the simulator does not produce, served by a plain HTTP server that answers
// each request with the next scripted reply. Everything goes over real sockets.

interface Seen {
  headers: IncomingMessage['headers'];
  body: Buffer;
}

type Reply = (req: Seen, res: ServerResponse) => void;

const TOKEN = 'edge-token-0123456789abcdef';
const KEY = Buffer.from('edge signing key bytes, 32 long!').toString('base64');

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

describe('MivaClient protocol corners (scripted HTTP server)', () => {
  let server: Server;
  let url: string;
  let script: Reply[] = [];
  let seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const entry = { headers: req.headers, body: Buffer.concat(chunks) };
        seen.push(entry);
        const reply = script.shift();
        if (!reply) {
          json(res, 500, { error: 'no scripted reply' });
          return;
        }
        reply(entry, res);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mm5/json.mvc`;
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  beforeEach(() => {
    script = [];
    seen = [];
  });

  const events: MivaAttemptEvent[] = [];
  const client = (extra: Partial<ConstructorParameters<typeof MivaClient>[1]> = {}) =>
    new MivaClient(
      { endpointUrl: url, storeCode: 'EDGE', accessToken: TOKEN, signingKey: KEY },
      {
        baseDelayMs: 1,
        maxDelayMs: 5,
        onAttempt: (e) => events.push(e),
        ...extra,
      },
    );

  it('re-stamps once with the server clock from its Date header after a timestamp rejection', async () => {
    const serverNow = Date.now() + 3600_000; // the server's clock runs an hour ahead
    const dateHeader = { date: new Date(serverNow).toUTCString() };
    script = [
      (_req, res) =>
        json(
          res,
          200,
          {
            success: 0,
            error_code: 'access_denied',
            error_message: 'Timestamp outside configured window',
          },
          dateHeader,
        ),
      (req, res) => {
        const ts = (JSON.parse(req.body.toString()) as { Miva_Request_Timestamp: number })
          .Miva_Request_Timestamp;
        const ok = Math.abs(ts - serverNow / 1000) < 5;
        json(
          res,
          200,
          ok
            ? { success: 1, data: { ts } }
            : {
                success: 0,
                error_code: 'access_denied',
                error_message: 'Timestamp outside configured window',
              },
          dateHeader,
        );
      },
      // Later requests are stamped with the corrected clock straight away.
      (req, res) => {
        const ts = (JSON.parse(req.body.toString()) as { Miva_Request_Timestamp: number })
          .Miva_Request_Timestamp;
        json(res, 200, { success: 1, data: { ts } }, dateHeader);
      },
    ];
    const c = client();
    const first = await c.call<{ ts: number }>('MivaMerchantVersion');
    expect(Math.abs(first.data.ts - serverNow / 1000)).toBeLessThan(5);
    const second = await c.call<{ ts: number }>('MivaMerchantVersion');
    expect(Math.abs(second.data.ts - serverNow / 1000)).toBeLessThan(5);
    expect(seen).toHaveLength(3);
    await c.close();
  });

  it('does not loop on a timestamp rejection when the clocks agree', async () => {
    script = [
      (_req, res) =>
        json(res, 200, {
          success: 0,
          error_code: 'access_denied',
          error_message: 'Timestamp outside configured window',
        }),
    ];
    const c = client();
    await expect(c.call('MivaMerchantVersion')).rejects.toMatchObject({ kind: 'access_denied' });
    expect(seen).toHaveLength(1);
    await c.close();
  });

  it('treats 416 as final and 401 as access_denied (web server auth), without retries', async () => {
    script = [
      (_req, res) => {
        res.writeHead(206, { 'content-type': 'application/json', 'content-range': '1/3' });
        res.end(JSON.stringify([{ success: 1, data: 1 }]));
      },
      (_req, res) =>
        json(
          res,
          416,
          { success: 0, error_code: 'MER-JSN-00032', error_message: 'Range Not Satisfiable' },
          { 'content-range': '*/3' },
        ),
      (_req, res) => {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="x"' });
        res.end('<html>401</html>');
      },
    ];
    const c = client();
    const ops = [{ function: 'A_Load' }, { function: 'B_Load' }, { function: 'C_Load' }];
    const error = await c.multicall(ops).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MivaError);
    expect(error).toMatchObject({
      kind: 'range_not_satisfiable',
      code: 'MER-JSN-00032',
      completedOperations: 1,
    });
    expect(seen[1]?.headers.range).toBe('Operations=2-3');
    await expect(c.call('MivaMerchantVersion')).rejects.toMatchObject({
      kind: 'access_denied',
      httpStatus: 401,
    });
    expect(seen).toHaveLength(3);
    await c.close();
  });

  it('rejects a 206 whose Content-Range contradicts its body', async () => {
    script = [
      (_req, res) => {
        res.writeHead(206, { 'content-type': 'application/json', 'content-range': '2/5' });
        res.end(JSON.stringify([{ success: 1 }]));
      },
    ];
    const c = client();
    const ops = Array.from({ length: 3 }, () => ({ function: 'X_Load' }));
    await expect(c.multicall(ops)).rejects.toMatchObject({
      kind: 'bad_response',
      completedOperations: 0,
    });
    await c.close();
  });

  it('honours Retry-After on 503 and 429', async () => {
    script = [
      (_req, res) => {
        res.writeHead(429, { 'retry-after': '1' });
        res.end();
      },
      (_req, res) => json(res, 200, { success: 1, data: 'ok' }),
    ];
    events.length = 0;
    const c = client({ maxDelayMs: 2000, sleep: () => Promise.resolve() });
    await expect(c.call('X_Load')).resolves.toMatchObject({ data: 'ok' });
    expect(events[0]).toMatchObject({ statusCode: 429, retryInMs: 1000 });
    await c.close();
  });

  it('sends basic auth from the URL and keeps it and the token out of errors', async () => {
    script = [
      (req, res) => {
        // A broken proxy page that echoes what it got: the client must not repeat it.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(
          `<html>${String(req.headers.authorization)} ${String(req.headers['x-miva-api-authorization'])}</html>`,
        );
      },
      (_req, res) =>
        json(res, 200, {
          success: 0,
          error_code: 'weird',
          error_message: `token ${TOKEN} and key ${KEY}`,
        }),
    ];
    const withAuth = url.replace('http://', 'http://shop:s3cretpass@');
    const c = new MivaClient(
      { endpointUrl: withAuth, storeCode: 'EDGE', accessToken: TOKEN, signingKey: KEY },
      { maxRetries: 0 },
    );
    const first = (await c.call('X_Update').catch((e: unknown) => e)) as MivaError;
    expect(first.kind).toBe('bad_response');
    expect(first.outcomeUnknown).toBe(true);
    expect(seen[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('shop:s3cretpass').toString('base64')}`,
    );
    const second = (await c.call('X_Update').catch((e: unknown) => e)) as MivaError;
    for (const error of [first, second]) {
      const text = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('s3cretpass');
    }
    expect(second.message).toContain('[redacted]');
    expect(c.endpoint).not.toContain('s3cretpass');
    await c.close();
  });

  it('reports success with processed short of what was sent, never as plain success', async () => {
    script = [
      (req, res) => {
        const body = JSON.parse(req.body.toString()) as { Order_IDs: number[] };
        json(res, 200, { success: 1, processed: body.Order_IDs.length - 1 });
      },
      (_req, res) => json(res, 200, { success: 1 }),
    ];
    const c = client();
    const api = new MivaApi(c);
    const ack = await api.acknowledgeOrders([1, 2, 3]);
    expect(ack).toMatchObject({ expected: 3, processed: 2, short: true });
    expect(ack.warnings).toEqual([
      {
        identifier: '',
        code: PROCESSED_SHORT,
        message: expect.stringContaining('processed 2 of 3'),
      },
    ]);
    // No `processed` at all is flagged too.
    const bare = await c.call('OrderList_Acknowledge', {}, { expectedProcessed: 4 });
    expect(bare.shortfall).toEqual({ expected: 4, processed: 0 });
    expect(bare.warnings[0]?.code).toBe(PROCESSED_SHORT);
    await c.close();
  });

  it('aborts a slow answer after timeoutMs and does not retry a non-idempotent write', async () => {
    script = [
      (_req, res) => {
        setTimeout(() => json(res, 200, { success: 1 }), 500);
      },
    ];
    const c = client({ timeoutMs: 100 });
    const error = (await c
      .call('ProductList_Adjust_Inventory', {})
      .catch((e: unknown) => e)) as MivaError;
    expect(error).toMatchObject({ kind: 'timeout', outcomeUnknown: true, attempts: 1 });
    expect(seen).toHaveLength(1);
    await c.close();
  });
});
