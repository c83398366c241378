// Signing in and logging in elsewhere from the web UI, in a real browser against a real server: the identity provider
// buttons (a real OIDC provider), the device approval page on a phone for the real `infra login --no-browser`, and
// access keys (made once, listed, revoked; an admin sees everyone's). Every page passes axe-core and is photographed.
import assert from 'node:assert/strict';
import { startTestOidcProvider, type TestOidcProvider } from '@infra/server/testing/oidc';
import { TestClient, grantInfraRole, useTestServer, within, type TestServer } from '@infra/server/testing';
import type { Browser, Page } from 'playwright-core';
import { CliUser } from '../system/cli.js';
import { launchChromium, newUserPage, PHONE } from './browser.js';
import { choosePassword, photographer, signIn } from './ui.js';

/**
 * The CLI polls every 5 s, so it has its session within one interval of the approval; the sign-in before it checks
 * passwords (scrypt), which takes 10 s on a machine as loaded as CI's.
 */
const CLI_LOGIN_DEADLINE_MS = 60_000;
/** Waits in the browser: a password sign-in or change is one scrypt hash (see above). */
const PAGE_WAIT_MS = 20_000;

describe('web UI sign-in, device approval and access keys in chromium', function () {
  this.timeout(90_000);
  let server: TestServer;
  let admin: TestClient;
  let browser: Browser;
  let idp: TestOidcProvider;
  const shots = photographer();
  const cli: CliUser[] = [];
  const look = (page: Page, name: string) => shots.look(page, name);

  useTestServer({}, async (s) => {
    server = s;
    admin = new TestClient(server.url, server.adminKey);
  });

  before(async function () {
    this.timeout(60_000);
    idp = await startTestOidcProvider({ redirectUris: ['http://127.0.0.1/api/session/providers/acme/callback'] });
    idp.addUser({ id: 'carol-sub', email: 'carol@example.com' });
    const added = await admin.post('/api/providers', {
      name: 'acme',
      url: idp.issuer,
      clientID: idp.clientId,
      clientSecret: idp.clientSecret,
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    browser = await launchChromium();
  });

  after(async () => {
    cli.forEach((c) => c.cleanup());
    await browser?.close();
    await idp?.stop();
    shots.done();
  });

  /** A user made by the admin with a password they must change at their first sign-in. */
  async function open(viewport?: { width: number; height: number }): Promise<Page> {
    const page = await newUserPage(browser, viewport);
    page.setDefaultTimeout(PAGE_WAIT_MS);
    return page;
  }

  async function addUser(name: string): Promise<string> {
    const res = await admin.post('/api/users', { name });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.oneTimePassword as string;
  }

  /** `infra login --no-browser` run by a new CLI user; `approve` gets the page address the CLI printed. */
  function headlessLogin(approve: (link: string) => Promise<void>) {
    const user = new CliUser();
    cli.push(user);
    // The CLI is stopped first, so that a failure shows its output (and the test's, which it carries).
    return within(
      'the headless CLI to finish after the answer on the page',
      user.deviceLoginByLink(['login', server.url, '--no-browser'], approve, CLI_LOGIN_DEADLINE_MS),
      CLI_LOGIN_DEADLINE_MS + 5_000,
    );
  }

  it('the sign-in page has a button per identity provider, which ends signed in as the person it vouches for', async () => {
    const page = await open();
    await page.goto(server.url);
    const button = page.getByRole('link', { name: `Sign in with acme (${new URL(idp.issuer).host})` });
    await button.waitFor();
    await look(page, 'sign-in-providers');
    idp.signInBrowserAs('carol-sub');
    await button.click();
    await page.getByRole('heading', { name: 'My access' }).waitFor();
    await page.getByText('carol@example.com').waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    const cookies = await page.context().cookies();
    assert.ok(cookies.find((c) => c.name === 'infra_session')?.httpOnly, JSON.stringify(cookies));
    await page.context().close();
  });

  it("shows the provider's refusal as its sentence on the sign-in page", async () => {
    const page = await open();
    await page.goto(
      `${server.url}/api/session/providers/acme/callback?error=access_denied&error_description=no+thanks`,
    );
    const alert = page.getByRole('alert').filter({ hasText: 'Could not sign in' });
    await alert.waitFor();
    assert.match(await alert.innerText(), /acme refused the sign-in: no thanks/);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Infra' }).waitFor();
    assert.equal(await page.getByRole('alert').count(), 0, 'the sentence is shown once');
    await page.context().close();
  });

  it('on a phone, a person signs in at the link the CLI printed, sees the code and who approves, and approves', async () => {
    const password = await addUser('dave@example.com');
    const phone = await open(PHONE);
    let code = '';
    const login = await headlessLogin(async (link) => {
      code = new URL(link).searchParams.get('user_code')!;
      await phone.goto(link);
      await signIn(phone, undefined, 'dave@example.com', password);
      await choosePassword(phone, 'dave chooses a long password');
      await phone.getByRole('heading', { name: 'Approve a device login' }).waitFor();
      assert.equal(await phone.getByLabel(/^Code shown by the command line/).inputValue(), code);
      assert.match(await phone.getByRole('main').innerText(), /session of its own as dave@example\.com/);
      const width = (await phone.evaluate('document.documentElement.scrollWidth')) as number;
      assert.ok(width <= PHONE.width, `the page is ${width} px wide on a ${PHONE.width} px phone`);
      await look(phone, 'device');
      await phone.getByRole('button', { name: 'Approve' }).click();
      await phone.getByRole('status').filter({ hasText: 'now signed in as dave@example.com' }).waitFor();
      await look(phone, 'device-approved');
    });
    assert.equal(login.code, 0, login.stderr);
    assert.match(code, /^[A-Z]{4}-[A-Z]{4}$/);
    assert.match(login.stdout, /Logged in to .* as dave@example\.com\./);

    // The same code again (used), a code nobody started (unknown), and something that is no code: the API's sentences.
    for (const [typed, sentence] of [
      [code, `no device is waiting with code ${code}: it may have expired or been used`],
      ['BCDF-GHJK', 'no device is waiting with code BCDF-GHJK'],
      ['hello', 'must be the 8 letters the device shows'],
    ]) {
      await phone.reload();
      await phone.getByLabel(/^Code shown by the command line/).fill(typed!);
      await phone.getByRole('button', { name: 'Approve' }).click();
      const alert = phone.getByRole('alert').filter({ hasText: 'Could not approve' });
      await alert.waitFor();
      assert.ok((await alert.innerText()).includes(sentence!), `"${await alert.innerText()}" lacks "${sentence}"`);
    }
    await phone.context().close();
  });

  it('a person denies on the page: the CLI is told so and gets no session', async () => {
    const phone = await open(PHONE);
    await signIn(phone, server.url, 'dave@example.com', 'dave chooses a long password');
    await phone.getByRole('heading', { name: 'My access' }).waitFor();
    const login = await headlessLogin(async (link) => {
      await phone.goto(link);
      await phone.getByRole('button', { name: 'Deny' }).click();
      await phone.getByRole('status').filter({ hasText: 'will not be signed in' }).waitFor();
    });
    assert.equal(login.code, 1);
    assert.match(login.stderr, /denied/);
    await phone.context().close();
  });

  it('signing in through the provider from the device page comes back to it, code and all', async () => {
    const phone = await open(PHONE);
    const login = await headlessLogin(async (link) => {
      await phone.goto(link);
      idp.signInBrowserAs('carol-sub');
      await phone.getByRole('link', { name: /^Sign in with acme/ }).click();
      await phone.getByRole('heading', { name: 'Approve a device login' }).waitFor();
      assert.equal(new URL(phone.url()).search, new URL(link).search);
      await phone.getByRole('button', { name: 'Approve' }).click();
      await phone.getByRole('status').filter({ hasText: 'now signed in as carol@example.com' }).waitFor();
    });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /as carol@example\.com\./);
    await phone.context().close();
  });

  it('access keys: made with an expiry and shown once, listed, revoked; an admin sees everyone’s', async () => {
    const bob = await admin.post('/api/users', { name: 'bob@example.com', password: 'bob has a long password' });
    const bobKey = await admin.post('/api/keys', { userID: bob.body.id, name: 'bob-laptop' });
    assert.equal(bobKey.status, 201, JSON.stringify(bobKey.body));
    const password = await addUser('ada@example.com');
    await grantInfraRole(admin, 'ada@example.com', 'admin');
    const page = await open();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signIn(page, server.url, 'ada@example.com', password);
    await choosePassword(page, 'ada chooses a long password');
    await page.getByRole('link', { name: 'Access keys' }).click();
    await page.getByRole('heading', { name: 'Access keys' }).waitFor();

    const form = page.getByRole('form', { name: 'Create an access key' });
    await form.getByLabel('Name').fill('ci-pipeline');
    await form.getByLabel('Expires after').click();
    await page.getByRole('option', { name: '30 days' }).click();
    await form.getByRole('button', { name: 'Create key' }).click();
    const created = page.getByRole('status').filter({ hasText: 'Created ci-pipeline' });
    await created.waitFor();
    const key = await page.getByTestId('shown-once').innerText();
    assert.match(key, /^[A-Za-z0-9]{10}\.[A-Za-z0-9]{24}$/);
    await created.getByRole('button', { name: 'Copy' }).click();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), key);
    const self = await new TestClient(server.url, key).get('/api/users/self');
    assert.equal(self.status, 200, 'the key shown works');

    const table = page.getByRole('table', { name: 'Your access keys' });
    const row = table.getByRole('row').filter({ hasText: 'ci-pipeline' });
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    const [created_, expires] = [new Date(cells[1]!), new Date(cells[2]!)];
    const days = (expires.getTime() - created_.getTime()) / 86_400_000;
    assert.ok(Math.abs(days - 30) < 0.01, `the key expires ${days} days after it was made`);
    assert.equal(await table.getByRole('row').filter({ hasText: 'bob-laptop' }).count(), 0, "bob's key is not ada's");
    await page.reload(); // last used: the call above
    assert.notEqual((await row.getByRole('cell').allInnerTexts())[3], 'never');
    await look(page, 'access-keys');

    await page.getByText("Everyone's keys", { exact: true }).click();
    const everyone = page.getByRole('table', { name: "Everyone's access keys" });
    await everyone.getByRole('row').filter({ hasText: 'bob-laptop' }).filter({ hasText: 'bob@example.com' }).waitFor();

    await page.getByText('My keys', { exact: true }).click();
    await page.getByRole('button', { name: 'Revoke ci-pipeline' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke ci-pipeline?' });
    await dialog.getByRole('button', { name: 'Revoke ci-pipeline' }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal((await new TestClient(server.url, key).get('/api/users/self')).status, 401, 'the revoked key works');
    await page.context().close();
  });

  it('a plain user sees only their own keys, with no way to see others’', async () => {
    const page = await open();
    await signIn(page, `${server.url}/keys`, 'bob@example.com', 'bob has a long password');
    await choosePassword(page, 'bob chooses a long password');
    await page
      .getByRole('table', { name: 'Your access keys' })
      .getByRole('row')
      .filter({ hasText: 'bob-laptop' })
      .waitFor();
    assert.equal(await page.getByRole('radio', { name: "Everyone's keys" }).count(), 0);
    await page.context().close();
  });
});
