// Retry delays (the server stream's reconnects, the namespace watch's relists): exponential with "equal jitter" (half fixed, half random), so that connectors cut off by the same server restart do not all
// come back in the same instant.
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  random?: () => number; // [0, 1); injectable for tests
}

export class Backoff {
  private attempt = 0;

  constructor(private readonly opts: BackoffOptions) {}

  /** The delay before the next attempt; each call doubles the ceiling up to maxMs. */
  next(): number {
    const ceiling = Math.min(this.opts.maxMs, this.opts.initialMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    const r = (this.opts.random ?? Math.random)();
    return Math.round(ceiling / 2 + (r * ceiling) / 2);
  }

  /** True until a delay has been handed out since the last reset: the first failure after things worked. */
  get fresh(): boolean {
    return this.attempt === 0;
  }

  reset(): void {
    this.attempt = 0;
  }
}
