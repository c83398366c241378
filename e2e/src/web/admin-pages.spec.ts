// The web UI's admin pages in a real browser against a real server: groups and their members, a user's groups and a
// password reset, identity providers with their sync status, access requests asked for by a plain user and decided
// by an admin, the audit log's filters and pages, and destinations (details, problems, the "add" flow with its Helm
// command, whose access key a connector then uses). Every page passes axe-core and is photographed for docs/ui.
import assert from 'node:assert/strict';
import { TestClient, TestConnector, grantInfraRole, useTestServer, type TestServer } from '@infra/server/testing';
import { startTestOidcProvider, type TestOidcProvider } from '@infra/server/testing/oidc';
import type { Browser, Page } from 'playwright-core';
import { eventually } from '../system/wait.js';
import { launchChromium } from './browser.js';
import { choosePassword, HASHING_MS, photographer, signIn, signedInUser } from './ui.js';

describe('web UI admin pages in chromium', function () {
  this.timeout(90_000);
  let server: TestServer;
  let admin: TestClient;
  let browser: Browser;
  let staging: TestConnector;
  let oidc: TestOidcProvider;
  let root: Page;
  let carol: Page;
  let carolId: string;
  const { look, done } = photographer();

  useTestServer({}, async (s) => {
    server = s;
    admin = new TestClient(server.url, server.adminKey);
  });

  before(async function () {
    this.timeout(90_000);
    browser = await launchChromium();
    oidc = await startTestOidcProvider();
    const created = await admin.post('/api/destinations', { name: 'staging' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    staging = new TestConnector({
      address: server.grpcAddress!,
      accessKey: created.body.connector.accessKey,
      register: { destination: 'staging', namespaces: ['default', 'payments'] },
    });
    await staging.attached();
    root = await signedInUser(browser, server.url, admin, 'root@example.com', 'admin');
    carol = await signedInUser(browser, server.url, admin, 'carol@example.com');
    carolId = (await admin.get('/api/users?name=carol@example.com')).body.items[0].id;
  });

  after(async () => {
    await staging?.end();
    await oidc?.stop();
    await browser?.close();
    done();
  });

  // A failed test leaves no dialog in the way of the next one.
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      for (const page of [root, carol]) await page?.goto(server.url);
    }
  });

  /** The alert titled `title` shows exactly the sentence the API gives for the same call. */
  async function showsApiSentence(page: Page, title: string, call: () => Promise<{ status: number; body: any }>) {
    const alert = page.getByRole('alert').filter({ hasText: title });
    await alert.waitFor();
    const api = await call();
    assert.equal(api.status, 400, JSON.stringify(api.body));
    assert.ok((await alert.innerText()).includes(api.body.message), `the alert shows "${api.body.message}"`);
  }

  async function open(page: Page, link: string, heading = link): Promise<void> {
    await page.getByRole('link', { name: link }).click();
    await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
  }

  it('groups: an admin adds one, adds and removes a member, sees its grants, and removes it', async () => {
    const page = root;
    await open(page, 'Groups');
    const form = page.getByRole('form', { name: 'Add a group' });
    await form.getByLabel('Name').fill('system:masters');
    await form.getByRole('button', { name: 'Add group' }).click();
    await showsApiSentence(page, 'Could not add a group', () => admin.post('/api/groups', { name: 'system:masters' }));

    await form.getByLabel('Name').fill('sre');
    await form.getByRole('button', { name: 'Add group' }).click();
    const row = page.getByRole('table', { name: 'Groups' }).getByRole('row').filter({ hasText: 'sre' });
    await row.waitFor();
    assert.match(await row.innerText(), /sre\s+0\s/);
    const sre = (await admin.get('/api/groups?name=sre')).body.items[0];
    const grant = await admin.post('/api/grants', { group: 'sre', privilege: 'view', resource: 'staging' });
    assert.equal(grant.status, 201, JSON.stringify(grant.body));

    await page.getByRole('button', { name: 'Members and grants of sre' }).click();
    const drawer = page.getByRole('dialog', { name: 'Group sre' });
    await drawer
      .getByRole('table', { name: 'Grants of the group' })
      .getByRole('row', { name: /view\s+staging/ })
      .waitFor();
    await drawer.getByLabel('User name').fill('carol@example.com');
    await drawer.getByRole('button', { name: 'Add member' }).click();
    await drawer
      .getByRole('table', { name: 'Members' })
      .getByRole('row')
      .filter({ hasText: 'carol@example.com' })
      .waitFor();
    const members = await admin.get(`/api/groups/${sre.id}/users`);
    assert.deepEqual(
      members.body.items.map((u: { name: string }) => u.name),
      ['carol@example.com'],
    );
    await look(page, 'group');

    await drawer.getByRole('button', { name: 'Remove carol@example.com from sre' }).click();
    await drawer.getByText('No members yet.').waitFor();
    assert.deepEqual((await admin.get(`/api/groups/${sre.id}/users`)).body.items, []);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Remove group sre' }).click();
    await page.getByRole('dialog', { name: 'Remove group sre?' }).getByRole('button', { name: 'Remove sre' }).click();
    await row.waitFor({ state: 'detached' });
    assert.deepEqual((await admin.get('/api/groups?name=sre')).body.items, []);
  });

  it("users: an admin edits a user's groups and resets their password to a one-time password shown once", async () => {
    assert.equal((await admin.post('/api/groups', { name: 'oncall' })).status, 201);
    const page = root;
    await open(page, 'Users');
    await page.getByRole('button', { name: 'Password and groups of carol@example.com' }).click();
    const drawer = page.getByRole('dialog', { name: 'User carol@example.com' });
    const groups = drawer.getByRole('table', { name: 'Groups of carol@example.com' });
    await drawer.getByLabel('Group name').fill('nope');
    await drawer.getByRole('button', { name: 'Add to group' }).click();
    await drawer.getByRole('alert').filter({ hasText: 'there is no group named nope' }).waitFor();
    await drawer.getByLabel('Group name').fill('oncall');
    await drawer.getByRole('button', { name: 'Add to group' }).click();
    await groups.getByRole('row').filter({ hasText: 'oncall' }).waitFor();
    const inGroups = await admin.get(`/api/groups?userID=${carolId}`);
    assert.deepEqual(
      inGroups.body.items.map((g: { name: string }) => g.name),
      ['oncall'],
    );

    await drawer.getByRole('button', { name: 'Reset password' }).click();
    await page
      .getByRole('dialog', { name: 'Reset the password of carol@example.com?' })
      .getByRole('button', { name: 'Reset password' })
      .click();
    const password = await drawer.getByTestId('reset-password').innerText({ timeout: HASHING_MS });
    assert.match(password, /^[A-Za-z0-9]{16}$/);
    await look(page, 'user');
    await drawer.getByRole('button', { name: 'Remove carol@example.com from oncall' }).click();
    await drawer.getByText('Not in any group.').waitFor();
    assert.deepEqual((await admin.get(`/api/groups?userID=${carolId}`)).body.items, []);
    await page.keyboard.press('Escape');

    // Carol's session ended with the reset; the new password signs her in, held to a change.
    await carol.reload();
    await carol.getByRole('heading', { name: 'Sign in to Infra' }).waitFor();
    await signIn(carol, server.url, 'carol@example.com', password);
    await choosePassword(carol, 'carol chooses another long password');
    await carol.getByRole('heading', { name: 'My access' }).waitFor({ timeout: HASHING_MS });
  });

  it('identity providers: an admin adds one, sees its last sync and last error, and removes it', async () => {
    const page = root;
    await open(page, 'Identity providers');
    await page.getByText('No identity providers: people sign in with a password.').waitFor();
    const form = page.getByRole('form', { name: 'Add an identity provider' });
    await form.getByLabel(/^Name/).fill('corp');
    await form.getByLabel('Client ID').fill(oidc.clientId);
    await form.getByLabel(/^Client secret/).fill(oidc.clientSecret);
    await form.getByLabel(/^Issuer URL/).fill('http://127.0.0.1:1');
    await form.getByRole('button', { name: 'Add provider' }).click();
    await showsApiSentence(page, 'Could not add an identity provider', () =>
      admin.post('/api/providers', {
        name: 'corp',
        url: 'http://127.0.0.1:1',
        clientID: oidc.clientId,
        clientSecret: oidc.clientSecret,
      }),
    );
    await form.getByLabel(/^Issuer URL/).fill(oidc.issuer);
    await form.getByRole('button', { name: 'Add provider' }).click();
    const row = page.getByRole('table', { name: 'Identity providers' }).getByRole('row').filter({ hasText: 'corp' });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`corp\\s+oidc\\s+${oidc.issuer}\\s+ID token\\s+never\\s+none`));

    // A sync that once succeeded and then failed, as the sync job records it.
    await server
      .running()
      .database.dataSource.query(`UPDATE providers SET last_sync = $1, last_error = $2 WHERE name = 'corp'`, [
        new Date('2026-01-02T03:04:05Z'),
        'the directory answered 401 Unauthorized',
      ]);
    await page.reload();
    await row.filter({ hasText: '401 Unauthorized' }).waitFor();
    assert.match(await row.innerText(), /1\/2\/2026, 3:04:05 AM\s+the directory answered 401 Unauthorized/);
    await look(page, 'providers');

    // Edited in place: a wrong issuer is refused with the API's sentence; a new client ID is saved.
    const id = (await admin.get('/api/providers?name=corp')).body.items[0].id;
    await page.getByRole('button', { name: 'Edit provider corp' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit provider corp' });
    await dialog.getByLabel(/^Issuer URL/).fill('http://127.0.0.1:1');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await showsApiSentence(page, 'Could not save', () =>
      admin.patch(`/api/providers/${id}`, { url: 'http://127.0.0.1:1' }),
    );
    await dialog.getByLabel(/^Issuer URL/).fill(oidc.issuer);
    await dialog.getByLabel(/^Client ID/).fill('corp-web');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const saved = (await admin.get(`/api/providers/${id}`)).body;
    assert.deepEqual([saved.clientID, saved.url], ['corp-web', oidc.issuer]);

    await page.getByRole('button', { name: 'Remove provider corp' }).click();
    await page
      .getByRole('dialog', { name: 'Remove provider corp?' })
      .getByRole('button', { name: 'Remove corp' })
      .click();
    await row.waitFor({ state: 'detached' });
    assert.deepEqual((await admin.get('/api/providers')).body.items, []);
  });

  async function ask(page: Page, resource: string, role: string, reason: string): Promise<void> {
    const form = page.getByRole('form', { name: 'Ask for access' });
    await form.getByLabel('Resource').fill(resource);
    await form.getByLabel('Role').fill(role);
    await form.getByLabel('Reason').fill(reason);
    await form.getByRole('button', { name: 'Ask' }).click();
  }

  async function decide(verb: 'Approve' | 'Deny', what: string, reason: string): Promise<void> {
    await root.reload();
    await root.getByRole('button', { name: `${verb} carol@example.com: ${what}` }).click();
    const dialog = root.getByRole('dialog', { name: new RegExp(`^${verb} ${what} for carol@example.com`) });
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByRole('button', { name: verb }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  it('access requests: a plain user asks, an admin approves one (a grant) and denies another, with reasons', async () => {
    await open(carol, 'Access requests');
    await ask(carol, 'staging.payments', 'view', 'INC-1: payments down');
    const mine = carol.getByRole('table', { name: 'Your requests' });
    await mine.getByRole('row', { name: /view\s+staging\.payments\s+1h\s+pending/ }).waitFor();
    // Her own pending request is not hers to decide, and she decides nothing else.
    await carol.getByText('Nothing is waiting for your decision.').waitFor();

    await open(root, 'Access requests');
    // An admin's own request is not theirs to decide: only carol's waits for root.
    await ask(root, 'staging.default', 'view', 'checking the web pods');
    await root.reload();
    await root
      .getByRole('table', { name: 'Your requests' })
      .getByRole('row', { name: /view\s+staging\.default\s+1h\s+pending/ })
      .waitFor();
    const toDecide = root.getByRole('table', { name: 'Requests to decide' }).getByRole('row');
    await toDecide.filter({ hasText: 'carol@example.com' }).waitFor();
    assert.equal(await toDecide.count(), 2, "the header and carol's request");
    await look(root, 'requests');
    await decide('Approve', 'view on staging.payments', 'on call this week');
    const grants = await admin.get(`/api/grants?user=${carolId}&resource=staging.payments`);
    assert.equal(grants.body.items.length, 1, JSON.stringify(grants.body));
    assert.ok(grants.body.items[0].expiresAt, 'an approved request makes a grant that ends');

    await ask(carol, 'staging', 'edit', 'tidy up');
    await mine.getByRole('row', { name: /edit\s+staging\s+1h\s+pending/ }).waitFor();
    await decide('Deny', 'edit on staging', 'too broad: ask for a namespace');
    await carol.reload();
    await mine
      .getByRole('row', { name: /view\s+staging\.payments\s+1h\s+approved\s+root@example\.com\s+on call this week/ })
      .waitFor();
    await mine.getByRole('row', { name: /edit\s+staging\s+1h\s+denied\s+root@example\.com\s+too broad/ }).waitFor();
    await look(carol, 'my-requests');
  });

  it('audit log: filtered by user, action and time, fifty events a page', async () => {
    // An admin of its own makes 62 groups: its groups.create events are exactly these, whatever ran before.
    const made = await admin.post('/api/users', { name: 'auditor@example.com' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    await grantInfraRole(admin, 'auditor@example.com', 'admin');
    const key = await admin.post('/api/keys', { userID: made.body.id, name: 'auditor' });
    assert.equal(key.status, 201, JSON.stringify(key.body));
    const auditor = admin.as(key.body.accessKey);
    for (let i = 0; i < 62; i++) assert.equal((await auditor.post('/api/groups', { name: `audit-${i}` })).status, 201);
    const page = root;
    await open(page, 'Audit log');
    const filters = page.getByRole('search', { name: 'Filter the audit log' });
    const rows = page.getByRole('table', { name: 'Audit log' }).getByRole('row');
    await filters.getByLabel('User').fill('auditor@example.com');
    await filters.getByLabel('Action').fill('groups.create');
    // Oldest first, as the API pages: audit-0 … audit-49, then audit-50 … audit-61.
    await rows.filter({ hasText: 'group audit-49' }).waitFor();
    assert.equal(await rows.count(), 1 + 50, 'the header and a page of fifty');
    assert.match(await rows.nth(1).innerText(), /auditor@example\.com\s+groups\.create\s+group audit-0\b/);
    await page.getByRole('button', { name: 'Show more' }).click();
    await rows.filter({ hasText: 'group audit-61' }).waitFor();
    assert.equal(await rows.count(), 1 + 62, "the header and all 62 of the auditor's groups.create events");
    assert.equal(await page.getByRole('button', { name: 'Show more' }).count(), 0, 'no third page');

    await filters.getByLabel('From').fill('2099-01-01T00:00');
    await page.getByText('No events match.').waitFor();
    await filters.getByLabel('From').fill('');
    await filters.getByLabel('Until').fill('2000-01-01T00:00');
    await page.getByText('No events match.').waitFor();
    await filters.getByLabel('Until').fill('');
    await rows.nth(1).waitFor();
  });

  it("access requests: an admin sets and edits a destination's approver groups", async () => {
    assert.equal((await admin.post('/api/groups', { name: 'payments-leads' })).status, 201);
    const page = root;
    await open(page, 'Access requests');
    await page.getByText('Only admins decide requests: no destination has approver groups.').waitFor();
    const form = page.getByRole('form', { name: 'Set approver groups' });
    const groups = form.getByLabel('Groups');
    await form.getByLabel('Destination').fill('staging');
    for (const group of ['oncall', 'payments-leads']) {
      await groups.fill(group);
      await groups.press('Enter');
    }
    await form.getByRole('button', { name: 'Save' }).click();
    const table = page.getByRole('table', { name: 'Approver groups' });
    await table.getByRole('row', { name: /staging\s+oncall, payments-leads/ }).waitFor();
    const approvers = async () => (await admin.get('/api/request-approvers')).body;
    assert.deepEqual(await approvers(), [{ destination: 'staging', groups: ['oncall', 'payments-leads'] }]);

    // Edit fills the form with the saved list; Backspace drops its last group.
    await table.getByRole('button', { name: 'Edit the approvers of staging' }).click();
    assert.equal(await form.getByLabel('Destination').inputValue(), 'staging');
    await groups.press('Backspace');
    await form.getByRole('button', { name: 'Save' }).click();
    await table.getByRole('row', { name: /staging\s+oncall\s+Edit/ }).waitFor();
    assert.deepEqual(await approvers(), [{ destination: 'staging', groups: ['oncall'] }]);

    await form.getByLabel('Destination').fill('infra');
    await form.getByRole('button', { name: 'Save' }).click();
    await showsApiSentence(page, 'Could not set approver groups', () =>
      admin.put('/api/request-approvers/infra', { groups: [] }),
    );
    await page.evaluate('window.scrollTo(0, 0)'); // the form is low on the page: photograph it from the top
    await look(page, 'request-approvers');
  });

  it('destinations: namespaces and problems per destination, and "add" shows a Helm command a connector can use', async () => {
    const grant = (await admin.get(`/api/grants?user=${carolId}&resource=staging.payments`)).body.items[0];
    staging.send({ report: { problems: [{ grantId: grant.id, message: 'ClusterRole "view" does not exist' }] } });
    const stagingId = (await admin.get('/api/destinations?name=staging')).body.items[0].id;
    await eventually('the connector report reached the server', async () => {
      return (await admin.get(`/api/destinations/${stagingId}/problems`)).body.problems.length === 1;
    });
    const page = root;
    await open(page, 'Destinations');
    await page.getByRole('button', { name: 'Details of staging' }).click();
    const drawer = page.getByRole('dialog', { name: 'Destination staging' });
    assert.deepEqual(await drawer.getByRole('list', { name: 'Namespaces' }).getByRole('listitem').allInnerTexts(), [
      'default',
      'payments',
    ]);
    await drawer
      .getByRole('row', { name: /carol@example\.com: view on staging\.payments\s+ClusterRole "view" does not exist/ })
      .waitFor();
    await look(page, 'destination');
    await page.keyboard.press('Escape');

    const form = page.getByRole('form', { name: 'Add a destination' });
    await form.getByLabel('Name').fill('edge');
    await form.getByRole('button', { name: 'Add destination' }).click();
    const command = await page.getByTestId('helm-command').innerText();
    const key = /--set accessKey=(\S+)$/.exec(command)?.[1];
    assert.ok(key, command);
    assert.equal(
      command,
      [
        'helm upgrade --install infra-connector deploy/charts/connector \\',
        '    --namespace infra --create-namespace \\',
        `    --set server.url=http://${server.grpcAddress} \\`,
        '    --set destination=edge \\',
        `    --set accessKey=${key}`,
      ].join('\n'),
    );
    await look(page, 'add-destination');
    // The key in the command is the connector's: a connector holding it registers edge.
    const edge = new TestConnector({
      address: server.grpcAddress!,
      accessKey: key,
      register: { destination: 'edge', namespaces: [] },
    });
    await edge.attached();
    await edge.end();
    await eventually('edge shows as disconnected', async () => {
      const d = (await admin.get('/api/destinations?name=edge')).body.items[0];
      return d.lastSeen !== null && !d.connected;
    });
    await page.reload();
    await page.getByRole('button', { name: 'Details of edge' }).click();
    const edgeDrawer = page.getByRole('dialog', { name: 'Destination edge', exact: true });
    await edgeDrawer.getByText('not connected', { exact: true }).waitFor();
    await edgeDrawer.getByRole('note').filter({ hasText: 'Its connector is not connected' }).waitFor();
    await edgeDrawer.getByRole('button', { name: 'Remove destination' }).click();
    await page
      .getByRole('dialog', { name: 'Remove destination edge?' })
      .getByRole('button', { name: 'Remove edge' })
      .click();
    await edgeDrawer.waitFor({ state: 'detached' });
    assert.deepEqual((await admin.get('/api/destinations?name=edge')).body.items, []);
  });
});
