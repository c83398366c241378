// Issue 4: the connector proxy and the change stream. Added latency and throughput against a minimal HTTPS
// upstream (also the baseline, direct and behind a bare http-proxy hop), grant/revoke propagation through server
// and connector into the Kubernetes API test server, fan-out of one change to many connectors, idle RSS.
// Exec and port-forward byte throughput are stream.ts's.
// Sizes: BENCH_PROXY_REQUESTS (2000 per run), BENCH_CONCURRENCY (64), BENCH_RATE (500 req/s in total, open loop),
// BENCH_PROPAGATIONS (20 rounds), BENCH_CONNECTORS (1000), BENCH_FANOUT_ROUNDS (5), BENCH_IDLE_MS (5000),
// BENCH_IDLE_GRANTS (10000: the idle connector's destination holds that many grants).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDestination } from './lib/api.js';
import { envInt, runMain } from './lib/env.js';
import { client, type Endpoint } from './lib/http.js';
import type { ChildProcessHandle } from './lib/child.js';
import { printTable, type Row } from './lib/report.js';
import { nowMs, waitUntil } from './lib/stats.js';
import { fanoutRows } from './proxy/fanout.js';
import { idleRssRows } from './proxy/idle-rss.js';
import { latencyRows } from './proxy/latency.js';
import { propagationRows, startKube } from './proxy/propagation.js';
import { startConnectorProcess, type ConnectorProxy } from './proxy/connector-process.js';
import { grantView, startStack, userToken, type Stack } from './proxy/stack.js';
import { startBareHopProcess, startUpstreamProcess, type Listening } from './proxy/upstream.js';

const FAST = 'bench-fast';

export interface ProxyBenchSizes {
  requests: number;
  concurrency: number;
  propagations: number;
  connectors: number;
  fanoutRounds: number;
  idleMs: number;
  /** Grants of the idle connector's destination, all rendered before it idles. */
  idleGrants: number;
  /** Offered request rate (per second, in total) of the open-loop latency rows. */
  rate: number;
}

export function sizesFromEnv(): ProxyBenchSizes {
  return {
    requests: envInt('BENCH_PROXY_REQUESTS', 2000, 0), // 0: no latency rows
    concurrency: envInt('BENCH_CONCURRENCY', 64),
    propagations: envInt('BENCH_PROPAGATIONS', 20),
    connectors: envInt('BENCH_CONNECTORS', 1000),
    fanoutRounds: envInt('BENCH_FANOUT_ROUNDS', 5),
    idleMs: envInt('BENCH_IDLE_MS', 5000),
    idleGrants: envInt('BENCH_IDLE_GRANTS', 10_000, 0),
    rate: envInt('BENCH_RATE', 500),
  };
}

/**
 * A connector process (started with `nodeOptions`) in front of `upstream` for a new destination `name` the stack's
 * user has a grant on; resolves once it answers that user, with the endpoint to load it through.
 */
export async function startLoadedConnector(
  stack: Stack,
  upstream: Listening,
  name: string,
  nodeOptions?: string,
): Promise<{ child: ChildProcessHandle<ConnectorProxy>; endpoint: Endpoint }> {
  const accessKey = await createDestination(stack.admin, name);
  await grantView(stack, name);
  const child = await startConnectorProcess(
    {
      grpcAddress: stack.server.grpcAddress!,
      accessKey,
      destination: name,
      api: { url: upstream.url, caPem: upstream.caPem, token: 'unused' },
      fakeRbac: true,
    },
    nodeOptions,
  );
  try {
    const endpoint = {
      url: child.ready.proxyUrl,
      ca: child.ready.caPem,
      headers: { authorization: `Bearer ${await userToken(stack, name)}` },
    };
    const probe = client(endpoint);
    try {
      await waitUntil(async () => (await probe.get('/version')).status === 200, nowMs(), {
        everyMs: 20,
        timeoutMs: 20_000,
      });
    } finally {
      probe.close();
    }
    return { child, endpoint };
  } catch (e) {
    await child.close();
    throw e;
  }
}

/** Latency and req/s through a connector process (started with `nodeOptions`) for a new destination `name`. */
export async function connectorLatencyRows(
  stack: Stack,
  upstream: Listening,
  bare: Listening,
  name: string,
  sizes: ProxyBenchSizes,
  nodeOptions?: string,
): Promise<Row[]> {
  const fast = await startLoadedConnector(stack, upstream, name, nodeOptions);
  try {
    return await latencyRows(
      {
        direct: { url: upstream.url, ca: upstream.caPem },
        bare: { url: bare.url, ca: bare.caPem },
        connector: fast.endpoint,
      },
      sizes,
    );
  } finally {
    await fast.child.close();
  }
}

/** The processes every proxy benchmark measures against: the Infra server, the upstream, a bare hop, a test API server. */
export interface ProxyWorld {
  stack: Stack;
  upstream: Listening;
  bare: Listening;
  kube: Awaited<ReturnType<typeof startKube>>;
  dir: string;
}

/** Starts the world, runs `fn` in it, and stops everything whatever happens. */
export async function withProxyWorld<T>(fn: (world: ProxyWorld) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'infra-bench-'));
  const stack = await startStack();
  const upstream = await startUpstreamProcess();
  const bare = await startBareHopProcess(upstream);
  const kube = await startKube();
  try {
    return await fn({ stack, upstream, bare, kube, dir });
  } finally {
    await kube.stop();
    await bare.close();
    await upstream.close();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runProxyBench(sizes: ProxyBenchSizes): Promise<Row[]> {
  return withProxyWorld(async ({ stack, upstream, bare, kube, dir }) => {
    // The connector under load runs in a process of its own, like the upstream and the bare hop: the client's
    // work does not queue on its event loop.
    const rows: Row[] = [];
    if (sizes.requests > 0) rows.push(...(await connectorLatencyRows(stack, upstream, bare, FAST, sizes)));
    rows.push(...(await propagationRows(stack, kube, sizes.propagations)));
    rows.push(...(await idleRssRows(stack, kube, dir, sizes.idleMs, sizes.idleGrants)));
    rows.push(...(await fanoutRows(stack, sizes.connectors, sizes.fanoutRounds)));
    return rows;
  });
}

runMain(import.meta.url, async () => {
  const sizes = sizesFromEnv();
  const rows = await runProxyBench(sizes);
  printTable(`proxy (issue 4): baselines: direct to the upstream, a bare http-proxy hop, a bare node process`, rows);
});
