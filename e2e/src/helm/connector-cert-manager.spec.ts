// The connector chart's optional cert-manager Certificate for the proxy: valid cert-manager.io/v1, mounted in place
// of proxy.tls.secretName, and no kept CA (the issuer's CA is what kubeconfigs trust).
import assert from 'node:assert/strict';
import { useHelm } from './helm.js';
import { container, env, ofKind, only, type KubeObject } from './objects.js';

const ISSUER = { name: 'infra-ca', kind: 'Issuer', group: 'cert-manager.io' };

interface Certificate extends KubeObject {
  spec: { secretName: string; dnsNames: string[]; usages: string[]; issuerRef: typeof ISSUER };
}

describe('the connector chart with cert-manager', function () {
  this.timeout(60_000);
  const helm = useHelm('v35');

  it('asks for a proxy certificate of the Service and public names and serves it, trusting the issuer CA', () => {
    const values = {
      proxy: { publicUrl: 'https://prod.example.com', tls: { caInSecret: true } },
      certManager: { enabled: true, issuerRef: ISSUER },
    };
    const objects = helm().render('connector', { values });
    const cert = ofKind(objects, 'Certificate' as never)[0] as unknown as Certificate;
    assert.ok(cert, 'no Certificate rendered');
    assert.equal(cert.apiVersion, 'cert-manager.io/v1');
    assert.equal(cert.spec.secretName, 'infra-connector-proxy-tls');
    assert.deepEqual(cert.spec.dnsNames, [
      'infra-connector',
      'infra-connector.infra',
      'infra-connector.infra.svc',
      'infra-connector.infra.svc.cluster.local',
      'prod.example.com',
    ]);
    assert.deepEqual(cert.spec.issuerRef, ISSUER);
    const deployment = only(objects, 'Deployment');
    assert.deepEqual(deployment.spec.template.spec.volumes?.find((v) => v.name === 'proxy-tls')?.secret, {
      secretName: 'infra-connector-proxy-tls',
    });
    const vars = env(container(deployment));
    assert.equal(vars.get('INFRA_PROXY_TLS_CERT_FILE')?.value, '/etc/infra/proxy-tls/tls.crt');
    assert.equal(vars.get('INFRA_PROXY_TLS_CA_FILE')?.value, '/etc/infra/proxy-tls/ca.crt');
    assert.equal(vars.get('INFRA_PROXY_CA_SECRET'), undefined, "a CA kept beside cert-manager's");
    assert.deepEqual(ofKind(objects, 'Role'), []);
  });

  it('refuses cert-manager without an issuer, or beside a TLS Secret', () => {
    const noIssuer = helm().template('connector', { values: { certManager: { enabled: true } } });
    assert.match(noIssuer.stderr, /certManager\.enabled needs certManager\.issuerRef\.name/);
    const both = helm().template('connector', {
      values: { certManager: { enabled: true, issuerRef: ISSUER }, proxy: { tls: { secretName: 'x' } } },
    });
    assert.match(both.stderr, /set only one of proxy\.tls\.secretName and certManager\.enabled/);
  });
});
