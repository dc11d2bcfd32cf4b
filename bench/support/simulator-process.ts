// The Miva simulator in its own process for benchmarks (a real Miva is remote): N orders from
// seed 1 queued, credentials read from its first stdout line.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface SimulatorCredentials {
  endpointUrl: string;
  storeCode: string;
  accessToken: string;
  signingKey: string;
}

export async function startSimulatorProcess(
  orders: number,
  nodeFlags: string[] = [],
): Promise<{ child: ChildProcess; creds: SimulatorCredentials }> {
  const root = join(__dirname, '..', '..');
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags,
      '-r',
      'ts-node/register/transpile-only',
      join(root, 'src/simulator/main.ts'),
      '--orders',
      String(orders),
      '--seed',
      '1',
    ],
    {
      cwd: root,
      env: { ...process.env, TS_NODE_PROJECT: join(root, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  // Keep draining its per-call log so the pipe never blocks it.
  lines.on('line', () => undefined);
  return { child, creds: JSON.parse(first) as SimulatorCredentials };
}
