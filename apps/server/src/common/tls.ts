// TLS for REST and gRPC: the certificate and key given (INFRA_TLS_CERT / INFRA_TLS_KEY), or a self-signed
// pair generated on first start into the data dir and reused after. Clients pin its SHA-256 fingerprint.
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selfSignedServerCertificate } from '@infra/access/self-signed';
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
    const pems = await selfSignedServerCertificate();
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(keyFile, pems.keyPem, { mode: 0o600 });
    writeFileSync(certFile, pems.certPem, { mode: 0o644 });
  }
  const cert = readFileSync(certFile, 'utf8');
  return { cert, key: readFileSync(keyFile, 'utf8'), fingerprint: fingerprintOf(cert), selfSigned: true };
}

export function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}
