// Each check of verifyToken at its boundary. Tokens are built here with jose directly, never with the code under
// test, so a change in how the server signs cannot make a wrong check look right.
import assert from 'node:assert/strict';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { TokenError, verifyToken, type PublicSigningKey } from './token.js';

const NOW = new Date('2030-01-01T00:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const KID = 'key-2030';

interface Signer {
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signer(): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, jwk: await exportJWK(publicKey) };
}

/** The claims a good token for destination "production" carries; a test changes one of them. */
function claims(overrides: JWTPayload = {}): JWTPayload {
  return {
    iss: 'infra',
    aud: 'production',
    sub: 'u-1',
    name: 'alice@example.com',
    sid: 'key-1',
    iat: NOW_S - 60,
    exp: NOW_S + 300,
    jti: 'j-1',
    ...overrides,
  };
}

function sign(s: Signer, payload: JWTPayload, header: { alg?: string; kid?: string } = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid: KID, ...header }).sign(s.privateKey);
}

describe('token verification', () => {
  let key: Signer;
  let keys: Map<string, PublicSigningKey>;
  before(async () => {
    key = await signer();
    keys = new Map([[KID, { kid: KID, jwk: key.jwk }]]);
  });

  /** Expects verifyToken to refuse the token with a TokenError whose message matches `reason`. */
  async function refused(token: string, reason: RegExp, now = NOW, audience = 'production'): Promise<void> {
    await assert.rejects(
      verifyToken(token, keys, { audience, now }),
      (e: Error) => {
        assert.ok(e instanceof TokenError, `expected a TokenError, got ${e.name}: ${e.message}`);
        assert.match(e.message, reason);
        return true;
      },
      `the token should have been refused (${reason})`,
    );
  }

  it('accepts a good token and returns its claims', async () => {
    const c = await verifyToken(await sign(key, claims()), keys, { audience: 'production', now: NOW });
    assert.deepEqual(c, {
      sub: 'u-1',
      name: 'alice@example.com',
      aud: 'production',
      sid: 'key-1',
      iat: NOW_S - 60,
      exp: NOW_S + 300,
      jti: 'j-1',
    });
  });

  describe('expiry', () => {
    it('refuses a token whose exp is exactly now', async () => {
      await refused(await sign(key, claims({ exp: NOW_S })), /^token expired$/);
    });
    it('accepts a token whose exp is one second later than now', async () => {
      await verifyToken(await sign(key, claims({ exp: NOW_S + 1 })), keys, { audience: 'production', now: NOW });
    });
    it('refuses a token with no exp', async () => {
      const { exp: _, ...noExp } = claims();
      await refused(await sign(key, noExp), /missing claims/);
    });
  });

  describe('not before', () => {
    it('refuses a token whose nbf is one second after now', async () => {
      await refused(await sign(key, claims({ nbf: NOW_S + 1 })), /nbf/);
    });
    it('accepts a token whose nbf is exactly now', async () => {
      await verifyToken(await sign(key, claims({ nbf: NOW_S })), keys, { audience: 'production', now: NOW });
    });
  });

  describe('audience and issuer', () => {
    it('refuses a token for another destination', async () => {
      await refused(await sign(key, claims({ aud: 'staging' })), /aud/);
    });
    it('refuses a token presented to another destination than the one it names', async () => {
      await refused(await sign(key, claims()), /aud/, NOW, 'staging');
    });
    it('refuses a token with no audience', async () => {
      const { aud: _, ...noAud } = claims();
      await refused(await sign(key, noAud), /aud/);
    });
    it('refuses a token from another issuer, and one with none', async () => {
      await refused(await sign(key, claims({ iss: 'not-infra' })), /iss/);
      const { iss: _, ...noIss } = claims();
      await refused(await sign(key, noIss), /iss/);
    });
  });

  describe('algorithm and key', () => {
    it('refuses an unsigned token (alg none)', async () => {
      const body = new UnsecuredJWT(claims()).encode().split('.')[1];
      const header = Buffer.from(JSON.stringify({ alg: 'none', kid: KID })).toString('base64url');
      await refused(`${header}.${body}.`, /signature is not valid/);
    });
    it('refuses HS256 signed with the public key as the shared secret', async () => {
      const secret = new TextEncoder().encode(JSON.stringify(key.jwk));
      const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: KID }).sign(secret);
      await refused(token, /signature is not valid/);
    });
    it('refuses a token whose kid is unknown, or missing', async () => {
      await refused(await sign(key, claims(), { kid: 'retired-key' }), /unknown key/);
      const noKid = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256' }).sign(key.privateKey);
      await refused(noKid, /unknown key/);
    });
    it('refuses a token signed by another key under a known kid', async () => {
      await refused(await sign(await signer(), claims()), /signature is not valid/);
    });
    it('refuses a token whose payload was changed after signing', async () => {
      const [h, , s] = (await sign(key, claims())).split('.');
      const forged = Buffer.from(JSON.stringify(claims({ name: 'admin@example.com' }))).toString('base64url');
      await refused(`${h}.${forged}.${s}`, /signature is not valid/);
    });
    it('refuses a token whose signature was changed', async () => {
      const [h, p, s] = (await sign(key, claims())).split('.');
      const sig = Buffer.from(s, 'base64url');
      sig[10] ^= 0x01;
      await refused(`${h}.${p}.${sig.toString('base64url')}`, /signature is not valid/);
    });
    it('refuses what is not a token at all', async () => {
      await refused('not-a-token', /malformed/);
    });
  });

  it('refuses a token without the credential it was issued from (sid)', async () => {
    const { sid: _, ...noSid } = claims();
    await refused(await sign(key, noSid), /missing claims/);
  });
});
