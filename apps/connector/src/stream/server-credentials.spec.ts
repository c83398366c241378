import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { loadConnectorProto } from '@infra/proto';
import { selfSignedServerCertificate } from '@infra/access/self-signed';
import { within } from '../testing/deadline.js';
import { FakeConnectorServer } from '../testing/fake-server.js';
import { generateServingCert, type ServingCert } from '../tls.js';
import { serverCredentials, type ServerTrust } from './server-credentials.js';

/** The certificate the control server makes for itself on first start (apps/server/src/common/tls.ts). */
const selfSigned = selfSignedServerCertificate;

describe("trusting the server's gRPC certificate", function () {
  this.timeout(60_000);
  let server: FakeConnectorServer;
  let pinnedServer: FakeConnectorServer;
  let cert: ServingCert;
  let own: { certPem: string; keyPem: string };
  before(async () => {
    cert = await generateServingCert([]);
    server = new FakeConnectorServer();
    server.tls = cert;
    await server.start();
    own = await selfSigned();
    pinnedServer = new FakeConnectorServer();
    pinnedServer.tls = own;
    await pinnedServer.start();
  });
  after(async () => {
    await server.stop();
    await pinnedServer.stop();
  });

  /** Dials with `trust` and resolves once the server saw the stream. */
  async function connectWith(trust: ServerTrust, to = server): Promise<void> {
    const { credentials, channelOptions } = await serverCredentials(to.address, trust);
    const { ConnectorService } = loadConnectorProto().infra.connector.v1;
    const client = new ConnectorService(to.address, credentials, channelOptions);
    const seen = to.streams.length;
    const call = client.Connect();
    call.on('error', () => {});
    call.write({ register: { destination: 'production' } });
    await to.nextStream(seen, `a TLS connection trusted by ${JSON.stringify(trust)}`);
    call.cancel();
    client.close();
  }

  it('trusts a server whose certificate the given CA signed', async () => {
    await connectWith({ insecure: false, caPem: cert.caPem });
  });

  it("pins the server's self-signed certificate by fingerprint, in any notation", async () => {
    const fp = new X509Certificate(own.certPem).fingerprint256;
    await connectWith({ insecure: false, fingerprint: fp }, pinnedServer);
    await connectWith({ insecure: false, fingerprint: fp.replace(/:/g, '').toLowerCase() }, pinnedServer);
  });

  it("connects to a server with the server's own certificate, which may not sign certificates, when pinned", async () => {
    assert.equal(new X509Certificate(own.certPem).checkIssued(new X509Certificate(own.certPem)), false);
    await connectWith({ insecure: false, fingerprint: new X509Certificate(own.certPem).fingerprint256 }, pinnedServer);
  });

  it('refuses a server presenting another certificate than the pinned one', async () => {
    const other = await selfSigned();
    const fp = new X509Certificate(other.certPem).fingerprint256;
    await assert.rejects(
      serverCredentials(pinnedServer.address, { insecure: false, fingerprint: fp }),
      /not the pinned/,
    );
  });

  it('asks for the CA when a pinned certificate is CA-signed', async () => {
    const fp = new X509Certificate(cert.certPem).fingerprint256;
    await assert.rejects(
      serverCredentials(server.address, { insecure: false, fingerprint: fp }),
      /INFRA_SERVER_CA_FILE/,
    );
  });

  it('without a CA or a pin, the system roots do not trust a private certificate', async () => {
    const { credentials } = await serverCredentials(server.address, { insecure: false });
    const { ConnectorService } = loadConnectorProto().infra.connector.v1;
    const client = new ConnectorService(server.address, credentials);
    const call = client.Connect();
    const err = await within(
      'refusing a private certificate that no CA or pin vouches for',
      new Promise<grpc.ServiceError>((resolve) => call.on('error', resolve)),
    );
    assert.equal(err.code, grpc.status.UNAVAILABLE);
    client.close();
  });
});
