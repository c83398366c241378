// Gives back the memory a burst of work leaves resident. Start-up (loading client-node) and the first reconcile pass
// (one binding written per grant) are such bursts; V8 grows its heap for their garbage, and afterwards a full GC frees
// the objects but keeps the pages pooled and resident. Only a memory-reducing GC returns them, and V8's memory
// reducer, which would run one, never does in the idle connector (it waits for an idle signal Node does not give).
// So the connector asks V8 for that GC itself, once quiet: after its first complete reconcile pass, whatever it wrote
// (a small destination idled at 108 MB committed for 48 MB used without it), and later after many writes
// (10,000 bindings: figures in tools/bench/README.md). A few writes (a grant changed, the periodic resync) are not
// worth a stop-the-world GC.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from './log.js';
import type { ReconcilePass } from './rbac/reconciler.js';

/** Writes since the last compaction that make another one worth its pause (~0.1–0.3 s for the connector's heap). */
export const COMPACT_AFTER_WRITES = 500;
/** How long after the last pass that wrote the connector must stay quiet (a burst often spans several passes). */
export const COMPACT_WHEN_QUIET_MS = 2_000;

export interface HeapCompactionOptions {
  logger: Logger;
  afterWrites?: number;
  quietMs?: number;
  /** The GC itself; specs count calls. */
  compact?: () => void;
}

export class HeapCompaction {
  private writes = 0;
  private firstPassDone = false;
  private compactions = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: HeapCompactionOptions) {}

  /** Counts what a reconcile pass did; when a compaction is due, runs it once the passes have been quiet a while. */
  passed(pass: ReconcilePass): void {
    this.writes += pass.writes;
    if (pass.complete) this.firstPassDone = true;
    if (!this.due()) return;
    // A pass that wrote nothing does not put off a compaction already waiting.
    if (this.timer && pass.writes === 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), this.opts.quietMs ?? COMPACT_WHEN_QUIET_MS);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** The rule: once after the first complete pass, and again whenever the writes since the last one add up. */
  private due(): boolean {
    if (this.firstPassDone && this.compactions === 0) return true;
    return this.writes >= (this.opts.afterWrites ?? COMPACT_AFTER_WRITES);
  }

  private run(): void {
    this.timer = undefined;
    const writes = this.writes;
    this.writes = 0;
    this.compactions++;
    const rssBefore = process.memoryUsage.rss();
    const started = performance.now();
    (this.opts.compact ?? compactHeap)();
    this.opts.logger.info(
      {
        writes,
        ms: Math.round(performance.now() - started),
        rssMbBefore: mb(rssBefore),
        rssMb: mb(process.memoryUsage.rss()),
      },
      'heap compacted after start-up or a burst of Kubernetes writes',
    );
  }
}

type Gc = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;
let gc: Gc | undefined;

/**
 * One memory-reducing full GC (V8's "last resort" collection, which also returns pooled pages to the system).
 * Operators need not start node with --expose-gc: set after start-up, the flag installs gc() in contexts created
 * from then on (not in the main one), so it is taken from a new context and the flag is turned off again.
 */
export function compactHeap(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as Gc;
    setFlagsFromString('--no-expose-gc');
  }
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}
