import type { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';

/** The certificate the proxy at `url` serves; with `ca`, verified against that bundle (rejects otherwise). */
export function servedCertificate(url: string, ca?: string): Promise<X509Certificate> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca, rejectUnauthorized: ca !== undefined }, () => {
      const cert = socket.getPeerX509Certificate();
      socket.end();
      if (cert) resolve(cert);
      else reject(new Error(`${url} served no certificate`));
    });
    socket.on('error', reject);
  });
}
