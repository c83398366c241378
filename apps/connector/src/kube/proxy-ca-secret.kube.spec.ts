// The proxy CA kept in a Secret, against the Kubernetes API test server: created once, read back on the next start,
// shared by replicas that race to create it, and a clear refusal when the Secret is unusable.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type { PrivateCa } from '@infra/access/self-signed';
import { silentLogger } from '../log.js';
import { within } from '../testing/deadline.js';
import { kubeConfigFor } from '../testing/kubeconfig.js';
import { startKubeApiServer, type KubeApiServer } from '@infra/kube-testing';
import { newProxyCa } from '../tls.js';
import { loadOrCreateProxyCa, parseSecretRef } from './proxy-ca-secret.js';

const NAMESPACE = 'infra';

describe('the proxy CA kept in a Secret', function () {
  this.timeout(30_000);
  let kube: KubeApiServer;
  let cas: PrivateCa[];
  before(async () => {
    kube = await startKubeApiServer({ namespaces: [NAMESPACE] });
    cas = [await newProxyCa(), await newProxyCa()]; // keygen is slow: made once, handed out by the fake `make`
  });
  after(async () => kube?.stop());

  const admin = () => kubeConfigFor(kube.url, kube.caPem, kube.adminToken);
  const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
  const load = (name: string, make: () => Promise<PrivateCa>) =>
    within(
      `the CA from Secret ${name}`,
      loadOrCreateProxyCa(admin(), { namespace: NAMESPACE, name }, make, silentLogger),
    );

  it('creates the Secret once and reads the same CA on the next start', async () => {
    let made = 0;
    const make = async () => cas[made++];
    const first = await load('ca-once', make);
    assert.equal(made, 1);
    const stored = kube.get('v1', 'Secret', 'ca-once', NAMESPACE) as unknown as {
      type: string;
      data: Record<string, string>;
    };
    assert.equal(stored.type, 'Opaque');
    assert.equal(Buffer.from(stored.data['ca.crt'], 'base64').toString(), cas[0].caPem);
    assert.equal(Buffer.from(stored.data['ca.key'], 'base64').toString(), cas[0].caKeyPem);
    const again = await load('ca-once', make);
    assert.equal(made, 1, 'a restart made a new CA although the Secret held one');
    assert.equal(fingerprint(again.caPem), fingerprint(first.caPem));
    assert.equal(again.caKeyPem, cas[0].caKeyPem);
  });

  it('gives two replicas that start together the same CA', async () => {
    // Both read "missing" before either creates: the second create is a 409 and that replica reads the first's.
    const [a, b] = await Promise.all([load('ca-race', async () => cas[0]), load('ca-race', async () => cas[1])]);
    assert.equal(fingerprint(a.caPem), fingerprint(b.caPem));
    assert.equal(a.caKeyPem, b.caKeyPem);
  });

  it('refuses a Secret without ca.crt and ca.key, naming it and not its contents', async () => {
    kube.put({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'ca-empty', namespace: NAMESPACE },
      data: { other: Buffer.from('s3cret').toString('base64') },
    });
    await assert.rejects(
      load('ca-empty', async () => cas[0]),
      (e: Error) =>
        /Secret infra\/ca-empty exists but lacks ca\.crt or ca\.key/.test(e.message) && !e.message.includes('s3cret'),
    );
  });

  it('fails with the API status when the account may not read the Secret', async () => {
    kube.addUser('nobody-token', 'nobody');
    const nobody = kubeConfigFor(kube.url, kube.caPem, 'nobody-token');
    await assert.rejects(
      within(
        'the refusal',
        loadOrCreateProxyCa(nobody, { namespace: NAMESPACE, name: 'ca-forbidden' }, async () => cas[0], silentLogger),
      ),
      /cannot read the proxy CA from Secret infra\/ca-forbidden: HTTP 403: secrets "ca-forbidden" is forbidden/,
    );
  });

  it('parses namespace/name and nothing else', () => {
    assert.deepEqual(parseSecretRef('infra/infra-connector-proxy-ca'), {
      namespace: 'infra',
      name: 'infra-connector-proxy-ca',
    });
    for (const bad of ['infra', '/name', 'infra/', 'Infra/name', 'a/b/c', 'infra/na me'])
      assert.equal(parseSecretRef(bad), undefined, bad);
  });
});
