// The proxy's serving certificate when none is configured: a private CA (whose certificate kubeconfig trusts, and
// which Register sends as proxy_ca_pem) and a leaf for the given host names and IP addresses. With a CA kept in a
// Secret (kube/proxy-ca-secret.ts) the CA survives restarts and is shared by every replica; each start signs a
// new leaf with it.
import {
  privateCa,
  servingCertificateSignedBy,
  type CaSignedCertificate,
  type PrivateCa,
} from '@infra/access/self-signed';

export type ServingCert = CaSignedCertificate;

const CA_DAYS = 10 * 365;
const LEAF_DAYS = 5 * 365;

export function newProxyCa(): Promise<PrivateCa> {
  return privateCa({ caName: 'Infra connector CA', validDays: CA_DAYS });
}

export async function generateServingCert(hosts: string[], ca?: PrivateCa): Promise<ServingCert> {
  return servingCertificateSignedBy(ca ?? (await newProxyCa()), {
    hosts: ['localhost', '127.0.0.1', ...hosts],
    validDays: LEAF_DAYS,
  });
}
