// Where the server chart's certificate comes from, as a GitOps tool (Argo CD, Flux: `helm template`, no cluster)
// sees it: renders are repeatable or the chart says to bring a certificate; cert-manager is one way to bring one.
import assert from 'node:assert/strict';
import { useHelm } from './helm.js';
import { ofKind, only, type KubeObject } from './objects.js';

const PROD = {
  database: { url: 'postgres://infra@db:5432/infra' },
  rootKey: { value: '0123456789abcdef0123456789abcdef' },
};
const ISSUER = { enabled: true, issuerRef: { name: 'infra-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' } };

interface Certificate extends KubeObject {
  spec: {
    secretName: string;
    dnsNames: string[];
    usages: string[];
    issuerRef: { name: string; kind: string; group: string };
    privateKey: Record<string, unknown>;
  };
}

describe("the server chart's certificate under GitOps", function () {
  this.timeout(60_000);
  const helm = useHelm('v35');

  it('tells the user to bring a certificate when none is named, rather than make one per render', () => {
    const r = helm().template('server', { bare: true, values: PROD });
    assert.notEqual(r.status, 0, 'rendered a certificate nobody asked for');
    assert.match(
      r.stderr,
      /tls\.enabled needs a certificate: set tls\.secretName .*, or certManager\.enabled .*, or tls\.selfSigned true \(.*not for GitOps/,
    );
  });

  it('renders the same manifests twice with a certificate Secret or cert-manager', () => {
    for (const values of [
      { ...PROD, tls: { enabled: true, secretName: 'infra-tls' } },
      { ...PROD, certManager: ISSUER },
    ]) {
      const once = helm().template('server', { bare: true, values });
      const twice = helm().template('server', { bare: true, values });
      assert.equal(once.status, 0, once.stderr);
      assert.equal(twice.stdout, once.stdout, `two renders with ${JSON.stringify(values).slice(90)} differ`);
    }
  });

  it('makes a self-signed certificate only when asked, and says in its notes that it is not for GitOps', () => {
    const objects = helm().render('server', {
      bare: true,
      values: { ...PROD, tls: { enabled: true, selfSigned: true } },
    });
    assert.ok(ofKind(objects, 'Secret').some((s) => s.metadata.name === 'infra-server-tls'));
    const notes = helm().notes('server', { bare: true, values: { ...PROD, tls: { enabled: true, selfSigned: true } } });
    assert.match(
      notes,
      /With GitOps \(Argo CD, Flux: `helm template`\) every render\s+would\s+make a new one: there set tls\.secretName or certManager\.enabled/,
    );
  });

  it('asks cert-manager for a certificate of the Service and public names, served from the Secret it writes', () => {
    const values = {
      ...PROD,
      publicUrl: 'https://infra.example.com',
      publicGrpcUrl: 'https://grpc.infra.example.com:443',
      certManager: { ...ISSUER, dnsNames: ['alt.example.com'] },
    };
    const objects = helm().render('server', { bare: true, values });
    const cert = only(objects, 'Certificate' as never) as unknown as Certificate;
    assert.equal(cert.apiVersion, 'cert-manager.io/v1');
    assert.equal(cert.metadata.namespace, 'infra');
    assert.equal(cert.spec.secretName, 'infra-server-tls');
    assert.deepEqual(cert.spec.dnsNames, [
      'infra-server',
      'infra-server.infra',
      'infra-server.infra.svc',
      'infra-server.infra.svc.cluster.local',
      'infra.example.com',
      'grpc.infra.example.com',
      'alt.example.com',
    ]);
    assert.deepEqual(cert.spec.issuerRef, ISSUER.issuerRef);
    assert.deepEqual(cert.spec.usages, ['server auth', 'digital signature', 'key encipherment']);
    assert.deepEqual(
      ofKind(objects, 'Secret').map((s) => s.metadata.name),
      ['infra-server'],
      "the chart made a TLS Secret beside cert-manager's",
    );
    const volume = only(objects, 'Deployment').spec.template.spec.volumes?.find((v) => v.name === 'tls');
    assert.deepEqual(volume?.secret, { secretName: 'infra-server-tls' });
  });

  it('refuses two certificate sources, or cert-manager without an issuer', () => {
    const both = helm().template('server', {
      bare: true,
      values: { ...PROD, tls: { enabled: true, secretName: 'x', selfSigned: true } },
    });
    assert.match(both.stderr, /set only one of tls\.secretName, tls\.selfSigned and certManager\.enabled/);
    const noIssuer = helm().template('server', { bare: true, values: { ...PROD, certManager: { enabled: true } } });
    assert.match(noIssuer.stderr, /certManager\.enabled needs certManager\.issuerRef\.name/);
  });
});
