// CLI: `main.ts --port P [--orders N] [--seed S] [--host H] [--store CODE] [--access-token T]
// [--signing-key BASE64]`. The first stdout line is
// one JSON object {endpointUrl, storeCode, accessToken, signingKey}; human-readable logs follow.
import { startSimulator } from './simulator';

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) {
    return argv[i + 1];
  }
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

function intArg(argv: string[], name: string, fallback: number): number {
  const v = arg(argv, name);
  if (v === undefined) {
    return fallback;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative integer, got "${v}"\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const sim = await startSimulator({
    port: intArg(argv, 'port', 0),
    host: arg(argv, 'host'),
    orders: intArg(argv, 'orders', 0),
    seed: intArg(argv, 'seed', 1),
    storeCode: arg(argv, 'store'),
    accessToken: arg(argv, 'access-token'),
    signingKey: arg(argv, 'signing-key'),
  });
  process.stdout.write(
    JSON.stringify({
      endpointUrl: sim.endpointUrl,
      storeCode: sim.storeCode,
      accessToken: sim.accessToken,
      signingKey: sim.signingKey,
    }) + '\n',
  );
  const queued = sim.state.queueMembers.get('new_and_updated')?.size ?? 0;
  process.stdout.write(`Miva JSON API simulator listening on ${sim.endpointUrl}\n`);
  process.stdout.write(
    `  store ${sim.storeCode}; ${sim.state.orders.size} orders (${queued} in new_and_updated); HMAC-SHA256 signature and timestamp (60 s) required\n`,
  );
  process.stdout.write(`  control API (not Miva): ${sim.controlUrl}/state\n`);
  let lastSeq = 0;
  const ticker = setInterval(() => {
    const fresh = sim.state.log.filter((e) => e.seq > lastSeq);
    for (const e of fresh) {
      process.stdout.write(
        `${new Date(e.at).toISOString()} ${e.status} ${e.functions.join(',') || '-'}${e.error ? ` (${e.error})` : ''}\n`,
      );
    }
    lastSeq = fresh.at(-1)?.seq ?? lastSeq;
  }, 500);
  const stop = (signal: string): void => {
    clearInterval(ticker);
    process.stdout.write(`received ${signal}, stopping\n`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(
    `simulator failed to start: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exit(1);
});
