// infra doctor's checks of the server, the clock and the session, each broken on purpose against the in-memory
// server. The checks through a connector (kubeconfig, proxy, upgrade) are in e2e/src/system/doctor.spec.ts.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ConfigStore } from '../config.js';
import { clockFinding, MAX_CLOCK_SKEW_MS } from '../doctor/server-checks.js';
import { selfSigned } from '../testing/certs.js';
import { runInProcess, tempEnv, type TestEnv } from '../testing/cli.js';
import { within } from '@infra/server/testing';
import { startFakeServer, type FakeServer } from '../testing/fake-server.js';

const lines = (stdout: string) => stdout.trimEnd().split('\n');
const line = (stdout: string, check: string) =>
  lines(stdout).find((l) => l.slice(2).startsWith(`${check}: `)) ?? `(no ${check} line in:\n${stdout})`;

describe('infra doctor: server, clock and session', () => {
  let server: FakeServer;
  let t: TestEnv;
  let certs: TestEnv;
  let fingerprint: string;
  before(async () => {
    certs = tempEnv();
    const tls = selfSigned(certs.dir);
    fingerprint = tls.fingerprint;
    server = await startFakeServer({ tls: { key: tls.key, cert: tls.cert } });
    server.addUser('doc@example.com');
  });
  after(async () => {
    await server?.stop();
    certs?.cleanup();
  });
  beforeEach(async () => {
    t = tempEnv();
    const r = await runInProcess(t, [
      'login',
      server.url,
      '--key',
      server.addKey('doc@example.com'),
      '--tls-fingerprint',
      fingerprint,
    ]);
    assert.equal(r.code, 0, r.stderr);
  });
  afterEach(() => t.cleanup());
  const doctor = (opts: Parameters<typeof runInProcess>[2] = {}, ...args: string[]) =>
    within('infra doctor to answer', runInProcess(t, ['doctor', ...args], opts), 8_000);

  it('all green: the pinned certificate, the clock, the session and its expiry, exit 0', async () => {
    const r = await doctor();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(
      line(r.stdout, 'server'),
      `✓ server: ${server.url} answers (version 0.0.0-fake); its certificate matches the pinned fingerprint ${fingerprint}`,
    );
    assert.equal(line(r.stdout, 'clock'), `✓ clock: this computer's clock is within 30 s of the server's`);
    assert.match(
      line(r.stdout, 'session'),
      /^✓ session: logged in as doc@example\.com; the session expires in 1[12] hours \(\d{4}-/,
    );
    assert.match(line(r.stdout, 'kubeconfig'), /^✓ kubeconfig: .*no Infra contexts needed/);
  });

  it('a wrong pinned fingerprint: ✗ server with the login that re-pins, and nothing sent past it', async () => {
    const wrong = fingerprint.replace(/^../, (b) => (b === 'AA' ? 'BB' : 'AA'));
    new ConfigStore(t.home).update(server.url, (e) => ({ ...e, fingerprint: wrong }));
    const before = server.count('GET /api/users/self');
    const r = await doctor();
    assert.equal(r.code, 1);
    assert.equal(
      line(r.stdout, 'server'),
      `✗ server: the certificate of ${server.url} has fingerprint ${fingerprint}, not the pinned ${wrong} — fix: if its certificate was replaced on purpose, run \`infra login ${server.url} --tls-fingerprint ${fingerprint}\`; otherwise someone may be intercepting the connection`,
    );
    assert.equal(server.count('GET /api/users/self'), before, 'the session key never went to an unpinned server');
    assert.equal(lines(r.stdout).length, 2, 'only server and clock are checked when the server is not trusted');
    assert.match(r.stderr, /1 check failed/);
  });

  it('a clock 5 minutes ahead: ✗ clock with how to set it', async () => {
    const r = await doctor({ now: new Date(Date.now() + 5 * 60_000) });
    assert.equal(r.code, 1);
    assert.match(
      line(r.stdout, 'clock'),
      /^✗ clock: this computer's clock is 5 minutes ahead of the server's \(more than 30 s\).* — fix: set this computer's clock right \(turn on network time, e\.g\. `sudo timedatectl set-ntp true`\)/,
    );
  });

  it('the clock threshold is 30 s, the plugin refresh margin: 30 s is fine, 30.001 s either way is not', () => {
    assert.equal(MAX_CLOCK_SKEW_MS, 30_000);
    const server = new Date('2026-01-01T00:00:00Z');
    const at = (ms: number) => clockFinding({ server, local: new Date(server.getTime() + ms) }).status;
    assert.deepEqual([at(30_000), at(-30_000), at(30_001), at(-30_001)], ['ok', 'ok', 'fail', 'fail']);
    assert.match(
      clockFinding({ server, local: new Date(server.getTime() - 45_000) }).detail,
      /45 s behind the server's/,
    );
  });

  it('a session the server revoked: ✗ session with infra login', async () => {
    server.revokeAll('doc@example.com');
    const r = await doctor();
    assert.equal(r.code, 1);
    assert.equal(
      line(r.stdout, 'session'),
      `✗ session: the server no longer accepts your session as doc@example.com (revoked, or expired on the server) — fix: run \`infra login ${server.url}\``,
    );
  });

  it('a session past its expiry: ✗ session without asking the server', async () => {
    const expires = new Date(Date.now() - 3 * 3600_000).toISOString();
    new ConfigStore(t.home).update(server.url, (e) => ({ ...e, session: { ...e.session!, expires } }));
    const r = await doctor();
    assert.equal(
      line(r.stdout, 'session'),
      `✗ session: your session as doc@example.com expired 3 hours ago (${expires}) — fix: run \`infra login ${server.url}\``,
    );
  });

  it('-o json: a report for a support ticket, without the session key', async () => {
    const r = await doctor({ now: new Date(Date.now() - 60_000) }, '-o', 'json');
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      server: string;
      user: string;
      checks: { check: string; status: string; fix?: string; ms: number }[];
    };
    assert.deepEqual([report.ok, report.server, report.user], [false, server.url, 'doc@example.com']);
    assert.deepEqual(
      report.checks.map((c) => [c.check, c.status]),
      [
        ['server', 'ok'],
        ['clock', 'fail'],
        ['session', 'ok'],
        ['kubeconfig', 'ok'],
        ['current context', 'skip'],
      ],
    );
    assert.match(report.checks[1].fix!, /timedatectl/);
    const key = new ConfigStore(t.home).current()!.session!.accessKey;
    assert.ok(!r.stdout.includes(key.split('.')[1]), 'the session secret is not in the report');
  });

  it('not logged in: ✗ server with infra login', async () => {
    const fresh = tempEnv();
    try {
      const r = await within('doctor', runInProcess(fresh, ['doctor']));
      assert.deepEqual(
        [r.code, r.stdout],
        [1, '✗ server: you have not logged in to an Infra server — fix: run `infra login SERVER`\n'],
      );
    } finally {
      fresh.cleanup();
    }
  });

  it('a server that accepts connections and never answers: ✗ server after 5 s, not a hang', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    new ConfigStore(t.home).update(url, () => ({
      url,
      session: { accessKey: 'x.y', userID: 'u', name: 'doc@example.com' },
    }));
    try {
      const r = await within('doctor to give up on a silent server', runInProcess(t, ['doctor']), 8_000);
      assert.equal(r.code, 1);
      assert.match(line(r.stdout, 'server'), /^✗ server: no answer within 5 s — fix: /);
    } finally {
      silent.close();
    }
  });
});

