#!/usr/bin/env node
// Builds the support console (console/, Preact + TypeScript) into dist/console: index.html, one
// hashed JS bundle and one hashed stylesheet under assets/. Run by `npm run build`, by
// scripts/ensure-built.js (npm start, npm run demo) and by the console's browser tests.
// The output is written to a temporary folder and swapped in, so a server reading dist/console
// while a build runs never sees half of one.
'use strict';
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { basename, join } = require('node:path');
const { gzipSync } = require('node:zlib');

const root = join(__dirname, '..');
const source = join(root, 'console');
const outDir = join(root, 'dist', 'console');
const stamp = join(outDir, '.build-stamp');

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when dist/console is missing or older than console/ (or this script). */
function consoleIsStale() {
  if (!existsSync(stamp)) {
    return true;
  }
  const newestSource = Math.max(newestMtime(source), statSync(__filename).mtimeMs);
  return newestSource > statSync(stamp).mtimeMs;
}

/** Builds the console; returns the bundle's file names and sizes in bytes. */
async function buildConsole() {
  const esbuild = require('esbuild');
  const temp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(join(temp, 'assets'), { recursive: true });
  const result = await esbuild.build({
    entryPoints: { app: join(source, 'src', 'main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome110', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    outdir: join(temp, 'assets'),
    metafile: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
    tsconfig: join(source, 'tsconfig.json'),
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const js = outputs.find((f) => f.endsWith('.js'));
  const css = outputs.find((f) => f.endsWith('.css'));
  if (!js || !css) {
    throw new Error(`console build produced ${outputs.join(', ')}`);
  }
  const html = readFileSync(join(source, 'index.html'), 'utf8')
    .replace('%JS%', js)
    .replace('%CSS%', css);
  writeFileSync(join(temp, 'index.html'), html);
  // Gzipped copies, served to browsers that accept gzip (src/common/http/console-static.ts).
  for (const file of [js, css]) {
    const path = join(temp, 'assets', file);
    writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
  }
  writeFileSync(join(temp, '.build-stamp'), new Date().toISOString());
  mkdirSync(join(root, 'dist'), { recursive: true });
  const old = `${outDir}.old-${process.pid}-${Date.now()}`;
  if (existsSync(outDir)) {
    renameSync(outDir, old);
  }
  renameSync(temp, outDir);
  rmSync(old, { recursive: true, force: true });
  const size = (f) => statSync(join(outDir, 'assets', f)).size;
  return {
    js,
    css,
    jsBytes: size(js),
    cssBytes: size(css),
    jsGzipBytes: size(`${js}.gz`),
    cssGzipBytes: size(`${css}.gz`),
  };
}

/** Builds only when stale (the tests and ensure-built call this). */
async function ensureConsoleBuilt() {
  if (consoleIsStale()) {
    await buildConsole();
  }
}

module.exports = { buildConsole, ensureConsoleBuilt, consoleIsStale, consoleDir: outDir };

if (require.main === module) {
  buildConsole().then(
    ({ js, css, jsBytes, cssBytes, jsGzipBytes, cssGzipBytes }) => {
      process.stdout.write(
        `console built: dist/console/assets/${js} (${jsBytes} B, gzip ${jsGzipBytes} B), ` +
          `${css} (${cssBytes} B, gzip ${cssGzipBytes} B)\n`,
      );
    },
    (error) => {
      process.stderr.write(
        `console build failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
