import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubeconfigFile, parseKubeconfig } from './kubeconfig-file.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEfake\n-----END PRIVATE KEY-----\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A kubeconfig with two contexts; `cluster` and `user` fields are spliced in as YAML. */
function kubeconfig(o: { cluster?: string; user?: string; current?: string } = {}): string {
  return `apiVersion: v1
kind: Config
current-context: ${o.current ?? 'prod'}
clusters:
- name: prod-cluster
  cluster:
    server: https://prod.example.com:6443
${o.cluster ?? `    certificate-authority-data: ${b64(PEM)}`}
- name: dev-cluster
  cluster:
    server: https://dev.example.com/k8s/clusters/c-1
    insecure-skip-tls-verify: true
contexts:
- name: prod
  context: {cluster: prod-cluster, user: prod-user, namespace: infra}
- name: dev
  context: {cluster: dev-cluster, user: dev-user}
users:
- name: prod-user
  user:
${o.user ?? '    token: prod-token'}
- name: dev-user
  user: {username: admin, password: s3cret}
`;
}

describe('kubeconfig files', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'infra-kubeconfig-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const parse = (text: string, context?: string) => parseKubeconfig(text, dir, { context });

  it("uses the current context's cluster, CA and token", async () => {
    const c = parse(kubeconfig());
    assert.equal(c.server.href, 'https://prod.example.com:6443/');
    assert.equal(c.context, 'prod');
    assert.equal(c.namespace, 'infra');
    assert.equal(c.tls.ca?.toString(), PEM);
    assert.equal(c.tls.rejectUnauthorized, true);
    assert.equal(await c.authorization(), 'Bearer prod-token');
  });

  it('uses a chosen context, with its server path prefix, insecure-skip-tls-verify and basic auth', async () => {
    const c = parse(kubeconfig(), 'dev');
    assert.equal(c.server.pathname, '/k8s/clusters/c-1');
    assert.equal(c.tls.rejectUnauthorized, false);
    assert.equal(await c.authorization(), `Basic ${b64('admin:s3cret')}`);
  });

  it('reads the CA, client certificate and key from files relative to the kubeconfig, and JSON as well as YAML', async () => {
    writeFileSync(join(dir, 'ca.pem'), PEM);
    writeFileSync(join(dir, 'client.pem'), PEM);
    writeFileSync(join(dir, 'client.key'), KEY);
    const text = kubeconfig({
      cluster: '    certificate-authority: ca.pem\n    tls-server-name: api.internal',
      user: '    client-certificate: client.pem\n    client-key: client.key',
    });
    const path = join(dir, 'config');
    writeFileSync(path, text);
    const c = loadKubeconfigFile(path);
    assert.equal(c.tls.ca?.toString(), PEM);
    assert.equal(c.tls.cert?.toString(), PEM);
    assert.equal(c.tls.key?.toString(), KEY);
    assert.equal(c.tls.servername, 'api.internal');
    assert.equal(await c.authorization(), undefined, 'the client certificate is the credential');

    const json = parse(JSON.stringify({ 'current-context': 'x', contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }], clusters: [{ name: 'c', cluster: { server: 'https://1.2.3.4' } }], users: [{ name: 'u', user: { 'client-certificate-data': b64(PEM), 'client-key-data': b64(KEY) } }] }));
    assert.equal(json.tls.key?.toString(), KEY);
  });

  it('prefers a token file over an inline token, and reads it again as it rotates', async () => {
    writeFileSync(join(dir, 'token'), 'first\n');
    let now = 0;
    const c = parseKubeconfig(kubeconfig({ user: '    token: inline\n    tokenFile: token' }), dir, { refreshMs: 1000, now: () => now });
    assert.equal(await c.authorization(), 'Bearer first');
    writeFileSync(join(dir, 'token'), 'second\n');
    assert.equal(await c.authorization(), 'Bearer first', 'not before the refresh interval');
    now = 1000;
    assert.equal(await c.authorization(), 'Bearer second');
  });

  const refusals: [string, string, RegExp][] = [
    ['not YAML', 'clusters: [unclosed', /not valid YAML/],
    ['a list', '- a\n- b\n', /not a YAML mapping/],
    ['no current context', kubeconfig().replace(/current-context: prod\n/, ''), /no current-context/],
    ['an unknown context', kubeconfig({ current: 'staging' }), /context "staging" is not in the kubeconfig's contexts \(it has: "prod", "dev"\)/],
    ['a missing cluster', kubeconfig().replace('cluster: prod-cluster,', 'cluster: gone,'), /cluster "gone" is not in the kubeconfig's clusters/],
    ['a missing user', kubeconfig().replace('user: prod-user,', 'user: gone,'), /user "gone" is not in the kubeconfig's users/],
    ['no server', kubeconfig().replace('server: https://prod.example.com:6443', 'server: ""'), /cluster "prod-cluster" has no server/],
    ['a server that is no URL', kubeconfig().replace('https://prod.example.com:6443', 'prod:6443:x'), /not a URL|http\(s\) URL/],
    ['a CA that is not base64 PEM', kubeconfig({ cluster: '    certificate-authority-data: bm90IGEgY2VydA==' }), /certificate authority of cluster "prod-cluster" \(certificate-authority-data\) is not base64-encoded PEM/],
    ['a missing CA file', kubeconfig({ cluster: '    certificate-authority: nowhere.pem' }), /cannot read the certificate authority of cluster "prod-cluster" file nowhere.pem \(certificate-authority\): ENOENT/],
    ['a certificate without a key', kubeconfig({ user: `    client-certificate-data: ${b64(PEM)}` }), /needs both a client certificate and a client key/],
    ['an exec plugin', kubeconfig({ user: '    exec: {apiVersion: client.authentication.k8s.io/v1, command: aws}' }), /user "prod-user" uses an exec credential plugin \(user.exec\), which the connector does not run/],
    ['an auth-provider', kubeconfig({ user: '    auth-provider: {name: oidc}' }), /uses an auth-provider plugin/],
    ['a proxy-url', kubeconfig({ cluster: '    proxy-url: http://proxy:3128' }), /proxy-url/],
    ['a missing token file', kubeconfig({ user: '    tokenFile: nowhere' }), /cannot read the token file nowhere of user "prod-user": ENOENT/],
  ];
  for (const [what, text, message] of refusals) {
    it(`refuses ${what} with a clear error`, () => {
      assert.throws(() => parse(text), message);
    });
  }

  it('never echoes a token from a broken file', () => {
    const broken = kubeconfig({ user: '    token: sekret-value\n  bad: [' });
    assert.throws(
      () => parse(broken),
      (e: Error) => !e.message.includes('sekret-value') && /not valid YAML/.test(e.message),
    );
  });

  it('names the unreadable file', () => {
    assert.throws(() => loadKubeconfigFile(join(dir, 'missing')), /cannot read .*missing: ENOENT/);
  });
});
