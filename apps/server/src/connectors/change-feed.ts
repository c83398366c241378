// One connector's view of the change log: a snapshot (or a resume point), then every later entry for its
// destination, in order. There is no polling: ChangesService.subscribe() hints that entries were committed
// (on this replica directly, on others through LISTEN/NOTIFY) and the feed reads since() from its cursor
// until it has caught up. Hints that arrive while it reads are folded into one more read. All feeds of a
// replica wake on the same hint at the same cursor, so they share one read of the log (SharedLogReader).
// The log is pruned (change-log-pruner.ts): a feed that finds its cursor behind the pruned point sends a
// fresh snapshot instead of the entries it can no longer read, then follows on from the snapshot.
import { Injectable } from '@nestjs/common';
import type { connector } from '@infra/proto';
import type { ChangeRecord } from '../modules/changes/change.types.js';
import { ChangesService } from '../modules/changes/changes.service.js';
import { SnapshotService, type DestinationSnapshot } from '../modules/changes/snapshot.service.js';
import { LogBoundsRepository } from './log-bounds.repository.js';
import { snapshotParts } from './snapshot-parts.js';
import { toChangeMessage } from './stream-messages.js';

const BATCH = 500;

/**
 * Entries of every destination after a sequence, oldest first, and how far the log had been pruned once they
 * were read (read after them: a prune that removed entries this read would have returned is always seen).
 */
export interface LogRead {
  entries: ChangeRecord[];
  prunedThrough: number;
}

/** What a feed needs of the change log and of the snapshot reader (narrowed so unit specs can fake them). */
export interface ChangeLog {
  subscribe(listener: (sequence: number) => void): () => void;
  since(sequence: number, opts: { limit: number }): Promise<LogRead>;
}
export interface SnapshotSource {
  snapshot(destination: string): Promise<DestinationSnapshot>;
  /** Entries up to `prunedThrough` may be gone; `newest` is the log's head. */
  logBounds(): Promise<{ prunedThrough: number; newest: number }>;
}

export interface FeedSink {
  /** Resolves when the message is handed to the transport (waits while its buffer is full). */
  send(msg: connector.ServerMessage): Promise<void>;
  /** Called after each entry is sent: lets the session react to its own credential being revoked. */
  sent(change: ChangeRecord): void;
  /** Reading the log failed: the session ends so the connector reconnects and resumes. */
  failed(err: unknown): void;
}

export class ChangeFeed {
  private cursor = 0;
  private ready = false;
  private stopped = false;
  private reading: Promise<void> | undefined;
  private draining = false;
  private again = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly changes: ChangeLog,
    private readonly snapshots: SnapshotSource,
    private readonly destination: string,
    private readonly sink: FeedSink,
    private readonly snapshotPartBytes?: number,
  ) {
    // Subscribed before the snapshot is read, so nothing committed meanwhile goes unnoticed.
    this.unsubscribe = changes.subscribe(() => this.kick());
  }

  /** Sends a snapshot unless the log still holds everything after `resumeFrom`; then follows the log. */
  async start(resumeFrom: number): Promise<'resumed' | 'snapshot'> {
    let how: 'resumed' | 'snapshot' = 'snapshot';
    if (await this.canResume(resumeFrom)) {
      this.cursor = resumeFrom;
      how = 'resumed';
    } else {
      await this.sendSnapshot();
    }
    this.ready = true;
    this.kick();
    return how;
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
  }

  /** Settles once any read in progress has finished (for an orderly shutdown). */
  async idle(): Promise<void> {
    await this.reading;
  }

  private async canResume(resumeFrom: number): Promise<boolean> {
    if (resumeFrom <= 0) return false;
    const { prunedThrough, newest } = await this.snapshots.logBounds();
    // Ahead of the log: the connector followed another database. Behind it: entries were pruned.
    return resumeFrom <= newest && resumeFrom >= prunedThrough;
  }

  /** The snapshot in parts of bounded size, one after the other; the feed goes on from its sequence. */
  private async sendSnapshot(): Promise<void> {
    const snapshot = await this.snapshots.snapshot(this.destination);
    for (const part of snapshotParts(snapshot, this.snapshotPartBytes)) {
      if (this.stopped) return;
      await this.sink.send({ snapshot: part });
    }
    // A snapshot sent mid-stream stands in for entries never read, the revocation of the stream's own key among them.
    const at = new Date();
    for (const payload of snapshot.revocations) {
      this.sink.sent({ sequence: snapshot.sequence, kind: 'revocation', destination: null, payload, at });
    }
    this.cursor = snapshot.sequence;
  }

  private kick(): void {
    if (!this.ready || this.stopped) return;
    this.again = true;
    if (!this.draining) this.reading = this.drain();
  }

  // `again` is checked and `draining` cleared in the same synchronous step, so a hint is never lost
  // between the last read and the end of the loop.
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.again && !this.stopped) {
        this.again = false;
        if (await this.readBatch()) this.again = true;
      }
    } catch (e) {
      if (!this.stopped) this.sink.failed(e);
    } finally {
      this.draining = false;
    }
  }

  /** Sends what the log holds after the cursor; true when there may be more to read. */
  private async readBatch(): Promise<boolean> {
    const { entries: batch, prunedThrough } = await this.changes.since(this.cursor, { limit: BATCH });
    if (this.cursor < prunedThrough) {
      // Entries this connector has not had may be gone: the snapshot stands in for them.
      await this.sendSnapshot();
      return true;
    }
    for (const entry of batch) {
      if (this.stopped) break;
      if (entry.destination === null || entry.destination === this.destination) {
        const change = toChangeMessage(entry);
        if (change) await this.sink.send({ change });
        this.sink.sent(entry);
      }
      this.cursor = entry.sequence;
    }
    return batch.length === BATCH;
  }
}

