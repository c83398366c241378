// Issue 4, streams: exec and port-forward byte throughput with the real kubectl, through the connector against
// straight to the Kubernetes API test server (and against a bare TLS relay, what any hop costs), over WebSocket
// (kubectl's default) and SPDY/3.1. The test server, the connector and the relay each run in a process of their own
// (the bench's process holds the server, the byte source of the port-forward and the reader), so every path finds
// the API server equally idle; the paths alternate and each row reports the median of BENCH_STREAM_RUNS runs.
// Sizes: BENCH_STREAM_MB (64), BENCH_STREAM_RUNS (3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeKubeconfig } from '@infra/kube-testing';
import { createDestination, must } from './lib/api.js';
import { envInt, runMain } from './lib/env.js';
import { client } from './lib/http.js';
import { printTable, type Row } from './lib/report.js';
import { nowMs, percentile, waitUntil } from './lib/stats.js';
import { cpuMs } from './lib/child.js';
import { startConnectorProcess } from './proxy/connector-process.js';
import { execThroughput } from './proxy/exec.js';
import { startKubeProcess } from './proxy/kube-process.js';
import { startTlsRelayProcess } from './proxy/tls-relay.js';
import { portForwardThroughput, startSource } from './proxy/port-forward.js';
import { startStack, userToken, type Stack } from './proxy/stack.js';

const DESTINATION = 'bench-stream';
const POD = 'bench-stream';
const PORT = 8080;

export interface StreamBenchSizes {
  megabytes: number;
  runs: number;
}

export function sizesFromEnv(): StreamBenchSizes {
  return { megabytes: envInt('BENCH_STREAM_MB', 64), runs: envInt('BENCH_STREAM_RUNS', 3) };
}

type Measure = (kubeconfig: string) => Promise<number>;
type Path = 'direct' | 'relay' | 'connector';
const PATHS: Path[] = ['direct', 'relay', 'connector'];

/** CPU ms per MB of each process on each path (the "why" behind a ratio); `kube` is the test API server. */
export interface CpuReading {
  metric: string;
  kube: Record<Path, number>;
  hop: { relay: number; connector: number };
}

interface CompareOptions {
  runs: number;
  megabytes: number;
  kubeconfigs: Record<Path, string>;
  pids: { kube: number; relay: number; connector: number };
  cpu: CpuReading[];
}

/**
 * Median MB/s of `runs` runs on each path, alternated so that a burst of load from elsewhere hits all of them:
 * the connector against going direct (the target) and against the bare TLS relay (what any hop costs).
 */
async function compare(metric: string, measure: Measure, o: CompareOptions): Promise<Row[]> {
  const mbps: Record<Path, number[]> = { direct: [], relay: [], connector: [] };
  const kube: Record<Path, number> = { direct: 0, relay: 0, connector: 0 };
  const hop = { relay: 0, connector: 0 };
  for (let i = 0; i < o.runs; i++) {
    for (const path of PATHS) {
      const k0 = cpuMs(o.pids.kube);
      const h0 = path === 'direct' ? 0 : cpuMs(o.pids[path]);
      mbps[path].push(await measure(o.kubeconfigs[path]));
      kube[path] += cpuMs(o.pids.kube) - k0;
      if (path !== 'direct') hop[path] += cpuMs(o.pids[path]) - h0;
    }
  }
  const perMb = (ms: number) => ms / o.runs / o.megabytes;
  o.cpu.push({
    metric,
    kube: { direct: perMb(kube.direct), relay: perMb(kube.relay), connector: perMb(kube.connector) },
    hop: { relay: perMb(hop.relay), connector: perMb(hop.connector) },
  });
  const median = (p: Path) => percentile(mbps[p], 50);
  const target = { kind: 'min-ratio', limit: 0.8 } as const;
  return [
    { metric, unit: 'MB/s', value: median('connector'), baseline: median('direct'), target },
    {
      metric: `${metric} vs bare TLS relay`,
      unit: 'MB/s',
      value: median('connector'),
      baseline: median('relay'),
      target,
    },
  ];
}

