// Writes the OpenAPI spec to openapi.json, or with --check fails when the committed one drifted.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBridgeApp } from '../src/bridge-app';
import { loadConfig } from '../src/config/app-config';
import { buildOpenApiDocument } from '../src/openapi';

const SPEC_FILE = join(__dirname, '..', 'openapi.json');

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const dataDir = mkdtempSync(join(tmpdir(), 'bridge-openapi-'));
  const bridge = await createBridgeApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
  try {
    const spec = JSON.stringify(buildOpenApiDocument(bridge.app), null, 2) + '\n';
    if (!check) {
      writeFileSync(SPEC_FILE, spec);
      process.stdout.write(`wrote ${SPEC_FILE}\n`);
      return;
    }
    const committed = readFileSync(SPEC_FILE, 'utf8');
    if (committed !== spec) {
      process.stderr.write('openapi.json is out of date: run `npm run openapi` and commit it\n');
      process.exitCode = 1;
    } else {
      process.stdout.write('openapi.json is up to date\n');
    }
  } finally {
    await bridge.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
