// One connector's view of the change log: a snapshot (or a resume point), then every later entry for its
// destination, in order. There is no polling: ChangesService.subscribe() hints that entries were committed
// (on this replica directly, on others through LISTEN/NOTIFY) and the feed reads since() from its cursor
// until it has caught up. Hints that arrive while it reads are folded into one more read. All feeds of a
// replica wake on the same hint at the same cursor, so they share one read of the log (SharedLogReader).
import { Injectable } from '@nestjs/common';
import type { connector } from '@infra/proto';
import { Clock } from '../common/clock.js';
import type { ChangeRecord } from '../modules/changes/change.types.js';
import { ChangesService } from '../modules/changes/changes.service.js';
import { SnapshotRepository } from './snapshot.repository.js';
import { toChangeMessage } from './stream-messages.js';

const BATCH = 500;

/** What a feed needs of the change log and of the snapshot reader (narrowed so unit specs can fake them). */
export interface ChangeLog {
  subscribe(listener: (sequence: number) => void): () => void;
  /** Entries of every destination after `sequence`, oldest first. */
  since(sequence: number, opts: { limit: number }): Promise<ChangeRecord[]>;
}
export type SnapshotSource = Pick<SnapshotRepository, 'build' | 'logBounds'>;

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
    private readonly clock: Clock,
    private readonly destination: string,
    private readonly sink: FeedSink,
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
      const snapshot = await this.snapshots.build(this.destination, this.clock.now());
      await this.sink.send({ snapshot });
      this.cursor = snapshot.sequence;
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
    const { oldest, newest } = await this.snapshots.logBounds();
    // Ahead of the log: the connector followed another database. Behind it: entries were pruned.
    return resumeFrom <= newest && resumeFrom >= oldest - 1;
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
        if ((await this.readBatch()) === BATCH) this.again = true;
      }
    } catch (e) {
      if (!this.stopped) this.sink.failed(e);
    } finally {
      this.draining = false;
    }
  }

  private async readBatch(): Promise<number> {
    const batch = await this.changes.since(this.cursor, { limit: BATCH });
    for (const entry of batch) {
      if (this.stopped) break;
      if (entry.destination === null || entry.destination === this.destination) {
        const change = toChangeMessage(entry);
        if (change) await this.sink.send({ change });
        this.sink.sent(entry);
      }
      this.cursor = entry.sequence;
    }
    return batch.length;
  }
}

/**
 * One read of the log for every feed at the same cursor. A feed joins a read in flight only if no hint
 * arrived since it started: a read begun before an entry committed must not stand in for the read that
 * entry's hint asks for.
 */
export class SharedLogReader implements ChangeLog {
  private generation = 0;
  private readonly inFlight = new Map<number, { generation: number; entries: Promise<ChangeRecord[]> }>();
  private readonly listeners = new Set<(sequence: number) => void>();

  constructor(private readonly log: Pick<ChangesService, 'subscribe' | 'since'>) {
    log.subscribe((sequence) => {
      this.generation++;
      for (const listener of this.listeners) listener(sequence);
    });
  }

  subscribe(listener: (sequence: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  since(sequence: number, opts: { limit: number }): Promise<ChangeRecord[]> {
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

  constructor(
    changes: ChangesService,
    private readonly snapshots: SnapshotRepository,
    private readonly clock: Clock,
  ) {
    this.reader = new SharedLogReader(changes);
  }

  open(destination: string, sink: FeedSink): ChangeFeed {
    return new ChangeFeed(this.reader, this.snapshots, this.clock, destination, sink);
  }
}
