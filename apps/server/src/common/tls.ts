// TLS for REST and gRPC: the certificate and key given (INFRA_TLS_CERT / INFRA_TLS_KEY), or a self-signed
// pair generated on first start into the data dir and reused after. Clients pin its SHA-256 fingerprint.
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServerCredentials, experimental } from '@grpc/grpc-js';
import { CertificateFiles, type CertificatePair } from '@infra/access/cert-files';
import { selfSignedServerCertificate } from '@infra/access/self-signed';
import type { ServerConfig } from '../config/config.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, colon-separated hex (what `openssl x509 -fingerprint -sha256` prints). */
  fingerprint: string;
  selfSigned: boolean;
  /** The given files, read again when they change (cert-manager renewals); absent for the self-signed pair. */
  files?: CertificateFiles;
}

export async function loadTls(
  config: Pick<ServerConfig, 'tls' | 'tlsCertFile' | 'tlsKeyFile' | 'dataDir'>,
): Promise<TlsMaterial | undefined> {
  if (config.tls === 'off') return undefined;
  if (config.tlsCertFile && config.tlsKeyFile) {
    const files = new CertificateFiles(config.tlsCertFile, config.tlsKeyFile);
    const { cert, key } = files.current;
    return { cert, key, fingerprint: fingerprintOf(cert), selfSigned: false, files };
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

/**
 * The gRPC listener's certificate, swappable: grpc-js builds a new secure context whenever the provider announces
 * a pair. (grpc-js's createCertificateProviderServerCredentials takes the identity provider first, whatever its
 * parameter names say; the renewal spec fails if that changes.)
 */
export class IdentityProvider implements experimental.CertificateProvider {
  private readonly listeners = new Set<experimental.IdentityCertificateUpdateListener>();
  private latest: experimental.IdentityCertificateUpdate;

  constructor(pair: CertificatePair) {
    this.latest = toUpdate(pair);
  }

  credentials(): ServerCredentials {
    return experimental.createCertificateProviderServerCredentials(this, null, false);
  }

  update(pair: CertificatePair): void {
    this.latest = toUpdate(pair);
    for (const listener of this.listeners) listener(this.latest);
  }

  addIdentityCertificateListener(listener: experimental.IdentityCertificateUpdateListener): void {
    this.listeners.add(listener);
    // Later, not now: grpc-js registers its server's watcher only after adding this listener, and would miss it.
    queueMicrotask(() => this.listeners.has(listener) && listener(this.latest));
  }

  removeIdentityCertificateListener(listener: experimental.IdentityCertificateUpdateListener): void {
    this.listeners.delete(listener);
  }

  addCaCertificateListener(): void {} // no client certificates
  removeCaCertificateListener(): void {}
}

function toUpdate(pair: CertificatePair): experimental.IdentityCertificateUpdate {
  return { certificate: Buffer.from(pair.cert), privateKey: Buffer.from(pair.key) };
}
