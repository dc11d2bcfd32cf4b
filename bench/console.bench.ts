// The console's first load in Chromium (Debian's, driven by playwright-core), on this machine:
// the JavaScript it downloads (bytes on the wire, gzip) and the time to interactive, cold (a new
// browser context each time, nothing cached), for the sign-in screen and for the stores screen
// of a signed-in tab with its data. Run: npm run bench:console
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureConsoleBuilt } from '../scripts/build-console';
import { createBridgeApp } from '../src/bridge-app';
import { loadConfig } from '../src/config/app-config';
import { startSimulator } from '../src/simulator/simulator';
import { launchChromium } from '../test/console/console-browser';

const RUNS = 15;
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

interface Sample {
  jsWireBytes: number;
  jsBytes: number;
  cssWireBytes: number;
  interactiveMs: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

async function main(): Promise<void> {
  await ensureConsoleBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-console-'));
  const sim = await startSimulator({ orders: 50, seed: 5 });
  const bridge = await createBridgeApp(
    loadConfig({ DATA_DIR: dataDir, ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'silent' }),
  );
  await bridge.app.listen(0, '127.0.0.1');
  const { port } = bridge.app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  const browser = await launchChromium();
  try {
    // One store with its orders, so the stores screen has rows and health to load.
    const res = await fetch(`${base}/api/v1/stores`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Bench store',
        endpointUrl: sim.endpointUrl,
        storeCode: sim.storeCode,
        accessToken: sim.accessToken,
        signingKey: sim.signingKey,
      }),
    });
    if (res.status !== 201) {
      throw new Error(`store: ${res.status} ${await res.text()}`);
    }

    const load = async (signedIn: boolean): Promise<Sample> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      if (signedIn) {
        await context.addInitScript(
          `sessionStorage.setItem('miva-oms-bridge.apiKey', ${JSON.stringify(ADMIN_KEY)})`,
        );
      }
      // Interactive: the screen a person acts on is rendered (its control takes input), noted in
      // the page itself when it appears, so the driver's own latency is not counted.
      const ready = signedIn
        ? 'table.stores .badge-ok, table.stores .badge-warning'
        : '#api-key:not([disabled])';
      await context.addInitScript(`new MutationObserver((_, observer) => {
        if (document.querySelector(${JSON.stringify(ready)})) {
          window.__interactive = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });`);
      const page = await context.newPage();
      await page.goto(`${base}/console`);
      // Polled with evaluate: waitForFunction would need eval, which the console's CSP forbids.
      while ((await page.evaluate('window.__interactive')) === undefined) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const sample = await page.evaluate<Sample>(`(() => {
        const entries = performance.getEntriesByType('resource');
        const of = (ext) => entries.filter((e) => e.name.endsWith(ext));
        const sum = (list, key) => list.reduce((n, e) => n + e[key], 0);
        return {
          jsWireBytes: sum(of('.js'), 'encodedBodySize'),
          jsBytes: sum(of('.js'), 'decodedBodySize'),
          cssWireBytes: sum(of('.css'), 'encodedBodySize'),
          interactiveMs: window.__interactive,
        };
      })()`);
      await context.close();
      return sample;
    };

    for (const signedIn of [false, true]) {
      await load(signedIn); // warm the server's file cache and Chromium's process
      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i++) {
        samples.push(await load(signedIn));
      }
      const first = samples[0]!;
      const times = samples.map((s) => s.interactiveMs);
      process.stdout.write(
        `${signedIn ? 'stores screen (signed in, with health)' : 'sign-in screen'}: ` +
          `JS ${first.jsWireBytes} B on the wire (gzip; ${first.jsBytes} B unpacked), ` +
          `CSS ${first.cssWireBytes} B; time to interactive from navigation start ` +
          `median ${median(times).toFixed(0)} ms, p95 ${p95(times).toFixed(0)} ms (${RUNS} cold loads)\n`,
      );
    }
  } finally {
    await browser.close();
    await bridge.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
