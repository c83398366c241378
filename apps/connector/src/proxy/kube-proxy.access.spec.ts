// Who gets through the proxy: credentials, impersonation, grants, and the errors kubectl shows when refused.
import assert from 'node:assert/strict';
import { ConnectorState } from '../state/connector-state.js';
import { TestSigner, aChange, aGrant, aUser } from '../testing/fakes.js';
import { DEST, ProxyHarness, assertStatus, bob, carol } from '../testing/proxy-harness.js';
import { Upstream } from './upstream.js';

describe('kubectl proxy: who gets through', function () {
  this.timeout(60_000);
  let h: ProxyHarness;
  before(async () => (h = await ProxyHarness.create()));
  after(async () => h.stop());
  beforeEach(async () => h.reset());

  const withToken = (t: string) => ({ Authorization: `Bearer ${t}` });

  it('a client Impersonate-User header gets 403 and never reaches the API server', async () => {
    assertStatus(
      await h.asBob('/api/v1/pods', { 'Impersonate-User': 'admin' }),
      403,
      /impersonation through Infra is not allowed/,
    );
    assertStatus(await h.asBob('/api/v1/pods', { 'impersonate-extra-scopes': 'x' }), 403, /impersonation/);
    assertStatus(await h.asBob('/api/v1/pods', { 'IMPERSONATE-GROUP': 'system:masters' }), 403, /impersonation/);
    assert.equal(h.kube.seen.length, 0);
  });

  it('a user named system:… (any case) gets 403 even with a grant, and never reaches the API server', async () => {
    for (const name of ['system:admin', 'System:Masters', 'SYSTEM:serviceaccount:kube-system:default']) {
      const user = aUser(name, [], `u-${name.length}`);
      h.state.applyChange(aChange(h.state.sequence + 1, { change: 'userUpserted', userUpserted: user }));
      h.state.applyChange(
        aChange(h.state.sequence + 1, {
          change: 'grantUpserted',
          grantUpserted: aGrant({ userId: user.id, resource: DEST, privilege: 'view' }),
        }),
      );
      assertStatus(
        await h.call('/api/v1/pods', withToken(await h.tokenFor(user))),
        403,
        /names starting with "system:" are reserved for Kubernetes/,
      );
    }
    assert.equal(h.kube.seen.length, 0);
  });

  it('a request without a token gets 401', async () => {
    assertStatus(await h.call('/api/v1/pods'), 401, /no bearer token/);
  });

  it('a token for another destination gets 401', async () => {
    assertStatus(await h.call('/api', withToken(await h.tokenFor(bob, { aud: 'staging' }))), 401, /Unauthorized/);
  });

  it('an expired token gets 401', async () => {
    const t = await h.tokenFor(bob, { iatMs: h.clock.now() - 600_000, expMs: h.clock.now() - 60_000 });
    assertStatus(await h.call('/api', withToken(t)), 401, /expired/);
  });

  it('a token with a forged signature gets 401', async () => {
    const forger = await TestSigner.create(h.signer.kid);
    assertStatus(
      await h.call('/api', withToken(await forger.token(bob, { aud: DEST, clock: h.clock }))),
      401,
      /signature/,
    );
  });

  it('a token signed by an unknown key gets 401', async () => {
    const stranger = await TestSigner.create('someone-else');
    assertStatus(
      await h.call('/api', withToken(await stranger.token(bob, { aud: DEST, clock: h.clock }))),
      401,
      /unknown key/,
    );
  });

  it('a token of a revoked credential gets 401', async () => {
    const t = await h.tokenFor();
    h.state.applyChange(
      aChange(2, {
        change: 'revocation',
        revocation: { credentialId: 'cred-1', userId: bob.id, revokedAtMs: h.clock.now(), untilMs: 0 },
      }),
    );
    assertStatus(await h.call('/api', withToken(t)), 401, /revoked/);
    assert.equal(h.kube.seen.length, 0);
  });

  it('before the first snapshot the proxy answers 503, not 401', async () => {
    const upstream = new Upstream(new URL(h.kube.url), { rejectUnauthorized: false }, async () => undefined);
    await h.useUpstream(upstream, new ConnectorState(DEST, h.clock));
    assertStatus(await h.asBob('/api'), 503, /not yet received its configuration/);
  });

  it('an ungranted user gets a 403 Status that names the fix', async () => {
    assertStatus(
      await h.call('/api/v1/pods', withToken(await h.tokenFor(carol))),
      403,
      /carol@example.com has no grant on production; ask an Infra admin to run `infra grants add carol@example.com production --role view`, or ask for access for a while: `infra request production --role view --for 1h --reason "\.\.\."`/,
    );
    assert.equal(h.kube.seen.length, 0);
  });

  it("an ungranted user's discovery request gets the message as text, which kubectl's discovery client prints", async () => {
    const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const reply = await h.call('/api?timeout=32s', { ...withToken(await h.tokenFor(carol)), Accept: accept });
    assert.equal(reply.status, 403);
    assert.match(String(reply.headers['content-type']), /^text\/plain/);
    assert.match(reply.body, /^carol@example.com has no grant on production/);
  });

  it('an ungranted user gets 403 on exec', async () => {
    const res = await h.refusedUpgrade('/api/v1/namespaces/default/pods/web/exec', await h.tokenFor(carol));
    assert.equal(res.status, 403);
    assert.match(res.body, /has no grant on production/);
    assert.equal(h.kube.seen.length, 0);
  });

  it('a grant expiring soon is announced as a Warning, which kubectl prints', async () => {
    h.state.applyChange(
      aChange(2, {
        change: 'grantUpserted',
        grantUpserted: { ...h.bobsGrant, expiresAtMs: h.clock.now() + 4 * 60_000 },
      }),
    );
    const reply = await h.asBob('/api/v1/pods');
    assert.equal(reply.status, 200);
    assert.equal(
      reply.headers.warning,
      '299 - "your view grant on production expires in 4 minutes", 299 - "stub says hi"',
    );
  });
});
