// The audit log page in chromium: the admin log and the kubectl calls a connector proxied, in one time order. The
// proxied calls arrive the way a connector sends them (an AuditBatch on its gRPC stream, from a TestConnector), at
// times chosen around two admin events, so the expected order is written down here, not read from the timeline.
import assert from 'node:assert/strict';
import { createUserWithKey, grantInfraRole, TestClient, TestConnector, useTestServer } from '@infra/server/testing';
import type { Browser, Page } from 'playwright-core';
import { eventually, expectStatus, sleep } from '../system/wait.js';
import { launchChromium } from './browser.js';
import { photographer, signedInUser } from './ui.js';

/** Filters apply once typing pauses (300 ms), then one request: seconds on this loaded machine. */
const SHOWN_MS = 10_000;
const PAGE = 50;
const PROXIED = 60;
const SHARED_ID = 'req-shared';

interface Cell {
  innerText: string;
}

interface ProxyEvent {
  requestId: string;
  user: string;
  verb: string;
  path: string;
  status: number;
  durationMs: number;
  atMs: number;
  kubectlCommand: string;
  clientIp: string;
}

describe('web UI audit log: admin events and proxied kubectl calls in chromium', function () {
  this.timeout(120_000);
  let url: string;
  let admin: TestClient;
  let browser: Browser;
  let staging: TestConnector;
  let page: Page;
  /** Row labels in time order: an admin row by its target, a proxied row by its request id. */
  let expected: string[];
  const { look, done } = photographer();

  useTestServer({}, async (s) => {
    url = s.url;
    admin = new TestClient(s.url, s.adminKey);
    const created = await admin.post('/api/destinations', { name: 'staging' });
    expectStatus(created, 201);
    staging = new TestConnector({
      address: s.grpcAddress!,
      accessKey: created.body.connector.accessKey,
      register: { destination: 'staging', namespaces: ['web'] },
    });
  });

  before(async function () {
    this.timeout(90_000);
    browser = await launchChromium();
    await staging.attached();
    page = await signedInUser(browser, url, admin, 'root@example.com', 'admin');

    // Erin (an admin with a key) makes two groups, the second with the X-Request-Id a proxied call also carries.
    const erin = await createUserWithKey(admin, 'erin@example.com');
    await grantInfraRole(admin, 'erin@example.com', 'admin');
    expectStatus(await erin.client.post('/api/groups', { name: 'erin-a' }), 201);
    await sleep(100); // room for 25 proxied calls between the two groups, a millisecond apart
    const second = await fetch(`${url}/api/groups`, {
      method: 'POST',
      headers: { authorization: `Bearer ${erin.key}`, 'content-type': 'application/json', 'x-request-id': SHARED_ID },
      body: JSON.stringify({ name: 'erin-b' }),
    });
    assert.equal(second.status, 201);
    const made = await admin.get('/api/audit?actor=erin@example.com&action=groups.create');
    const [a, b] = made.body.items.map((e: { at: string }) => Date.parse(e.at));
    assert.ok(b - a > 30, `the groups ${b - a} ms apart`);

    // 30 calls before erin-a, 25 between the groups, 5 after erin-b (the first of them with the shared id).
    const events: ProxyEvent[] = [];
    const call = (i: number, atMs: number): ProxyEvent => ({
      requestId: i === 55 ? SHARED_ID : `kubectl-${String(i).padStart(2, '0')}`,
      user: 'erin@example.com',
      verb: i === 55 ? 'delete' : 'get',
      path: i === 55 ? '/api/v1/namespaces/web/pods/api-0' : '/api/v1/namespaces/web/pods',
      status: i === 55 ? 403 : 200,
      durationMs: 7,
      atMs,
      kubectlCommand: i === 55 ? 'kubectl delete pod api-0' : 'kubectl get pods',
      clientIp: '10.0.0.9',
    });
    for (let i = 0; i < 30; i++) events.push(call(i, a - 30 + i));
    for (let i = 30; i < 55; i++) events.push(call(i, a + 2 + (i - 30)));
    for (let i = 55; i < PROXIED; i++) events.push(call(i, b + 2 + (i - 55)));
    staging.send({ audit: { events } });
    const labels = events.map((e) => e.requestId);
    expected = [...labels.slice(0, 30), 'group erin-a', ...labels.slice(30, 55), 'group erin-b', ...labels.slice(55)];
    const stagingId = (await admin.get('/api/destinations?name=staging')).body.items[0].id;
    await eventually("the connector's audit batch to be stored", async () => {
      const stored = await admin.get(`/api/destinations/${stagingId}/audit?limit=100`);
      return stored.body.items.length === PROXIED;
    });
    // Every test looks at erin's events.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await filters().getByLabel('User').fill('erin@example.com');
  });

  after(async () => {
    await staging?.end();
    await browser?.close();
    done();
  });

  const filters = () => page.getByRole('search', { name: 'Filter the audit log' });
  const rows = () => page.getByRole('table', { name: 'Audit log' }).getByRole('row');
  const showMore = () => page.getByRole('button', { name: 'Show more' });

  /** Each body row's cells' text. */
  async function shown(): Promise<string[][]> {
    // innerText, not textContent: a cell's code and text stay apart. (No DOM types in this project: hence the cast.)
    return rows().evaluateAll((trs) =>
      trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((c) => (c as unknown as Cell).innerText.trim())),
    );
  }

  /** Waits until the table's rows are exactly `labels` (as in `expected`), in order; fails naming `rule`. */
  async function showsExactly(rule: string, labels: string[]): Promise<void> {
    let seen: string[] = [];
    await eventually(
      `${rule}: ${labels.length} rows, ${labels[0]} … ${labels.at(-1)}`,
      async () => {
        seen = (await shown()).map(([, log, , , on, , requestID]) => (log === 'admin' ? on : requestID));
        return JSON.stringify(seen) === JSON.stringify(labels);
      },
      SHOWN_MS,
      () => `the table shows ${seen.length} rows: ${seen.join(' ')}`,
    );
  }

  const chooseLog = (label: string) => filters().getByLabel('Log').selectOption({ label });

  it('shows both logs in time order, fifty a page, and "Show more" follows the cursor across them', async () => {
    await showsExactly('the first page of both logs in time order', expected.slice(0, PAGE));
    await showMore().click();
    await showsExactly('"Show more" appends the next page after the cursor', expected);
    assert.equal(await showMore().count(), 0, 'no third page');
  });

  it('the Log filter narrows to admin events or to proxied calls', async () => {
    await chooseLog('Admin changes');
    await showsExactly('Log: admin shows only admin events', ['group erin-a', 'group erin-b']);

    await chooseLog('Proxied kubectl calls');
    const proxied = expected.filter((l) => !l.startsWith('group '));
    await showsExactly('Log: proxy shows only proxied calls, a page of them', proxied.slice(0, PAGE));
    await showMore().click();
    await showsExactly('Log: proxy pages on to the last proxied call', proxied);
  });

  it('a request id, clicked or typed, narrows to that request in both logs; proxied rows show the kubectl call', async () => {
    await chooseLog('Both');
    await rows().filter({ hasText: 'group erin-a' }).waitFor({ timeout: SHOWN_MS });
    await showMore().click(); // the shared id is on the second page
    // Clicked on the proxied call: the admin event that carried the same X-Request-Id stays too.
    const call = rows().filter({ hasText: 'kubectl delete pod api-0' });
    await call.getByRole('button', { name: `Show only request ${SHARED_ID}` }).click();
    await showsExactly('a clicked request id shows that request in both logs', ['group erin-b', SHARED_ID]);
    assert.equal(await filters().getByLabel('Request ID').inputValue(), SHARED_ID);
    const [adminRow, proxyRow] = await shown();
    assert.deepEqual(adminRow.slice(1, 5), ['admin', 'erin@example.com', 'groups.create', 'group erin-b']);
    assert.deepEqual(proxyRow.slice(1, 5), ['proxy', 'erin@example.com', 'proxy.delete', 'staging']);
    assert.match(
      proxyRow[5],
      /kubectl delete pod api-0\s+delete \/api\/v1\/namespaces\/web\/pods\/api-0 → 403 \(7 ms\)/,
    );
    await look(page, 'audit');

    await filters().getByLabel('Request ID').fill('kubectl-30');
    await showsExactly('a typed request id shows that request', ['kubectl-30']);
    await filters().getByLabel('Request ID').fill('kubectl-3');
    await page.getByText('No events match.').waitFor({ timeout: SHOWN_MS });
  });

  it('the destination filter keeps what happened on that destination', async () => {
    await filters().getByLabel('Request ID').fill('');
    await filters().getByLabel('Destination').fill('elsewhere');
    await page.getByText('No events match.').waitFor({ timeout: SHOWN_MS });
    await filters().getByLabel('Destination').fill('staging');
    const proxied = expected.filter((l) => !l.startsWith('group '));
    await showsExactly('Destination: staging has the proxied calls and no group', proxied.slice(0, PAGE));
  });
});
