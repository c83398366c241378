// Logging in and out, and the short-lived destination tokens kubectl's credential plugin asks for.
import { randomBytes } from 'node:crypto';
import { HttpError, type Routes } from './contract.js';
import type { FUser } from './records.js';
import type { FakeState } from './state.js';

export interface SessionOptions {
  /** How long tokens live (default 5 minutes). */
  tokenLifetimeMs?: number;
  /** Delay before answering POST /api/tokens, to widen races in tests. */
  tokenDelayMs?: number;
}

export const sessionRoutes = (s: FakeState, opts: SessionOptions): Routes => ({
  'POST /api/login': ({ body }) => {
    let user: FUser | undefined;
    if (typeof body.accessKey === 'string') user = s.users.get(s.keyFor(body.accessKey)?.userID ?? '');
    else if (typeof body.name === 'string') {
      const u = s.userByName(body.name);
      if (u?.password !== undefined && u.password === body.password) user = u;
    }
    if (!user) throw new HttpError(401, 'invalid credentials');
    const expires = new Date(Date.now() + 12 * 3600_000).toISOString();
    return [
      200,
      {
        userID: user.id,
        name: user.name,
        accessKey: s.newKey(user.id, 'session', { expires, session: true }),
        expires,
        passwordUpdateRequired: user.passwordUpdateRequired,
      },
    ];
  },
  'POST /api/logout': ({ key }) => {
    s.keys.delete(key.id);
    return [200, undefined];
  },
  'POST /api/tokens': async ({ body, me }) => {
    const dest = String(body.destination ?? '');
    if (!s.grantsOf(me.id).some((g) => g.resource === dest || g.resource.startsWith(dest + '.')))
      throw new HttpError(403, `no grant on ${dest}`);
    if (opts.tokenDelayMs) await new Promise((r) => setTimeout(r, opts.tokenDelayMs));
    const expires = new Date(Date.now() + (opts.tokenLifetimeMs ?? 300_000)).toISOString();
    return [200, { token: `token-${randomBytes(6).toString('hex')}`, expires }];
  },
});
