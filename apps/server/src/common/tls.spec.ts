import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import { adminGrpcClient } from '../testing/grpc-client.js';
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
    const client = adminGrpcClient(server.grpcAddress!, { caPem: server.tls!.certificate });
    try {
      const jwks = await client.call('TokensService', 'GetJwks', {});
      assert.equal(jwks.keys.length, 1);
    } finally {
      client.close();
    }
  });
});
