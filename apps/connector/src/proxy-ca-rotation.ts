// The rules of the proxy CA's rotation, without I/O: given the CAs kept in the Secret and the time, which CA signs
// this replica's serving certificate, which certificates users must trust, and what to write to the Secret next.
// A rotation has an overlap, as Kubernetes' own CA bundles do: a new CA is added as `next` and trusted (registered
// with the server, which hands it to kubeconfigs) for the whole overlap before it signs anything; then it is
// promoted, and the old CA stays trusted as `previous` until it expires, so a client holding either bundle reaches
// every replica whichever CA that replica serves from.

export interface KeptCa {
  certPem: string;
  keyPem: string;
  /** Milliseconds since the epoch, from the certificate. */
  notBefore: number;
  notAfter: number;
}

/** A CA that signs no more but is still trusted: its key is no longer kept. */
export interface RetiredCa {
  certPem: string;
  notAfter: number;
}

export interface KeptCas {
  current: KeptCa;
  next?: KeptCa;
  previous?: RetiredCa;
}

export interface RotationPolicy {
  /** Add a next CA once the current one has this long or less left; default a fifth of its lifetime. */
  rotateBeforeMs?: number;
  /** How long the next CA is trusted before it is promoted, from its notBefore. */
  overlapMs: number;
}

export type CaChange = 'add-next' | 'promote-next' | 'drop-previous';

export interface CaPlan {
  /** The CA that signs this replica's serving certificate now. */
  signer: KeptCa;
  /** Every certificate a client must trust now, the signer's first (what Register sends). */
  trust: string[];
  /** What to write to the Secret next; undefined when it is as it should be. */
  change?: CaChange;
}

export function rotateBeforeMs(ca: KeptCa, policy: RotationPolicy): number {
  return policy.rotateBeforeMs ?? (ca.notAfter - ca.notBefore) / 5;
}

/** X.509 validity includes notAfter: a certificate is expired only after it. */
const expired = (ca: { notAfter: number }, now: number) => now > ca.notAfter;

export function planProxyCa(kept: KeptCas, now: number, policy: RotationPolicy): CaPlan {
  const { current, next, previous } = kept;
  const trust = [current.certPem];
  if (next) trust.push(next.certPem);
  if (previous && !expired(previous, now)) trust.push(previous.certPem);
  return { signer: current, trust, change: changeDue(kept, now, policy) };
}

function changeDue({ current, next, previous }: KeptCas, now: number, policy: RotationPolicy): CaChange | undefined {
  // A next CA signs only once clients have had the whole overlap to learn it (or when the current one is gone).
  if (next) return now - next.notBefore >= policy.overlapMs || expired(current, now) ? 'promote-next' : undefined;
  if (current.notAfter - now <= rotateBeforeMs(current, policy)) return 'add-next';
  if (previous && expired(previous, now)) return 'drop-previous';
  return undefined;
}

/** The Secret's CAs after `change`; `made` is the new CA that 'add-next' adds. */
export function applyCaChange(kept: KeptCas, change: CaChange, made?: KeptCa): KeptCas {
  switch (change) {
    case 'add-next':
      if (!made) throw new Error('adding a next CA needs a new CA');
      return { ...kept, next: made };
    case 'promote-next':
      if (!kept.next) throw new Error('there is no next CA to promote');
      return { current: kept.next, previous: { certPem: kept.current.certPem, notAfter: kept.current.notAfter } };
    case 'drop-previous':
      return kept.next ? { current: kept.current, next: kept.next } : { current: kept.current };
  }
}
