// A throwaway CA and a serving certificate for 127.0.0.1/localhost. kubectl only sends credentials over
// https (k8s-wire §0), so the test server always speaks TLS. Generated once per process: keygen is slow.
import { caSignedServingCertificate, type CaSignedCertificate } from '@infra/access/self-signed';

export type ServingCert = CaSignedCertificate;

let cached: Promise<ServingCert> | undefined;

export function servingCert(): Promise<ServingCert> {
  cached ??= caSignedServingCertificate({ caName: 'kube-test-ca', hosts: ['localhost', '127.0.0.1'], validDays: 7 });
  return cached;
}
