// Imported through '@infra/access/self-signed', not the index, so that the CLI's credential plugin never loads
// node-forge. The control server's own certificate when none is given: self-signed, server-auth only (it cannot sign other
// certificates, so clients pin its fingerprint rather than trust it as a CA). Shared so that the connector's
// pinning is tested against exactly what the server makes.
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
      { name: 'subjectAltName', altNames: [
        { type: 2, value: 'localhost' }, { type: 2, value: hostname() }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' },
      ] },
    ],
  });
  return { certPem: pems.cert, keyPem: pems.private };
}
