// Files that several processes share (config, kubeconfig, token cache) are written atomically
// (temp file + rename, so a reader never sees half a file) and changed under a lock file.
import {
  closeSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  readFileSync,
  fsyncSync,
} from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export function writeFileAtomic(path: string, data: string, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function readFileIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export interface LockOptions {
  /** A lock older than this is taken to belong to a crashed process and is broken. */
  staleMs?: number;
  /** Give up waiting after this long. */
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tryCreate(lockPath: string): boolean {
  try {
    const fd = openSync(lockPath, 'wx', 0o600);
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

// A lock is stale when its owner (same machine) is gone, or when it is older than staleMs
// (kubectl's own `<kubeconfig>.lock` files carry no pid, so age is the only clue there).
function isStale(lockPath: string, staleMs: number): boolean {
  let age: number;
  let pid: number;
  try {
    age = Date.now() - statSync(lockPath).mtimeMs;
    pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
  } catch {
    return false; // vanished meanwhile: the next attempt will tell
  }
  if (age > staleMs) return true;
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
    try {
      process.kill(pid, 0);
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }
  return false;
}

/** Runs fn while holding lockPath (created with O_EXCL); waits for other holders, breaks stale locks. */
export async function withLock<T>(lockPath: string, fn: () => Promise<T> | T, opts: LockOptions = {}): Promise<T> {
  const staleMs = opts.staleMs ?? 30_000;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  mkdirSync(dirname(lockPath), { recursive: true, mode: 0o700 });
  let wait = 10;
  while (!tryCreate(lockPath)) {
    if (isStale(lockPath, staleMs)) {
      rmSync(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for the lock ${lockPath}; remove it if no other infra or kubectl is running`);
    }
    await sleep(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 200);
  }
  try {
    return await fn();
  } finally {
    rmSync(lockPath, { force: true });
  }
}
