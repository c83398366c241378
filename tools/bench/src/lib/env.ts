// Benchmark sizes come from BENCH_* variables; the defaults are the full targets of the issues.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A size from the environment: a positive integer, or 0 too where `min` is 0 (a size that may be none). */
export function envInt(name: string, fallback: number, min: 0 | 1 = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be ${min ? 'a positive' : 'a non-negative'} integer, got "${raw}"`);
  return n;
}

/** Runs a benchmark's main when its file is the process entry point; exits non-zero only on a crash. */
export function runMain(url: string, main: () => Promise<void>): void {
  if (process.argv[1] && fileURLToPath(url) === realpathSync(process.argv[1])) {
    main().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  }
}
