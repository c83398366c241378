import assert from 'node:assert/strict';
import type { connector } from '@infra/proto';
import type { ChangeRecord } from '../modules/changes/change.types.js';
import {
  ChangeFeed,
  SharedLogReader,
  type ChangeLog,
  type FeedSink,
  type LogRead,
  type SnapshotSource,
} from './change-feed.js';
import { within } from '../testing/deadline.js';
import type { DestinationSnapshot } from '../modules/changes/snapshot.service.js';

/** An in-memory change log: append() commits an entry and hints subscribers, as ChangesService does. */
class FakeLog implements ChangeLog {
  entries: ChangeRecord[] = [];
  readonly reads: number[] = [];
  newest = 0;
  prunedThrough = 0;
  private readonly listeners = new Set<(sequence: number) => void>();
  /** Runs inside the next since() call, before it answers (an entry committed mid-read). */
  duringNextRead: (() => void) | undefined;

  append(destination: string | null, id = `g${this.newest + 1}`): number {
    const sequence = this.commit(destination, id);
    for (const l of this.listeners) l(sequence);
    return sequence;
  }

  /** Commits an entry without hinting anyone (as when the hint is lost). */
  commit(destination: string | null, id = `g${this.newest + 1}`): number {
    const sequence = ++this.newest;
    this.entries.push({ sequence, destination, at: new Date(), kind: 'grant_removed', payload: { id } });
    return sequence;
  }

  prune(through: number): void {
    this.entries = this.entries.filter((e) => e.sequence > through);
    this.prunedThrough = through;
  }

