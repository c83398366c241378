// Logging in through an identity provider, end to end: a real OIDC provider (oidc-provider), the real `infra` binary
// and kubectl through the connector. The person's Infra user is made at their first login; a grant to their e-mail
// then reaches the cluster like any other. Removing them at the provider takes kubectl away within one sync interval.
import assert from 'node:assert/strict';
import { startTestOidcProvider, type TestOidcProvider } from '@infra/server/testing/oidc';
import { CliUser } from './cli.js';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

/** INFRA_PROVIDER_SYNC_INTERVAL here (the least the server allows is 1 s). */
const SYNC_INTERVAL_S = 2;
/** On top of one interval: the refresh at the provider, the revocation's trip to the connector, kubectl's start. */
const SLACK_MS = 8_000;

describe('logging in through an identity provider, with the whole system', function () {
  this.timeout(120_000);
  const sys = useSystem({ serverEnv: { INFRA_PROVIDER_SYNC_INTERVAL: String(SYNC_INTERVAL_S) } });
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

  /** A person of a provider of their own who logged in with the real CLI and whose kubectl works on production. */
  async function loggedInPerson(sub: string, email: string): Promise<CliUser> {
    const s = sys();
    idp.addUser({ id: sub, email });
    const admin = new CliUser();
    const person = new CliUser();
    people.push(admin, person);
    assert.equal((await admin.infra(['login', s.url, '--key', s.adminKey])).code, 0);
    const provider = `sync-${sub}`;
    const add = await admin.infra(
      ['providers', 'add', provider, '--url', idp.issuer, '--client-id', idp.clientId].concat([
        '--client-secret',
        idp.clientSecret,
      ]),
    );
    assert.equal(add.code, 0, add.stderr);
    const login = await person.browserLogin(['login', s.url, '--provider', provider], async (url) => {
      await fetch(await idp.signIn(url, sub));
    });
    assert.equal(login.code, 0, login.stderr);
    await s.waitForGrantInConnector(await s.grant({ user: email }, 'view', 'production'));
    assert.equal((await person.infra(['use', 'production'])).code, 0);
    const pods = await person.kubectl(['get', 'pods']);
    assert.equal(pods.code, 0, pods.stderr);
    return person;
  }

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

  it('a person removed at the provider loses kubectl within one sync interval, with a cached token', async () => {
    const person = await loggedInPerson('leaver-1', 'leaver@example.com');
    idp.removeUser('leaver-1');
    let last = '';
    await eventually(
      `kubectl refused within one ${SYNC_INTERVAL_S} s sync interval (+${SLACK_MS} ms) of the removal at the provider`,
      async () => {
        const r = await person.kubectl(['get', 'pods']);
        last = r.stderr;
        return r.code !== 0;
      },
      SYNC_INTERVAL_S * 1000 + SLACK_MS,
      () => `kubectl still answered; its last stderr: ${last}`,
    );
    assert.match(last, /You must be logged in to the server/, `kubectl said: ${last}`);
    const s = sys();
    const connector = s.kube.requests.filter((q) => q.user === 'leaver@example.com').length;
    assert.ok(connector > 0, 'kubectl never reached the cluster as the person before the removal');
  });
});
