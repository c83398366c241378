// Identity providers through REST: only admins change them, the issuer is checked against its discovery document,
// and the client secret never comes back.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useAdminServer } from '../../testing/mocha.js';
import { createUserWithKey } from '../../testing/fixtures.js';
import { startTestOidcProvider, type TestOidcProvider } from '../../testing/oidc-provider.js';

/** A loopback URL where nothing listens (a port that was free a moment ago). */
async function closedPort(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

describe('identity providers', function () {
  this.timeout(20_000);
  const t = useAdminServer();
  let idp: TestOidcProvider;
  before(async () => {
    idp = await startTestOidcProvider();
  });
  after(() => idp?.stop());

  const body = (name: string) => ({ name, url: idp.issuer, clientID: idp.clientId, clientSecret: idp.clientSecret });

  it('an admin adds one; the answer and every read name the issuer and client but never the secret', async () => {
    const created = await t.admin.post('/api/providers', body('crud'));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(Object.keys(created.body).sort(), [
      'clientID',
      'created',
      'directory',
      'id',
      'kind',
      'name',
      'updated',
      'url',
    ]);
    assert.deepEqual(
      [created.body.name, created.body.kind, created.body.url, created.body.clientID],
      ['crud', 'oidc', idp.issuer, idp.clientId],
    );
    const reads = [
      await t.admin.get(`/api/providers/${created.body.id}`),
      await t.admin.get('/api/providers?name=crud'),
      await t.admin.as(undefined).get('/api/providers'),
      await t.admin.get('/api/audit?limit=1000'),
    ];
    for (const r of reads) {
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.ok(!JSON.stringify(r.body).includes(idp.clientSecret), 'the client secret came back');
    }
  });

  it('the secret is stored sealed, not as given', async () => {
    const created = await t.admin.post('/api/providers', body('sealed'));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const [row] = await t.server
      .running()
      .database.manager.query('SELECT client_secret_encrypted FROM providers WHERE id = $1', [created.body.id]);
    assert.match(row.client_secret_encrypted, /^v1\./);
    assert.ok(!row.client_secret_encrypted.includes(idp.clientSecret));
  });

  it('a name taken is 409; a bad name, kind or URL is 400 naming the field', async () => {
    assert.equal((await t.admin.post('/api/providers', body('twice'))).status, 201);
    assert.equal((await t.admin.post('/api/providers', body('twice'))).status, 409);
    for (const [field, dto] of [
      ['name', { ...body('x'), name: 'Not A Label' }],
      ['kind', { ...body('kind'), kind: 'saml' }],
      ['url', { ...body('url'), url: 'not a url' }],
      ['clientSecret', { ...body('nosecret'), clientSecret: '' }],
    ] as const) {
      const res = await t.admin.post('/api/providers', dto);
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.fieldErrors[0].field, field);
    }
  });

  it('an issuer without a discovery document is refused with 400 saying what was fetched', async () => {
    const notOidc = createServer((_, res) => res.writeHead(404).end('no'));
    await new Promise<void>((r) => notOidc.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(notOidc.address() as AddressInfo).port}`;
      const res = await t.admin.post('/api/providers', { ...body('wrong'), url });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.fieldErrors[0].field, 'url');
      assert.ok(res.body.message.includes(`${url}/.well-known/openid-configuration`), res.body.message);
      const closed = await t.admin.post('/api/providers', { ...body('closed'), url: await closedPort() });
      assert.equal(closed.status, 400, JSON.stringify(closed.body));
      assert.match(closed.body.message, /could not reach it \(ECONNREFUSED\)/);
    } finally {
      notOidc.close();
    }
    assert.equal((await t.admin.get('/api/providers?name=wrong')).body.items.length, 0);
  });

  it('plain http is refused for an issuer that is not on loopback', async () => {
    const res = await t.admin.post('/api/providers', { ...body('plain'), url: 'http://idp.example.com' });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match(res.body.message, /must be https/);
  });

  it('an admin edits the client and the issuer is checked again; then removes it', async () => {
    const { body: p } = await t.admin.post('/api/providers', body('edited'));
    const edited = await t.admin.patch(`/api/providers/${p.id}`, {
      clientID: 'other-client',
      clientSecret: 'another secret',
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.clientID, 'other-client');
    const moved = await t.admin.patch(`/api/providers/${p.id}`, { url: await closedPort() });
    assert.equal(moved.status, 400, JSON.stringify(moved.body));
    assert.equal(
      (await t.admin.get(`/api/providers/${p.id}`)).body.url,
      idp.issuer,
      'a refused edit changed the provider',
    );
    assert.equal((await t.admin.delete(`/api/providers/${p.id}`)).status, 204);
    assert.equal((await t.admin.get(`/api/providers/${p.id}`)).status, 404);
  });

  it('only admins add, edit or remove providers', async () => {
    const { body: p } = await t.admin.post('/api/providers', body('guarded'));
    const user = await createUserWithKey(t.admin, 'not-admin@example.com');
    assert.equal((await user.client.post('/api/providers', body('mine'))).status, 403);
    assert.equal((await user.client.patch(`/api/providers/${p.id}`, { clientID: 'x' })).status, 403);
    assert.equal((await user.client.delete(`/api/providers/${p.id}`)).status, 403);
    assert.equal((await t.admin.as(undefined).post('/api/providers', body('anon'))).status, 401);
  });
});
