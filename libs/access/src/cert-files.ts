// A serving certificate and key read from files and read again when they change, for both apps' TLS listeners
// (server REST + gRPC, connector proxy): cert-manager renews into a Secret, the kubelet swaps the mounted files
// (an atomic symlink swap, which fs.watch misses), so the files are polled. A change is taken only when the pair
// loads as a TLS context: a certificate written before its key (by hand, not by the kubelet) waits for the key.
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';

export interface CertificatePair {
  cert: string;
  key: string;
}

export interface CertificateFilesOptions {
  /** How often the files are read (default 10 s: a renewal is served within that and the kubelet's sync period). */
  intervalMs?: number;
  /** A new, valid pair; listeners swap their secure context. */
  onChange: (pair: CertificatePair) => void;
  /** Files that cannot be read or do not load as a pair; once per distinct content, never the key itself. */
  onProblem?: (message: string) => void;
}

export class CertificateFiles {
  private timer: NodeJS.Timeout | undefined;
  private lastProblem = '';
  current: CertificatePair;

  /** Reads both files now; throws when they cannot be read (a start-up error, as before reloading existed). */
  constructor(
    readonly certFile: string,
    readonly keyFile: string,
  ) {
    this.current = { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
  }

  watch(opts: CertificateFilesOptions): this {
    this.stop();
    this.timer = setInterval(() => this.poll(opts), opts.intervalMs ?? 10_000);
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private poll(opts: CertificateFilesOptions): void {
    let next: CertificatePair;
    try {
      next = { cert: readFileSync(this.certFile, 'utf8'), key: readFileSync(this.keyFile, 'utf8') };
    } catch (e) {
      this.problem(
        opts,
        `cannot read ${this.certFile} or ${this.keyFile}: ${(e as NodeJS.ErrnoException).code ?? 'error'}; serving the previous certificate`,
      );
      return;
    }
    if (next.cert === this.current.cert && next.key === this.current.key) return;
    try {
      createSecureContext(next);
    } catch (e) {
      this.problem(
        opts,
        `${this.certFile} and ${this.keyFile} do not load as a certificate and its key (${(e as Error).message.split('\n')[0]}); serving the previous certificate`,
      );
      return;
    }
    this.lastProblem = '';
    this.current = next;
    opts.onChange(next);
  }

  private problem(opts: CertificateFilesOptions, message: string): void {
    if (message === this.lastProblem) return;
    this.lastProblem = message;
    opts.onProblem?.(message);
  }
}
