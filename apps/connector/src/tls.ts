// The proxy's serving certificate when none is configured: a private CA (whose certificate kubeconfig trusts, and
// which Register sends as proxy_ca_pem) and a leaf for the given host names and IP addresses.
import { isIP } from 'node:net';
import { generate } from 'selfsigned';

export interface ServingCert {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export async function generateServingCert(hosts: string[]): Promise<ServingCert> {
  const notAfterDate = new Date(Date.now() + 5 * 365 * 24 * 3600 * 1000);
  const ca = await generate([{ name: 'commonName', value: 'Infra connector CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const unique = [...new Set(['localhost', '127.0.0.1', ...hosts])];
  const leaf = await generate([{ name: 'commonName', value: unique[0] }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: unique.map((h) => (isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h })) },
    ],
  });
  return { caPem: ca.cert, certPem: leaf.cert, keyPem: leaf.private };
}
