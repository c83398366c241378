// The OpenAPI document is generated from the code; the committed copy (apps/server/openapi.json) is what
// other apps and people read. This fails when they drift; regenerate with UPDATE_SNAPSHOTS=1.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestServer } from '../../testing/test-server.js';
import { useTestServer } from '../../testing/mocha.js';
import { TestClient } from '../../testing/test-client.js';

const COMMITTED = join(dirname(fileURLToPath(import.meta.url)), '../../../openapi.json');

describe('the OpenAPI document', function () {
  this.timeout(120_000);
  let server: TestServer;

  useTestServer({}, (s) => {
    server = s;
  });

  it('is served without a credential, describes every API route, and matches the committed copy', async () => {
    const res = await new TestClient(server.url).get<{ openapi: string; paths: Record<string, Record<string, unknown>> }>('/api/openapi.json');
    assert.equal(res.status, 200);
    assert.match(res.body.openapi, /^3\./);
    for (const path of ['/api/users', '/api/users/{id}', '/api/grants', '/api/groups/{id}/users', '/api/tokens', '/api/login']) {
      assert.ok(res.body.paths[path], path);
    }
    assert.ok(res.body.paths['/api/grants']!.delete, 'DELETE /api/grants by match');
    const text = JSON.stringify(res.body, null, 2) + '\n';
    if (process.env.UPDATE_SNAPSHOTS || !existsSync(COMMITTED)) writeFileSync(COMMITTED, text);
    assert.equal(text, readFileSync(COMMITTED, 'utf8'), 'openapi.json is stale; run the server specs with UPDATE_SNAPSHOTS=1');
  });
});
