// Tokens for kubectl, cached on disk per server and destination. kubectl runs the plugin for every
// command (and several kubectl processes may run at once), so a cache hit must be cheap and a miss
// must cause ONE token request however many plugins run in parallel: single-flight through a lock
// file, re-reading the cache once the lock is ours. A session the server refused is remembered the same way
// (by a hash of its key), so the plugins queued behind the one that learnt it fail without asking again.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readFileIfExists, withLock, writeFileAtomic } from './fs-util.js';

export interface CachedToken {
  token: string;
  /** RFC 3339. */
  expires: string;
}

/** Refresh this long before expiry, so a token never dies in the middle of a kubectl command. */
export const REFRESH_MARGIN_MS = 30_000;

export class CredentialCache {
  constructor(
    readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private base(server: string, destination: string): string {
    const s = createHash('sha256').update(server).digest('hex').slice(0, 16);
    return join(this.dir, 'tokens', `${s}-${destination}`);
  }

  read(server: string, destination: string): CachedToken | undefined {
    const text = readFileIfExists(this.base(server, destination) + '.json');
    if (!text) return undefined;
    try {
      const t = JSON.parse(text) as CachedToken;
      return typeof t.token === 'string' && typeof t.expires === 'string' ? t : undefined;
    } catch {
      return undefined;
    }
  }

  fresh(server: string, destination: string): CachedToken | undefined {
    const t = this.read(server, destination);
    if (!t) return undefined;
    const exp = Date.parse(t.expires);
    return Number.isFinite(exp) && exp - REFRESH_MARGIN_MS > this.now().getTime() ? t : undefined;
  }

  /**
   * Returns a fresh cached token or calls issue() to get one, with at most one issue() in flight
   * per server and destination across all processes.
   */
  async get(server: string, destination: string, issue: () => Promise<CachedToken>): Promise<CachedToken> {
    const hit = this.fresh(server, destination);
    if (hit) return hit;
    const base = this.base(server, destination);
    return withLock(base + '.lock', async () => {
      const again = this.fresh(server, destination); // another process may have refreshed while we waited
      if (again) return again;
      const t = await issue();
      writeFileAtomic(base + '.json', JSON.stringify(t), 0o600);
      return t;
    });
  }

  private endedPath(server: string, sessionKey: string): string {
    return join(
      this.dir,
      'tokens',
      `${createHash('sha256').update(`${server}\n${sessionKey}`).digest('hex').slice(0, 32)}.ended`,
    );
  }

  /** Records that the server refused this session: no plugin asks with it again. */
  markEnded(server: string, sessionKey: string): void {
    writeFileAtomic(this.endedPath(server, sessionKey), '', 0o600);
  }

  hasEnded(server: string, sessionKey: string): boolean {
    return existsSync(this.endedPath(server, sessionKey));
  }

  clear(): void {
    const dir = join(this.dir, 'tokens');
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const n of names) if (n.endsWith('.json') || n.endsWith('.ended')) rmSync(join(dir, n), { force: true });
  }
}
