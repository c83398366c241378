import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { useHelm } from './helm.js';
import { container, env, named, ofKind, only, type KubeObject } from './objects.js';

function generatedCertificate(objects: KubeObject[]): X509Certificate {
  const secret = named(objects, 'Secret', 'infra-server-tls');
  return new X509Certificate(Buffer.from(secret.data['tls.crt'], 'base64'));
}

describe('the server chart over TLS', function () {
  this.timeout(60_000);
  const helm = useHelm('v35');

  it('makes one self-signed certificate for the service names and mounts it for the server', () => {
    const objects = helm().render('server');
    const cert = generatedCertificate(objects);
    for (const name of ['infra-server', 'infra-server.infra.svc', 'infra-server.infra.svc.cluster.local']) {
      assert.ok(cert.subjectAltName?.includes(`DNS:${name}`), `the certificate does not name ${name}`);
    }
    const deployment = only(objects, 'Deployment');
    const vars = env(container(deployment));
    assert.equal(vars.get('INFRA_TLS')?.value, 'auto');
    assert.equal(vars.get('INFRA_TLS_CERT')?.value, '/etc/infra/tls/tls.crt');
    assert.equal(vars.get('INFRA_TLS_KEY')?.value, '/etc/infra/tls/tls.key');
    const volume = deployment.spec.template.spec.volumes?.find((v) => v.name === 'tls');
    assert.deepEqual(volume?.secret, { secretName: 'infra-server-tls' });
  });

  it('serves a given certificate secret and makes none of its own', () => {
    const objects = helm().render('server', {
      values: { tls: { enabled: true, secretName: 'infra-tls', selfSigned: false } },
    });
    assert.deepEqual(
      ofKind(objects, 'Secret').map((s) => s.metadata.name),
      ['infra-server'],
    );
    const volume = only(objects, 'Deployment').spec.template.spec.volumes?.find((v) => v.name === 'tls');
    assert.deepEqual(volume?.secret, { secretName: 'infra-tls' });
  });

  it('serves plain HTTP and gRPC when TLS is off, probed over HTTP', () => {
    const objects = helm().render('server', { values: { tls: { enabled: false } } });
    assert.deepEqual(
      ofKind(objects, 'Secret').map((s) => s.metadata.name),
      ['infra-server'],
    );
    const c = container(only(objects, 'Deployment'));
    assert.equal(env(c).get('INFRA_TLS')?.value, 'off');
    assert.equal(env(c).get('INFRA_TLS_CERT'), undefined);
    assert.deepEqual(c.readinessProbe?.httpGet, { path: '/readyz', port: 'http', scheme: 'HTTP' });
    assert.equal(named(objects, 'Service', 'infra-server').spec.ports[0].name, 'http');
  });

  it('names in its notes the in-cluster gRPC address and how to read the fingerprint connectors pin', () => {
    const notes = helm().notes('server');
    const url = /^\s+(https:\/\/\S+)$/m.exec(notes)?.[1];
    assert.equal(url, 'https://infra-server.infra.svc:9090');
    assert.match(notes, /get secret infra-server-tls -o jsonpath='\{\.data\.tls\\\.crt\}'/);
    assert.match(notes, /openssl x509 -noout -fingerprint -sha256 \| cut -d= -f2/);
  });

  it("say in the notes that one replica's log has the admin key, and give the command that reads every replica's", () => {
    const notes = helm().notes('server');
    assert.match(notes, /in the log of one replica only/);
    const selector = /logs --selector (\S+) --prefix --tail=-1/.exec(notes)?.[1];
    const labels = only(helm().render('server'), 'Deployment').spec.selector.matchLabels;
    assert.equal(
      selector,
      Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    );
    assert.match(notes, /\| grep 'Admin access key'/);
    const given = helm().notes('server', { values: { adminAccessKey: { existingSecret: 'admin-key' } } });
    assert.doesNotMatch(given, /Admin access key/);
  });

  it('gives the connector chart what it needs to dial and pin the server', () => {
    const fingerprint = generatedCertificate(helm().render('server')).fingerprint256;
    const connector = helm().render('connector', {
      values: { server: { url: 'https://infra-server.infra.svc:9090', tlsFingerprint: fingerprint } },
    });
    const vars = env(container(only(connector, 'Deployment')));
    assert.equal(vars.get('INFRA_SERVER')?.value, 'infra-server.infra.svc:9090');
    assert.equal(vars.get('INFRA_SERVER_FINGERPRINT')?.value, fingerprint);
    assert.equal(vars.get('INFRA_SERVER_INSECURE'), undefined);
  });

  it('refuses a certificate secret with TLS off', () => {
    const r = helm().template('server', {
      values: { tls: { enabled: false, secretName: 'infra-tls', selfSigned: false } },
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /tls\.secretName needs tls\.enabled true/);
  });
});
