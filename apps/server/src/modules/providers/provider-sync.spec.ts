// Group sync and continuous verification against a real OIDC provider (refresh tokens rotate at each use) and local
// stand-ins for Microsoft Graph: memberships follow the provider, a failed lookup keeps the last groups and shows as
// provider status, and a user the provider refuses loses their sessions, which a connector hears at once.
import assert from 'node:assert/strict';
import { TestConnector } from '../../testing/test-connector.js';
import { within } from '../../testing/deadline.js';
import { FakeDirectories } from '../../testing/fake-directories.js';
import { providerLogin } from '../../testing/fixtures.js';
import { useAdminServer } from '../../testing/mocha.js';
import { startTestOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js';
import type { TestClient } from '../../testing/test-client.js';
import { ProviderSessionsService } from './provider-sessions.service.js';

const SYNC_SECONDS = 1;

/** A server whose verification rounds run every `interval` seconds, with a provider `corp` on a fresh test provider. */
function useProviderServer(interval: number, fake: FakeDirectories) {
  const t = useAdminServer({ env: { INFRA_PROVIDER_SYNC_INTERVAL: String(interval) } });
  const ctx = { t, idp: undefined as unknown as TestOidcProvider, anon: undefined as unknown as TestClient };
  before(async () => {
    ctx.idp = await startTestOidcProvider();
    ctx.anon = t.admin.as(undefined);
    const corp = await t.admin.post('/api/providers', {
      name: 'corp',
      url: ctx.idp.issuer,
      clientID: ctx.idp.clientId,
      clientSecret: ctx.idp.clientSecret,
    });
    assert.equal(corp.status, 201, JSON.stringify(corp.body));
    // The Microsoft hosts come from the configuration; this server's point at the stand-in.
    const sessions = t.server.running().app.get(ProviderSessionsService) as unknown as {
      directory: { endpoints: Record<string, string> };
    };
    Object.assign(sessions.directory.endpoints, { graph: fake.url, login: fake.url });
  });
  after(() => ctx.idp?.stop());
  return ctx;
}

describe('provider group sync and continuous verification', function () {
  this.timeout(30_000);
  const fake = new FakeDirectories();
  before(() => fake.start());
  after(() => fake.stop());

  describe('rounds run by the spec (the interval is an hour)', () => {
    const ctx = useProviderServer(3600, fake);
    const { t } = ctx;
    const login = (provider: string, sub: string) => providerLogin(ctx.anon, ctx.idp, provider, sub);

    async function groupsOf(userId: string): Promise<string[]> {
      const res = await t.admin.get(`/api/groups?userID=${userId}&limit=100`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.items as { name: string }[]).map((g) => g.name).sort();
    }

    const verifyAll = () => t.server.running().app.get(ProviderSessionsService).verifyAll();
    const status = async (name: string) => (await t.admin.get(`/api/providers?name=${name}`)).body.items[0];

    it('the groups claim makes provider groups at login; a later sync adds and removes, leaving manual memberships', async () => {
      ctx.idp.addUser({ id: 'ann-sub', email: 'ann@acme.example', groups: ['eng', 'ops'] });
      const ann = await login('corp', 'ann-sub');
      assert.deepEqual(await groupsOf(ann.userId), ['eng', 'ops']);

      const onCall = await t.admin.post('/api/groups', { name: 'on-call' });
      assert.equal(onCall.status, 201, JSON.stringify(onCall.body));
      const added = await t.admin.patch(`/api/groups/${onCall.body.id}/users`, { usersToAdd: ['ann@acme.example'] });
      assert.equal(added.status, 200, JSON.stringify(added.body));
      ctx.idp.addUser({ id: 'ann-sub', email: 'ann@acme.example', groups: ['eng', 'sre'] });
      await verifyAll();
      assert.deepEqual(
        await groupsOf(ann.userId),
        ['eng', 'on-call', 'sre'],
        'ops removed, sre added, on-call (manual) kept',
      );
      assert.equal((await ann.client.get('/api/users/self')).status, 200, 'a successful refresh keeps the session');
    });

    it('a provider group name already made in Infra is not taken over, and says so in the provider status', async () => {
      ctx.idp.addUser({ id: 'ben-sub', email: 'ben@acme.example', groups: ['on-call'] });
      const ben = await login('corp', 'ben-sub');
      assert.deepEqual(await groupsOf(ben.userId), []);
      assert.match((await status('corp')).lastError, /on-call/);
    });

    it('refresh tokens rotate: each round uses the newest one, so rounds keep succeeding', async () => {
      ctx.idp.addUser({ id: 'cat-sub', email: 'cat@acme.example', groups: ['eng'] });
      const cat = await login('corp', 'cat-sub');
      for (let round = 0; round < 3; round++)
        assert.equal((await verifyAll()).get(cat.userId), 'kept', `round ${round}`);
    });

    describe('Azure AD with Microsoft Graph', () => {
      before(async () => {
        // Graph's host comes from the configuration: point this server at the stand-in (restart keeps the data).
        const res = await t.admin.post('/api/providers', {
          name: 'entra',
          kind: 'azure',
          url: ctx.idp.issuer,
          clientID: ctx.idp.clientId,
          clientSecret: ctx.idp.clientSecret,
          azureTenantID: 'tenant-1',
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        assert.equal(res.body.directory, true);
        assert.ok(!JSON.stringify(res.body).includes('tenant-1'));
      });

      it('a failed lookup keeps the last groups and shows the error as provider status; the next success clears it', async () => {
        fake.groups.set('oid-dan', ['k8s-admins', 'k8s-view', 'eu-team']);
        ctx.idp.addUser({
          id: 'dan-sub',
          email: 'dan@acme.example',
          claims: { oid: 'oid-dan', _claim_names: { groups: 'src1' } },
        });
        const dan = await login('entra', 'dan-sub');
        assert.deepEqual(await groupsOf(dan.userId), ['eu-team', 'k8s-admins', 'k8s-view']);
        const synced = await status('entra');
        assert.ok(synced.lastSync && !synced.lastError, JSON.stringify(synced));

        fake.failures.graph.push({
          status: 403,
          body: {
            error: {
              code: 'Authorization_RequestDenied',
              message: 'Insufficient privileges to complete the operation.',
            },
          },
        });
        await verifyAll();
        assert.deepEqual(
          await groupsOf(dan.userId),
          ['eu-team', 'k8s-admins', 'k8s-view'],
          'the last known groups stay',
        );
        const failed = await status('entra');
        assert.match(failed.lastError, /Microsoft Graph answered 403: Insufficient privileges/);
        assert.equal(failed.lastSync, synced.lastSync, 'the last success is still shown');

        fake.groups.set('oid-dan', ['k8s-view']);
        await verifyAll();
        assert.deepEqual(await groupsOf(dan.userId), ['k8s-view']);
        assert.equal((await status('entra')).lastError, undefined);
      });
    });
  });

  describe(`rounds every ${SYNC_SECONDS} s`, () => {
    const ctx = useProviderServer(SYNC_SECONDS, fake);
    const { t } = ctx;

    it('a user removed at the provider loses sessions and the keys they made within one interval; a connector hears it', async () => {
      const destination = await t.admin.post('/api/destinations', { name: 'verify-prod' });
      assert.equal(destination.status, 201, JSON.stringify(destination.body));
      const connector = new TestConnector({
        address: t.server.grpcAddress!,
        accessKey: destination.body.connector.accessKey,
        register: { destination: 'verify-prod' },
      });
      try {
        await connector.attached();
        ctx.idp.addUser({ id: 'eve-sub', email: 'eve@acme.example', groups: ['eng'] });
        const eve = await providerLogin(ctx.anon, ctx.idp, 'corp', 'eve-sub');
        const key = await eve.client.post('/api/keys', { name: 'laptop' });
        assert.equal(key.status, 201, JSON.stringify(key.body));

        ctx.idp.removeUser('eve-sub');
        const heard = await within(
          `the connector hearing eve's revocation within ${SYNC_SECONDS}s (plus a round)`,
          connector.changesUntil((c) => c.revocation?.credentialId === key.body.id),
          (SYNC_SECONDS + 4) * 1000,
        );
        assert.ok(heard.some((c) => c.revocation?.userId === eve.userId));
        assert.equal((await eve.client.get('/api/users/self')).status, 401, 'the session is revoked');
        assert.equal(
          (await ctx.anon.as(key.body.accessKey).get('/api/users/self')).status,
          401,
          'the key the session made is revoked',
        );
        const audit = await t.admin.get('/api/audit?action=providers.user_refused');
        assert.ok(
          audit.body.items.some((a: { targetID: string }) => a.targetID === eve.userId),
          JSON.stringify(audit.body),
        );
      } finally {
        connector.cancel();
      }
    });
  });
});
