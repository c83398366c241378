import assert from 'node:assert/strict';
import type { connector } from '@infra/proto';
import { Clock } from '../common/clock.js';
import type { ChangeRecord } from '../modules/changes/change.types.js';
import { ChangeFeed, SharedLogReader, type ChangeLog, type FeedSink, type SnapshotSource } from './change-feed.js';
import type { SnapshotData } from './snapshot.repository.js';

/** An in-memory change log: append() commits an entry and hints subscribers, as ChangesService does. */
class FakeLog implements ChangeLog {
  readonly entries: ChangeRecord[] = [];
  readonly reads: number[] = [];
  private readonly listeners = new Set<(sequence: number) => void>();
  /** Runs inside the next since() call, before it answers (an entry committed mid-read). */
  duringNextRead: (() => void) | undefined;

  append(destination: string | null, id = `g${this.entries.length + 1}`): number {
    const sequence = this.entries.length + 1;
    this.entries.push({ sequence, destination, at: new Date(), kind: 'grant_removed', payload: { id } });
    for (const l of this.listeners) l(sequence);
    return sequence;
  }

  subscribe(listener: (sequence: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async since(sequence: number, opts: { limit: number }): Promise<ChangeRecord[]> {
    this.reads.push(sequence);
    const answer = this.entries.filter((e) => e.sequence > sequence).slice(0, opts.limit);
    const hook = this.duringNextRead;
    this.duringNextRead = undefined;
    hook?.();
    return answer;
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}

class FakeSnapshots implements SnapshotSource {
  builds = 0;
  constructor(private readonly log: FakeLog) {}

  async build(): Promise<SnapshotData> {
    this.builds++;
    return { sequence: this.log.entries.length, grants: [], users: [], groups: [], signingKeys: [], revocations: [] };
  }

  async logBounds(): Promise<{ oldest: number; newest: number }> {
    const n = this.log.entries.length;
    return { oldest: n ? 1 : 0, newest: n };
  }
}

class RecordingSink implements FeedSink {
  readonly messages: connector.ServerMessage[] = [];
  failures: unknown[] = [];
  private waiter: (() => void) | undefined;

  async send(msg: connector.ServerMessage): Promise<void> {
    this.messages.push(msg);
    this.waiter?.();
  }
  sent(): void {}
  failed(err: unknown): void {
    this.failures.push(err);
  }

  get changes(): number[] {
    return this.messages.flatMap((m) => (m.change ? [Number(m.change.sequence)] : []));
  }

  async untilChanges(count: number): Promise<void> {
    while (this.changes.length < count) await new Promise<void>((resolve) => (this.waiter = resolve));
  }
}

function setUp() {
  const log = new FakeLog();
  const snapshots = new FakeSnapshots(log);
  const sink = new RecordingSink();
  const feed = new ChangeFeed(log, snapshots, new Clock(), 'production', sink);
  return { log, snapshots, sink, feed };
}

describe('the change feed of one connector', () => {
  it('starts with a snapshot, then sends only its own destination\'s entries after it, in order', async () => {
    const { log, sink, feed } = setUp();
    log.append('production');
    assert.equal(await feed.start(0), 'snapshot');
    assert.equal(sink.messages[0]!.snapshot?.sequence, 1);
    log.append('staging');
    log.append(null);
    log.append('production');
    await sink.untilChanges(2);
    await feed.idle();
    assert.deepEqual(sink.changes, [3, 4]);
    feed.stop();
  });

  it('resumes without a snapshot from a point the log still holds', async () => {
    const { log, snapshots, sink, feed } = setUp();
    for (let i = 0; i < 3; i++) log.append('production');
    assert.equal(await feed.start(1), 'resumed');
    await sink.untilChanges(2);
    assert.equal(snapshots.builds, 0);
    assert.deepEqual(sink.changes, [2, 3]);
    feed.stop();
  });

  it('answers a resume point ahead of the log with a snapshot', async () => {
    const { log, snapshots, feed } = setUp();
    log.append('production');
    assert.equal(await feed.start(99), 'snapshot');
    assert.equal(snapshots.builds, 1);
    feed.stop();
  });

  it('an entry committed while it reads is sent too: hints during a read lead to one more read', async () => {
    const { log, sink, feed } = setUp();
    await feed.start(0);
    log.duringNextRead = () => log.append('production');
    log.append('production');
    await sink.untilChanges(2);
    await feed.idle();
    assert.deepEqual(sink.changes, [1, 2]);
    feed.stop();
  });

  it('stops listening and reading once stopped', async () => {
    const { log, sink, feed } = setUp();
    await feed.start(0);
    feed.stop();
    assert.equal(log.subscribers, 0);
    log.append('production');
    await feed.idle();
    assert.deepEqual(sink.changes, []);
  });

  it('reports a failed read instead of throwing', async () => {
    const { log, sink, feed } = setUp();
    await feed.start(0);
    log.since = async () => {
      throw new Error('database is down');
    };
    log.append('production');
    await feed.idle();
    assert.equal(sink.failures.length, 1);
    feed.stop();
  });

  it('feeds woken by the same hint at the same point share one read of the log', async () => {
    const log = new FakeLog();
    const reader = new SharedLogReader(log);
    const snapshots = new FakeSnapshots(log);
    const sinks = [new RecordingSink(), new RecordingSink(), new RecordingSink()];
    const feeds = sinks.map((sink, i) => new ChangeFeed(reader, snapshots, new Clock(), i === 2 ? 'staging' : 'production', sink));
    for (const feed of feeds) await feed.start(0);
    const readsBefore = log.reads.length;
    log.append('production');
    await Promise.all(feeds.map((f) => f.idle()));
    assert.equal(log.reads.length - readsBefore, 1);
    assert.deepEqual(sinks.map((s) => s.changes), [[1], [1], []]);
    for (const feed of feeds) feed.stop();
  });

  it('a read begun before a hint is not shared with a feed that the hint woke', async () => {
    const log = new FakeLog();
    const reader = new SharedLogReader(log);
    const early = reader.since(0, { limit: 10 });
    log.append('production');
    const late = reader.since(0, { limit: 10 });
    assert.notEqual(early, late);
    assert.equal(reader.since(0, { limit: 10 }), late, 'no hint since: shared');
    assert.deepEqual((await early).map((e) => e.sequence), []);
    assert.deepEqual((await late).map((e) => e.sequence), [1]);
  });
});
