// Small GETs straight to the upstream, through the connector proxy, and through a bare http-proxy hop: added
// latency at 1 connection, at N connections in a closed loop (each connection sends again as soon as it has its
// answer: the proxy's saturation) and in an open loop at a fixed offered rate below it; req/s at N connections.
import { client, getOk, type Client, type Endpoint } from '../lib/http.js';
import { openLoop, type OpenLoopResult } from '../lib/open-loop.js';
import type { Row } from '../lib/report.js';
import { percentile, timeCalls } from '../lib/stats.js';

const PATH = '/api/v1/namespaces/default/pods';

export interface Run {
  p50: number;
  p99: number;
  rps: number;
}

/** A closed-loop run of `requests` GETs over `concurrency` connections, after a warm-up. */
export async function run(target: Endpoint, concurrency: number, requests: number): Promise<Run> {
  const http = client(target, concurrency);
  try {
    return await measureRun(http, concurrency, requests);
  } catch (e) {
    throw new Error(`GET ${target.url}${PATH} at ${concurrency} connections failed: ${(e as Error).message}`, {
      cause: e,
    });
  } finally {
    http.close();
  }
}

async function measureRun(http: Client, concurrency: number, requests: number): Promise<Run> {
  // Open every connection and warm both ends before measuring.
  await Promise.all(Array.from({ length: concurrency * 2 }, () => getOk(http, PATH)));
  const { samples, elapsedMs } = await timeCalls(
    async () => void (await getOk(http, PATH)),
    { count: requests, maxMs: 30_000 },
    concurrency,
  );
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), rps: (samples.length / elapsedMs) * 1000 };
}

/** Open-loop run: `rate` requests per second in total over `concurrency` connections, after the same warm-up. */
async function openRun(target: Endpoint, concurrency: number, rate: number, requests: number): Promise<OpenLoopResult> {
  const http = client(target, concurrency);
  try {
    await Promise.all(Array.from({ length: concurrency * 2 }, () => getOk(http, PATH)));
    return await openLoop(() => getOk(http, PATH), { rate, requests, maxMs: 30_000 });
  } catch (e) {
    throw new Error(`open-loop GET ${target.url}${PATH} at ${rate} req/s failed: ${(e as Error).message}`, {
      cause: e,
    });
  } finally {
    http.close();
  }
}

export interface LatencyTargets {
  direct: Endpoint;
  connector: Endpoint;
  bare: Endpoint;
}

const OPEN_ROUNDS = 3;
const P50 = { kind: 'max', limit: 0.5, added: true } as const;
const P99 = { kind: 'max', limit: 2, added: true } as const;

export async function latencyRows(
  t: LatencyTargets,
  opts: { requests: number; concurrency: number; rate: number },
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of [1, opts.concurrency]) {
    // Interleaved direct/proxied runs, so that a burst of load from other processes hits both.
    const direct = await run(t.direct, c, opts.requests);
    const proxied = await run(t.connector, c, opts.requests);
    const loop = c === 1 ? '' : ' closed loop (saturation)';
    rows.push(
      {
        metric: `GET via connector, ${c} conn${loop}, p50`,
        unit: 'ms',
        value: proxied.p50,
        baseline: direct.p50,
        target: P50,
      },
      {
        metric: `GET via connector, ${c} conn${loop}, p99`,
        unit: 'ms',
        value: proxied.p99,
        baseline: direct.p99,
        target: P99,
      },
    );
  }
  rows.push(...(await openLoopRows(t, opts)));
  const bare = await run(t.bare, opts.concurrency, opts.requests);
  const connector = await run(t.connector, opts.concurrency, opts.requests);
  // At N connections a closed loop saturates the proxy's process, so its latency is mostly N / its req/s; the same
  // targets against the bare hop show what the connector adds over any proxy.
  rows.push(
    {
      metric: `req/s via connector vs bare http-proxy, ${opts.concurrency} conn`,
      unit: 'req/s',
      value: connector.rps,
      baseline: bare.rps,
      target: { kind: 'min-ratio', limit: 0.8 },
    },
    {
      metric: `GET via connector vs bare http-proxy, ${opts.concurrency} conn closed loop (saturation), p50`,
      unit: 'ms',
      value: connector.p50,
      baseline: bare.p50,
      target: P50,
    },
    {
      metric: `GET via connector vs bare http-proxy, ${opts.concurrency} conn closed loop (saturation), p99`,
      unit: 'ms',
      value: connector.p99,
      baseline: bare.p99,
      target: P99,
    },
  );
  return rows;
}

/**
 * The latency targets at N connections under an offered load well below saturation (open loop, `rate` req/s in
 * total): what a user sees from the proxy on a cluster that is not overloaded. Direct, bare hop and connector runs
 * alternate for OPEN_ROUNDS rounds and each figure is the median over the rounds, so that one burst of load from
 * elsewhere on the machine does not decide a row.
 */
async function openLoopRows(
  t: LatencyTargets,
  opts: { requests: number; concurrency: number; rate: number },
): Promise<Row[]> {
  const runs: Record<'direct' | 'bare' | 'connector', OpenLoopResult[]> = { direct: [], bare: [], connector: [] };
  for (let i = 0; i < OPEN_ROUNDS; i++) {
    for (const path of ['direct', 'bare', 'connector'] as const)
      runs[path].push(await openRun(t[path], opts.concurrency, opts.rate, opts.requests));
  }
  const median = (path: keyof typeof runs, stat: keyof OpenLoopResult) =>
    percentile(
      runs[path].map((r) => r[stat]),
      50,
    );
  const at = `${opts.concurrency} conn open loop ${opts.rate} req/s`;
  return [
    {
      metric: `GET via connector, ${at}, p50`,
      unit: 'ms',
      value: median('connector', 'p50'),
      baseline: median('direct', 'p50'),
      target: P50,
    },
    {
      metric: `GET via connector, ${at}, p99`,
      unit: 'ms',
      value: median('connector', 'p99'),
      baseline: median('direct', 'p99'),
      target: P99,
    },
    {
      metric: `GET via bare http-proxy, ${at}, p50`,
      unit: 'ms',
      value: median('bare', 'p50'),
      baseline: median('direct', 'p50'),
      target: P50,
    },
    {
      metric: `GET via bare http-proxy, ${at}, p99`,
      unit: 'ms',
      value: median('bare', 'p99'),
      baseline: median('direct', 'p99'),
      target: P99,
    },
    {
      metric: `req/s answered via connector, ${at}`,
      unit: 'req/s',
      value: median('connector', 'achieved'),
      baseline: median('direct', 'achieved'),
      target: { kind: 'min-ratio', limit: 0.95 },
    },
  ];
}
