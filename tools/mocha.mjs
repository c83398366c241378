#!/usr/bin/env node
// Runs one project's compiled specs (dist/**/*.spec.js) with mocha. Tests run on compiled JS so
// that decorator metadata (which Nest DI needs) is present. Extra arguments go to mocha.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function specs(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...specs(p));
    else if (entry.endsWith('.spec.js')) out.push(p);
  }
  return out.sort();
}

const files = specs('dist');
if (files.length === 0) {
  console.log('no specs in this project\n0 passed, 0 failed');
  process.exit(0);
}
const mocha = require.resolve('mocha/bin/mocha.js');
const args = [
  mocha,
  '--reporter',
  join(here, 'mocha-reporter.cjs'),
  '--timeout',
  process.env.MOCHA_TIMEOUT ?? '30000',
  '--exit',
  ...process.argv.slice(2),
  ...files,
];
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(r.status ?? 1);
