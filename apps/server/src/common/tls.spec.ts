import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import { credentials, Metadata, type GrpcObject, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadAdminPackage } from '../grpc/admin-grpc.server.js';
import type { TestServer } from '../testing/test-server.js';
import { useTestServer } from '../testing/mocha.js';

function getJson(url: string, ca: string): Promise<{ status: number; body: unknown; cert: X509Certificate }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        const cert = new X509Certificate((res.socket as import('node:tls').TLSSocket).getPeerX509Certificate()!.raw);
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), cert }));
      })
      .on('error', reject);
  });
}

describe('TLS', function () {
  this.timeout(120_000);
  let server: TestServer;

  useTestServer({ env: { INFRA_TLS: 'auto' } }, async (s) => {
    server = s;
  });

  it('serves REST over TLS with a self-signed certificate whose fingerprint it reports', async () => {
    assert.match(server.url, /^https:\/\//);
    const tls = server.tls!;
    const res = await getJson(`${server.url}/api/version`, tls.certificate);
    assert.equal(res.status, 200);
    assert.equal(res.cert.fingerprint256, tls.fingerprint);
    assert.ok(new X509Certificate(tls.certificate).checkIP('127.0.0.1'));
  });

  it('keeps the same certificate across a restart', async () => {
    const before = server.tls!.fingerprint;
    await server.restart();
    assert.equal(server.tls!.fingerprint, before);
  });

  it('serves the gRPC admin API over TLS too', async () => {
    const pkg = loadAdminPackage().v1 as GrpcObject;
    const Tokens = pkg.TokensService as ServiceClientConstructor;
    const client = new Tokens(server.grpcAddress!, credentials.createSsl(Buffer.from(server.tls!.certificate)));
    try {
      const jwks = await new Promise<{ keys: unknown[] }>((resolve, reject) =>
        (client as unknown as Record<string, Function>).GetJwks!(
          {},
          new Metadata(),
          (e: Error | null, r: { keys: unknown[] }) => (e ? reject(e) : resolve(r)),
        ),
      );
      assert.equal(jwks.keys.length, 1);
    } finally {
      client.close();
    }
  });
});
