// Time-bound grants on the server: which instant counts as expired, what the list shows, and what a new grant may ask.
// The server's clock is frozen and moved by the tests, so each boundary is hit to the millisecond.
import assert from 'node:assert/strict';
import { Clock } from '../../common/clock.js';
import { useAdminServer } from '../../testing/mocha.js';
import { createUserWithKey } from '../../testing/fixtures.js';

describe('grant expiry', function () {
  this.timeout(60_000);
  const t = useAdminServer();
  // Whole seconds, far from any other spec's grants; each test moves it on so the tests stay independent.
  let now = Date.parse('2030-01-01T00:00:00.000Z');
  before(async () => {
    t.server.running().app.get(Clock).now = () => new Date(now);
    await createUserWithKey(t.admin, 'temp@example.com');
  });
  beforeEach(async () => {
    now += 3_600_000;
    const { items } = (await t.admin.get('/api/grants?user=temp@example.com&includeExpired=true')).body;
    for (const g of items) await t.admin.delete(`/api/grants/${g.id}`);
  });

  const at = (ms: number) => new Date(ms).toISOString();
  const resources = async (query = '') =>
    (await t.admin.get(`/api/grants?user=temp@example.com${query}`)).body.items
      .map((g: { resource: string; expiresAt: string | null }) => `${g.resource} ${g.expiresAt}`)
      .sort();

  it('lists a grant until the instant it expires; at expiresAt == now it is expired and shows only with includeExpired=true', async () => {
    const expires = now + 60_000;
    assert.equal(
      (
        await t.admin.post('/api/grants', {
          user: 'temp@example.com',
          privilege: 'view',
          resource: 'production',
          expiresAt: at(expires),
        })
      ).status,
      201,
    );
    assert.equal(
      (await t.admin.post('/api/grants', { user: 'temp@example.com', privilege: 'view', resource: 'staging' })).status,
      201,
    );

    now = expires - 1;
    assert.deepEqual(await resources(), [`production ${at(expires)}`, 'staging null'], '1 ms before expiry');
    now = expires;
    assert.deepEqual(await resources(), ['staging null'], 'at expiresAt');
    assert.deepEqual(await resources('&includeExpired=true'), [`production ${at(expires)}`, 'staging null']);
    assert.deepEqual(await resources('&includeExpired=false'), ['staging null']);
    assert.equal((await t.admin.get('/api/grants?includeExpired=sometimes')).status, 400);
  });

  it('rejects an expiresAt that is not after now with 400 naming the field; 1 ms later is accepted', async () => {
    for (const expiresAt of [at(now), at(now - 1), '2001-01-01T00:00:00Z']) {
      const res = await t.admin.post('/api/grants', {
        user: 'temp@example.com',
        privilege: 'view',
        resource: 'production',
        expiresAt,
      });
      assert.equal(res.status, 400, expiresAt);
      assert.equal(res.body.message, 'expiresAt must be in the future');
    }
    const garbage = await t.admin.post('/api/grants', {
      user: 'temp@example.com',
      privilege: 'view',
      resource: 'production',
      expiresAt: 'in 2 hours',
    });
    assert.equal(garbage.status, 400);
    assert.deepEqual(
      garbage.body.fieldErrors.map((f: { field: string }) => f.field),
      ['expiresAt'],
    );
    const ok = await t.admin.post('/api/grants', {
      user: 'temp@example.com',
      privilege: 'view',
      resource: 'production',
      expiresAt: at(now + 1),
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
  });

  it('granting again after expiry makes a new grant; before expiry it answers that the grant exists', async () => {
    const body = { user: 'temp@example.com', privilege: 'view', resource: 'production', expiresAt: at(now + 1000) };
    const first = await t.admin.post('/api/grants', body);
    assert.equal(first.status, 201);
    assert.equal((await t.admin.post('/api/grants', body)).status, 200);
    now += 1000;
    const again = await t.admin.post('/api/grants', { ...body, expiresAt: at(now + 5000) });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.notEqual(again.body.id, first.body.id);
    assert.equal(again.body.expiresAt, at(now + 5000));
    assert.deepEqual(await resources('&includeExpired=true'), [`production ${at(now + 5000)}`]);
  });

  it('extends a grant in force when the same grant is added with a later expiry, audited as grants.extend; never shortens it', async () => {
    const add = (expiresAt?: number) =>
      t.admin.post('/api/grants', {
        user: 'temp@example.com',
        privilege: 'view',
        resource: 'production.web',
        ...(expiresAt === undefined ? {} : { expiresAt: at(expiresAt) }),
      });
    const first = now + 60_000;
    assert.equal((await add(first)).status, 201);

    const later = now + 120_000;
    const extended = await add(later);
    assert.equal(extended.status, 200, JSON.stringify(extended.body));
    assert.deepEqual(
      [extended.body.wasCreated, extended.body.expiresAt, extended.body.extendedFrom],
      [false, at(later), at(first)],
    );
    const audit = await t.admin.get(`/api/audit?action=grants.extend&targetID=${extended.body.id}`);
    assert.equal(audit.body.items.length, 1, JSON.stringify(audit.body));
    assert.deepEqual(
      [audit.body.items[0].details.previousExpiresAt, audit.body.items[0].details.expiresAt],
      [at(first), at(later)],
    );

    // A shorter ask, or the same one, leaves the grant as it is and says so (no extendedFrom).
    for (const shorter of [first, later]) {
      const same = await add(shorter);
      assert.equal(same.status, 200);
      assert.deepEqual(
        [same.body.expiresAt, same.body.extendedFrom, same.body.id],
        [at(later), undefined, extended.body.id],
      );
    }
    assert.deepEqual(await resources(), [`production.web ${at(later)}`]);

    // Without an expiry the grant becomes permanent.
    const forever = await add();
    assert.deepEqual([forever.status, forever.body.expiresAt, forever.body.extendedFrom], [200, null, at(later)]);
    assert.deepEqual(await resources(), ['production.web null']);
  });

  it('at expiresAt == now the old grant has ended: adding it again creates a new grant, not an extension', async () => {
    const ends = now + 60_000;
    const body = { user: 'temp@example.com', privilege: 'view', resource: 'production.api' };
    assert.equal((await t.admin.post('/api/grants', { ...body, expiresAt: at(ends) })).status, 201);
    now = ends - 1;
    const extended = await t.admin.post('/api/grants', { ...body, expiresAt: at(ends + 60_000) });
    assert.deepEqual([extended.status, extended.body.extendedFrom], [200, at(ends)], '1 ms before the end: extended');
    now = ends + 60_000;
    const renewed = await t.admin.post('/api/grants', { ...body, expiresAt: at(now + 60_000) });
    assert.deepEqual([renewed.status, renewed.body.wasCreated, renewed.body.extendedFrom], [201, true, undefined]);
  });
});
