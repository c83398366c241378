// The web UI in a real browser against a real server: an admin signs in with a one-time password and changes it,
// adds a user and a grant and sees them listed; the new user sees only their own access; everyone signs out. Every
// page passes axe-core with no serious violation, and is photographed for docs/ui.
import assert from 'node:assert/strict';
import { TestClient, TestConnector, grantInfraRole, useTestServer, type TestServer } from '@infra/server/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newUserPage } from './browser.js';
import { choosePassword, photographer, signIn as signInAt } from './ui.js';

describe('web UI in chromium', function () {
  this.timeout(60_000);
  let server: TestServer;
  let admin: TestClient;
  let browser: Browser;
  let connector: TestConnector;
  const { look, done } = photographer();

  useTestServer({}, async (s) => {
    server = s;
    admin = new TestClient(server.url, server.adminKey);
  });

  before(async function () {
    this.timeout(60_000);
    const index = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
    assert.equal(index.status, 200, 'the server serves no web UI: build it first (node apps/web/build.mjs)');
    browser = await launchChromium();
    // A connected destination with two namespaces, so that the destinations page has something to show.
    const created = await admin.post('/api/destinations', { name: 'production' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    connector = new TestConnector({
      address: server.grpcAddress!,
      accessKey: created.body.connector.accessKey,
      register: { namespaces: ['default', 'web'] },
    });
    await connector.attached();
  });

  after(async () => {
    await connector?.end();
    await browser?.close();
    done();
  });

  const signIn = (page: Page, name: string, password: string) => signInAt(page, server.url, name, password);

  let adminPage: Page;
  let bobPassword: string;

  it('an admin signs in with a one-time password, must change it, then sees their access', async () => {
    const ada = await admin.post('/api/users', { name: 'ada@example.com' });
    await grantInfraRole(admin, 'ada@example.com', 'admin');
    adminPage = await newUserPage(browser);
    const page = adminPage;
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Sign in to Infra' }).waitFor();
    await look(page, 'sign-in');

    await signIn(page, 'ada@example.com', 'not the password');
    await page.getByRole('alert').filter({ hasText: 'Could not sign in' }).waitFor();
    const error = await page.getByRole('alert').innerText();
    assert.match(error, /name or password/i, "the API's sentence is shown");

    await signIn(page, 'ada@example.com', ada.body.oneTimePassword);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await look(page, 'change-password');
    await choosePassword(page, 'ada chooses a long password');
    await page.getByRole('heading', { name: 'My access' }).waitFor();
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'infra_session');
    assert.ok(session?.httpOnly && session.sameSite === 'Lax', JSON.stringify(cookies));
  });

  it('the admin adds a user, who is listed with a one-time password shown once', async () => {
    const page = adminPage;
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Name').fill('bob@example.com');
    await form.getByRole('button', { name: 'Add user' }).click();
    bobPassword = await page.getByTestId('one-time-password').innerText();
    assert.match(bobPassword, /^[A-Za-z0-9]{16}$/);
    await page.getByRole('row').filter({ hasText: 'bob@example.com' }).waitFor();
    await look(page, 'users');

    // A second add of the same name shows the API's sentence.
    await form.getByLabel('Name').fill('bob@example.com');
    await form.getByRole('button', { name: 'Add user' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Could not add the user' });
    await alert.waitFor();
    const api = await admin.post('/api/users', { name: 'bob@example.com' });
    assert.equal(api.status, 409);
    assert.ok(
      (await alert.innerText()).includes(api.body.message),
      `the alert shows the API's sentence "${api.body.message}"`,
    );
  });

  it('the admin grants bob view on production.web and finds the grant by filtering', async () => {
    const page = adminPage;
    await page.getByRole('link', { name: 'Grants' }).click();
    const form = page.getByRole('form', { name: 'Add a grant' });
    await form.getByLabel('User name').fill('bob@example.com');
    await form.getByLabel(/^Role/).fill('view');
    await form.getByLabel('Resource').fill('production.web');
    await form.getByRole('button', { name: 'Add grant' }).click();
    await page.getByRole('status').filter({ hasText: 'bob@example.com has view on production.web' }).waitFor();
    await page.getByRole('search').getByLabel('User').fill('bob@example.com');
    const rows = page.getByRole('table', { name: 'Grants' }).getByRole('row');
    await rows.filter({ hasText: 'ada@example.com' }).waitFor({ state: 'detached' });
    await rows.filter({ hasText: 'production.web' }).waitFor();
    assert.equal(await rows.count(), 2, "the header and bob's one grant");
    await look(page, 'grants');
  });

  it('the admin sees the destination: connected, last seen, Kubernetes version', async () => {
    const page = adminPage;
    await page.getByRole('link', { name: 'Destinations' }).click();
    const row = page.getByRole('row').filter({ hasText: 'production' });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    assert.match(text, /connected/);
    assert.doesNotMatch(text, /not connected/);
    assert.match(text, /v1\.32\.4/);
    await look(page, 'destinations');
  });

  it('a plain user sees only their own access, with the infra use command, and no admin pages', async () => {
    const page = await newUserPage(browser);
    // By keyboard alone: the name field has the focus, Tab reaches the password, Enter signs in.
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Sign in to Infra' }).waitFor();
    await page.keyboard.type('bob@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type(bobPassword);
    await page.keyboard.press('Enter');
    await choosePassword(page, 'bob chooses a long password');
    const table = page.getByRole('table', { name: 'Where you have access' });
    await table.waitFor();
    const rows = table.getByRole('row');
    assert.equal(await rows.count(), 2, 'the header and one grant');
    const row = await rows.nth(1).innerText();
    assert.match(row, /production\s+web\s+view/);
    assert.match(row, /infra use production\.web/);
    assert.equal(await page.getByRole('link', { name: 'Users' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Grants' }).count(), 0);
    await look(page, 'my-access');
    // A link to an admin page shows the user's own access instead.
    await page.goto(`${server.url}/users`);
    await page.getByRole('heading', { name: 'My access' }).waitFor();
    await page.context().close();
  });

  it('the admin removes the grant and the user', async () => {
    const page = adminPage;
    await page.getByRole('link', { name: 'Grants' }).click();
    await page.getByRole('button', { name: 'Remove view on production.web from bob@example.com' }).click();
    await page.getByRole('row').filter({ hasText: 'production.web' }).waitFor({ state: 'detached' });
    const left = await admin.get('/api/grants?user=bob@example.com');
    assert.deepEqual(left.body.items, []);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Remove bob@example.com' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove bob@example.com?' });
    await dialog.getByRole('button', { name: 'Remove bob@example.com' }).click();
    await page.getByRole('row').filter({ hasText: 'bob@example.com' }).waitFor({ state: 'detached' });
    const users = await admin.get('/api/users?name=bob@example.com');
    assert.equal(users.body.items.length, 0);
  });

  it('signing out ends the session: the sign-in page comes back and the old cookie is refused', async () => {
    const page = adminPage;
    const before = (await page.context().cookies()).find((c) => c.name === 'infra_session')!;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Infra' }).waitFor();
    assert.equal(
      (await page.context().cookies()).some((c) => c.name === 'infra_session'),
      false,
    );
    const replay = await fetch(`${server.url}/api/session`, { headers: { cookie: `infra_session=${before.value}` } });
    assert.equal(replay.status, 401);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Infra' }).waitFor();
  });
});