/** Grants the stack's user `edit` on the destination; resolves once the proxy lets the user read the pod. */
async function grantEdit(stack: Stack, proxy: { url: string; ca: string }, token: string): Promise<void> {
  await must(stack.admin.post('/api/grants', { user: stack.user.id, privilege: 'edit', resource: DESTINATION }), 201);
  const http = client({ ...proxy, headers: { authorization: `Bearer ${token}` } });
  try {
    await waitUntil(async () => (await http.get(`/api/v1/namespaces/default/pods/${POD}`)).status === 200, nowMs(), {
      everyMs: 20,
      timeoutMs: 30_000,
    });
  } finally {
    http.close();
  }
}

export async function runStreamBench(sizes: StreamBenchSizes): Promise<{ rows: Row[]; cpu: CpuReading[] }> {
  const bytes = sizes.megabytes * 1e6;
  const dir = mkdtempSync(join(tmpdir(), 'infra-bench-stream-'));
  const stack = await startStack();
  const source = await startSource(bytes);
  const closers: (() => Promise<void>)[] = [() => stack.stop(), () => source.close()];
  try {
    const kube = await startKubeProcess({ pod: POD, port: PORT, target: source.address });
    closers.unshift(() => kube.close());
    const api = { url: kube.ready.url, caPem: kube.ready.caPem, token: kube.ready.adminToken };
    const accessKey = await createDestination(stack.admin, DESTINATION);
    const connector = await startConnectorProcess({
      grpcAddress: stack.server.grpcAddress,
      accessKey,
      destination: DESTINATION,
      api,
      fakeRbac: false,
    });
    closers.unshift(() => connector.close());
    const token = await userToken(stack, DESTINATION);
    await grantEdit(stack, { url: connector.ready.proxyUrl, ca: connector.ready.caPem }, token);
    const relay = await startTlsRelayProcess({ upstream: { url: api.url, caPem: api.caPem } });
    closers.unshift(() => relay.close());
    const kubeconfigs = {
      direct: writeKubeconfig(join(dir, 'direct.kubeconfig'), {
        server: api.url,
        caPem: api.caPem,
        credential: api.token,
      }),
      relay: writeKubeconfig(join(dir, 'relay.kubeconfig'), {
        server: relay.ready.url,
        caPem: relay.ready.caPem,
        credential: api.token,
      }),
      connector: writeKubeconfig(join(dir, 'connector.kubeconfig'), {
        server: connector.ready.proxyUrl,
        caPem: connector.ready.caPem,
        credential: token,
      }),
    };
    const mb = `${sizes.megabytes} MB`;
    const rows: Row[] = [];
    const cpu: CpuReading[] = [];
    const opts = {
      runs: sizes.runs,
      megabytes: sizes.megabytes,
      kubeconfigs,
      pids: { kube: kube.pid, relay: relay.pid, connector: connector.pid },
      cpu,
    };
    for (const [transport, env] of [
      ['WebSocket', {}],
      ['SPDY', { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false', KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' }],
    ] as const) {
      const portForward: Measure = (kc) => portForwardThroughput(kc, env, POD, PORT, bytes);
      const exec: Measure = (kc) => execThroughput(kc, env, POD, bytes);
      rows.push(...(await compare(`kubectl port-forward via connector, ${transport} (${mb})`, portForward, opts)));
      rows.push(...(await compare(`kubectl exec head -c via connector, ${transport} (${mb})`, exec, opts)));
    }
    return { rows, cpu };
  } finally {
    for (const close of closers) await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

runMain(import.meta.url, async () => {
  const sizes = sizesFromEnv();
  const { rows, cpu } = await runStreamBench(sizes);
  printTable(
    `streams (issue 4): baselines: kubectl straight to the Kubernetes API test server, median of ${sizes.runs} runs`,
    rows,
  );
  const f = (n: number) => n.toFixed(2);
  console.log('CPU ms per MB: test API server direct / via relay / via connector; bare TLS relay; connector');
  for (const c of cpu)
    console.log(
      `  ${c.metric}: ${f(c.kube.direct)} / ${f(c.kube.relay)} / ${f(c.kube.connector)}; ${f(c.hop.relay)}; ${f(c.hop.connector)}`,
    );
});
