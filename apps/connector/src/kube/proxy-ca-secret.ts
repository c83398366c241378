// The proxy's CA kept in a Secret of the connector's own namespace, so that a restarted connector and every replica
// serve certificates from the same CA (users' kubeconfigs trust that CA). Read on start; created once when it is
// missing; when two replicas race, the loser of the create (409) reads the winner's. A rotation (see
// proxy-ca-rotation.ts) adds `next.crt`/`next.key` and later `previous.crt` to the same Secret, each write guarded by
// the resourceVersion read. The chart's Role allows `get` and `update` on this one name and `create` on secrets in
// the namespace (RBAC cannot narrow create by name).
import { X509Certificate } from 'node:crypto';
import { ApiException, CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import type { PrivateCa } from '@infra/access/self-signed';
import type { Logger } from '../log.js';
import type { KeptCa, KeptCas } from '../proxy-ca-rotation.js';

export interface SecretRef {
  namespace: string;
  name: string;
}

export const CA_CERT_KEY = 'ca.crt';
export const CA_KEY_KEY = 'ca.key';
export const NEXT_CERT_KEY = 'next.crt';
export const NEXT_KEY_KEY = 'next.key';
export const PREVIOUS_CERT_KEY = 'previous.crt';

/** Parses INFRA_PROXY_CA_SECRET, `namespace/name`; undefined when it is not that shape. */
export function parseSecretRef(value: string): SecretRef | undefined {
  const m = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)\/([a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?)$/.exec(value);
  return m ? { namespace: m[1], name: m[3] } : undefined;
}

export async function loadOrCreateProxyCa(
  kc: KubeConfig,
  ref: SecretRef,
  make: () => Promise<PrivateCa>,
  logger: Logger,
): Promise<PrivateCa> {
  const core = kc.makeApiClient(CoreV1Api);
  const where = `Secret ${ref.namespace}/${ref.name}`;
  const read = async (): Promise<PrivateCa | undefined> => {
    try {
      return caFrom(await core.readNamespacedSecret(ref), where);
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw new Error(`cannot read the proxy CA from ${where}: ${describe(e)}`);
    }
  };
  const existing = await read();
  if (existing) {
    logger.info({ secret: where }, 'proxy CA read from its Secret');
    return existing;
  }
  const ca = await make();
  const body: V1Secret = {
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      labels: { 'app.kubernetes.io/component': 'connector', 'app.kubernetes.io/part-of': 'infra' },
    },
    type: 'Opaque',
    data: { [CA_CERT_KEY]: b64(ca.caPem), [CA_KEY_KEY]: b64(ca.caKeyPem) },
  };
  try {
    await core.createNamespacedSecret({ namespace: ref.namespace, body });
    logger.info({ secret: where }, 'proxy CA created and stored in its Secret');
    return ca;
  } catch (e) {
    if (statusOf(e) !== 409) throw new Error(`cannot store the proxy CA in ${where}: ${describe(e)}`);
  }
  // Another replica created it between our read and our create: use theirs.
  const theirs = await read();
  if (!theirs) throw new Error(`${where} was created by someone else and then disappeared`);
  return theirs;
}

function caFrom(secret: V1Secret, where: string): PrivateCa {
  const cert = secret.data?.[CA_CERT_KEY];
  const key = secret.data?.[CA_KEY_KEY];
  if (!cert || !key)
    throw new Error(
      `${where} exists but lacks ${CA_CERT_KEY} or ${CA_KEY_KEY}: delete it to let the connector make a new CA`,
    );
  const caPem = Buffer.from(cert, 'base64').toString();
  const caKeyPem = Buffer.from(key, 'base64').toString();
  if (!caPem.includes('BEGIN CERTIFICATE') || !caKeyPem.includes('PRIVATE KEY'))
    throw new Error(`${where} does not hold a PEM certificate and key under ${CA_CERT_KEY} and ${CA_KEY_KEY}`);
  return { caPem, caKeyPem };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

export function statusOf(e: unknown): number | undefined {
  return e instanceof ApiException ? e.code : undefined;
}

/** The HTTP status and the Status message, never the body's other fields (a Secret's data never reaches a message). */
export function describe(e: unknown): string {
  if (!(e instanceof ApiException)) return (e as Error).message;
  let message = '';
  try {
    const body = e.body as unknown;
    message = String((typeof body === 'string' ? JSON.parse(body) : (body as { message?: string })).message ?? '');
  } catch {
    /* not a Status */
  }
  return `HTTP ${e.code}${message ? `: ${message}` : ''}`;
}

/** A CA as the rotation rules see it: its PEMs and its validity from the certificate. */
export function keptCa(ca: PrivateCa): KeptCa {
  const x = new X509Certificate(ca.caPem);
  return {
    certPem: ca.caPem,
    keyPem: ca.caKeyPem,
    notBefore: Date.parse(x.validFrom),
    notAfter: Date.parse(x.validTo),
  };
}

/** The CAs a Secret holds: `ca.*` is current, `next.*` is added by a rotation, `previous.crt` is trusted only. */
export function keptCasFrom(secret: V1Secret, where: string): KeptCas {
  const text = (k: string) => {
    const v = secret.data?.[k];
    return v ? Buffer.from(v, 'base64').toString() : undefined;
  };
  const kept: KeptCas = { current: keptCa(caFrom(secret, where)) };
  const [nextCert, nextKey, previous] = [text(NEXT_CERT_KEY), text(NEXT_KEY_KEY), text(PREVIOUS_CERT_KEY)];
  if (nextCert && nextKey) kept.next = keptCa({ caPem: nextCert, caKeyPem: nextKey });
  if (previous) kept.previous = { certPem: previous, notAfter: Date.parse(new X509Certificate(previous).validTo) };
  return kept;
}

/** The Secret's data for `kept`: the keys of a CA that no longer signs are not kept. */
export function secretDataOf(kept: KeptCas): Record<string, string> {
  const data: Record<string, string> = {
    [CA_CERT_KEY]: b64(kept.current.certPem),
    [CA_KEY_KEY]: b64(kept.current.keyPem),
  };
  if (kept.next)
    Object.assign(data, { [NEXT_CERT_KEY]: b64(kept.next.certPem), [NEXT_KEY_KEY]: b64(kept.next.keyPem) });
  if (kept.previous) data[PREVIOUS_CERT_KEY] = b64(kept.previous.certPem);
  return data;
}
