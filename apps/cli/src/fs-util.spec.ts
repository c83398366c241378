import assert from 'node:assert/strict';
import { existsSync, utimesSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { withLock, writeFileAtomic } from './fs-util.js';
import { tempEnv, type TestEnv } from './testing/cli.js';

describe('lock files and atomic writes', () => {
  let t: TestEnv;
  beforeEach(() => {
    t = tempEnv();
  });
  afterEach(() => t.cleanup());

  it('runs one holder at a time and removes the lock afterwards', async () => {
    const lock = join(t.dir, 'x.lock');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withLock(lock, async () => {
          most = Math.max(most, ++inside);
          await new Promise((r) => setTimeout(r, 5));
          inside--;
        }),
      ),
    );
    assert.equal(most, 1);
    assert.equal(existsSync(lock), false);
  });

  it('breaks a lock left by a process that is gone', async () => {
    const lock = join(t.dir, 'x.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(lock, `${dead}\n`);
    assert.equal(await withLock(lock, () => 'acquired', { timeoutMs: 10_000 }), 'acquired');
  });

  it('breaks a lock older than the stale age (kubectl writes no pid)', async () => {
    const lock = join(t.dir, 'x.lock');
    writeFileSync(lock, '');
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    assert.equal(await withLock(lock, () => 'acquired', { staleMs: 30_000, timeoutMs: 10_000 }), 'acquired');
  });

  it('gives up with a sentence that names the lock when a live holder keeps it', async () => {
    const lock = join(t.dir, 'x.lock');
    writeFileSync(lock, `${process.ppid}\n`);
    await assert.rejects(
      withLock(lock, () => 'never', { timeoutMs: 300 }),
      /timed out waiting for the lock .*x\.lock/,
    );
  });

  it('writes atomically with the mode asked for, leaving no temp file', () => {
    const path = join(t.dir, 'sub', 'file.json');
    writeFileAtomic(path, '{}', 0o600);
    assert.deepEqual(readdirSync(join(t.dir, 'sub')), ['file.json']);
    assert.equal(statSync(path).mode & 0o777, 0o600);
  });
});
