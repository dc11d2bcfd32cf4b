// An in-memory embedded Postgres (the app's own EmbeddedPostgres) in its own process, for one test
// file: jest's module sandbox cannot load PGlite (it needs dynamic import()), so tests reach it over
// loopback exactly as the app does. Prints `{"url": …}` once listening; exits when stdin closes.
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';

async function main(): Promise<void> {
  const embedded = await EmbeddedPostgres.start(undefined);
  process.stdout.write(JSON.stringify({ url: embedded.url }) + '\n');
  const stop = (): void => {
    embedded
      .stop()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
