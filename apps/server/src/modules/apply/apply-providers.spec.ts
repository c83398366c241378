// The providers section of `infra apply` against a real OIDC provider: providers are created, changed and removed in
// the apply's transaction, only those an apply made are changed or removed, secrets come by reference (the values
// in `secrets`) and never come back, an issuer without a discovery document fails the whole file, and removing a
// provider signs its users out.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addTestProvider, providerLogin } from '../../testing/fixtures.js';
import { useAdminServer } from '../../testing/mocha.js';
import { startTestOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js';

interface Provider {
  id: string;
  name: string;
  kind: string;
  url: string;
  clientID: string;
  directory: boolean;
}

describe('infra apply: providers', function () {
  this.timeout(120_000);
  const t = useAdminServer();
  let idp: TestOidcProvider;
  let notOidc: Server;
  let notOidcUrl: string;
  before(async () => {
    idp = await startTestOidcProvider();
    notOidc = createServer((_, res) => res.writeHead(404).end('no'));
    await new Promise<void>((r) => notOidc.listen(0, '127.0.0.1', r));
    notOidcUrl = `http://127.0.0.1:${(notOidc.address() as AddressInfo).port}`;
  });
  after(async () => {
    await idp?.stop();
    notOidc?.close();
  });
  beforeEach(async () => {
    assert.equal((await t.admin.post('/api/apply', { document: '' })).status, 200);
  });

  const SECRETS = { 'env:IDP_SECRET': 'first-secret-3b7c', 'file:okta.token': 'okta-token-9d2e' };
  const doc = (extra = '', clientID = idp.clientId) =>
    `providers:\n  - name: corp\n    url: ${idp.issuer}\n    clientID: ${clientID}\n    clientSecret: env:IDP_SECRET\n${extra}`;

  async function apply(document: string, opts: { dryRun?: boolean; secrets?: Record<string, string> } = {}) {
    const res = await t.admin.post<{ diff: string[] }>('/api/apply', { document, secrets: SECRETS, ...opts });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(!JSON.stringify(res.body).includes('first-secret'), 'a secret came back in the answer');
    return res.body.diff;
  }
  async function provider(name: string): Promise<Provider | undefined> {
    return (await t.admin.get<{ items: Provider[] }>(`/api/providers?name=${name}`)).body.items[0];
  }
  async function sealedSecret(id: string): Promise<string> {
    const [row] = await t.server
      .running()
      .database.manager.query('SELECT client_secret_encrypted FROM providers WHERE id = $1', [id]);
    return row.client_secret_encrypted;
  }

  it('creates a provider with the referenced secret, changes nothing the second time, and removes it once dropped', async () => {
    assert.deepEqual(await apply(doc(), { dryRun: true }), ['+ provider corp']);
    assert.equal(await provider('corp'), undefined, 'the dry run made a provider');
    assert.deepEqual(await apply(doc()), ['+ provider corp']);
    const made = await provider('corp');
    assert.deepEqual(
      [made?.kind, made?.url, made?.clientID, made?.directory],
      ['oidc', idp.issuer, idp.clientId, false],
    );
    assert.match(await sealedSecret(made!.id), /^v1\./);
    assert.ok(!(await sealedSecret(made!.id)).includes('first-secret'), 'the secret is stored as given');
    assert.deepEqual(await apply(doc()), [], 'the second apply changed something');

    const audit = await t.admin.get('/api/audit?limit=1000');
    assert.ok(
      (audit.body.items as { action: string; targetName: string }[]).some(
        (a) => a.action === 'providers.create' && a.targetName === 'corp',
      ),
      'no providers.create audit row',
    );
    assert.ok(!JSON.stringify(audit.body).includes('first-secret-3b7c'), 'the secret is in the audit log');

    assert.deepEqual(await apply('users: [kept@example.com]\n', { dryRun: true }), [
      '- provider corp',
      '+ user kept@example.com',
    ]);
    assert.deepEqual(await apply(''), ['- provider corp']);
    assert.equal(await provider('corp'), undefined);
  });

  it('signs out the users of a provider it removes, as DELETE /api/providers/:id does', async () => {
    await apply(doc(), { secrets: { 'env:IDP_SECRET': idp.clientSecret } });
    idp.addUser({ id: 'applied-sub', email: 'applied@example.com' });
    const user = await providerLogin(t.admin.as(undefined), idp, 'corp', 'applied-sub');
    assert.equal((await user.client.get('/api/users/self')).status, 200);
    assert.deepEqual(await apply(''), ['- provider corp']);
    assert.equal((await user.client.get('/api/users/self')).status, 401, 'the session outlived its provider');
  });

  it('names the fields that change, never their values, and stores the new secret', async () => {
    await apply(doc());
    const before = await sealedSecret((await provider('corp'))!.id);
    const changed = { secrets: { ...SECRETS, 'env:IDP_SECRET': 'second-secret-5a1f' } };
    assert.deepEqual(await apply(doc('', 'other-client'), changed), ['~ provider corp (clientID, clientSecret)']);
    assert.equal((await provider('corp'))?.clientID, 'other-client');
    assert.notEqual(await sealedSecret((await provider('corp'))!.id), before, 'the secret was not replaced');
    assert.deepEqual(await apply(doc('', 'other-client'), changed), []);
  });

  it('takes kind settings by reference too, and drops them when the file does', async () => {
    const okta = `providers:\n  - name: corp\n    kind: okta\n    url: ${idp.issuer}\n    clientID: ${idp.clientId}\n    clientSecret: env:IDP_SECRET\n`;
    assert.deepEqual(await apply(`${okta}    oktaAPIToken: file:okta.token\n`), ['+ provider corp']);
    assert.deepEqual([(await provider('corp'))?.kind, (await provider('corp'))?.directory], ['okta', true]);
    assert.deepEqual(await apply(okta), ['~ provider corp (oktaAPIToken)']);
    assert.equal((await provider('corp'))?.directory, false);
    const res = await t.admin.post('/api/apply', { document: doc(), secrets: SECRETS });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(
      res.body.message,
      'infra.yaml:2: providers[0]: provider "corp" is of kind okta: a kind cannot change (drop the entry and apply, then add it back)',
    );
  });

  it('never changes or removes a provider made with the API, even when the file declares it', async () => {
    const made = await addTestProvider(t.admin, idp, 'corp');
    assert.deepEqual(await apply(doc('', 'file-client')), []);
    assert.equal((await provider('corp'))?.clientID, idp.clientId);
    assert.deepEqual(await apply(''), []);
    assert.equal((await provider('corp'))?.id, made);
    assert.equal((await t.admin.delete(`/api/providers/${made}`)).status, 204);
  });

  it('applies nothing when an issuer has no discovery document, naming the line of its url', async () => {
    const document = `users: [early@example.com]\n${doc().replace(idp.issuer, notOidcUrl)}`;
    for (const dryRun of [true, false]) {
      const res = await t.admin.post('/api/apply', { document, secrets: SECRETS, dryRun });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.match(
        res.body.message,
        new RegExp(
          `^infra\\.yaml:4: providers\\[0\\]\\.url: is not an OpenID Connect issuer: ${notOidcUrl}/\\.well-known/openid-configuration: `,
        ),
      );
    }
    assert.equal((await t.admin.get<{ items: unknown[] }>('/api/users?name=early@example.com')).body.items.length, 0);
    assert.equal(await provider('corp'), undefined);
  });

  const BAD: [string, string, Record<string, string>, string][] = [
    [
      'a missing env var',
      'providers:\n  - {name: a, url: "https://idp.example.com", clientID: c, clientSecret: "env:NOPE"}\n',
      {},
      'infra.yaml:2: providers[0].clientSecret: environment variable NOPE is not set (referenced as "env:NOPE")',
    ],
    [
      'a setting of another kind',
      'providers:\n  - name: a\n    url: https://idp.example.com\n    clientID: c\n    clientSecret: s\n    oktaAPIToken: t\n',
      {},
      'infra.yaml:6: providers[0].oktaAPIToken: is only for okta providers',
    ],
    [
      'a name that is not a DNS label and an unknown kind',
      'providers:\n  - name: Corp IdP\n    kind: saml\n    url: http://idp.example.com\n    clientID: c\n    clientSecret: s\n',
      {},
      'infra.yaml:2: providers[0].name: must be a lower-case DNS label\ninfra.yaml:3: providers[0].kind: kind must be one of the following values: oidc, okta, google, azure',
    ],
    [
      'plain http away from loopback',
      'providers:\n  - {name: a, url: "http://idp.example.com", clientID: c, clientSecret: s}\n',
      {},
      'infra.yaml:2: providers[0].url: must be https (plain http only on loopback)',
    ],
    [
      'an azure provider with neither url nor tenant',
      'providers:\n  - {name: a, kind: azure, clientID: c, clientSecret: s}\n',
      {},
      'infra.yaml:2: providers[0].url: is required without azureTenantID',
    ],
    [
      'a google key that is not JSON',
      'providers:\n  - {name: g, kind: google, clientID: c, clientSecret: s, googleServiceAccountKey: "file:key.json", googleAdminEmail: a@example.com}\n',
      { 'file:key.json': 'not json' },
      'infra.yaml:2: providers[0].googleServiceAccountKey: must be the JSON key file of a service account',
    ],
    [
      'a duplicate provider',
      'providers:\n  - {name: a, url: "https://idp.example.com", clientID: c, clientSecret: s}\n  - {name: a, url: "https://idp.example.com", clientID: c, clientSecret: s}\n',
      {},
      'infra.yaml:3: providers[1]: duplicate provider "a" (first at line 2)',
    ],
  ];
  for (const [what, document, secrets, message] of BAD) {
    it(`answers ${what} with a 400 naming the line`, async () => {
      const res = await t.admin.post('/api/apply', { document, secrets, dryRun: true });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.message, message);
    });
  }
});
