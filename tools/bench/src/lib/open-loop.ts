// Open-loop load (wrk2-style): requests are sent on a fixed schedule at `rate` per second whatever the answers do,
// over up to `connections` keep-alive connections, and each latency is taken from the request's scheduled send
// time, so a stall also counts against the requests that could not be sent during it (no coordinated omission).
import { nowMs, percentile } from './stats.js';

export interface OpenLoopResult {
  p50: number;
  p99: number;
  /** Requests answered per second over the run (below `rate` when the target cannot keep up). */
  achieved: number;
}

/** Sends `requests` calls of `call` at `rate` per second (bounded by `maxMs`); `call` rejects on a wrong answer. */
export async function openLoop(
  call: () => Promise<unknown>,
  opts: { rate: number; requests: number; maxMs: number },
): Promise<OpenLoopResult> {
  const interval = 1000 / opts.rate;
  const samples: number[] = [];
  const inFlight: Promise<void>[] = [];
  const start = nowMs();
  let failure: unknown;
  const send = (scheduled: number) =>
    inFlight.push(
      call().then(
        () => void samples.push(nowMs() - scheduled),
        (e: unknown) => void (failure ??= e),
      ),
    );
  // Every request that is due goes out at once; between them the client sleeps (no busy wait: on a small machine
  // a spinning client would take CPU from the processes it measures). A late timer counts against the request.
  let i = 0;
  while (i < opts.requests && !failure && i * interval <= opts.maxMs) {
    for (const now = nowMs(); i < opts.requests && start + i * interval <= now; i++) send(start + i * interval);
    await new Promise((r) => setTimeout(r, Math.max(0, start + i * interval - nowMs())));
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    achieved: (samples.length / (nowMs() - start)) * 1000,
  };
}
