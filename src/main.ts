import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { createBridgeApp } from './bridge-app';

// A stop takes at most 10 s. Every part stops by itself well within this (see BridgeApp.close);
// should something hang all the same (a database no longer answering), the process ends here,
// and what it cut off resumes on the next start like after a crash.
const SHUTDOWN_DEADLINE_MS = 9_500;

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const bridge = await createBridgeApp(config, { prettyLogs: process.stdout.isTTY });
  await bridge.app.listen(config.port, '0.0.0.0');
  const url = `http://localhost:${config.port}`;
  const database = config.embedded ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL server';
  process.stdout.write(
    `miva-oms-bridge listening on ${url} (${database}), ready in ${Math.round(performance.now())} ms\n` +
      `  health ${url}/health   docs ${url}/docs   metrics ${url}/metrics\n`,
  );
  if (bridge.generatedAdminKey !== undefined) {
    process.stdout.write(
      `\n  Admin API key (shown once, only its hash is stored):\n\n    ${bridge.generatedAdminKey}\n\n`,
    );
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    const started = performance.now();
    process.stdout.write(`${signal} received, shutting down\n`);
    setTimeout(() => {
      process.stderr.write(
        `shutdown still not done after ${SHUTDOWN_DEADLINE_MS} ms; exiting, the rest resumes on the next start\n`,
      );
      process.exit(0);
    }, SHUTDOWN_DEADLINE_MS).unref();
    bridge.close().then(
      () => {
        process.stdout.write(`stopped in ${Math.round(performance.now() - started)} ms\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  // A ConfigError found at start (a SECRET_KEY that does not match the database's) reads like one
  // found in the environment.
  process.stderr.write(
    error instanceof ConfigError
      ? `Configuration error: ${error.message}\n`
      : `miva-oms-bridge failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
