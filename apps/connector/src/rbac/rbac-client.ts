// The few RBAC operations the reconciler needs, behind an interface so that specs can use a strict in-memory fake
// and the real thing can use the connector's small Kubernetes client against any API server.
import type { V1ClusterRole, V1ClusterRoleBinding, V1RoleBinding } from '@kubernetes/client-node';
import { KubeApiError, KubeClient } from '../kube/api-client.js';
import type { KubeCluster } from '../kube/cluster.js';

export type BindingKind = 'ClusterRoleBinding' | 'RoleBinding';

export interface BindingRef {
  kind: BindingKind;
  namespace?: string; // RoleBinding only
  name: string;
}

export interface RbacSubject {
  kind: 'User' | 'Group';
  name: string;
}

export interface RbacBinding extends BindingRef {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  resourceVersion?: string;
  roleRef: string; // always a ClusterRole
  subjects: RbacSubject[];
}

/** An API error with its HTTP status (404, 409, 422, …), whichever client produced it. */
export class RbacApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RbacApiError';
  }
}

export interface RbacClient {
  listBindings(labelSelector: string): Promise<RbacBinding[]>;
  create(b: RbacBinding): Promise<void>;
  replace(b: RbacBinding): Promise<void>;
  delete(ref: BindingRef): Promise<void>;
  clusterRoleNames(): Promise<Set<string>>;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

const RBAC_V1 = `/apis/${RBAC_GROUP}/v1`;

function bindingPath(ref: BindingRef, named = true): string {
  const collection = ref.kind === 'ClusterRoleBinding' ? `${RBAC_V1}/clusterrolebindings` : `${RBAC_V1}/namespaces/${encodeURIComponent(ref.namespace!)}/rolebindings`;
  return named ? `${collection}/${encodeURIComponent(ref.name)}` : collection;
}

export class KubeRbacClient implements RbacClient {
  private readonly api: KubeClient;

  constructor(cluster: KubeCluster) {
    this.api = new KubeClient(cluster);
  }

  async listBindings(labelSelector: string): Promise<RbacBinding[]> {
    const [crbs, rbs] = await call(() =>
      Promise.all([
        this.api.list<V1ClusterRoleBinding>(`${RBAC_V1}/clusterrolebindings`, { labelSelector }),
        this.api.list<V1RoleBinding>(`${RBAC_V1}/rolebindings`, { labelSelector }),
      ]),
    );
    return [...crbs.items.map((b) => fromKube('ClusterRoleBinding', b)), ...rbs.items.map((b) => fromKube('RoleBinding', b))];
  }

  async create(b: RbacBinding): Promise<void> {
    await call(() => this.api.create(bindingPath(b, false), toKube(b)));
  }

  async replace(b: RbacBinding): Promise<void> {
    await call(() => this.api.replace(bindingPath(b), toKube(b)));
  }

  async delete(ref: BindingRef): Promise<void> {
    await call(() => this.api.delete(bindingPath(ref)));
  }

  async clusterRoleNames(): Promise<Set<string>> {
    const list = await call(() => this.api.list<V1ClusterRole>(`${RBAC_V1}/clusterroles`));
    return new Set(list.items.map((r) => r.metadata?.name ?? ''));
  }

  close(): void {
    this.api.close();
  }
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof KubeApiError) throw new RbacApiError(e.code, e.message);
    throw e;
  }
}

function fromKube(kind: BindingKind, b: V1ClusterRoleBinding | V1RoleBinding): RbacBinding {
  return {
    kind,
    name: b.metadata?.name ?? '',
    namespace: kind === 'RoleBinding' ? b.metadata?.namespace : undefined,
    labels: { ...b.metadata?.labels },
    annotations: { ...b.metadata?.annotations },
    resourceVersion: b.metadata?.resourceVersion,
    roleRef: b.roleRef.kind === 'ClusterRole' ? b.roleRef.name : `${b.roleRef.kind}/${b.roleRef.name}`,
    subjects: (b.subjects ?? []).map((s) => ({ kind: s.kind as RbacSubject['kind'], name: s.name })),
  };
}

function toKube(b: RbacBinding): V1ClusterRoleBinding & V1RoleBinding {
  return {
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: b.kind,
    metadata: {
      name: b.name,
      namespace: b.namespace,
      labels: b.labels,
      annotations: b.annotations,
      resourceVersion: b.resourceVersion,
    },
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: b.roleRef },
    subjects: b.subjects.map((s) => ({ apiGroup: RBAC_GROUP, kind: s.kind, name: s.name })),
  };
}
