// What names look like. User names are e-mail addresses (people) or plain machine names; group names
// travel as Impersonate-Group headers, so they are printable ASCII.

export const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
export const MACHINE_NAME = /^[a-z0-9]([-a-z0-9:._]{0,62}[a-z0-9])?$/;
export const GROUP_NAME = /^[\x21-\x7e]([\x20-\x7e]{0,254}[\x21-\x7e])?$/;
/** A ClusterRole name (Kubernetes allows ':' as in system:...) or `connect`. */
export const PRIVILEGE = /^[A-Za-z0-9]([A-Za-z0-9:._-]{0,251}[A-Za-z0-9])?$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Kubernetes' own prefix (system:masters, system:serviceaccount:…): an Infra name there would be impersonated as the cluster's. */
export const NOT_RESERVED = /^(?!system:)/i;
export const NOT_RESERVED_MESSAGE = 'must not start with "system:" (reserved for Kubernetes\' own users and groups)';

/** E-mail addresses are one person however they are spelled: stored and compared lower-case. Machine names already are. */
export function canonicalUserName(name: string): string {
  return isPerson(name) ? name.toLowerCase() : name;
}

export function isUserName(name: string): boolean {
  return name.length <= 256 && (EMAIL.test(name) || MACHINE_NAME.test(name));
}

export function isPerson(name: string): boolean {
  return name.includes('@');
}
