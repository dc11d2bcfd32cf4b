import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { ensureBuilt } from '../../scripts/ensure-built';
import { freePort } from '../support/service-process';

// `npm run demo` as a user runs it (scripts/start.js --demo), in an empty directory, twice: the
// second start reuses the data, the key and the registered store.

const ROOT = join(__dirname, '..', '..');

async function runDemo(
  cwd: string,
  port: number,
): Promise<{ stdout: string; stop(): Promise<number | null> }> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [join(ROOT, 'scripts', 'start.js'), '--demo'],
    {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port) },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 90_000;
  while (!/Ctrl-C stops the demo/.test(stdout)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`demo did not come up:\n${stdout}\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    stdout,
    stop: async () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

describe('npm run demo', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'bridge-demo-'));

  beforeAll(() => {
    ensureBuilt();
  });

  afterAll(() => {
    rmSync(cwd, { recursive: true, force: true });
  });

  it('needs no setup, prints a working key, feed URL and curl line, and restarts idempotently', async () => {
    const port = await freePort();
    const first = await runDemo(cwd, port);
    const key = /Admin API key\s+(\S+)/.exec(first.stdout)?.[1] ?? '';
    const feed = /OMS feed\s+(\S+)/.exec(first.stdout)?.[1] ?? '';
    const storeId = /Store\s+([0-9a-f-]{36})/.exec(first.stdout)?.[1];
    expect(first.stdout).toMatch(/first download: 300 orders read, 300 new/);
    expect(first.stdout).toContain(`curl -s -H 'Authorization: Bearer ${key}' '${feed}'`);
    const res = await request(feed, { headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode).toBe(200);
    const page = (await res.body.json()) as { data: unknown[] };
    expect(page.data.length).toBe(100);
    expect(statSync(join(cwd, 'data', 'demo', 'admin-api-key')).mode & 0o777).toBe(0o600);
    expect(await first.stop()).toBe(0);

    const second = await runDemo(cwd, port);
    expect(second.stdout).toContain(`Admin API key   ${key}`);
    expect(second.stdout).toContain(`Store           ${storeId}`);
    expect(await second.stop()).toBe(0);
  });

  it("keeps the simulator's orders across a restart: same dates, revisions and acknowledgements", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-demo-restart-'));
    try {
      const port = await freePort();
      const first = await runDemo(dir, port);
      const key = /Admin API key\s+(\S+)/.exec(first.stdout)?.[1] ?? '';
      const storeId = /Store\s+([0-9a-f-]{36})/.exec(first.stdout)?.[1] ?? '';
      const auth = { authorization: `Bearer ${key}` };
      const base = `http://127.0.0.1:${port}`;
      // The console URL opens on the demo store.
      const consoleUrl = /Console\s+(\S+)/.exec(first.stdout)?.[1] ?? '';
      expect(consoleUrl).toBe(`${base}/console/#/stores/${storeId}`);
      const page = await request(consoleUrl.split('#')[0]!);
      expect(page.statusCode).toBe(200);
      expect(await page.body.text()).toContain('<div id="app">');

      const orders = async () => {
        const res = await request(`${base}/api/v1/orders?storeId=${storeId}&limit=500`, {
          headers: auth,
        });
        const body = (await res.body.json()) as {
          data: { id: string; sourceOrderId: number; revision: number; acknowledged: boolean }[];
        };
        return new Map(body.data.map((o) => [o.sourceOrderId, o]));
      };
      const simOrder = async (stdout: string, id: number) => {
        const control = /control: (\S+)\/state/.exec(stdout)?.[1] ?? '';
        const res = await request(`${control}/orders/${id}`);
        const o = (await res.body.json()) as { orderdate: number; dt_updated: number };
        return { orderdate: o.orderdate, dt_updated: o.dt_updated };
      };
      const before = await orders();
      expect(before.size).toBe(300);
      const acked = [...before.values()].slice(0, 5);
      const ack = await request(`${base}/api/v1/orders/acknowledgements`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ orders: acked.map((o) => ({ id: o.id, revision: o.revision })) }),
      });
      expect(ack.statusCode).toBe(200);
      const sample = acked[0]!.sourceOrderId;
      const simBefore = await simOrder(first.stdout, sample);
      expect(await first.stop()).toBe(0);

      const second = await runDemo(dir, port);
      // The orders were acknowledged to Miva by the first run and are no longer queued.
      expect(second.stdout).toMatch(/first download: 0 orders read, 0 new, 0 changed/);
      expect(await simOrder(second.stdout, sample)).toEqual(simBefore);
      const after = await orders();
      expect(after.size).toBe(300);
      for (const [id, o] of before) {
        expect({ id, revision: after.get(id)?.revision }).toEqual({ id, revision: o.revision });
      }
      expect(acked.map((o) => after.get(o.sourceOrderId)?.acknowledged)).toEqual([
        true,
        true,
        true,
        true,
        true,
      ]);
      expect(await second.stop()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Two starts of the demo, each downloading or checking 300 orders.
  }, 150_000);
});
