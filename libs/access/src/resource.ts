// Grant resources name what a grant covers: "production" (a whole cluster) or
// "production.web" (one namespace in it). The special destination "infra" is Infra itself.

export const INFRA_RESOURCE = 'infra';

export interface Resource {
  destination: string;
  namespace?: string;
}

// Destination names follow Kubernetes DNS-label rules so that they fit in kubeconfig names and
// binding names; namespaces are DNS labels by definition.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function isValidName(name: string): boolean {
  return DNS_LABEL.test(name);
}

export class InvalidResourceError extends Error {
  constructor(resource: string, reason: string) {
    super(`invalid resource "${resource}": ${reason}`);
    this.name = 'InvalidResourceError';
  }
}

export function parseResource(resource: string): Resource {
  const parts = resource.split('.');
  if (parts.length > 2) throw new InvalidResourceError(resource, 'expected DESTINATION or DESTINATION.NAMESPACE');
  const [destination, namespace] = parts;
  if (!isValidName(destination)) {
    throw new InvalidResourceError(resource, `destination "${destination}" must be a lower-case DNS label`);
  }
  if (namespace !== undefined && !isValidName(namespace)) {
    throw new InvalidResourceError(resource, `namespace "${namespace}" must be a lower-case DNS label`);
  }
  return namespace === undefined ? { destination } : { destination, namespace };
}

export function formatResource(r: Resource): string {
  return r.namespace ? `${r.destination}.${r.namespace}` : r.destination;
}
