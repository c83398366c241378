// A proxy certificate from files (INFRA_PROXY_TLS_CERT_FILE / KEY_FILE, e.g. cert-manager's Secret) is served anew
// when the files are rewritten, without a restart; a half-written pair is not taken.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { startConnector, type RunningConnector } from '../connector.js';
import { silentLogger } from '../log.js';
import { FakeRbac } from '../testing/fake-rbac.js';
import { FakeConnectorServer } from '../testing/fake-server.js';
import { eventually } from '../testing/fakes.js';
import { kubeConfigFor } from '../testing/kubeconfig.js';
import { StubKube } from '../testing/stub-kube.js';
import { generateServingCert, type ServingCert } from '../tls.js';

function servedFingerprint(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), rejectUnauthorized: false }, () => {
      resolve(socket.getPeerX509Certificate()?.fingerprint256 ?? '');
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('the proxy reloads a renewed certificate from its files', function () {
  this.timeout(30_000);
  let server: FakeConnectorServer;
  let kube: StubKube;
  let connector: RunningConnector | undefined;
  let dir: string;
  let first: ServingCert;
  let renewed: ServingCert;

  before(async () => {
    server = new FakeConnectorServer();
    await server.start();
    kube = await StubKube.start();
    dir = mkdtempSync(join(tmpdir(), 'proxy-renewal-'));
    [first, renewed] = await Promise.all([generateServingCert([]), generateServingCert([])]);
  });
  after(async () => {
    await connector?.stop();
    await server.stop();
    await kube.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the rewritten certificate to new connections, and never a certificate without its key', async () => {
    const certFile = join(dir, 'tls.crt');
    const keyFile = join(dir, 'tls.key');
    writeFileSync(certFile, first.certPem);
    writeFileSync(keyFile, first.keyPem);
    connector = await startConnector(
      {
        server: { address: server.address, tls: { insecure: true } },
        accessKey: 'kid.secret',
        destination: 'production',
        proxy: { host: '127.0.0.1', port: 0, tls: { ...first, caPem: first.caPem }, tlsFiles: { certFile, keyFile } },
        kube: kubeConfigFor(kube.url, kube.caPem, 'connector-sa'),
        resyncIntervalMs: 60_000,
        heartbeatMs: 1_000,
      },
      { logger: silentLogger, rbac: new FakeRbac(), watchNamespaces: false, certificatePollMs: 20 },
    );
    const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
    assert.equal(await servedFingerprint(connector.proxyUrl), fingerprint(first.certPem));

    // The certificate first, its key later (as a hand edit would): the old pair stays until both match.
    writeFileSync(certFile, renewed.certPem);
    await new Promise((r) => setTimeout(r, 200)); // ten polls
    assert.equal(
      await servedFingerprint(connector.proxyUrl),
      fingerprint(first.certPem),
      'a certificate was served without its key',
    );
    writeFileSync(keyFile, renewed.keyPem);
    const url = connector.proxyUrl;
    await eventually(
      async () => (await servedFingerprint(url)) === fingerprint(renewed.certPem),
      'the renewed certificate to be served',
    );
  });
});
