// Logging in through an identity provider, end to end: a real OIDC provider (oidc-provider), the real `infra` binary
// and kubectl through the connector. The person's Infra user is made at their first login; a grant to their e-mail
// then reaches the cluster like any other.
import assert from 'node:assert/strict';
import { startTestOidcProvider, type TestOidcProvider } from '@infra/server/testing/oidc';
import { CliUser } from './cli.js';
import { useSystem } from './testing.js';

describe('logging in through an identity provider, with the whole system', function () {
  this.timeout(120_000);
  const sys = useSystem();
  let idp: TestOidcProvider;
  const people: CliUser[] = [];

  before(async () => {
    idp = await startTestOidcProvider();
    idp.addUser({ id: 'okta-user-1', email: 'idp-user@example.com' });
    sys().kube.addPod({ name: 'nginx' });
  });
  after(async () => {
    people.forEach((p) => p.cleanup());
    await idp?.stop();
  });

  it('an admin adds the provider with the CLI; a person logs in through it, is granted by e-mail, and kubectl works', async () => {
    const s = sys();
    const admin = new CliUser();
    const person = new CliUser();
    people.push(admin, person);
    assert.equal((await admin.infra(['login', s.url, '--key', s.adminKey])).code, 0);
    const add = await admin.infra([
      'providers',
      'add',
      'acme',
      '--url',
      idp.issuer,
      '--client-id',
      idp.clientId,
      '--client-secret',
      idp.clientSecret,
    ]);
    assert.equal(add.code, 0, add.stderr);

    const login = await person.browserLogin(['login', s.url, '--provider', 'acme'], async (url) => {
      await fetch(await idp.signIn(url, 'okta-user-1'));
    });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /Logged in to .* as idp-user@example\.com\.\nYou have no access to any destination yet/);

    await s.waitForGrantInConnector(await s.grant({ user: 'idp-user@example.com' }, 'view', 'production'));
    const use = await person.infra(['use', 'production']);
    assert.equal(use.code, 0, use.stderr);
    const pods = await person.kubectl(['get', 'pods']);
    assert.equal(pods.code, 0, pods.stderr);
    assert.match(pods.stdout, /^nginx\s+1\/1\s+Running/m);
    assert.ok(
      s.kube.requests.some((q) => q.user === 'idp-user@example.com'),
      'the connector did not impersonate the provider user',
    );
  });
});
