// Builds with `nest build` (and the console) when dist/ is missing or older than the sources. Used by `npm start`,
// `npm run demo`, `npm run simulator` and by the tests that spawn the real service.
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
// tsc leaves unchanged outputs alone, so a stamp written after each build marks its time.
const stamp = join(root, 'dist', '.build-stamp');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale() {
  const inputs = ['src', 'scripts', 'bench', 'console'].filter((d) => existsSync(join(root, d)));
  const newestSource = Math.max(...inputs.map((d) => newestMtime(join(root, d))));
  return !existsSync(stamp) || newestSource > statSync(stamp).mtimeMs;
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Builds if stale; concurrent callers (parallel test files) wait for one build. */
function ensureBuilt() {
  if (!isStale()) {
    return;
  }
  const lock = join(root, 'dist', '.build-lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${lock}; remove it if no build is running`);
      }
      sleepSync(200);
    }
  }
  try {
    if (isStale()) {
      build();
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function build() {
  process.stderr.write('Building…\n');
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // The support console served at /console (dist/console).
  execFileSync(process.execPath, [join(root, 'scripts', 'build-console.js')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  writeFileSync(stamp, new Date().toISOString());
}

module.exports = { ensureBuilt, root };

// `node scripts/ensure-built.js --stamp`, the last step of `npm run build`: what was just built
// is current, so the tests and `npm start` do not build it again.
if (require.main === module && process.argv.includes('--stamp')) {
  writeFileSync(stamp, new Date().toISOString());
}
