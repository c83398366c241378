// The production set-up: the server serves REST and gRPC over TLS with the self-signed certificate it made on
// first start. The connector trusts that certificate (INFRA_SERVER_CA_FILE); the CLI pins its fingerprint
// (--tls-fingerprint), and its exec plugin then reaches the server over TLS for every kubectl run.
import assert from 'node:assert/strict';
import { CliUser } from './cli.js';
import { useSystem } from './testing.js';

describe('the whole system with the server on TLS and its self-signed certificate', function () {
  this.timeout(120_000);
  const sys = useSystem({ tls: true });
  const people: CliUser[] = [];
  after(() => people.forEach((p) => p.cleanup()));
  const person = () => {
    const p = new CliUser();
    people.push(p);
    return p;
  };

  it('the connector attaches over TLS and a user pinning the fingerprint gets kubectl through', async () => {
    const s = sys();
    assert.match(s.url, /^https:/);
    assert.ok(s.connector.stream.registered, 'the connector registered over TLS');
    s.kube.addPod({ name: 'nginx' });
    const user = await s.createUser('pinned@example.com');
    await s.waitForGrantInConnector(await s.grant({ user: user.name }, 'view', 'production'));

    const cli = person();
    const login = await cli.infra(['login', s.url, '--key', user.key, '--tls-fingerprint', s.serverTls!.fingerprint]);
    assert.equal(login.code, 0, login.stderr);
    assert.equal((await cli.infra(['use', 'production'])).code, 0);
    const r = await cli.kubectl(['get', 'pods']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^nginx\s/m);
  });

  it('a script that logs in without the fingerprint is refused with the fingerprint to check', async () => {
    const s = sys();
    const user = await s.createUser('unpinned@example.com');
    const r = await person().infra(['login', s.url, '--key', user.key]);
    assert.notEqual(r.code, 0);
    assert.ok(r.stderr.includes(s.serverTls!.fingerprint) || /--tls-fingerprint/.test(r.stderr), r.stderr);
  });

  it('a wrong fingerprint is refused', async () => {
    const s = sys();
    const user = await s.createUser('mistrusting@example.com');
    const wrong = s.serverTls!.fingerprint.replace(/[0-9A-F]/, (c) => (c === 'A' ? 'B' : 'A'));
    const r = await person().infra(['login', s.url, '--key', user.key, '--tls-fingerprint', wrong]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /fingerprint|certificate/i);
  });
});
