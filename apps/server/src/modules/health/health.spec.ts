import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestServer } from '../../testing/test-server.js';
import { useTestServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';

// The committed OpenAPI document (what other apps and people read); regenerate with UPDATE_SNAPSHOTS=1.
const COMMITTED_OPENAPI = join(dirname(fileURLToPath(import.meta.url)), '../../../openapi.json');

// The embedded database gets the same checks in pglite.spec.ts (one PGlite server per suite run).
describe('health and public endpoints', function () {
  this.timeout(120_000);
  let server: TestServer;
  let client: TestClient;

  const metricsToken = 'metrics-token-0123456789';
  useTestServer({ env: { INFRA_METRICS_TOKEN: metricsToken } }, (s) => {
    server = s;
    client = new TestClient(server.url);
  });

  it('answers /healthz and /readyz when the database is up', async () => {
    assert.equal((await client.get('/healthz')).status, 200);
    assert.deepEqual((await client.get('/readyz')).body, { status: 'ok' });
  });

  it('reports the gRPC port it bound (the test server asks for port 0) in /api/version', async () => {
    const bound = Number(server.grpcAddress!.split(':').pop());
    assert.ok(bound > 0, server.grpcAddress);
    const version = await client.get('/api/version');
    assert.equal(version.body.grpcPort, bound);
  });

  it("serves Prometheus metrics only with the operator's metrics token", async () => {
    const res = await new TestClient(server.url, metricsToken).get<string>('/metrics');
    assert.equal(res.status, 200);
    assert.match(res.body, /infra_http_requests_total/);
    const none = await client.get<{ message: string }>('/metrics');
    assert.equal(none.status, 401);
    assert.match(none.body.message, /INFRA_METRICS_TOKEN/);
    assert.doesNotMatch(JSON.stringify(none.body), /infra_http_requests_total/);
    assert.equal((await new TestClient(server.url, `${metricsToken}x`).get('/metrics')).status, 401);
    assert.equal(
      (await new TestClient(server.url, server.adminKey).get('/metrics')).status,
      401,
      'an admin key is not the metrics token',
    );
  });

  it('gives each response a request id, keeping a sane one from the caller', async () => {
    const res = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    assert.equal(res.headers.get('x-request-id'), 'abc-123');
    const fresh = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } });
    assert.match(fresh.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('/readyz fails while the database is unreachable and recovers by itself', async () => {
    const name = new URL(server.databaseUrl!).pathname.slice(1);
    const admin = new pg.Client({
      connectionString: process.env.INFRA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
      let status = 200;
      for (let i = 0; i < 20 && status === 200; i++) status = (await client.get('/readyz')).status;
      assert.equal(status, 503);
      assert.equal((await client.get('/healthz')).status, 200);
    } finally {
      await admin.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    let status = 503;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await client.get('/readyz')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(status, 200);
  });

  it('answers malformed JSON with a 400, not a 500', async () => {
    const res = await client.request('POST', '/api/login', undefined, '{bad');
    assert.equal(res.status, 400);
  });

  it('is served without a credential, describes every API route, and matches the committed copy', async () => {
    const res = await client.get<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      '/api/openapi.json',
    );
    assert.equal(res.status, 200);
    assert.match(res.body.openapi, /^3\./);
    for (const path of [
      '/api/users',
      '/api/users/{id}',
      '/api/grants',
      '/api/groups/{id}/users',
      '/api/tokens',
      '/api/login',
    ]) {
      assert.ok(res.body.paths[path], path);
    }
    assert.ok(res.body.paths['/api/grants']!.delete, 'DELETE /api/grants by match');
    const text = JSON.stringify(res.body, null, 2) + '\n';
    if (process.env.UPDATE_SNAPSHOTS || !existsSync(COMMITTED_OPENAPI)) writeFileSync(COMMITTED_OPENAPI, text);
    assert.equal(
      text,
      readFileSync(COMMITTED_OPENAPI, 'utf8'),
      'openapi.json is stale; run the server specs with UPDATE_SNAPSHOTS=1',
    );
  });
});
