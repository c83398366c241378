// Applies the rotation rules (proxy-ca-rotation.ts) to the CA Secret: read it, write the change that is due with the
// resourceVersion read, and answer with the plan for what the Secret then holds. Replicas race safely: the write of
// the one that lost is a 409, and it reads the winner's Secret again (which usually has nothing more due).
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { PrivateCa } from '@infra/access/self-signed';
import type { Logger } from '../log.js';
import { applyCaChange, planProxyCa, type CaPlan, type RotationPolicy } from '../proxy-ca-rotation.js';
import {
  describe,
  keptCa,
  keptCasFrom,
  loadOrCreateProxyCa,
  secretDataOf,
  statusOf,
  type SecretRef,
} from './proxy-ca-secret.js';

export interface ProxyCaRotatorOptions {
  kube: KubeConfig;
  ref: SecretRef;
  policy: RotationPolicy;
  /** Makes a new CA (the first, or a next one). */
  make: () => Promise<PrivateCa>;
  logger: Logger;
  now?: () => number;
}

/** A few writes a pass at most: each conflict means another replica wrote, so the Secret converges quickly. */
const MAX_WRITES = 5;

export class ProxyCaRotator {
  private readonly core: CoreV1Api;
  private readonly where: string;
  private created = false;

  constructor(private readonly opts: ProxyCaRotatorOptions) {
    this.core = opts.kube.makeApiClient(CoreV1Api);
    this.where = `Secret ${opts.ref.namespace}/${opts.ref.name}`;
  }

  /**
   * One pass: creates the Secret when it is missing, writes what is due, and returns what to serve and trust.
   * A write that fails otherwise than by a conflict is logged and the Secret as read is served (the next pass retries).
   */
  async pass(): Promise<CaPlan> {
    const { kube, ref, policy, make, logger } = this.opts;
    const now = this.opts.now ?? Date.now;
    if (!this.created) await loadOrCreateProxyCa(kube, ref, make, logger); // later: a Secret deleted needs a restart
    this.created = true;
    for (let writes = 0; ; writes++) {
      const secret = await this.core.readNamespacedSecret(ref).catch((e: unknown) => {
        throw new Error(`cannot read the proxy CA from ${this.where}: ${describe(e)}`);
      });
      const kept = keptCasFrom(secret, this.where);
      const plan = planProxyCa(kept, now(), policy);
      if (!plan.change || writes >= MAX_WRITES) return plan;
      const made = plan.change === 'add-next' ? keptCa(await make()) : undefined;
      const body = { ...secret, data: secretDataOf(applyCaChange(kept, plan.change, made)) }; // keeps resourceVersion
      try {
        await this.core.replaceNamespacedSecret({ name: ref.name, namespace: ref.namespace, body });
        logger.info({ secret: this.where, change: plan.change }, CHANGED[plan.change]);
      } catch (e) {
        if (statusOf(e) === 409) {
          logger.debug({ secret: this.where }, 'another replica changed the proxy CA Secret first; reading it again');
          continue;
        }
        logger.warn({ secret: this.where }, `cannot update the proxy CA Secret: ${describe(e)}; trying again later`);
        return plan;
      }
    }
  }
}

const CHANGED = {
  'add-next': 'proxy CA rotation started: a next CA is trusted from now on and signs after the overlap',
  'promote-next': 'proxy CA rotated: the next CA signs from now on; the old one stays trusted until it expires',
  'drop-previous': 'the previous proxy CA expired and is no longer trusted',
} as const;
