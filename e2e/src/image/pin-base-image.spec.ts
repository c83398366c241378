// tools/pin-base-image.mjs against a local registry that answers as Docker Hub does (registry API v2: a 401 naming
// the token service, the token, a HEAD on the manifest answered with Docker-Content-Digest; 404 MANIFEST_UNKNOWN;
// 429 TOOMANYREQUESTS with Retry-After), on a copy of the Dockerfile.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tool = fileURLToPath(new URL('../../../tools/pin-base-image.mjs', import.meta.url));
const DIGEST = `sha256:${'ab12'.repeat(16)}`;
const TOKEN = 'registry-token-1';

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  accept?: string;
}

describe('pinning the base image by digest (tools/pin-base-image.mjs)', function () {
  this.timeout(20_000);
  let server: Server;
  let base: string;
  let dir: string;
  let dockerfile: string;
  const seen: Seen[] = [];
  let answers: ((req: IncomingMessage) => Answer)[];

  before(async () => {
    server = createServer((req, res) => {
      seen.push({
        method: req.method!,
        url: req.url!,
        authorization: req.headers.authorization,
        accept: req.headers.accept,
      });
      if (req.url!.startsWith('/token')) {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ token: TOKEN, expires_in: 300 }));
        return;
      }
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res
          .writeHead(401, {
            'www-authenticate': `Bearer realm="${base}/token",service="registry.docker.io",scope="repository:library/node:pull"`,
          })
          .end();
        return;
      }
      const answer = (answers.shift() ?? ((): Answer => ({ status: 500 })))(req);
      const body = answer.body === undefined || req.method === 'HEAD' ? undefined : JSON.stringify(answer.body);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => server.close());

  beforeEach(() => {
    seen.length = 0;
    dir = mkdtempSync(join(tmpdir(), 'pin-'));
    dockerfile = join(dir, 'Dockerfile');
    writeFileSync(dockerfile, '# base\nARG NODE_IMAGE=node:24.22.3-bookworm-slim\nFROM ${NODE_IMAGE}\n');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const found = (): Answer => ({ status: 200, headers: { 'docker-content-digest': DIGEST } });

  function pin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [tool, '--dockerfile', dockerfile, ...args],
        { env: { ...process.env, INFRA_REGISTRY_URL: base }, timeout: 15_000 },
        (err, stdout, stderr) => resolve({ code: err ? ((err.code as number) ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it('writes the index digest after the token handshake, asking for the multi-platform index', async () => {
    answers = [found];
    const r = await pin();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      readFileSync(dockerfile, 'utf8'),
      `# base\nARG NODE_IMAGE=node:24.22.3-bookworm-slim@${DIGEST}\nFROM \${NODE_IMAGE}\n`,
    );
    const token = seen.find((s) => s.url.startsWith('/token'));
    assert.equal(token?.url, '/token?service=registry.docker.io&scope=repository%3Alibrary%2Fnode%3Apull');
    const last = seen.at(-1)!;
    assert.deepEqual(
      [last.method, last.url, last.authorization],
      ['HEAD', '/v2/library/node/manifests/24.22.3-bookworm-slim', `Bearer ${TOKEN}`],
    );
    assert.match(last.accept ?? '', /application\/vnd\.oci\.image\.index\.v1\+json/);
    assert.match(last.accept ?? '', /manifest\.list\.v2\+json/);
  });

  it('replaces an older digest and leaves the rest of the file as it was', async () => {
    writeFileSync(dockerfile, `ARG NODE_IMAGE=node:24.22.3-bookworm-slim@sha256:${'0'.repeat(64)}\n# after\n`);
    answers = [found];
    const r = await pin();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(dockerfile, 'utf8'), `ARG NODE_IMAGE=node:24.22.3-bookworm-slim@${DIGEST}\n# after\n`);
  });

  it('waits out a 429 as long as Retry-After says, then pins', async () => {
    answers = [() => ({ status: 429, headers: { 'retry-after': '1' } }), found];
    const started = Date.now();
    const r = await pin();
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Date.now() - started >= 1000, 'it did not wait the second the registry asked for');
    assert.match(r.stderr, /throttling \(429\); trying again in 1 s/);
    assert.match(readFileSync(dockerfile, 'utf8'), new RegExp(`@${DIGEST}`));
  });

  it('gives up after three 429s with the registry error, leaving the file alone', async () => {
    const throttled = () => ({
      status: 429,
      headers: { 'retry-after': '0' },
      body: { errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your pull rate limit.' }] },
    });
    answers = [throttled, throttled, throttled, throttled]; // three HEADs, then one GET for the message
    const r = await pin();
    assert.equal(r.code, 1);
    assert.match(r.stderr, /TOOMANYREQUESTS: You have reached your pull rate limit\./);
    const manifests = seen.filter((s) => s.url.startsWith('/v2/') && s.authorization);
    assert.deepEqual(
      manifests.map((s) => s.method),
      ['HEAD', 'HEAD', 'HEAD', 'GET'],
    );
    assert.doesNotMatch(readFileSync(dockerfile, 'utf8'), /@sha256/);
  });

  it('says the tag does not exist on a 404', async () => {
    answers = [() => ({ status: 404, body: { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] } })];
    const r = await pin();
    assert.equal(r.code, 1);
    assert.match(r.stderr, /resolving node:24\.22\.3-bookworm-slim: the registry has no such tag/);
  });

  it('refuses an answer without a sha256 digest', async () => {
    answers = [() => ({ status: 200 })];
    const r = await pin();
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no sha256 Docker-Content-Digest \(none\)/);
  });

  it('--check fails on a tag alone and passes on a digest, without asking the registry', async () => {
    const unpinned = await pin('--check');
    assert.equal(unpinned.code, 1);
    assert.match(unpinned.stderr, /is not pinned by digest: run node tools\/pin-base-image\.mjs/);
    writeFileSync(dockerfile, `ARG NODE_IMAGE=node:24.22.3-bookworm-slim@${DIGEST}\n`);
    const pinned = await pin('--check');
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.equal(seen.length, 0);
  });

  it("reads the repository's own Dockerfile: its base is the tag the tests run on, with or without a digest", () => {
    const own = readFileSync(fileURLToPath(new URL('../../../deploy/docker/Dockerfile', import.meta.url)), 'utf8');
    assert.match(own, /^ARG NODE_IMAGE=node:\d+\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/m);
  });
});
