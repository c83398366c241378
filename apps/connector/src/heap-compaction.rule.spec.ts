// When the connector compacts its heap (HeapCompaction's rule): once after its first complete reconcile pass, whatever
// it wrote, and again only when the writes since add up to the threshold; always after a quiet moment. The GC is
// counted, not run (heap-compaction.spec.ts shows the real one returns memory).
import assert from 'node:assert/strict';
import { HeapCompaction } from './heap-compaction.js';
import { silentLogger } from './log.js';
import { eventually } from './testing/fakes.js';

const QUIET_MS = 30;
const AFTER_WRITES = 10;

describe('HeapCompaction', () => {
  let compaction: HeapCompaction;
  let compactions: number;

  beforeEach(() => {
    compactions = 0;
    compaction = new HeapCompaction({
      logger: silentLogger,
      quietMs: QUIET_MS,
      afterWrites: AFTER_WRITES,
      compact: () => compactions++,
    });
  });
  afterEach(() => compaction.stop());

  const quiet = () => new Promise((r) => setTimeout(r, QUIET_MS * 5));
  const compacted = (n: number, what: string) => eventually(() => compactions === n, what, 2_000);

  it('compacts once after the first complete pass, even one that wrote nothing', async () => {
    compaction.passed({ writes: 0, complete: true });
    await compacted(1, 'a compaction after the first complete pass');
    compaction.passed({ writes: 0, complete: true });
    compaction.passed({ writes: 1, complete: true });
    await quiet();
    assert.equal(compactions, 1, 'later quiet passes are not start-up');
  });

  it('does not compact for passes that were not complete and wrote fewer than the threshold', async () => {
    compaction.passed({ writes: 0, complete: false }); // no snapshot yet
    compaction.passed({ writes: AFTER_WRITES - 1, complete: false }); // failed halfway
    await quiet();
    assert.equal(compactions, 0);
    compaction.passed({ writes: 1, complete: false });
    await compacted(1, 'a compaction once incomplete passes wrote the threshold');
  });

  it('after the first, compacts again at the threshold of writes, not one below', async () => {
    compaction.passed({ writes: 3, complete: true });
    await compacted(1, 'the first compaction');
    compaction.passed({ writes: AFTER_WRITES - 1, complete: true });
    await quiet();
    assert.equal(compactions, 1, `${AFTER_WRITES - 1} writes since the last compaction are not a burst`);
    compaction.passed({ writes: 1, complete: true });
    await compacted(2, `a second compaction at ${AFTER_WRITES} writes since the first`);
  });

  it('waits until the passes that write have been quiet; one that writes nothing does not put it off', async () => {
    const quietMs = 300; // long beside the 10 ms steps, so a loaded machine's late timers do not matter
    const slow = new HeapCompaction({ logger: silentLogger, quietMs, compact: () => compactions++ });
    const step = () => new Promise((r) => setTimeout(r, 10));
    try {
      for (let i = 0; i < 5; i++) {
        slow.passed({ writes: 1, complete: i === 0 });
        await step();
      }
      assert.equal(compactions, 0, 'no compaction while the writes go on');
      const quietSince = Date.now();
      while (compactions === 0 && Date.now() - quietSince < quietMs * 3) {
        slow.passed({ writes: 0, complete: true });
        await step();
      }
      assert.equal(compactions, 1, 'passes without writes did not put the compaction off');
    } finally {
      slow.stop();
    }
  });
});
