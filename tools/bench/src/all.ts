// `npm run bench`: every benchmark in turn, each in its own process (so one's leftovers cannot slow the next).
// Exits non-zero when a benchmark crashed; a MISS is a result, not a failure.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BENCHMARKS = ['grants', 'proxy', 'stream', 'cli', 'audit-ingest'] as const;

let crashed = 0;
for (const name of BENCHMARKS) {
  const script = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status !== 0) {
    crashed++;
    console.error(`benchmark ${name} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exit(crashed > 0 ? 1 : 0);
