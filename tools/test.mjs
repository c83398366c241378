#!/usr/bin/env node
// The one test command (`npm test`): builds everything, makes sure Postgres answers, gives this run
// its own database prefix, runs every project's tests through Nx, and ends with the line CI reads.
import { spawnSync, execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { runOnPinnedNode } from './pinned-node.mjs';

await runOnPinnedNode();
console.log(`Testing on node ${process.version} (${process.execPath})`);

const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' };

function pgAnswers() {
  return new Promise((resolve) => {
    const s = net.connect(5432, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

if (!env.INFRA_TEST_PG_URL) {
  if (!(await pgAnswers())) {
    console.log('Postgres is not answering on 127.0.0.1:5432; starting it');
    try {
      execSync('pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start', { stdio: 'inherit' });
    } catch (e) {
      console.error('could not start Postgres:', e.message);
    }
  }
  // Tests create their own databases (named with this prefix) through this admin URL and drop them.
  env.INFRA_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
}
env.INFRA_TEST_DB_PREFIX ??= `infra_t${Date.now().toString(36)}`;

/**
 * Debian packages the tests use, installed up front where missing and we may (before any test runs: apt holds a lock):
 * chromium for the browser tests (e2e/src/web), libjemalloc2 for the image test, whose connector stage copies it from
 * the host (deploy/docker/Dockerfile's `jemalloc` stage, run by hand).
 */
const DEBIAN_PACKAGES = [
  { name: 'chromium', file: '/usr/bin/chromium', for: 'the browser tests' },
  {
    name: 'libjemalloc2',
    file: `/usr/lib/${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu/libjemalloc.so.2`,
    for: 'the image test',
  },
];

function ensureDebianPackages() {
  const missing = DEBIAN_PACKAGES.filter((p) => !existsSync(p.file));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name).join(' ');
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    for (const p of missing)
      console.log(`${p.name} is missing (${p.file}): ${p.for} will fail; install it with apt-get install ${p.name}`);
    return;
  }
  console.log(`Installing ${names} for ${missing.map((p) => p.for).join(' and ')}`);
  try {
    execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${names}`, {
      stdio: 'inherit',
    });
  } catch (e) {
    console.error(`could not install ${names}:`, e.message);
  }
}

const results = mkdtempSync(join(tmpdir(), 'infra-test-results-'));
env.INFRA_TEST_RESULTS = results;

// `--lint` (what .ci/run passes) lints first; a lint failure counts as one failed test in the last line.
const args = process.argv.slice(2);
const lint = args.includes('--lint');
const extra = args.filter((a) => a !== '--lint');
let failedLint = false;
if (lint) {
  const l = spawnSync(process.execPath, ['tools/lint.mjs'], { stdio: 'inherit', env });
  failedLint = l.status !== 0;
}

ensureDebianPackages();

// The web UI first: its API types are generated from the OpenAPI document, and tsc -b checks the app with them.
const web = spawnSync(process.execPath, ['apps/web/build.mjs'], { stdio: 'inherit', env });
const build = web.status === 0 ? spawnSync('npx', ['tsc', '-b'], { stdio: 'inherit', env }) : web;
let failedBuild = build.status !== 0;

let nxStatus = 1;
if (!failedBuild) {
  // test is never cached (nx.json says why); the build tasks it depends on may be, their inputs being complete.
  const r = spawnSync('npx', ['nx', 'run-many', '-t', 'test', '--parallel=1', '--outputStyle=stream', ...extra], {
    stdio: 'inherit',
    env,
  });
  nxStatus = r.status ?? 1;
}

let passed = 0;
let failed = (failedBuild ? 1 : 0) + (failedLint ? 1 : 0);
let skipped = 0;
if (existsSync(results)) {
  for (const f of readdirSync(results)) {
    const c = JSON.parse(readFileSync(join(results, f), 'utf8'));
    passed += c.passed;
    failed += c.failed;
    skipped += c.skipped;
  }
  rmSync(results, { recursive: true, force: true });
}
// A project that crashed before its reporter ran counts as one failure.
if (nxStatus !== 0 && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && nxStatus === 0 ? 0 : 1);
