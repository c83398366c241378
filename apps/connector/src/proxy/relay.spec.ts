import assert from 'node:assert/strict';
import { once } from 'node:events';
import { Duplex, PassThrough } from 'node:stream';
import { within } from '../testing/deadline.js';
import { relay } from './relay.js';

/** A destination that keeps every write pending until `release()`, like a socket whose reader stalls. */
class StalledSink extends Duplex {
  readonly received: Buffer[] = []; // chunks handed to _write (one at a time; the rest wait in writableLength)
  private pending: (() => void)[] = [];
  constructor() {
    super({ writableHighWaterMark: 16 * 1024 });
  }
  override _read(): void {}
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.received.push(chunk);
    this.pending.push(done);
  }
  release(): void {
    const p = this.pending;
    this.pending = [];
    p.forEach((done) => done());
  }
}

describe('relaying an upgraded stream', () => {
  it('passes every byte in order and ends the destination when the source ends', async () => {
    const from = new PassThrough();
    const to = new PassThrough();
    relay(from, to);
    const chunks: Buffer[] = [];
    to.on('data', (c: Buffer) => chunks.push(c));
    const parts = Array.from({ length: 50 }, (_, i) => Buffer.alloc(1000 + i, i));
    for (const p of parts) from.write(p);
    from.end();
    await within('the destination ending after the source ended', once(to, 'end'));
    assert.deepEqual(Buffer.concat(chunks), Buffer.concat(parts));
  });

  it('keeps several chunks in flight but pauses the source once the destination holds more than the bound', async () => {
    const from = new PassThrough({ highWaterMark: 1 << 20 });
    const to = new StalledSink();
    relay(from, to, 64 * 1024);
    for (let i = 0; i < 20; i++) from.write(Buffer.alloc(16 * 1024, i));
    await new Promise((r) => setImmediate(r));
    assert.ok(
      to.writableLength > 32 * 1024,
      `more than a high-water mark is in flight before the source waits (${to.writableLength})`,
    );
    assert.ok(
      to.writableLength <= 64 * 1024 + 16 * 1024,
      `at most the bound plus one chunk is held (${to.writableLength})`,
    );
    assert.equal(from.isPaused(), true);
    while (to.received.reduce((n, c) => n + c.length, 0) < 20 * 16 * 1024) {
      to.release();
      await new Promise((r) => setImmediate(r));
    }
    to.release();
    await new Promise((r) => setImmediate(r));
    assert.equal(to.writableLength, 0);
    assert.equal(from.isPaused(), false, 'resumed once the destination drained');
  });

  it('stops relaying when told to', async () => {
    const from = new PassThrough();
    const to = new PassThrough();
    const stop = relay(from, to);
    stop();
    from.write('after');
    from.end();
    await new Promise((r) => setImmediate(r));
    assert.equal(to.read(), null);
    assert.equal(to.writableEnded, false);
  });
});
