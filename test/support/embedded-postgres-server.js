// Runs an in-memory PGlite behind the Postgres wire protocol in its own process, for one test file.
// Jest's module sandbox cannot load PGlite (it needs dynamic import()), so tests talk to it over
// loopback exactly as the app does. Prints `{"url": …}` once listening; exits when stdin closes.
'use strict';
const { PGlite } = require('@electric-sql/pglite');
const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');

async function main() {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 64 });
  await server.start();
  process.stdout.write(
    JSON.stringify({ url: `postgres://postgres@${server.getServerConn()}/postgres` }) + '\n',
  );
  const stop = () =>
    server
      .stop()
      .then(() => db.close())
      .finally(() => process.exit(0));
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + '\n');
  process.exit(1);
});