describe('infra doctor: a destination whose address speaks only HTTP/2', () => {
  let server: FakeServer;
  let t: TestEnv;
  let proxy: http2.Http2SecureServer;
  let proxyUrl: string;
  before(async () => {
    t = tempEnv();
    const tls = selfSigned(t.dir);
    // What a load balancer forcing HTTP/2 looks like from here: ALPN offers h2 only.
    proxy = http2.createSecureServer({ key: tls.key, cert: tls.cert }, (_req, res) => res.end());
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    server = await startFakeServer();
    server.addUser('doc@example.com');
    server.connect('production', proxyUrl, tls.cert);
    server.grant({ user: 'doc@example.com' }, 'view', 'production');
    const r = await runInProcess(t, ['login', server.url, '--key', server.addKey('doc@example.com')]);
    assert.equal(r.code, 0, r.stderr);
  });
  after(async () => {
    await server?.stop();
    proxy?.close();
    t?.cleanup();
  });

  it('✓ TLS (noting HTTP/2), the request through it not tried, ✗ WebSocket upgrade with the fix', async () => {
    const r = await within('infra doctor to answer', runInProcess(t, ['doctor']), 8_000);
    assert.equal(r.code, 1, r.stdout);
    assert.match(
      line(r.stdout, 'kubeconfig'),
      /^✓ kubeconfig: .*: 1 Infra context, each with its connector, CA and the credential plugin/,
    );
    assert.match(
      line(r.stdout, 'production: connector'),
      /^✓ production: connector: the connector is connected \(last seen just now\)$/,
    );
    assert.equal(
      line(r.stdout, 'production: proxy TLS'),
      `✓ production: proxy TLS: ${proxyUrl} answers TLS, its certificate verified with the CA in kubeconfig; it speaks HTTP/2, so something other than the connector answers there`,
    );
    assert.equal(
      line(r.stdout, 'production: authenticated request'),
      '- production: authenticated request: not tried: the proxy address speaks only HTTP/2',
    );
    assert.equal(
      line(r.stdout, 'production: WebSocket upgrade'),
      `✗ production: WebSocket upgrade: ${proxyUrl} speaks only HTTP/2, where there is no Upgrade: kubectl exec, attach, cp and port-forward will fail — fix: ask your Infra admin to let upgrades through to the connector: a load balancer or ingress in front of ${proxyUrl} must pass the Upgrade and Connection headers over HTTP/1.1, or pass TLS through untouched`,
    );
  });
});
