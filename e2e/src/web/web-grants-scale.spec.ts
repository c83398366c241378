// The Grants page with 100,000 grants: it pages through the API's cursors (a first page, then "Show more" with the
// `next` cursor), never asks for everything, and each page shows within seconds on this shared machine. The grants
// are seeded straight into Postgres in one set-based INSERT (as tools/bench does), not through 100,000 POSTs.
import assert from 'node:assert/strict';
import { within } from '@infra/kube-testing/deadline';
import { TestClient, useTestServer, type TestServer } from '@infra/server/testing';
import type { Browser, Page, Response } from 'playwright-core';
import { launchChromium } from './browser.js';
import { signedInUser } from './ui.js';

const GRANTS = 100_000;
const USERS = 1_000;
/** The API's default page (the page sends no limit of its own) and its most. */
const PAGE = 100;
/** From a click to the rows on screen; ~100 ms when the list is paged, far more when it is not. */
const PAGE_DEADLINE_MS = 10_000;

/**
 * Grant i (1 … GRANTS) goes to scale<i % USERS>@example.com, role view/edit/admin by i % 3, on scale-d<i % 100>.ns<i>,
 * created i ms after 2026-01-01: the API pages by (created, id), so page n holds grants 100(n-1)+1 … 100n.
 */
async function seed(server: TestServer): Promise<void> {
  const db = server.running().database.dataSource;
  await db.query(
    `INSERT INTO users (id, name, created, updated)
       SELECT gen_random_uuid(), 'scale' || u || '@example.com', now(), now() FROM generate_series(0, $1 - 1) u`,
    [USERS],
  );
  await db.query(
    `INSERT INTO grants (id, user_id, privilege, resource, destination, created)
       SELECT gen_random_uuid(), u.id, (ARRAY['view', 'edit', 'admin'])[1 + i % 3],
              'scale-d' || (i % 100) || '.ns' || i, 'scale-d' || (i % 100),
              timestamptz '2026-01-01T00:00:00Z' + make_interval(secs => i / 1000.0)
         FROM generate_series(1, $1::int) i
         JOIN users u ON u.name = 'scale' || (i % $2) || '@example.com'`,
    [GRANTS, USERS],
  );
  await db.query('ANALYZE grants');
}

/** What grant i looks like in the table: subject, role, resource. */
function seeded(i: number): RegExp {
  const role = ['view', 'edit', 'admin'][i % 3];
  return new RegExp(`^scale${i % USERS}@example\\.com\\s+${role}\\s+scale-d${i % 100}\\.ns${i}\\s`);
}

const isGrantList = (r: Response) => new URL(r.url()).pathname === '/api/grants' && r.request().method() === 'GET';

describe('web UI grants page with 100,000 grants', function () {
  this.timeout(90_000);
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  /** The query of every GET /api/grants the page made, in order. */
  const asked: URLSearchParams[] = [];

  useTestServer({}, async (s) => {
    server = s;
  });

  before(async function () {
    this.timeout(90_000);
    const started = Date.now();
    await seed(server);
    console.log(`      seeded ${GRANTS} grants in ${Date.now() - started} ms`);
    browser = await launchChromium();
    page = await signedInUser(
      browser,
      server.url,
      new TestClient(server.url, server.adminKey),
      'root@example.com',
      'admin',
    );
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/grants' && r.method() === 'GET')
        asked.push(new URL(r.url()).searchParams);
    });
  });

  after(async () => {
    await browser?.close();
  });

  const rows = () => page.getByRole('table', { name: 'Grants' }).getByRole('row');

  /** Runs `action` and waits for the grants list answer and `rows` body rows on screen; the elapsed ms. */
  async function timed(what: string, action: () => Promise<void>, shown: number): Promise<{ ms: number; body: any }> {
    const started = Date.now();
    const answer = page.waitForResponse(isGrantList, { timeout: PAGE_DEADLINE_MS });
    await action();
    const body = await within(
      what,
      answer.then((r) => r.json()),
      PAGE_DEADLINE_MS,
    );
    await within(`${what}: ${shown} rows on screen`, rows().nth(shown).waitFor(), PAGE_DEADLINE_MS);
    return { ms: Date.now() - started, body };
  }

  function assertPaged(params: URLSearchParams): void {
    const limit = params.get('limit');
    assert.ok(limit === null || Number(limit) <= PAGE, `the page asked for at most ${PAGE} grants, not ${limit}`);
  }

  it('shows the first page of 100 and the next 100 with "Show more", each within seconds, through cursors', async () => {
    const first = await timed(
      'the first page of grants',
      () => page.getByRole('link', { name: 'Grants' }).click(),
      PAGE,
    );
    console.log(`      first page on screen in ${first.ms} ms`);
    assert.equal(first.body.items.length, PAGE, 'the first answer holds one page');
    assert.ok(first.body.next, 'the first page says there is more');
    assert.equal(await rows().count(), 1 + PAGE, 'the header and one page');
    assert.match(await rows().nth(1).innerText(), seeded(1));
    assert.match(await rows().nth(PAGE).innerText(), seeded(PAGE));
    assert.equal(asked.length, 1, 'one request for the first page');
    assert.equal(asked[0].get('cursor'), null, 'the first page has no cursor');
    assertPaged(asked[0]);

    const second = await timed(
      'the second page of grants',
      () => page.getByRole('button', { name: 'Show more' }).click(),
      2 * PAGE,
    );
    console.log(`      "Show more" on screen in ${second.ms} ms`);
    assert.equal(asked.length, 2, 'one more request for the second page');
    assert.equal(asked[1].get('cursor'), first.body.next, "the second page asks from the first page's next cursor");
    assertPaged(asked[1]);
    assert.equal(await rows().count(), 1 + 2 * PAGE, 'the header and two pages');
    assert.match(
      await rows()
        .nth(PAGE + 1)
        .innerText(),
      seeded(PAGE + 1),
    );
    assert.match(
      await rows()
        .nth(2 * PAGE)
        .innerText(),
      seeded(2 * PAGE),
    );
    assert.equal(await page.getByRole('button', { name: 'Show more' }).count(), 1, 'still more to show');
  });

  it('a user with exactly one page of grants gets them all and no "Show more"', async () => {
    asked.length = 0;
    // scale7@example.com holds grants 7, 1007, …, 99007: exactly a page of 100.
    const filtered = await timed(
      "scale7's grants",
      () => page.getByRole('search').getByLabel('User').fill('scale7@example.com'),
      PAGE,
    );
    assert.equal(filtered.body.items.length, PAGE, 'his grants are one page');
    assert.equal(filtered.body.next, undefined, 'the API has no more of his');
    await within(
      'the two pages of everyone to go',
      rows()
        .nth(PAGE + 1)
        .waitFor({ state: 'detached' }),
    );
    assert.equal(await rows().count(), 1 + PAGE, 'the header and all 100 of his grants');
    assert.match(await rows().nth(1).innerText(), seeded(7));
    assert.match(await rows().nth(PAGE).innerText(), seeded(99_007));
    assert.equal(await page.getByRole('button', { name: 'Show more' }).count(), 0, 'nothing more to show');
    const last = asked.at(-1)!;
    assert.equal(last.get('user'), 'scale7@example.com');
    assert.equal(last.get('cursor'), null);
    assertPaged(last);
  });
});
