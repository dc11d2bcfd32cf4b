#!/usr/bin/env node
// `npm start`, `npm run demo`, `npm run simulator`: build if needed, then run the compiled entry
// point in this very process (so signals reach it directly).
'use strict';
const { join } = require('node:path');
const { ensureBuilt, root } = require('./ensure-built');

const entries = {
  '--demo': 'dist/scripts/demo.js',
  '--simulator': 'dist/src/simulator/main.js',
};
const mode = process.argv[2];
const entry = join(root, entries[mode] ?? 'dist/src/main.js');
const args = entries[mode] ? process.argv.slice(3) : process.argv.slice(2);

ensureBuilt();
process.argv = [process.argv[0], entry, ...args];
require(entry);
