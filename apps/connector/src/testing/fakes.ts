// Typed factories and fakes shared by the connector's specs (not used by production code).
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { TOKEN_ALG, TOKEN_ISSUER } from '@infra/access';
import type { connector } from '@infra/proto';
import type { Clock } from '../clock.js';
import { DEADLINE_MS } from './deadline.js';

export class FakeClock implements Clock {
  constructor(public ms = Date.UTC(2026, 10, 23, 12, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function aUser(name: string, groupIds: string[] = [], id = `u-${name}`): connector.User__Output {
  return { id, name, groupIds };
}

export function aGroup(name: string, id = `g-${name}`): connector.Group__Output {
  return { id, name };
}

export function aGrant(fields: Partial<connector.Grant__Output> & { resource: string }): connector.Grant__Output {
  return { id: randomUUID(), userId: '', groupId: '', privilege: 'view', expiresAtMs: 0, ...fields };
}

export function aSnapshot(fields: Partial<connector.Snapshot__Output> = {}): connector.Snapshot__Output {
  return {
    sequence: 1,
    grants: [],
    users: [],
    groups: [],
    signingKeys: [],
    revocations: [],
    part: 0,
    more: false,
    ...fields,
  };
}

export function aChange(
  sequence: number,
  change: Omit<connector.Change__Output, 'sequence'>,
): connector.Change__Output {
  return { sequence, ...change };
}

/** A signing key like the server's: signs tokens, and is published as a SigningKey message. */
export class TestSigner {
  private constructor(
    readonly kid: string,
    private readonly privateKey: CryptoKey,
    readonly publicJwkJson: string,
  ) {}

  static async create(kid = `k-${randomUUID().slice(0, 8)}`): Promise<TestSigner> {
    const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALG, { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALG };
    return new TestSigner(kid, privateKey, JSON.stringify(jwk));
  }

  get signingKey(): connector.SigningKey__Output {
    return { kid: this.kid, publicJwkJson: this.publicJwkJson };
  }

  /** A token as the server issues it; `iatMs`/`expMs` default to now and five minutes later on `clock`. */
  async token(
    user: connector.User__Output,
    opts: { aud: string; clock: Clock; sid?: string; iatMs?: number; expMs?: number; kid?: string },
  ): Promise<string> {
    const iat = Math.floor((opts.iatMs ?? opts.clock.now()) / 1000);
    const exp = Math.floor((opts.expMs ?? opts.clock.now() + 300_000) / 1000);
    return new SignJWT({ name: user.name, sid: opts.sid ?? 'cred-1' })
      .setProtectedHeader({ alg: TOKEN_ALG, kid: opts.kid ?? this.kid })
      .setIssuer(TOKEN_ISSUER)
      .setSubject(user.id)
      .setAudience(opts.aud)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }
}

/**
 * Polls `check` until it returns true (for effects of fire-and-forget triggers); fails after `timeoutMs` naming
 * `what`, or quoting the check itself when no description is given.
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what?: string,
  timeoutMs = DEADLINE_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`${what ?? `\`${check.toString()}\``} did not become true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
