// `infra providers` and `infra login --provider` against the real server and a real OIDC provider; the test plays
// the browser: it signs in at the provider and requests the CLI's callback URL, as a browser would follow the redirect.
import assert from 'node:assert/strict';
import { startTestOidcProvider, type TestOidcProvider } from '@infra/server/testing/oidc';
import { startBackend, type Backend } from '../testing/backend.js';
import { runInProcess, tempEnv, type TestEnv } from '../testing/cli.js';
import { ConfigStore } from '../config.js';

describe('infra providers and infra login --provider', function () {
  this.timeout(20_000);
  let server: Backend;
  let idp: TestOidcProvider;
  let admin: TestEnv;
  const envs: TestEnv[] = [];

  before(async function () {
    this.timeout(120_000);
    server = await startBackend();
    if (server.kind === 'fake') this.skip(); // the in-memory fake has no identity providers
    idp = await startTestOidcProvider();
    idp.addUser({ id: 'alice', email: 'alice@example.com' });
    admin = tempEnv();
    assert.equal((await runInProcess(admin, ['login', server.url, '--key', server.adminKey])).code, 0);
  });
  after(async () => {
    await server?.stop();
    await idp?.stop();
    admin?.cleanup();
    envs.forEach((e) => e.cleanup());
  });

  const fresh = () => {
    const env = tempEnv();
    envs.push(env);
    return env;
  };
  const add = (name: string, ...rest: string[]) =>
    runInProcess(admin, ['providers', 'add', name, '--url', idp.issuer, '--client-id', idp.clientId, ...rest]);

  /** A browser that signs in as `user` and then follows the redirect to the CLI, optionally changing it first. */
  const browser = (user: string, change?: (callback: URL) => void) => async (url: string) => {
    const callback = await idp.signIn(url, user);
    change?.(callback);
    await fetch(callback);
  };

  it('adds a provider, asking for the secret when not given, and never prints the secret', async () => {
    const r = await add('asked');
    assert.equal(r.code, 1, 'did not ask for the secret (the scripted prompt has no answer, so asking fails)');
    const asked = await runInProcess(
      admin,
      ['providers', 'add', 'asked', '--url', idp.issuer, '--client-id', idp.clientId],
      { answers: [idp.clientSecret] },
    );
    assert.equal(asked.code, 0, asked.stderr);
    assert.deepEqual(asked.prompt.asked, ['Client secret: ']);
    assert.equal(
      asked.stdout,
      `Added identity provider asked (${idp.issuer}).\nUsers log in with: infra login --provider asked\n`,
    );
    const json = await runInProcess(admin, ['-o', 'json', 'providers', 'list']);
    assert.equal(json.code, 0, json.stderr);
    assert.ok(!(asked.stdout + json.stdout).includes(idp.clientSecret));
  });

  it('lists, edits and removes providers by name', async () => {
    assert.equal((await add('listed', '--client-secret', idp.clientSecret)).code, 0);
    const list = await runInProcess(admin, ['providers', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^NAME\s+KIND\s+URL\s+CLIENT ID\s+GROUPS FROM\s+LAST SYNC\s+LAST ERROR\n/);
    assert.match(
      list.stdout,
      new RegExp(`\\nlisted\\s+oidc\\s+${idp.issuer}\\s+${idp.clientId}\\s+groups claim\\s+never\\s*\\n`),
    );
    const edit = await runInProcess(admin, ['providers', 'edit', 'listed', '--client-id', 'another-client']);
    assert.equal(edit.code, 0, edit.stderr);
    assert.match((await runInProcess(admin, ['providers', 'list'])).stdout, /\nlisted\s+oidc\s+\S+\s+another-client\s/);
    const nothing = await runInProcess(admin, ['providers', 'edit', 'listed']);
    assert.equal(
      nothing.stderr,
      'error: nothing to change: pass --url, --client-id, --client-secret or a directory option (--okta-api-token, …)\n',
    );
    const removed = await runInProcess(admin, ['providers', 'remove', 'listed']);
    assert.equal(removed.stdout, 'Removed identity provider listed.\n');
    const gone = await runInProcess(admin, ['providers', 'remove', 'listed']);
    assert.equal(
      gone.stderr,
      'error: there is no identity provider named listed: run `infra providers list` to see them\n',
    );
  });

  it('adds an Okta provider with an API token for group sync; the token is never printed', async () => {
    const token = '00a-okta-api-token-never-printed';
    const added = await add(
      'okta-sync',
      '--kind',
      'okta',
      '--client-secret',
      idp.clientSecret,
      '--okta-api-token',
      token,
    );
    assert.equal(added.code, 0, added.stderr);
    const list = await runInProcess(admin, ['providers', 'list']);
    assert.match(list.stdout, /\nokta-sync\s+okta\s+\S+\s+\S+\s+directory\s+never\s*\n/);
    const json = await runInProcess(admin, ['-o', 'json', 'providers', 'list']);
    assert.ok(!(added.stdout + list.stdout + json.stdout).includes(token));
    const wrongKind = await runInProcess(admin, ['providers', 'edit', 'okta-sync', '--azure-tenant', 'tenant-1']);
    assert.equal(wrongKind.code, 1);
    assert.match(wrongKind.stderr, /azureTenantID.*only for azure providers/);
    const noUrl = await runInProcess(admin, [
      'providers',
      'add',
      'entra',
      '--kind',
      'azure',
      '--client-id',
      'x',
      '--client-secret',
      'y',
    ]);
    assert.equal(noUrl.stderr, 'error: pass --url ISSUER or --azure-tenant ID\n');
  });

  it('scim-token prints the base URL and a bearer token that the SCIM API takes, once; a new one replaces it', async () => {
    assert.equal((await add('scim', '--client-secret', idp.clientSecret)).code, 0);
    const made = async () => {
      const r = await runInProcess(admin, ['providers', 'scim-token', 'scim']);
      assert.equal(r.code, 0, r.stderr);
      const m = /Base URL: +(\S+)\n {2}Bearer token: +(scim_\w+)\n$/.exec(r.stdout);
      assert.ok(m, r.stdout);
      return { base: m[1]!, token: m[2]! };
    };
    const users = (base: string, token: string) =>
      fetch(`${base}/Users`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    const first = await made();
    assert.equal(first.base, `${server.url}/api/scim/v2`);
    assert.equal(await users(first.base, first.token), 200);
    const second = await made();
    assert.equal(await users(second.base, first.token), 401);
    assert.equal(await users(second.base, second.token), 200);
    assert.equal((await runInProcess(admin, ['providers', 'scim-token', 'nope'])).code, 1);
  });

  it('login --provider prints the URL, takes the code from the browser and stores the session', async () => {
    assert.equal((await add('browser', '--client-secret', idp.clientSecret)).code, 0);
    const t = fresh();
    const r = await runInProcess(t, ['login', server.url, '--provider', 'browser'], { browser: browser('alice') });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `^Log in with browser in your browser\\. If it does not open, open this URL:\\n  ${idp.issuer}/auth\\?`,
      ),
    );
    assert.match(r.stdout, new RegExp(`^Logged in to ${server.url} as alice@example\\.com\\.\\n`));
    const session = new ConfigStore(t.home).current()!.session!;
    assert.equal(session.name, 'alice@example.com');
    assert.ok(session.expires);
    const self = await runInProcess(t, ['about']);
    assert.match(self.stdout, /User:\s+alice@example\.com/);
    const users = await runInProcess(admin, ['users', 'list']);
    assert.match(users.stdout, /\nalice@example\.com +browser +/, 'the list names where alice comes from');
  });

  it('`infra login` alone asks the server, then the provider by name and address, and logs in through it', async () => {
    assert.equal((await add('picked', '--client-secret', idp.clientSecret)).code, 0);
    const t = fresh();
    // A known server, as after an earlier login elsewhere: the list offers it first.
    new ConfigStore(t.home).update(server.url, () => ({ url: server.url }));
    const r = await runInProcess(t, ['login'], {
      answers: [server.url, `picked (${new URL(idp.issuer).host})`],
      browser: browser('alice'),
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.prompt.asked, ['Select a server:', 'Select an identity provider:']);
    assert.match(r.stdout, new RegExp(`^Logged in to ${server.url} as alice@example\.com\.\n`));
  });

  it('`infra login` alone offers an access key after the providers, and asks for it hidden', async () => {
    const t = fresh();
    const r = await runInProcess(t, ['login', server.url], {
      answers: ['Login with an access key', server.adminKey],
    });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.prompt.asked, ['Select an identity provider:', 'Access key: ']);
    assert.match(r.stdout, /^Logged in to .* as admin\./);
  });

  it('without a terminal, `infra login` names the flags instead of asking', async () => {
    const r = await runInProcess(fresh(), ['login', server.url]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'error: cannot ask how to log in without a terminal: pass --key KEY (or set INFRA_ACCESS_KEY), --user EMAIL with --password-stdin, --provider NAME, or --no-browser\n',
    );
  });

  it('a callback with another state is refused before the code reaches the server', async () => {
    assert.equal((await add('forged', '--client-secret', idp.clientSecret)).code, 0);
    const logins = server.count('POST /api/login');
    const r = await runInProcess(fresh(), ['login', server.url, '--provider', 'forged'], {
      browser: browser('alice', (cb) => cb.searchParams.set('state', 'someone-elses')),
    });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /\nerror: the browser came back from a different login: run `infra login --provider forged` again\n$/,
    );
    assert.equal(server.count('POST /api/login'), logins, 'the CLI handed a forged callback to the server');
  });

  it('a provider that answers with an error is reported in one line', async () => {
    assert.equal((await add('denied', '--client-secret', idp.clientSecret)).code, 0);
    const r = await runInProcess(fresh(), ['login', server.url, '--provider', 'denied'], {
      browser: async (url) => {
        const redirect = new URL(new URL(url).searchParams.get('redirect_uri')!);
        redirect.search = 'error=access_denied&error_description=the+user+said+no';
        await fetch(redirect);
      },
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\nerror: denied did not log you in: access_denied \(the user said no\)\n$/);
  });
});
