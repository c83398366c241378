// Issue 5: the kubectl credential plugin (`infra credentials --destination NAME`) with a warm token cache: wall time
// of the whole process, against `node -e 0` started the same way. The server is stopped before measuring, so a
// run that needed the network would fail rather than look slow.
// Sizes: BENCH_CLI_RUNS (20).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BINARY } from '@infra/cli/testing';
import { startTestServer, TestClient } from '@infra/server/testing';
import { createDestination, must } from './lib/api.js';
import { envInt, runMain } from './lib/env.js';
import { printTable, type Row } from './lib/report.js';
import { nowMs, percentile } from './lib/stats.js';

const DESTINATION = 'bench-cli';

/** Runs a node process to its end; returns the wall time in ms and what it printed. */
function timeProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = nowMs() - t0;
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
      else resolve({ ms, stdout, code });
    });
  });
}

/** An INFRA_HOME logged in to the server as its admin, with the plugin's cache warmed by one real run. */
async function warmHome(home: string, plugin: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const server = await startTestServer({ database: 'postgres' });
  try {
    const admin = new TestClient(server.url, server.adminKey);
    await createDestination(admin, DESTINATION);
    const self = await must(admin.get<{ id: string; name: string }>('/api/users/self'), 200);
    // Tokens are signed only for a destination the user holds a grant on.
    await must(admin.post('/api/grants', { user: self.id, privilege: 'connect', resource: DESTINATION }), 201);
    const session = { accessKey: server.adminKey, userID: self.id, name: self.name };
    writeFileSync(
      join(home, 'config.json'),
      JSON.stringify({ version: 1, current: server.url, servers: [{ url: server.url, session }] }),
      { mode: 0o600 },
    );
    const first = await timeProcess(plugin, env);
    const cred = JSON.parse(first.stdout) as { kind?: string; status?: { token?: string } };
    if (cred.kind !== 'ExecCredential' || !cred.status?.token) throw new Error(`the plugin printed ${first.stdout}`);
  } finally {
    await server.stop();
  }
}

export async function runCliBench(runs: number): Promise<Row[]> {
  const home = mkdtempSync(join(tmpdir(), 'infra-bench-cli-'));
  try {
    const env = { PATH: process.env.PATH, HOME: home, INFRA_HOME: home };
    const plugin = [BINARY, 'credentials', '--destination', DESTINATION];
    await warmHome(home, plugin, env);
    const measured: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < runs; i++) {
      baseline.push((await timeProcess(['-e', '0'], env)).ms);
      measured.push((await timeProcess(plugin, env)).ms);
    }
    const row = (p: number): Row => ({
      metric: `infra credentials (warm cache), process wall time p${p}, ${runs} runs`,
      unit: 'ms',
      value: percentile(measured, p),
      baseline: percentile(baseline, p),
      target: { kind: 'max', limit: 100 },
    });
    return [row(50), row(95)];
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

runMain(import.meta.url, async () => {
  const runs = envInt('BENCH_CLI_RUNS', 20);
  printTable('cli (issue 5): baseline: `node -e 0`', await runCliBench(runs));
});
