import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { CONTENT_SECURITY_POLICY, webAppMiddleware } from './web-app.js';

describe('serving the web UI', () => {
  let root: string;
  let server: Server;
  let url: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'infra-web-root-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Infra</title>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    const app = express();
    app.use(webAppMiddleware(root));
    // Stands in for the API behind the UI: whatever the UI leaves alone reaches it.
    app.use((req, res) => res.status(404).json({ code: 404, message: `api: ${req.method} ${req.path}` }));
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  const page = (path: string, init: RequestInit = {}) =>
    fetch(url + path, { headers: { accept: 'text/html,*/*' }, ...init });

  it('answers / with index.html, revalidated each time, under the CSP', async () => {
    const res = await page('/');
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<title>Infra<\/title>/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/, 'no inline or remote scripts');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
  });

  it('caches hashed assets for a year', async () => {
    const res = await fetch(`${url}/assets/index-abc123.js`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });

  it('answers a page path that a browser navigates to with index.html', async () => {
    for (const path of ['/users', '/grants', '/some/deep/link']) {
      const res = await page(path);
      assert.equal(res.status, 200, path);
      assert.match(await res.text(), /<title>Infra<\/title>/, path);
    }
  });

  it('leaves the API, health and metrics paths to the server, even for a browser', async () => {
    for (const path of ['/api/users', '/api', '/healthz', '/readyz', '/metrics']) {
      const res = await page(path);
      assert.equal(res.status, 404, path);
      assert.match(((await res.json()) as { message: string }).message, /^api: /, path);
    }
  });

  it('a missing asset is a 404, not the app', async () => {
    assert.equal((await page('/assets/gone-000.js')).status, 404);
  });

  it('only navigations fall back: a POST or a non-HTML request reaches the server', async () => {
    assert.equal((await page('/users', { method: 'POST' })).status, 404);
    assert.equal((await fetch(`${url}/users`, { headers: { accept: 'application/json' } })).status, 404);
  });
});
