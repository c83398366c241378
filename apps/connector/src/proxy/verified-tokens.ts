// kubectl presents the same token for every request of a command (and for minutes after), so the proxy checks a
// token's signature once and remembers the claims until the token expires. A remembered token is used only while
// the key that signed it is still the one the server published; revocations and grants are checked on every
// request regardless (access.ts).
import { decodeProtectedHeader } from 'jose';
import { verifyToken, type PublicSigningKey, type TokenClaims } from '@infra/access';

export class VerifiedTokens {
  private readonly entries = new Map<string, { claims: TokenClaims; key: PublicSigningKey }>();

  constructor(private readonly maxEntries = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  async verify(
    token: string,
    keys: ReadonlyMap<string, PublicSigningKey>,
    opts: { audience: string; nowMs: number },
  ): Promise<TokenClaims> {
    const hit = this.entries.get(token);
    if (hit && hit.claims.exp * 1000 > opts.nowMs && keys.get(hit.key.kid) === hit.key) return hit.claims;
    this.entries.delete(token);
    const claims = await verifyToken(token, keys, { audience: opts.audience, now: new Date(opts.nowMs) });
    const key = keys.get(decodeProtectedHeader(token).kid ?? '');
    if (key) {
      if (this.entries.size >= this.maxEntries) this.evictExpired(opts.nowMs);
      this.entries.set(token, { claims, key });
    }
    return claims;
  }

  private evictExpired(nowMs: number): void {
    for (const [token, e] of this.entries) if (e.claims.exp * 1000 <= nowMs) this.entries.delete(token);
    // Still full: forget the oldest half (Map iterates in insertion order).
    if (this.entries.size >= this.maxEntries) {
      let n = Math.ceil(this.entries.size / 2);
      for (const token of this.entries.keys()) {
        if (n-- <= 0) break;
        this.entries.delete(token);
      }
    }
  }
}
