// Work every replica runs on an interval (pruning, signing-key upkeep): a slow round is never piled upon, the timer
// does not keep the process alive, and stopping waits for the round under way.
export class Periodic {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly everyMs: number,
    private readonly round: () => Promise<unknown>,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.round().finally(() => (this.running = undefined));
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
