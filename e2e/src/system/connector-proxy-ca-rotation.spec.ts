// The kept proxy CA rotating by itself while people use kubectl, with lifetimes of seconds: two connector replicas
// (their own processes, the chart's RBAC) add a next CA, register current+next for the overlap while still serving
// from the current one, then promote it and swap their certificates without a restart. Real kubectl shows that a
// kubeconfig from before the rotation works through the overlap; one the CLI refreshed during the overlap, and one
// only kubectl's credential plugin refreshed, work after the promotion; the one never refreshed then fails with a
// certificate error (what users who slept through the overlap see).
//
// Lifetimes: the CA is valid 60 s, a rotation starts with 40 s left and the overlap is 15 s, so the next CA comes at
// ~20 s and is promoted at ~35 s, and the one after it comes at ~40 s and is promoted at ~55 s: each phase below
// has 15 to 20 s, and checks it is still in its phase after acting.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { kubectl } from '@infra/kube-testing';
import { CliUser } from './cli.js';
import { CONNECTOR_NAMESPACE } from './cluster-account.js';
import { ConnectorChild } from './connector-child.js';
import { servedCertificate } from './served-certificate.js';
import { useSystem } from './testing.js';
import { eventually } from './wait.js';

const DESTINATION = 'rotating';
const CA_SECRET = 'infra-connector-proxy-ca'; // the name the chart's Role allows
const ROTATION = {
  INFRA_PROXY_CA_VALIDITY: '60s',
  INFRA_PROXY_CA_ROTATE_BEFORE: '40s',
  INFRA_PROXY_CA_OVERLAP: '15s',
  INFRA_PROXY_CA_CHECK_INTERVAL: '1s',
};

