// Percentiles and bounded measuring loops: every loop stops at a count or a time budget, whichever comes first.

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface Budget {
  count: number;
  /** Stop early after this long, keeping what was measured. */
  maxMs: number;
}

/** Runs `once` up to `budget.count` times by `concurrency` workers; returns each call's duration in ms. */
export async function timeCalls(
  once: () => Promise<void>,
  budget: Budget,
  concurrency = 1,
): Promise<{ samples: number[]; elapsedMs: number }> {
  const samples: number[] = [];
  const start = nowMs();
  let started = 0;
  const worker = async () => {
    while (started < budget.count && nowMs() - start < budget.maxMs) {
      started++;
      const t0 = nowMs();
      await once();
      samples.push(nowMs() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { samples, elapsedMs: nowMs() - start };
}

/** Polls `check` every `everyMs` until it is true; returns when it became true (ms from `since`). */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  since: number,
  opts: { everyMs?: number; timeoutMs?: number } = {},
): Promise<number> {
  const timeout = opts.timeoutMs ?? 30_000;
  for (;;) {
    if (await check()) return nowMs() - since;
    if (nowMs() - since > timeout) throw new Error(`condition not met within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 2));
  }
}
