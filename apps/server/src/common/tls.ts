// TLS for REST and gRPC: the certificate and key given (INFRA_TLS_CERT / INFRA_TLS_KEY), or a self-signed
// pair generated on first start into the data dir and reused after. Clients pin its SHA-256 fingerprint.
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import type { ServerConfig } from '../config/config.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, colon-separated hex (what `openssl x509 -fingerprint -sha256` prints). */
  fingerprint: string;
  selfSigned: boolean;
}

export async function loadTls(config: Pick<ServerConfig, 'tls' | 'tlsCertFile' | 'tlsKeyFile' | 'dataDir'>): Promise<TlsMaterial | undefined> {
  if (config.tls === 'off') return undefined;
  if (config.tlsCertFile && config.tlsKeyFile) {
    const cert = readFileSync(config.tlsCertFile, 'utf8');
    return { cert, key: readFileSync(config.tlsKeyFile, 'utf8'), fingerprint: fingerprintOf(cert), selfSigned: false };
  }
  const certFile = join(config.dataDir, 'tls.crt');
  const keyFile = join(config.dataDir, 'tls.key');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
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
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(keyFile, pems.private, { mode: 0o600 });
    writeFileSync(certFile, pems.cert, { mode: 0o644 });
  }
  const cert = readFileSync(certFile, 'utf8');
  return { cert, key: readFileSync(keyFile, 'utf8'), fingerprint: fingerprintOf(cert), selfSigned: true };
}

export function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}
