// Smoke test: each benchmark runs to the end with tiny sizes and prints its table. No timing is asserted here;
// speed targets are the benchmarks' own PASS/MISS column.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const TINY: Record<string, string> = {
  BENCH_GRANTS: '1000',
  BENCH_REQUESTS: '20',
  BENCH_PROXY_REQUESTS: '50',
  BENCH_CONCURRENCY: '8',
  BENCH_PROPAGATIONS: '2',
  BENCH_CONNECTORS: '10',
  BENCH_FANOUT_ROUNDS: '1',
  BENCH_IDLE_MS: '500',
  BENCH_IDLE_GRANTS: '20',
  BENCH_STREAM_MB: '2',
  BENCH_STREAM_RUNS: '1',
  BENCH_CLI_RUNS: '2',
  BENCH_AUDIT_CONNECTORS: '5',
  BENCH_AUDIT_RATE: '100',
  BENCH_AUDIT_SECONDS: '1',
  BENCH_AUDIT_FLUSH_MS: '200',
};

function runBenchmark(name: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, ...TINY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function assertTable(out: { code: number | null; stdout: string; stderr: string }, rows: RegExp[]): void {
  assert.equal(out.code, 0, out.stderr || out.stdout);
  assert.match(out.stdout, /\| metric +\| value +\| baseline +\| ratio +\| target +\| result +\|/);
  for (const row of rows) assert.match(out.stdout, row);
  assert.doesNotMatch(out.stdout, /\| (NaN|-) [a-zA-Z/]+ +\|/, 'every metric has a value');
}

describe('benchmarks (tiny sizes, no timing asserted)', function () {
  this.timeout(150_000);

  it('the grants benchmark seeds grants and prints page and decision latencies', async () => {
    assertTable(await runBenchmark('grants'), [
      /GET \/api\/grants\?destination=.*\| (PASS|MISS) +\|/,
      /connector decision .*\| (PASS|MISS) +\|/,
    ]);
  });

  it('the proxy benchmark prints latency, request rate, propagation, fan-out and idle memory', async () => {
    assertTable(await runBenchmark('proxy'), [
      /GET via connector, 1 conn, p50/,
      /GET via connector, 8 conn open loop \d+ req\/s, p99/,
      /req\/s via connector vs bare http-proxy/,
      /grant → RoleBinding/,
      /revoke → proxy refuses/,
      /one change → all 10 connectors/,
      /connector process RSS/,
    ]);
  });

  it('the stream benchmark prints exec and port-forward throughput over WebSocket and SPDY', async () => {
    assertTable(await runBenchmark('stream'), [
      /port-forward via connector, WebSocket .*\| (PASS|MISS) +\|/,
      /exec head -c via connector, WebSocket .*\| (PASS|MISS) +\|/,
      /port-forward via connector, SPDY .*vs bare TLS relay/,
      /exec head -c via connector, SPDY .*vs bare TLS relay/,
    ]);
  });

  it('the cli benchmark times the credential plugin against node -e 0', async () => {
    assertTable(await runBenchmark('cli'), [/infra credentials \(warm cache\).*p50/]);
  });

  it('the audit-ingest benchmark prints the stored rate, INSERT latency and drain time from simulated connectors', async () => {
    assertTable(await runBenchmark('audit-ingest'), [
      /stored events\/s vs offered \(5 connectors, 100 events\/s, 1 s\)/,
      /proxy_audit INSERT p99/,
      /all events stored, after the last batch/,
      /server event-loop delay p99/,
    ]);
  });
});
