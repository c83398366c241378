// A strict in-memory RBAC API for reconciler specs: it enforces what the real one does that matters here
// (names unique per kind and namespace, roleRef immutable, namespaces must exist, resourceVersion checks).
import { RbacApiError, type BindingRef, type RbacBinding, type RbacClient } from '../rbac/rbac-client.js';

export class FakeRbac implements RbacClient {
  readonly objects = new Map<string, RbacBinding>();
  readonly namespaces = new Set(['default', 'kube-system']);
  readonly clusterRoles = new Set(['cluster-admin', 'admin', 'edit', 'view']);
  private rv = 1;

  async listBindings(labelSelector: string): Promise<RbacBinding[]> {
    const wanted = labelSelector.split(',').map((p) => p.split('=', 2));
    return [...this.objects.values()]
      .filter((b) => wanted.every(([k, v]) => b.labels[k] === v))
      .map((b) => structuredClone(b));
  }

  async create(b: RbacBinding): Promise<void> {
    if (b.kind === 'RoleBinding' && !this.namespaces.has(b.namespace ?? ''))
      throw new RbacApiError(404, `namespaces "${b.namespace}" not found`);
    if (this.objects.has(key(b))) throw new RbacApiError(409, `${b.kind} "${b.name}" already exists`);
    this.objects.set(key(b), { ...structuredClone(b), resourceVersion: String(this.rv++) });
  }

  async replace(b: RbacBinding): Promise<void> {
    const have = this.objects.get(key(b));
    if (!have) throw new RbacApiError(404, `${b.kind} "${b.name}" not found`);
    if (b.resourceVersion && b.resourceVersion !== have.resourceVersion)
      throw new RbacApiError(409, 'the object has been modified');
    if (have.roleRef !== b.roleRef) throw new RbacApiError(422, 'roleRef: Invalid value: cannot change roleRef');
    this.objects.set(key(b), { ...structuredClone(b), resourceVersion: String(this.rv++) });
  }

  async delete(ref: BindingRef): Promise<void> {
    if (!this.objects.delete(key(ref))) throw new RbacApiError(404, `${ref.kind} "${ref.name}" not found`);
  }

  async clusterRoleNames(): Promise<Set<string>> {
    return new Set(this.clusterRoles);
  }
}

function key(b: BindingRef): string {
  return `${b.kind}/${b.namespace ?? ''}/${b.name}`;
}
