// The proxy's serving certificate when none is configured: a private CA (whose certificate kubeconfig trusts, and
// which Register sends as proxy_ca_pem) and a leaf for the given host names and IP addresses. With a CA kept in a
// Secret (kube/proxy-ca-secret.ts) the CA survives restarts and is shared by every replica; each start signs a
// new leaf with it, and KeptCaCertificate follows the Secret's rotation (proxy-ca-rotation.ts) while running.
import { X509Certificate } from 'node:crypto';
import type { CertificateFilesOptions } from '@infra/access/cert-files';
import {
  privateCa,
  servingCertificateSignedBy,
  type CaSignedCertificate,
  type PrivateCa,
} from '@infra/access/self-signed';
import type { ProxyCaRotator } from './kube/proxy-ca-rotator.js';
import type { CaPlan } from './proxy-ca-rotation.js';

export type ServingCert = CaSignedCertificate;

const DAY_MS = 86_400_000;
export const CA_LIFETIME_MS = 10 * 365 * DAY_MS;
const LEAF_MS = 5 * 365 * DAY_MS;

/**
 * Each CA gets a name of its own (its creation time): during a rotation clients hold two CAs, and OpenSSL-based ones
 * (Node, curl, Python) pick an issuer by name and give up if its signature does not match, unlike Go's kubectl.
 */
export function newProxyCa(lifetimeMs = CA_LIFETIME_MS): Promise<PrivateCa> {
  return privateCa({ caName: `Infra connector CA ${new Date().toISOString()}`, validDays: lifetimeMs / DAY_MS });
}

/** A leaf that `ca` signs, valid no longer than the CA (at least a minute, even from a CA about to expire). */
export async function generateServingCert(hosts: string[], ca?: PrivateCa): Promise<ServingCert> {
  const signer = ca ?? (await newProxyCa());
  const caLeft = Date.parse(new X509Certificate(signer.caPem).validTo) - Date.now();
  return servingCertificateSignedBy(signer, {
    hosts: ['localhost', '127.0.0.1', ...hosts],
    validDays: Math.max(Math.min(LEAF_MS, caLeft), 60_000) / DAY_MS,
  });
}

/** The certificates Register sends: one PEM bundle, the signer's first. */
export const trustBundle = (plan: CaPlan) => plan.trust.map((pem) => pem.trim()).join('\n') + '\n';

export interface KeptCaWatchOptions extends CertificateFilesOptions {
  /** The trust bundle changed: register it again so that kubeconfigs learn it. Called before onChange. */
  onTrust: (bundle: string) => void;
}

/**
 * The serving certificate from the CA kept in a Secret, checked again on an interval: a new signer gets a new leaf
 * (handed to onChange, as a certificate-file renewal is) and a changed trust bundle goes to onTrust.
 */
export class KeptCaCertificate {
  private timer: NodeJS.Timeout | undefined;
  private signer = '';
  private bundle = '';
  private lastProblem = '';

  constructor(
    private readonly rotator: ProxyCaRotator,
    private readonly hosts: string[],
  ) {}

  /** The first pass (creates the Secret when missing); throws when the Secret cannot be used at all. */
  async start(): Promise<ServingCert> {
    const plan = await this.rotator.pass();
    this.bundle = trustBundle(plan);
    return { ...(await this.leaf(plan)), caPem: this.bundle };
  }

  watch(opts: KeptCaWatchOptions & { intervalMs: number }): this {
    this.stop();
    let running = false;
    this.timer = setInterval(() => {
      if (running) return; // a slow API server: never two passes at once
      running = true;
      void this.check(opts)
        .catch((e: unknown) => opts.onProblem?.(`cannot follow the proxy CA: ${(e as Error).message}`))
        .finally(() => (running = false));
    }, opts.intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async check(opts: KeptCaWatchOptions): Promise<void> {
    let plan: CaPlan;
    try {
      plan = await this.rotator.pass();
    } catch (e) {
      const message = `${(e as Error).message}; serving the previous certificate`;
      if (message !== this.lastProblem) opts.onProblem?.(message);
      this.lastProblem = message;
      return;
    }
    this.lastProblem = '';
    const bundle = trustBundle(plan);
    if (bundle !== this.bundle) {
      this.bundle = bundle;
      opts.onTrust(bundle);
    }
    if (plan.signer.certPem !== this.signer) {
      const leaf = await this.leaf(plan);
      opts.onChange({ cert: leaf.certPem, key: leaf.keyPem });
    }
  }

  private async leaf(plan: CaPlan): Promise<ServingCert> {
    this.signer = plan.signer.certPem;
    return generateServingCert(this.hosts, { caPem: plan.signer.certPem, caKeyPem: plan.signer.keyPem });
  }
}
