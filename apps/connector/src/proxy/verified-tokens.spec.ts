import assert from 'node:assert/strict';
import type { JWK } from 'jose';
import { TokenError, type PublicSigningKey } from '@infra/access';
import { FakeClock, TestSigner, aUser } from '../testing/fakes.js';
import { VerifiedTokens } from './verified-tokens.js';

describe('verified token cache', () => {
  const bob = aUser('bob@example.com');
  let signer: TestSigner;
  let keys: Map<string, PublicSigningKey>;
  before(async () => {
    signer = await TestSigner.create();
  });
  beforeEach(() => {
    keys = new Map([[signer.kid, { kid: signer.kid, jwk: JSON.parse(signer.publicJwkJson) as JWK }]]);
  });

  it('a remembered token stops working when it expires', async () => {
    const clock = new FakeClock(Date.now());
    const cache = new VerifiedTokens();
    const token = await signer.token(bob, { aud: 'production', clock, expMs: clock.now() + 60_000 });
    assert.equal((await cache.verify(token, keys, { audience: 'production', nowMs: clock.now() })).sub, bob.id);
    clock.advance(60_000);
    await assert.rejects(cache.verify(token, keys, { audience: 'production', nowMs: clock.now() }), TokenError);
  });

  it('a remembered token stops working when its signing key is withdrawn', async () => {
    const clock = new FakeClock(Date.now());
    const cache = new VerifiedTokens();
    const token = await signer.token(bob, { aud: 'production', clock });
    await cache.verify(token, keys, { audience: 'production', nowMs: clock.now() });
    keys.delete(signer.kid);
    await assert.rejects(cache.verify(token, keys, { audience: 'production', nowMs: clock.now() }), /unknown key/);
  });

  it('stays bounded', async () => {
    const clock = new FakeClock(Date.now());
    const cache = new VerifiedTokens(4);
    for (let i = 0; i < 10; i++) {
      const token = await signer.token({ ...bob, id: `u${i}` }, { aud: 'production', clock });
      assert.equal((await cache.verify(token, keys, { audience: 'production', nowMs: clock.now() })).sub, `u${i}`);
      assert.ok(cache.size <= 4);
    }
  });
});
