import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  dispose(): Promise<void>;
}

/**
 * A fresh, empty database for one test file: a new database on the server at DATABASE_URL when it
 * is set, otherwise an in-memory embedded PGlite served on loopback. Either way the app reaches it
 * through the same `pg` driver and runs the real migrations.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl === undefined || serverUrl === '') {
    return startEmbeddedServer();
  }
  const name = `bridge_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dispose: async () => {
      await withAdminClient(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}

async function withAdminClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An in-memory embedded Postgres in a child process (see embedded-postgres-server.ts). */
async function startEmbeddedServer(): Promise<TestDatabase> {
  const script = join(__dirname, 'embedded-postgres-server.ts');
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => resolve((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`embedded Postgres exited with ${code}`)));
  });
  return {
    url,
    dispose: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
