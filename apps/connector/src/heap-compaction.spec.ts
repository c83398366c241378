// compactHeap returns the pages that garbage left resident (a plain full GC keeps them pooled), without --expose-gc.
import assert from 'node:assert/strict';
import { compactHeap } from './heap-compaction.js';

const MB = 1024 * 1024;

describe('compactHeap', () => {
  it('gives back most of the resident memory a burst of garbage grew, without --expose-gc', () => {
    assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined', 'the spec runs without --expose-gc');
    compactHeap();
    const start = process.memoryUsage.rss();
    let burst: unknown[] | undefined = [];
    // ~150 MB of small objects that live long enough to be promoted, as a reconcile pass's garbage is.
    for (let i = 0; i < 1_000_000; i++) burst.push({ i, name: `binding-${i}`, subjects: [i] });
    burst = undefined;
    const grown = process.memoryUsage.rss() - start;
    assert.ok(grown > 100 * MB, `the burst grew the RSS by ${Math.round(grown / MB)} MB, expected > 100 MB`);

    compactHeap();
    const returned = start + grown - process.memoryUsage.rss();
    // A plain full GC frees the objects but returns ~10% of the pages; a memory-reducing one nearly all.
    assert.ok(
      returned > grown / 2,
      `compactHeap returned ${Math.round(returned / MB)} of the ${Math.round(grown / MB)} MB the burst grew`,
    );
    assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined', 'gc() is not left in the main context');
  });
});
