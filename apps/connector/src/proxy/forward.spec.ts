// Plain requests through the proxy to an upstream that echoes what it received: bodies arrive as the same bytes
// however they are framed, and responses come back with their repeated headers and without hop-by-hop ones.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { within } from '../testing/deadline.js';
import { ProxyHarness } from '../testing/proxy-harness.js';
import { generateServingCert } from '../tls.js';
import { Upstream } from './upstream.js';

interface Echo {
  method: string;
  url: string;
  contentLength?: string;
  transferEncoding?: string;
  sha256: string;
  bytes: number;
}

describe('kubectl proxy: plain requests', function () {
  this.timeout(60_000);
  let h: ProxyHarness;
  let echo: https.Server;
  let upstream: () => Upstream;

  before(async () => {
    h = await ProxyHarness.create();
    const cert = await generateServingCert(['127.0.0.1']);
    echo = https.createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      req.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      req.on('end', () => {
        const seen: Echo = {
          method: req.method ?? '',
          url: req.url ?? '',
          contentLength: req.headers['content-length'],
          transferEncoding: req.headers['transfer-encoding'],
          sha256: hash.digest('hex'),
          bytes,
        };
        res.writeHead(200, [
          'Content-Type',
          'application/json',
          'Warning',
          '299 - "one"',
          'Warning',
          '299 - "two"',
          'Keep-Alive',
          'timeout=5',
        ]);
        res.end(JSON.stringify(seen));
      });
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const url = new URL(`https://127.0.0.1:${(echo.address() as AddressInfo).port}`);
    upstream = () =>
      new Upstream(url, { ca: Buffer.from(cert.caPem), rejectUnauthorized: true }, async () => 'Bearer connector-sa');
  });
  after(async () => {
    await h.stop();
    echo.closeAllConnections();
    await new Promise((r) => echo.close(r));
  });
  beforeEach(async () => {
    await h.reset();
    await h.useUpstream(upstream());
  });

  /** Sends `chunks` as the body (Content-Length unless `chunked`) and resolves with the response. */
  async function send(method: string, path: string, chunks: Buffer[], opts: { chunked?: boolean } = {}) {
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = { Authorization: `Bearer ${await h.tokenFor()}` };
    if (chunks.length > 0)
      headers[opts.chunked ? 'Transfer-Encoding' : 'Content-Length'] = opts.chunked ? 'chunked' : String(body.length);
    return within(
      `the proxy's answer to ${method} ${path}`,
      new Promise<{ res: IncomingMessage; echo: Echo; expected: { sha256: string; bytes: number } }>(
        (resolve, reject) => {
          const req = https.request(
            `${h.proxyUrl}${path}`,
            { method, headers, ca: h.cert.caPem, agent: false },
            (res) => {
              let text = '';
              res.setEncoding('utf8');
              res.on('data', (d: string) => (text += d));
              res.on('end', () =>
                resolve({
                  res,
                  echo: JSON.parse(text) as Echo,
                  expected: { sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length },
                }),
              );
            },
          );
          req.on('error', reject);
          for (const c of chunks) req.write(c);
          req.end();
        },
      ),
    );
  }

  // Protobuf-like bytes that are not valid UTF-8, so any decoding on the way would change them.
  const binary = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 131 + seed) % 256));

  it('a body with Content-Length arrives as the same bytes with the same length', async () => {
    const { echo: seen, expected } = await send('POST', '/api/v1/namespaces/default/configmaps', [binary(70_000, 7)]);
    assert.equal(seen.method, 'POST');
    assert.equal(seen.contentLength, '70000');
    assert.deepEqual({ sha256: seen.sha256, bytes: seen.bytes }, expected);
  });

  it('a chunked body arrives as the same bytes, still chunked', async () => {
    const { echo: seen, expected } = await send(
      'PUT',
      '/api/v1/namespaces/default/configmaps/c',
      [binary(10, 1), binary(50_000, 2), binary(3, 3)],
      { chunked: true },
    );
    assert.equal(seen.transferEncoding, 'chunked');
    assert.deepEqual({ sha256: seen.sha256, bytes: seen.bytes }, expected);
  });

  it('a request without a body goes upstream without one; a bare DELETE says Content-Length 0', async () => {
    const get = await send('GET', '/api/v1/pods?limit=1', []);
    assert.deepEqual(
      [get.echo.url, get.echo.bytes, get.echo.contentLength, get.echo.transferEncoding],
      ['/api/v1/pods?limit=1', 0, undefined, undefined],
    );
    const del = await send('DELETE', '/api/v1/namespaces/default/pods/web', []);
    assert.deepEqual([del.echo.bytes, del.echo.contentLength], [0, '0']);
  });

  it('repeated response headers come back as separate lines, hop-by-hop ones do not', async () => {
    const { res } = await send('GET', '/api/v1/pods', []);
    const warnings = res.rawHeaders.filter((_, i) => i % 2 === 1 && /^warning$/i.test(res.rawHeaders[i - 1]));
    assert.deepEqual(warnings, ['299 - "one"', '299 - "two"']);
    assert.equal(res.headers['keep-alive'], undefined);
  });

  it('an absolute-form request target reaches the API server as a path on it', async () => {
    const absolute = await new Promise<Echo>((resolve, reject) => {
      void h.tokenFor().then((token) => {
        const proxy = new URL(h.proxyUrl);
        const req = https.request(
          {
            host: proxy.hostname,
            port: proxy.port,
            path: 'http://elsewhere.example/api/v1/pods?watch=false',
            headers: { Authorization: `Bearer ${token}` },
            ca: h.cert.caPem,
            agent: false,
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve(JSON.parse(text) as Echo));
          },
        );
        req.on('error', reject);
        req.end();
      }, reject);
    });
    assert.equal(absolute.url, '/api/v1/pods?watch=false');
  });
});