  subscribe(listener: (sequence: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async since(sequence: number, opts: { limit: number }): Promise<LogRead> {
    this.reads.push(sequence);
    const entries = this.entries.filter((e) => e.sequence > sequence).slice(0, opts.limit);
    const hook = this.duringNextRead;
    this.duringNextRead = undefined;
    hook?.();
    return { entries, prunedThrough: this.prunedThrough };
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}

class FakeSnapshots implements SnapshotSource {
  builds = 0;
  constructor(private readonly log: FakeLog) {}

  async snapshot(): Promise<DestinationSnapshot> {
    this.builds++;
    return { sequence: this.log.newest, grants: [], users: [], groups: [], signingKeys: [], revocations: [] };
  }

  async logBounds(): Promise<{ prunedThrough: number; newest: number }> {
    return { prunedThrough: this.log.prunedThrough, newest: this.log.newest };
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
  readonly sentEntries: ChangeRecord[] = [];
  sent(entry: ChangeRecord): void {
    this.sentEntries.push(entry);
  }
  failed(err: unknown): void {
    this.failures.push(err);
  }

  get changes(): number[] {
    return this.messages.flatMap((m) => (m.change ? [Number(m.change.sequence)] : []));
  }

  /** What arrived, in order: `s<sequence>` for a snapshot part, the sequence for a change. */
  get trail(): string[] {
    return this.messages.map((m) => (m.snapshot ? `s${Number(m.snapshot.sequence)}` : String(m.change?.sequence)));
  }

  async untilChanges(count: number): Promise<void> {
    const arrived = (async () => {
      while (this.changes.length < count) await new Promise<void>((resolve) => (this.waiter = resolve));
    })();
    await within(`${count} changes reaching the connector`, arrived);
  }
}

function setUp() {
  const log = new FakeLog();
  const snapshots = new FakeSnapshots(log);
  const sink = new RecordingSink();
  const feed = new ChangeFeed(log, snapshots, 'production', sink);
  return { log, snapshots, sink, feed };
}

describe('the change feed of one connector', () => {
  it("starts with a snapshot, then sends only its own destination's entries after it, in order", async () => {
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

  it('answers a resume point behind the pruned part of the log with a snapshot, and one at its edge by resuming', async () => {
    const { log, snapshots, sink, feed } = setUp();
    for (let i = 0; i < 4; i++) log.append('production');
    log.prune(2);
    assert.equal(await feed.start(1), 'snapshot');
    assert.equal(snapshots.builds, 1);
    assert.deepEqual(sink.trail, ['s4']);
    feed.stop();
    const again = new ChangeFeed(log, snapshots, 'production', new RecordingSink());
    assert.equal(await again.start(2), 'resumed');
    again.stop();
  });

  it('a feed that falls behind the pruned point gets a fresh snapshot instead of the lost entries, then goes on', async () => {
    const { log, sink, feed } = setUp();
    log.append('production');
    await feed.start(0);
    log.commit('production'); // 2 and 3 arrive unannounced and are pruned before the feed reads them
    log.commit('production');
    log.commit('staging');
    log.prune(3);
    log.append('production');
    await feed.idle();
    assert.deepEqual(sink.trail, ['s1', 's5']);
    log.append('production');
    await feed.idle();
    assert.deepEqual(sink.trail, ['s1', 's5', '6']);
    feed.stop();
  });

  it('checks the revocations of a snapshot sent mid-stream as it would the lost entries', async () => {
    const { log, snapshots, sink, feed } = setUp();
    await feed.start(0);
    const revocation = { credentialId: 'key-1', userId: 'u1', revokedAtMs: 1, untilMs: Date.now() + 60_000 };
    const original = snapshots.snapshot.bind(snapshots);
    snapshots.snapshot = async () => ({ ...(await original()), revocations: [revocation] });
    log.commit('production');
    log.prune(1);
    log.append('production');
    await feed.idle();
    assert.deepEqual(sink.trail, ['s0', 's2']);
    assert.deepEqual(
      sink.sentEntries.map((e) => [e.kind, e.payload]),
      [['revocation', revocation]],
    );
    feed.stop();
  });

  it('sends a large snapshot in parts of bounded size, numbered, all but the last saying more follow', async () => {
    const log = new FakeLog();
    const snapshots = new FakeSnapshots(log);
    const grants = Array.from({ length: 50 }, (_, i) => ({
      id: `grant-${i}`,
      userId: 'u1',
      groupId: '',
      privilege: 'view',
      resource: `production.namespace-${i}`,
      expiresAtMs: 0,
    }));
    snapshots.snapshot = async () => ({ sequence: 7, grants, users: [], groups: [], signingKeys: [], revocations: [] });
    const sink = new RecordingSink();
    const feed = new ChangeFeed(log, snapshots, 'production', sink, 1024);
    await feed.start(0);
    const parts = sink.messages.map((m) => m.snapshot!);
    assert.ok(parts.length > 2, `${parts.length} parts`);
    assert.deepEqual(
      parts.map((p) => p.part),
      parts.map((_, i) => i),
    );
    assert.deepEqual(
      parts.map((p) => p.more),
      parts.map((_, i) => i < parts.length - 1),
    );
    assert.ok(parts.every((p) => Number(p.sequence) === 7));
    assert.deepEqual(
      parts.flatMap((p) => p.grants),
      grants,
    );
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
    const feeds = sinks.map((sink, i) => new ChangeFeed(reader, snapshots, i === 2 ? 'staging' : 'production', sink));
    for (const feed of feeds) await feed.start(0);
    const readsBefore = log.reads.length;
    log.append('production');
    await Promise.all(feeds.map((f) => f.idle()));
    assert.equal(log.reads.length - readsBefore, 1);
    assert.deepEqual(
      sinks.map((s) => s.changes),
      [[1], [1], []],
    );
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
    assert.deepEqual(
      (await early).entries.map((e) => e.sequence),
      [],
    );
    assert.deepEqual(
      (await late).entries.map((e) => e.sequence),
      [1],
    );
  });

  it('a nudge makes caught-up feeds read the log even when a hint was lost', async () => {
    const log = new FakeLog();
    const reader = new SharedLogReader(log);
    const sink = new RecordingSink();
    const feed = new ChangeFeed(reader, new FakeSnapshots(log), 'production', sink);
    await feed.start(0);
    log.entries.push({
      sequence: 1,
      destination: 'production',
      at: new Date(),
      kind: 'grant_removed',
      payload: { id: 'g1' },
    });
    await feed.idle();
    assert.deepEqual(sink.changes, []);
    reader.nudge();
    await sink.untilChanges(1);
    assert.deepEqual(sink.changes, [1]);
    feed.stop();
  });
});
