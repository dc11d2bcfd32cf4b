// Cold start of the built service: spawn → GET /health answers 200, on a fresh embedded DATA_DIR
// and on a fresh database of the PostgreSQL server (DATABASE_URL, default the local server).
// Run: npm run bench:startup
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureBuilt } from '../scripts/ensure-built';
import { freePort } from '../test/support/service-process';

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUNS = 3;

async function coldStartMs(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'src', 'main.js')], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (res.status === 200) {
          return performance.now() - started;
        }
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) {
        throw new Error(`service exited with ${child.exitCode}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function withAdmin(work: (c: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  ensureBuilt();
  const embedded: number[] = [];
  const restart: number[] = [];
  const server: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'bridge-start-'));
    embedded.push(await coldStartMs({ DATA_DIR: dataDir }));
    restart.push(await coldStartMs({ DATA_DIR: dataDir }));
    rmSync(dataDir, { recursive: true, force: true });

    const db = `bench_start_${Date.now()}`;
    await withAdmin((c) => c.query(`CREATE DATABASE "${db}"`));
    const url = new URL(SERVER_URL);
    url.pathname = `/${db}`;
    const dataDir2 = mkdtempSync(join(tmpdir(), 'bridge-start-'));
    server.push(await coldStartMs({ DATABASE_URL: url.toString(), DATA_DIR: dataDir2 }));
    rmSync(dataDir2, { recursive: true, force: true });
    await withAdmin((c) => c.query(`DROP DATABASE "${db}" WITH (FORCE)`));
  }
  const fmt = (xs: number[]): string =>
    `median ${Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN)} ms (runs: ${xs.map((x) => Math.round(x)).join(', ')})`;
  console.log(`cold start to healthy, fresh embedded DATA_DIR: ${fmt(embedded)}`);
  console.log(`restart to healthy, same embedded DATA_DIR:      ${fmt(restart)}`);
  console.log(`cold start to healthy, fresh server database:   ${fmt(server)}`);
}

void main();