/** The fingerprints of the certificates in a PEM bundle, in order. */
const fingerprints = (bundle: string) =>
  (bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(
    (pem) => new X509Certificate(pem).fingerprint256,
  );

describe('the connector rotates its kept proxy CA with an overlap, and kubectl keeps working', function () {
  this.timeout(180_000);
  const sys = useSystem();
  let connector: ConnectorChild | undefined;
  let replica: ConnectorChild | undefined;
  const cli = new CliUser(); // refreshes with `infra list` during the overlap
  const pluginOnly = new CliUser(); // runs nothing but kubectl
  after(async () => {
    await connector?.stop();
    await replica?.stop();
    cli.cleanup();
    pluginOnly.cleanup();
  });

  it('works before, during the overlap, and after the promotion with a kubeconfig refreshed during the overlap', async () => {
    const s = sys();
    s.kube.addPod({ name: 'rotating-web' });
    const key = await s.createDestination(DESTINATION);
    const env = {
      ...s.connectorEnv(DESTINATION, key),
      INFRA_PROXY_CA_SECRET: `${CONNECTOR_NAMESPACE}/${CA_SECRET}`,
      HOME: s.dir,
      ...ROTATION,
    };
    connector = new ConnectorChild(env);
    const log = () => `${connector!.log()}\n--- second replica ---\n${replica?.log() ?? ''}`;
    const secret = (): Record<string, string> => {
      const o = s.kube.get('v1', 'Secret', CA_SECRET, CONNECTOR_NAMESPACE) as unknown as {
        data: Record<string, string>;
      };
      return Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    };
    const fingerprint = (pem: string | undefined) => (pem ? fingerprints(pem)[0] : undefined);
    const kubeconfigCa = (path: string) => {
      const config = parse(readFileSync(path, 'utf8')) as {
        clusters: { name: string; cluster: Record<string, string> }[];
      };
      const c = config.clusters.find((x) => x.name === `infra:${DESTINATION}`);
      return Buffer.from(c?.cluster['certificate-authority-data'] ?? '', 'base64').toString();
    };
    const getPods = (kubeconfig: string) =>
      kubectl(['--context', `infra:${DESTINATION}`, 'get', 'pods'], { kubeconfig, timeoutMs: 15_000 });
    const works = async (kubeconfig: string, when: string) => {
      const r = await getPods(kubeconfig);
      assert.ok(r.stdout.includes('rotating-web'), `kubectl ${when} with ${kubeconfig}: ${r.stderr}\n${log()}`);
    };

    // Before: one CA, registered and written into the kubeconfig by `infra login`.
    const registered = await connector.registered(s, DESTINATION);
    const first = fingerprints(registered.caCertificate);
    assert.equal(first.length, 1, 'a new CA registered a bundle');
    // A second replica: both race the rotation's writes, and each promotes at its own next check.
    replica = new ConnectorChild(env);
    let replicaUrl = '';
    await eventually(
      'the second replica to register its own URL',
      async () => {
        const r = await s.destinationRecord(DESTINATION);
        replicaUrl = r?.connected && r.url !== registered.url ? r.url : '';
        return Boolean(replicaUrl);
      },
      30_000,
      log,
    );
    const user = await s.createUser('rotator@example.com');
    await s.grant({ user: user.name }, 'view', DESTINATION);
    for (const person of [cli, pluginOnly]) {
      const login = await person.infra(['login', s.url, '--key', user.key]);
      assert.equal(login.code, 0, login.stderr);
    }
    let last = '';
    await eventually(
      'kubectl through the proxy before the rotation',
      async () => {
        const r = await getPods(cli.kubeconfig);
        last = r.stderr;
        return r.stdout.includes('rotating-web');
      },
      15_000,
      () => `${last}\n${log()}`,
    );
    assert.equal(secret()['next.crt'], undefined, 'the rotation started before the first kubectl: lengthen the CA');
    const before = join(cli.dir, 'before.kubeconfig');
    copyFileSync(cli.kubeconfig, before);
    assert.deepEqual(fingerprints(kubeconfigCa(before)), first);
    await works(pluginOnly.kubeconfig, 'before the rotation (plugin only)');

    // The overlap: a next CA in the Secret, the server hands out both, the current one still signs.
    await eventually('a next CA in the Secret', () => secret()['next.crt'] !== undefined, 40_000, log);
    const next = fingerprint(secret()['next.crt'])!;
    await eventually(
      'the server to hand out current+next',
      async () =>
        fingerprints((await s.destinationRecord(DESTINATION))?.caCertificate ?? '').join() === [...first, next].join(),
      10_000,
      log,
    );
    const list = await cli.infra(['list']);
    assert.equal(list.code, 0, list.stderr);
    const during = join(cli.dir, 'during.kubeconfig');
    copyFileSync(cli.kubeconfig, during);
    assert.deepEqual(fingerprints(kubeconfigCa(during)), [...first, next], 'infra list did not write the bundle');
    await works(before, 'during the overlap (never refreshed)');
    await works(during, 'during the overlap (refreshed)');
    // The other person only runs kubectl; their token ends (5 minutes by default, always within a 30-day overlap),
    // so the plugin fetches one and writes the bundle as it does. Removing the cached token stands for that.
    rmSync(join(pluginOnly.home, 'cache', 'tokens'), { recursive: true, force: true });
    await works(pluginOnly.kubeconfig, 'during the overlap (plugin only)');
    assert.deepEqual(
      fingerprints(kubeconfigCa(pluginOnly.kubeconfig)),
      [...first, next],
      'the credential plugin did not write the bundle when it fetched a token',
    );
    assert.ok(
      fingerprint(secret()['ca.crt']) === first[0] && fingerprint(secret()['next.crt']) === next,
      'the overlap ended before its checks were done: lengthen it',
    );

    // The promotion: the next CA signs, the old one stays trusted as previous.
    await eventually('the next CA promoted', () => fingerprint(secret()['ca.crt']) === next, 30_000, log);
    assert.equal(fingerprint(secret()['previous.crt']), first[0]);
    assert.equal(secret()['next.key'], undefined);
    const promoted = new X509Certificate(secret()['ca.crt']);
    await eventually(
      'the proxy to serve a certificate from the promoted CA, without a restart',
      async () => (await servedCertificate(registered.url)).checkIssued(promoted),
      10_000,
      log,
    );
    // Whichever replica promoted first, the bundle from the overlap verifies both.
    for (const url of [registered.url, replicaUrl]) await servedCertificate(url, kubeconfigCa(during));
    await eventually(
      'the second replica to serve from the promoted CA too',
      async () => (await servedCertificate(replicaUrl)).checkIssued(promoted),
      10_000,
      log,
    );
    await works(during, 'after the promotion (refreshed during the overlap)');
    await works(pluginOnly.kubeconfig, 'after the promotion (plugin only)');
    const stale = await getPods(before);
    assert.notEqual(stale.code, 0, 'a kubeconfig holding only the old CA still worked after the promotion');
    assert.match(stale.stderr, /certificate/);
    await eventually(
      'the server to hand out the promoted CA first, the previous one still trusted',
      async () => {
        const bundle = fingerprints((await s.destinationRecord(DESTINATION))?.caCertificate ?? '');
        return bundle[0] === next && bundle.includes(first[0]);
      },
      10_000,
      log,
    );
    assert.equal(fingerprint(secret()['ca.crt']), next, 'the next rotation came before the checks were done');
  });
});
