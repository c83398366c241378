// Directories that hold secrets (the data dir: root key, TLS key, the embedded database and its socket) are
// owner-only. One made by someone else is refused: its owner could read or swap what we put there.
import { chmodSync, mkdirSync, statSync } from 'node:fs';

export class UnsafeDirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeDirectoryError';
  }
}

/**
 * Creates `dir` with mode 0700, or tightens an existing one that others may read or enter. Returns whether it had
 * to tighten (the caller may say so). Throws when the directory belongs to another user.
 */
export function ensurePrivateDir(dir: string): boolean {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  if (!st.isDirectory()) throw new UnsafeDirectoryError(`${dir} is not a directory`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    throw new UnsafeDirectoryError(
      `${dir} belongs to user ${st.uid}, not to the user running Infra (${uid}); ` +
        'it holds the root key and the database: chown it to this user or choose another INFRA_DATA_DIR',
    );
  }
  if ((st.mode & 0o077) === 0) return false;
  chmodSync(dir, 0o700);
  return true;
}