/**
 * One read of the log for every feed at the same cursor. A feed joins a read in flight only if no hint
 * arrived since it started: a read begun before an entry committed must not stand in for the read that
 * entry's hint asks for.
 */
export class SharedLogReader implements ChangeLog {
  private generation = 0;
  private readonly inFlight = new Map<number, { generation: number; entries: Promise<LogRead> }>();
  private readonly listeners = new Set<(sequence: number) => void>();

  constructor(private readonly log: ChangeLog) {
    log.subscribe((sequence) => this.hint(sequence));
  }

  /**
   * Wakes every feed as if entries had been committed. Hints can be lost (NOTIFY is not delivered while
   * the LISTEN connection reconnects); a periodic nudge bounds how long a feed can lag because of that.
   */
  nudge(): void {
    this.hint(0);
  }

  subscribe(listener: (sequence: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private hint(sequence: number): void {
    this.generation++;
    for (const listener of this.listeners) listener(sequence);
  }

  since(sequence: number, opts: { limit: number }): Promise<LogRead> {
    const current = this.inFlight.get(sequence);
    if (current?.generation === this.generation) return current.entries;
    const read = { generation: this.generation, entries: this.log.since(sequence, { limit: opts.limit }) };
    this.inFlight.set(sequence, read);
    const forget = () => {
      if (this.inFlight.get(sequence) === read) this.inFlight.delete(sequence);
    };
    read.entries.then(forget, forget);
    return read.entries;
  }
}

/** Makes the feed of each connector stream. */
@Injectable()
export class ChangeFeeds {
  private readonly reader: SharedLogReader;
  private readonly snapshots: SnapshotSource;

  constructor(changes: ChangesService, snapshots: SnapshotService, bounds: LogBoundsRepository) {
    this.reader = new SharedLogReader({
      subscribe: (listener) => changes.subscribe(listener),
      since: async (sequence, opts) => {
        const entries = await changes.since(sequence, opts);
        return { entries, prunedThrough: await bounds.prunedThrough() };
      },
    });
    this.snapshots = { snapshot: (d) => snapshots.snapshot(d), logBounds: () => bounds.logBounds() };
  }

  open(destination: string, sink: FeedSink): ChangeFeed {
    return new ChangeFeed(this.reader, this.snapshots, destination, sink);
  }

  /** Every feed on this replica checks the log (one shared read when they are caught up). */
  nudge(): void {
    this.reader.nudge();
  }
}
