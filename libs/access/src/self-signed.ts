// Imported through '@infra/access/self-signed', not the index, so that the CLI's credential plugin never loads
// node-forge. The control server's own certificate when none is given: self-signed, server-auth only (it cannot sign other
// certificates, so clients pin its fingerprint rather than trust it as a CA). Shared so that the connector's
// pinning is tested against exactly what the server makes.
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { generate } from 'selfsigned';

export async function selfSignedServerCertificate(): Promise<{ certPem: string; keyPem: string }> {
  const pems = await generate([{ name: 'commonName', value: 'infra' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 5 * 365 * 86400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: hostname() },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { certPem: pems.cert, keyPem: pems.private };
}

export interface CaSignedCertificate {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/** A private CA: its certificate and key (the key signs serving certificates; keep it secret). */
export interface PrivateCa {
  caPem: string;
  caKeyPem: string;
}

export async function privateCa(opts: { caName: string; validDays: number }): Promise<PrivateCa> {
  const ca = await generate([{ name: 'commonName', value: opts.caName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + opts.validDays * 86400_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { caPem: ca.cert, caKeyPem: ca.private };
}

/**
 * A serving certificate that `ca` signs, for clients that trust a CA rather than pin a fingerprint (kubectl trusts
 * the connector's proxy CA; the Kubernetes API test server's CA likewise). The first host is the leaf's common
 * name; IP addresses become IP SANs.
 */
export async function servingCertificateSignedBy(
  ca: PrivateCa,
  opts: { hosts: string[]; validDays: number },
): Promise<CaSignedCertificate> {
  const hosts = [...new Set(opts.hosts)];
  const leaf = await generate([{ name: 'commonName', value: hosts[0] }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + opts.validDays * 86400_000),
    ca: { key: ca.caKeyPem, cert: ca.caPem },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: hosts.map((h) => (isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h })),
      },
    ],
  });
  return { caPem: ca.caPem, certPem: leaf.cert, keyPem: leaf.private };
}

/** A new private CA plus a serving certificate it signs (the CA's key is dropped). */
export async function caSignedServingCertificate(opts: {
  caName: string;
  hosts: string[];
  validDays: number;
}): Promise<CaSignedCertificate> {
  return servingCertificateSignedBy(await privateCa(opts), opts);
}
