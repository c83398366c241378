// The connector's memory settings, measured side by side in one run: for each NODE_OPTIONS setting of the connector
// process (BENCH_CONNECTOR_NODE_OPTIONS, ';'-separated, "none" for no flags; default "none;--max-semi-space-size=1";
// given on its command line, because NODE_OPTIONS refuses some V8 flags such as --optimize-for-size),
// its RSS after idling and its latency and req/s under load (the rows of proxy.js); and the idle RSS of another
// build of the connector (BENCH_CONNECTOR_MAIN_BEFORE: a main.js path) next to this one's, for before/after.
// Sizes: BENCH_PROXY_REQUESTS (0: idle rows only), BENCH_CONCURRENCY, BENCH_IDLE_MS, BENCH_IDLE_GRANTS as in proxy.js.
import { runMain } from './lib/env.js';
import { printTable, type Row } from './lib/report.js';
import { connectorLatencyRows, sizesFromEnv, withProxyWorld } from './proxy.js';
import { idleRssRows, type IdleVariant } from './proxy/idle-rss.js';

runMain(import.meta.url, async () => {
  const sizes = sizesFromEnv();
  const settings = (process.env.BENCH_CONNECTOR_NODE_OPTIONS ?? 'none;--max-semi-space-size=1')
    .split(';')
    .map((s) => s.trim());
  const before = process.env.BENCH_CONNECTOR_MAIN_BEFORE;
  const rows = await withProxyWorld(async ({ stack, upstream, bare, kube, dir }) => {
    const out: Row[] = [];
    const idle: IdleVariant[] = [];
    // BENCH_CONNECTOR_BEFORE_OPTIONS: that build's settings (the image's: its bundle on jemalloc, see the README).
    const beforeOptions = process.env.BENCH_CONNECTOR_BEFORE_OPTIONS;
    if (before)
      idle.push({
        name: beforeOptions ? `before, ${beforeOptions}` : 'before',
        main: before,
        nodeOptions: beforeOptions,
      });
    settings.forEach((flags) =>
      idle.push({
        name: `this build, ${flags === 'none' ? 'no flags' : flags}`,
        nodeOptions: flags === 'none' ? undefined : flags,
      }),
    );
    // Idle processes side by side cost little; run them one after another so each idles alone.
    for (const v of idle) out.push(...(await idleRssRows(stack, kube, dir, sizes.idleMs, sizes.idleGrants, v)));
    // BENCH_PROXY_REQUESTS=0: the idle rows alone.
    for (const [i, flags] of sizes.requests > 0 ? settings.entries() : []) {
      const label = flags === 'none' ? 'no flags' : flags;
      const r = await connectorLatencyRows(
        stack,
        upstream,
        bare,
        `bench-mem-${i}`,
        sizes,
        flags === 'none' ? undefined : flags,
      );
      out.push(...r.map((row) => ({ ...row, metric: `${row.metric} [${label}]` })));
    }
    return out;
  });
  printTable(
    'connector memory settings: idle RSS (baseline: a bare node process) and throughput per NODE_OPTIONS',
    rows,
  );
});
