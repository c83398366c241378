import assert from 'node:assert/strict';
import { Backoff } from './backoff.js';

describe('reconnect backoff', () => {
  it('doubles up to the maximum and stays within the jitter band', () => {
    const lows = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0 });
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map(() => lows.next()),
      [50, 100, 200, 400, 500, 500],
    );
    const highs = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0.999999 });
    assert.deepEqual(
      [1, 2, 3, 4, 5].map(() => highs.next()),
      [100, 200, 400, 800, 1000],
    );
  });
  it('starts over after a reset', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0 });
    b.next();
    b.next();
    b.reset();
    assert.equal(b.next(), 50);
  });
});
