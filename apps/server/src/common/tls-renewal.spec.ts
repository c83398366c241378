// A certificate given as files (INFRA_TLS_CERT / INFRA_TLS_KEY, e.g. cert-manager's Secret) is served anew on both
// ports when the files are rewritten, without a restart; a certificate whose key has not been written yet is not.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { adminGrpcClient } from '../testing/grpc-client.js';
import { caSignedServingCertificate, type CaSignedCertificate } from '@infra/access/self-signed';
import { startTestServer, type TestServer } from '../testing/test-server.js';

/** The fingerprint of the certificate served at host:port (REST or gRPC: both are TLS; gRPC offers h2). */
function served(address: string, alpn?: string): Promise<string> {
  const at = address.lastIndexOf(':');
  return new Promise((resolve, reject) => {
    const socket = connect(
      {
        host: address.slice(0, at),
        port: Number(address.slice(at + 1)),
        rejectUnauthorized: false,
        ALPNProtocols: alpn ? [alpn] : undefined,
      },
      () => {
        resolve(socket.getPeerX509Certificate()?.fingerprint256 ?? '');
        socket.destroy();
      },
    );
    socket.on('error', reject);
  });
}

async function eventually(what: string, check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('TLS certificate renewal', function () {
  this.timeout(60_000);
  let dir: string;
  let server: TestServer | undefined;
  let first: CaSignedCertificate;
  let renewed: CaSignedCertificate;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'infra-tls-renewal-'));
    const opts = { caName: 'renewal-ca', hosts: ['localhost', '127.0.0.1'], validDays: 1 };
    [first, renewed] = await Promise.all([caSignedServingCertificate(opts), caSignedServingCertificate(opts)]);
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves rewritten certificate files on REST and gRPC without a restart, never a certificate without its key', async () => {
    const cert = join(dir, 'tls.crt');
    const key = join(dir, 'tls.key');
    writeFileSync(cert, first.certPem);
    writeFileSync(key, first.keyPem);
    server = await startTestServer({
      database: 'pglite',
      env: { INFRA_TLS: 'auto', INFRA_TLS_CERT: cert, INFRA_TLS_KEY: key },
      certificatePollMs: 20,
    });
    const rest = new URL(server.url).host;
    const grpc = server.grpcAddress!;
    const fp = (pem: string) => new X509Certificate(pem).fingerprint256;
    assert.equal(await served(rest), fp(first.certPem));
    assert.equal(await served(grpc, 'h2'), fp(first.certPem));

    writeFileSync(cert, renewed.certPem);
    await new Promise((r) => setTimeout(r, 200)); // ten polls with a certificate that does not match the key
    assert.equal(await served(rest), fp(first.certPem), 'REST served a certificate without its key');
    writeFileSync(key, renewed.keyPem);
    await eventually('REST serving the renewed certificate', async () => (await served(rest)) === fp(renewed.certPem));
    await eventually(
      'gRPC serving the renewed certificate',
      async () => (await served(grpc, 'h2')) === fp(renewed.certPem),
    );
    // And gRPC calls work over it, trusting the renewed certificate's CA.
    const client = adminGrpcClient(grpc, { caPem: renewed.caPem });
    try {
      const jwks = await client.call('TokensService', 'GetJwks', {});
      assert.equal(jwks.keys.length, 1);
    } finally {
      client.close();
    }
  });
});
