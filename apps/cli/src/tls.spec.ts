import assert from 'node:assert/strict';
import { startFakeServer, type FakeServer } from './testing/fake-server.js';
import { runBinary, runInProcess, tempEnv, type TestEnv } from './testing/cli.js';
import { ConfigStore } from './config.js';
import { selfSigned } from './testing/certs.js';
import { normalizeFingerprint } from './tls.js';
import { startTestServer, type TestServer } from '@infra/server/testing';

describe('trusting a server with a self-signed certificate', () => {
  let server: FakeServer;
  let certs: TestEnv;
  let fingerprint: string;
  let t: TestEnv;
  before(async () => {
    certs = tempEnv();
    const tls = selfSigned(certs.dir);
    fingerprint = tls.fingerprint;
    server = await startFakeServer({ tls });
  });
  after(async () => {
    await server?.stop();
    certs?.cleanup();
  });
  beforeEach(() => {
    t = tempEnv();
  });
  afterEach(() => t.cleanup());

  it('shows the SHA-256 fingerprint, asks, and remembers the answer', async () => {
    const r = await runInProcess(t, ['login', server.url, '--key', server.adminKey], { answers: ['y'] });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.prompt.asked, ['Trust this certificate?']);
    assert.ok(r.stderr.includes(`Its SHA-256 fingerprint is ${fingerprint}`));
    assert.equal(new ConfigStore(t.home).current()!.fingerprint, fingerprint);
    const next = await runInProcess(t, ['users', 'list']);
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual(next.prompt.asked, []);
  });

  it('does not log in when the user declines', async () => {
    const r = await runInProcess(t, ['login', server.url, '--key', server.adminKey], { answers: ['n'] });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      new RegExp(
        `\\nerror: did not log in: ${server.url} is not trusted; pass --tls-fingerprint with the fingerprint your admin gave you\\n$`,
      ),
    );
  });

  it('accepts --tls-fingerprint without asking, in any common spelling', async () => {
    const r = await runInProcess(t, [
      'login',
      server.url,
      '--key',
      server.adminKey,
      '--tls-fingerprint',
      fingerprint.replaceAll(':', '').toLowerCase(),
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.prompt.asked, []);
  });

  it('refuses a certificate whose fingerprint does not match, in one sentence', async () => {
    const wrong = 'AB:'.repeat(31) + 'AB';
    const logins = server.count('POST /api/login');
    const r = await runInProcess(t, ['login', server.url, '--key', server.adminKey, '--tls-fingerprint', wrong]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `error: the certificate of ${server.url} has fingerprint ${fingerprint}, not the trusted ${wrong}: if its certificate was replaced on purpose, run \`infra login ${server.url} --tls-fingerprint ${fingerprint}\`, otherwise someone may be intercepting the connection\n`,
    );
    assert.equal(server.count('POST /api/login'), logins); // the key was never sent
  });

  it('skips verification when told to', async () => {
    const r = await runInProcess(t, ['login', server.url, '--key', server.adminKey, '--skip-tls-verify']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(new ConfigStore(t.home).current()!.skipTLSVerify, true);
  });

  it('in a script, names the flags instead of asking', async () => {
    const r = await runBinary(t, ['login', server.url, '--key', server.adminKey]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /\nerror: cannot ask "Trust this certificate\?" without a terminal: pass --tls-fingerprint or --skip-tls-verify in scripts\n$/,
    );
  });
});

describe('trusting the real server with its own self-signed certificate', () => {
  let server: TestServer;
  let t: TestEnv;
  before(async () => {
    server = await startTestServer({ env: { INFRA_TLS: 'auto' } });
  });
  after(async () => {
    await server?.stop();
  });
  beforeEach(() => {
    t = tempEnv();
  });
  afterEach(() => t.cleanup());

  it('shows the fingerprint the server made, and trusts it once accepted', async () => {
    assert.match(server.url, /^https:/);
    const fingerprint = normalizeFingerprint(server.tls!.fingerprint);
    const r = await runInProcess(t, ['login', server.url, '--key', server.adminKey], { answers: ['yes'] });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.includes(`Its SHA-256 fingerprint is ${fingerprint}`), r.stderr);
    const next = await runBinary(t, ['users', 'list']);
    assert.equal(next.code, 0, next.stderr);
  });

  it('logs in non-interactively with --tls-fingerprint', async () => {
    const r = await runBinary(t, [
      'login',
      server.url,
      '--key',
      server.adminKey,
      '--tls-fingerprint',
      server.tls!.fingerprint,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Logged in to https:/);
  });
});
