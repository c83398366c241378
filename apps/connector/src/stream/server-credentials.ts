// How the connector trusts the Infra server's gRPC certificate: plaintext (development), a CA file, the system
// roots, or a pinned SHA-256 fingerprint. A self-signed server certificate (what the server makes on first start)
// is pinned like the CLI pins it: fetch the
// certificate once, compare its fingerprint, then trust exactly that certificate (hostname checked against its
// own names, since the connector may dial the server by an address the certificate does not list).
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';

export type ServerTrust = { insecure: true } | { insecure: false; caPem?: string; fingerprint?: string };

export interface DialCredentials {
  credentials: grpc.ChannelCredentials;
  channelOptions: grpc.ChannelOptions;
}

export async function serverCredentials(address: string, trust: ServerTrust): Promise<DialCredentials> {
  if (trust.insecure) return { credentials: grpc.credentials.createInsecure(), channelOptions: {} };
  if (!trust.fingerprint) {
    return {
      credentials: grpc.credentials.createSsl(trust.caPem ? Buffer.from(trust.caPem) : null),
      channelOptions: {},
    };
  }
  const cert = await fetchCertificate(address);
  if (normalise(cert.fingerprint256) !== normalise(trust.fingerprint)) {
    throw new Error(
      `the server at ${address} presented certificate ${cert.fingerprint256}, not the pinned ${trust.fingerprint}`,
    );
  }
  if (!isSelfSigned(cert)) {
    throw new Error(
      `the server at ${address} presents a CA-signed certificate: give that CA (INFRA_SERVER_CA_FILE) instead of a fingerprint`,
    );
  }
  const name = firstName(cert);
  return {
    credentials: grpc.credentials.createSsl(Buffer.from(cert.toString())),
    channelOptions: name ? { 'grpc.ssl_target_name_override': name } : {},
  };
}

export function normalise(fingerprint: string): string {
  return fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

function fetchCertificate(address: string): Promise<X509Certificate> {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(i + 1));
  return new Promise((resolve, reject) => {
    // Verification is deliberately off here: the fingerprint comparison above is the check.
    const socket = tls.connect({
      host,
      port,
      rejectUnauthorized: false,
      ALPNProtocols: ['h2'],
      servername: host.match(/^[\d.:]+$/) ? undefined : host,
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error(`timed out fetching the certificate of ${address}`)));
    socket.once('secureConnect', () => {
      const raw = socket.getPeerX509Certificate();
      socket.end();
      if (raw) resolve(raw);
      else reject(new Error(`the server at ${address} presented no certificate`));
    });
    socket.once('error', reject);
  });
}

// checkIssued() also demands keyCertSign usage, which the server's own certificate (a leaf) rightly lacks; a
// self-signed certificate is one that names itself as issuer and is signed by its own key.
function isSelfSigned(cert: X509Certificate): boolean {
  return cert.subject === cert.issuer && cert.verify(cert.publicKey);
}

function firstName(cert: X509Certificate): string | undefined {
  const dns = /DNS:([^,\s]+)/.exec(cert.subjectAltName ?? '');
  return dns?.[1] ?? /CN=([^\n,]+)/.exec(cert.subject)?.[1];
}
