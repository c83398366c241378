// The proxy's serving certificate when none is configured: a private CA (whose certificate kubeconfig trusts, and
// which Register sends as proxy_ca_pem) and a leaf for the given host names and IP addresses.
import { caSignedServingCertificate, type CaSignedCertificate } from '@infra/access/self-signed';

export type ServingCert = CaSignedCertificate;

export function generateServingCert(hosts: string[]): Promise<ServingCert> {
  return caSignedServingCertificate({ caName: 'Infra connector CA', hosts: ['localhost', '127.0.0.1', ...hosts], validDays: 5 * 365 });
}
