#!/usr/bin/env node
// The npm registry reachable here serves only this platform's builds of native packages, so
// `npm install` leaves the other platforms' optional binaries (@swc/core-darwin-arm64, …) out of
// package-lock.json, and `npm ci` then refuses the lock as out of sync. This adds a lock entry
// for each optional dependency that has none: npm ci skips an optional package it cannot fetch
// or that does not fit the platform, so the entries only have to exist.
// Run after changing dependencies: node scripts/lockfile-optional-stubs.js
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const file = join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${path}/node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) {
      continue;
    }
    const platform = name.match(
      /-(darwin|linux|win32|freebsd|android|openharmony|wasm32)-([a-z0-9]+)/,
    );
    packages[hoisted] = {
      version: version.replace(/^[\^~=]/, ''),
      dev: meta.dev,
      optional: true,
      ...(platform && platform[1] !== 'wasm32' ? { os: [platform[1]], cpu: [platform[2]] } : {}),
    };
    added += 1;
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
lock.packages = sorted;
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
process.stdout.write(`added ${added} optional lock entries\n`);
