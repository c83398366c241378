// The connector's generated proxy CA, kept in the Secret the chart names (INFRA_PROXY_CA_SECRET) with exactly the
// rights the chart's Role gives: a restarted connector registers the same CA (users' kubeconfigs stay valid), and a
// second replica serves a certificate from that CA too.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { CONNECTOR_NAMESPACE } from './cluster-account.js';
import { ConnectorChild } from './connector-child.js';
import { servedCertificate } from './served-certificate.js';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

const DESTINATION = 'kept-ca';
const CA_SECRET = 'infra-connector-proxy-ca'; // what the chart sets for release infra-connector

describe('the connector keeps its proxy CA across restarts and replicas', function () {
  this.timeout(120_000);
  const sys = useSystem();
  const children: ConnectorChild[] = [];
  after(async () => {
    for (const c of children) await c.stop();
  });

  it('registers the same CA after a restart, and a second replica serves from it', async () => {
    const s = sys();
    const key = await s.createDestination(DESTINATION);
    const env = {
      ...s.connectorEnv(DESTINATION, key),
      INFRA_PROXY_CA_SECRET: `${CONNECTOR_NAMESPACE}/${CA_SECRET}`,
      HOME: s.dir,
    };
    const start = () => {
      const c = new ConnectorChild(env);
      children.push(c);
      return c;
    };
    const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

    const first = start();
    const before = await first.registered(s, DESTINATION);
    assert.ok(
      s.kube.get('v1', 'Secret', CA_SECRET, CONNECTOR_NAMESPACE),
      'the connector did not store its CA in the Secret',
    );
    assert.equal(await first.stop(), 0, first.log());

    const restarted = start();
    await eventually(
      'the restarted connector to register its own URL',
      async () => {
        const r = await s.destinationRecord(DESTINATION);
        return r?.connected === true && r.url !== before.url;
      },
      30_000,
      () => restarted.log(),
    );
    const afterRestart = (await s.destinationRecord(DESTINATION))!;
    assert.equal(
      fingerprint(afterRestart.caCertificate),
      fingerprint(before.caCertificate),
      'a restart changed the proxy CA',
    );

    const replica = start();
    await eventually(
      'the second replica to register its own URL',
      async () => {
        const r = await s.destinationRecord(DESTINATION);
        return r?.connected === true && r.url !== afterRestart.url && r.url !== before.url;
      },
      30_000,
      () => replica.log(),
    );
    const second = (await s.destinationRecord(DESTINATION))!;
    assert.equal(
      fingerprint(second.caCertificate),
      fingerprint(before.caCertificate),
      'the second replica registered another CA',
    );
    // Both replicas' certificates verify against the one CA users' kubeconfigs hold.
    for (const url of [afterRestart.url, second.url]) {
      const served = await servedCertificate(url, before.caCertificate);
      assert.ok(
        served.checkIssued(new X509Certificate(before.caCertificate)),
        `${url} serves a certificate the kept CA did not issue`,
      );
    }
  });
});
