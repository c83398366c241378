// Connections to the server. HTTPS is verified against the system CAs, or pinned to a certificate
// fingerprint the user trusted on first use (self-signed servers), or not verified when asked.
// A pinned connection is checked BEFORE any request bytes (and so the access key) are sent.
import net from 'node:net';
import tls from 'node:tls';

export interface TlsPolicy {
  /** SHA-256 fingerprint of the server certificate, "AB:CD:…" as node prints it. */
  fingerprint?: string;
  skipTLSVerify?: boolean;
}

export class UntrustedCertificateError extends Error {
  constructor(
    readonly reason: string,
    readonly fingerprint: string,
  ) {
    super(reason);
    this.name = 'UntrustedCertificateError';
  }
}

export class FingerprintMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`certificate fingerprint ${actual} does not match ${expected}`);
    this.name = 'FingerprintMismatchError';
  }
}

export function normalizeFingerprint(fp: string): string {
  const hex = fp
    .replace(/^sha256:/i, '')
    .replace(/[^0-9a-f]/gi, '')
    .toUpperCase();
  if (hex.length !== 64) throw new Error(`"${fp}" is not a SHA-256 fingerprint (64 hex digits)`);
  return hex.match(/../g)!.join(':');
}

/** Opens a socket to url's host, TLS-verified per policy; resolves only once it is safe to send. */
export function connect(url: URL, policy: TlsPolicy, timeoutMs: number): Promise<net.Socket> {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    let socket: net.Socket;
    let timer: NodeJS.Timeout;
    const fail = (e: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(e);
    };
    if (url.protocol !== 'https:') {
      socket = net.connect({ host, port }, () => done());
    } else {
      const pinned = policy.fingerprint !== undefined || policy.skipTLSVerify === true;
      socket = tls.connect(
        {
          host,
          port,
          servername: net.isIP(host) ? undefined : host,
          rejectUnauthorized: false,
          ALPNProtocols: ['http/1.1'],
        },
        () => {
          const s = socket as tls.TLSSocket;
          const actual = s.getPeerCertificate().fingerprint256 ?? '';
          if (policy.fingerprint !== undefined) {
            const expected = normalizeFingerprint(policy.fingerprint);
            if (actual !== expected) return fail(new FingerprintMismatchError(expected, actual));
          } else if (!pinned && !s.authorized) {
            return fail(new UntrustedCertificateError(String(s.authorizationError), actual));
          }
          done();
        },
      );
    }
    timer = setTimeout(() => fail(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
    socket.once('error', (e) => fail(e));
    function done() {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    }
  });
}
