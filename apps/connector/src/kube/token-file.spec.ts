import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOKEN_FILE_PROVIDER, TokenFileAuth, tokenFileUser } from './token-file.js';

describe('a token file that rotates (projected service-account token)', () => {
  let dir: string;
  let path: string;
  let now: number;
  let auth: TokenFileAuth;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'token-file-'));
    path = join(dir, 'token');
    writeFileSync(path, 'first\n');
    now = 0;
    auth = new TokenFileAuth(1_000, () => now);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Replaces the file the way the kubelet does: a new file renamed over the old one. */
  function rotate(token: string): void {
    writeFileSync(join(dir, 'next'), token);
    renameSync(join(dir, 'next'), path);
  }

  async function header(): Promise<unknown> {
    const opts: { headers?: Record<string, string> } = {};
    await auth.applyAuthentication(tokenFileUser('sa', path), opts);
    return opts.headers?.Authorization;
  }

  it('sends the token without its newline, and the rotated one once a second has passed (not before)', async () => {
    assert.equal(await header(), 'Bearer first');
    rotate('second\n');
    now = 999;
    assert.equal(await header(), 'Bearer first', 'read again before the refresh interval');
    now = 1_000;
    assert.equal(await header(), 'Bearer second');
  });

  it('keeps the last token while the file cannot be read, and picks up the next one', async () => {
    assert.equal(await header(), 'Bearer first');
    rmSync(path);
    now = 5_000;
    assert.equal(auth.token(path), 'first');
    rotate('third');
    now = 10_000;
    assert.equal(auth.token(path), 'third');
  });

  it('is the authenticator of token-file users only (client-node keeps its own for tokenFile auth-providers)', () => {
    assert.equal(auth.isAuthProvider(tokenFileUser('sa', path)), true);
    assert.equal(auth.isAuthProvider({ name: 'u', authProvider: { name: 'x', config: { tokenFile: path } } }), false);
    assert.equal(auth.isAuthProvider({ name: 'u', token: 't' }), false);
    assert.equal(tokenFileUser('sa', path).authProvider.name, TOKEN_FILE_PROVIDER);
  });
});
