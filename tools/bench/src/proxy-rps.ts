// Issue 4's req/s row in detail: the connector against a bare http-proxy hop at N connections (closed loop), in
// alternated rounds, with the CPU each request costs every process it touches (from /proc): the hop itself (the
// connector or the bare hop), the Infra server (storing audit events) and Postgres. What `proxy.js` reports as one
// ratio, this splits into where the time goes; it is the before/after check for work on the proxy's request path.
// Sizes: BENCH_PROXY_REQUESTS (6000 per round), BENCH_CONCURRENCY (64), BENCH_RPS_ROUNDS (3, after one warm-up round).
// BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the connector (and the other children).
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { cpuMs } from './lib/child.js';
import { envInt, runMain } from './lib/env.js';
import type { Endpoint } from './lib/http.js';
import { printTable, type Row } from './lib/report.js';
import { percentile } from './lib/stats.js';
import { startLoadedConnector } from './proxy.js';
import { run } from './proxy/latency.js';
import { startStack } from './proxy/stack.js';
import { startBareHopProcess, startUpstreamProcess } from './proxy/upstream.js';

/** CPU ms of every Postgres process (the server's backends come and go with its pool). */
function postgresCpuMs(): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) total += cpuMs(Number(pid));
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

interface Round {
  rps: number;
  hopUs: number;
  serverUs: number;
  postgresUs: number;
}

/** One closed-loop run; CPU is read again after the audit batches of the run had time to be stored. */
async function measure(
  target: Endpoint,
  pids: { hop: number; server: number },
  concurrency: number,
  requests: number,
): Promise<Round> {
  const before = { hop: cpuMs(pids.hop), server: cpuMs(pids.server), pg: postgresCpuMs() };
  const r = await run(target, concurrency, requests);
  const hopMs = cpuMs(pids.hop) - before.hop;
  await new Promise((resolve) => setTimeout(resolve, 1500)); // the connector flushes audit every second
  const done = requests + concurrency * 2; // run() warms up with 2 requests per connection
  const per = (ms: number) => (ms * 1000) / done;
  return {
    rps: r.rps,
    hopUs: per(hopMs),
    serverUs: per(cpuMs(pids.server) - before.server),
    postgresUs: per(postgresCpuMs() - before.pg),
  };
}

runMain(import.meta.url, async () => {
  const requests = envInt('BENCH_PROXY_REQUESTS', 6000);
  const concurrency = envInt('BENCH_CONCURRENCY', 64);
  const rounds = envInt('BENCH_RPS_ROUNDS', 3);
  const stack = await startStack();
  const upstream = await startUpstreamProcess();
  const bare = await startBareHopProcess(upstream);
  const { child: connector, endpoint: viaConnector } = await startLoadedConnector(stack, upstream, 'bench-rps');
  const load: number[] = [loadavg()[0]!];
  try {
    const viaBare = { url: bare.url, ca: bare.caPem };
    // A round on each path first, not counted: the JIT warms up over the first few thousand requests.
    await measure(viaBare, { hop: bare.pid!, server: stack.serverPid }, concurrency, requests);
    await measure(viaConnector, { hop: connector.pid, server: stack.serverPid }, concurrency, requests);
    const runs: Record<'bare' | 'connector', Round[]> = { bare: [], connector: [] };
    for (let i = 0; i < rounds; i++) {
      runs.bare.push(await measure(viaBare, { hop: bare.pid!, server: stack.serverPid }, concurrency, requests));
      runs.connector.push(
        await measure(viaConnector, { hop: connector.pid, server: stack.serverPid }, concurrency, requests),
      );
      load.push(loadavg()[0]!);
      const [b, c] = [runs.bare[i]!, runs.connector[i]!];
      console.error(
        `round ${i + 1}: req/s ${c.rps.toFixed(0)} / ${b.rps.toFixed(0)} = ${(c.rps / b.rps).toFixed(3)}; CPU µs/request connector ${c.hopUs.toFixed(0)} (server ${c.serverUs.toFixed(0)}, postgres ${c.postgresUs.toFixed(0)}), bare hop ${b.hopUs.toFixed(0)} (server ${b.serverUs.toFixed(0)}, postgres ${b.postgresUs.toFixed(0)}); load ${loadavg()[0]!.toFixed(2)}`,
      );
    }
    const median = (path: keyof typeof runs, stat: keyof Round) =>
      percentile(
        runs[path].map((r) => r[stat]),
        50,
      );
    const at = `${concurrency} conn, median of ${rounds}`;
    const cpu = (what: string, stat: keyof Round): Row => ({
      metric: `CPU per request, ${what}, via connector (baseline: via bare hop), ${at}`,
      unit: 'µs',
      value: median('connector', stat),
      baseline: median('bare', stat),
      target: { kind: 'max', limit: Infinity },
    });
    const rows: Row[] = [
      {
        metric: `req/s via connector vs bare http-proxy, ${at}`,
        unit: 'req/s',
        value: median('connector', 'rps'),
        baseline: median('bare', 'rps'),
        target: { kind: 'min-ratio', limit: 0.8 },
      },
      cpu('the hop', 'hopUs'),
      cpu('the Infra server', 'serverUs'),
      cpu('Postgres', 'postgresUs'),
    ];
    printTable(`proxy req/s (issue 4): load average ${load.map((l) => l.toFixed(2)).join(' → ')}`, rows);
  } finally {
    await connector.close();
    await bare.close();
    await upstream.close();
    await stack.stop();
  }
});
