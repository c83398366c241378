// Small GETs straight to the upstream, through the connector proxy, and through a bare http-proxy hop: added
// latency at 1 and N concurrent connections, and requests per second at N connections.
import { client, getOk, type Client, type Endpoint } from '../lib/http.js';
import type { Row } from '../lib/report.js';
import { percentile, timeCalls } from '../lib/stats.js';

const PATH = '/api/v1/namespaces/default/pods';

interface Run {
  p50: number;
  p99: number;
  rps: number;
}

async function run(target: Endpoint, concurrency: number, requests: number): Promise<Run> {
  const http = client(target, concurrency);
  try {
    return await measureRun(http, concurrency, requests);
  } catch (e) {
    throw new Error(`GET ${target.url}${PATH} at ${concurrency} connections failed: ${(e as Error).message}`, { cause: e });
  } finally {
    http.close();
  }
}

async function measureRun(http: Client, concurrency: number, requests: number): Promise<Run> {
  // Open every connection and warm both ends before measuring.
  await Promise.all(Array.from({ length: concurrency * 2 }, () => getOk(http, PATH)));
  const { samples, elapsedMs } = await timeCalls(async () => void (await getOk(http, PATH)), { count: requests, maxMs: 30_000 }, concurrency);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), rps: (samples.length / elapsedMs) * 1000 };
}

export interface LatencyTargets {
  direct: Endpoint;
  connector: Endpoint;
  bare: Endpoint;
}

export async function latencyRows(t: LatencyTargets, opts: { requests: number; concurrency: number }): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of [1, opts.concurrency]) {
    // Interleaved direct/proxied runs, so that a burst of load from other processes hits both.
    const direct = await run(t.direct, c, opts.requests);
    const proxied = await run(t.connector, c, opts.requests);
    rows.push(
      { metric: `GET via connector, ${c} conn, p50`, unit: 'ms', value: proxied.p50, baseline: direct.p50, target: { kind: 'max', limit: 0.5, added: true } },
      { metric: `GET via connector, ${c} conn, p99`, unit: 'ms', value: proxied.p99, baseline: direct.p99, target: { kind: 'max', limit: 2, added: true } },
    );
  }
  const bare = await run(t.bare, opts.concurrency, opts.requests);
  const connector = await run(t.connector, opts.concurrency, opts.requests);
  // At N connections a closed loop saturates the proxy's process, so its latency is mostly N / its req/s; the same
  // targets against the bare hop show what the connector adds over any proxy.
  rows.push(
    {
      metric: `req/s via connector vs bare http-proxy, ${opts.concurrency} conn`, unit: 'req/s', value: connector.rps, baseline: bare.rps,
      target: { kind: 'min-ratio', limit: 0.8 },
    },
    { metric: `GET via connector vs bare http-proxy, ${opts.concurrency} conn, p50`, unit: 'ms', value: connector.p50, baseline: bare.p50, target: { kind: 'max', limit: 0.5, added: true } },
    { metric: `GET via connector vs bare http-proxy, ${opts.concurrency} conn, p99`, unit: 'ms', value: connector.p99, baseline: bare.p99, target: { kind: 'max', limit: 2, added: true } },
  );
  return rows;
}
