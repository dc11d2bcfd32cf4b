import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';

const ROOT = join(__dirname, '..', '..');

/** The real service (`npm start`'s entry) in a child process, for tests that need a process. */
export class ServiceProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Starts `node scripts/start.js [args]` with exactly `env` (plus PATH/HOME). */
  static start(env: Record<string, string>, args: string[] = []): ServiceProcess {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    return new ServiceProcess(child);
  }

  /** Resolves once stdout matches, rejects if the process exits first or time runs out. */
  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.stdout.match(pattern);
      if (match) {
        return match;
      }
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `no ${pattern} in output; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null) {
      this.child.kill(signal);
    }
    return this.exited;
  }
}

/** Where and as whom a test runs the service: port, database, data dir, admin and secret keys. */
export interface ServiceSetup {
  port: number;
  databaseUrl: string;
  dataDir: string;
  adminKey: string;
  secretKey: string;
}

/** Starts the service for `setup` (plus `env`) and waits until it listens. */
export async function startService(
  setup: ServiceSetup,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  const service = ServiceProcess.start({
    PORT: String(setup.port),
    DATABASE_URL: setup.databaseUrl,
    DATA_DIR: setup.dataDir,
    ADMIN_API_KEY: setup.adminKey,
    SECRET_KEY: setup.secretKey,
    ...env,
  });
  await service.waitFor(/listening on/, 60_000);
  return service;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') {
    throw new Error('no port');
  }
  return address.port;
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** JSON calls to the service on `port` (a ServiceProcess), with `key` as the bearer. */
export function serviceApi(
  port: number | Promise<number>,
  key: string,
): <T = unknown>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
) => Promise<ApiAnswer<T>> {
  return async <T>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
  ) => {
    const res = await request(`http://127.0.0.1:${await port}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: (text === '' ? undefined : JSON.parse(text)) as T };
  };
}
