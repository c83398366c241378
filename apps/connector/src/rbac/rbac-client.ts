// The few RBAC operations the reconciler needs, behind an interface so that specs can use a strict in-memory fake
// and the real thing can use @kubernetes/client-node's RbacAuthorizationV1Api against any API server.
import {
  ApiException,
  RbacAuthorizationV1Api,
  type KubeConfig,
  type V1ClusterRoleBinding,
  type V1RoleBinding,
} from '@kubernetes/client-node';
import { makeApiClient } from '../kube/api-client.js';

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

/** The reconciler's operations as client-node's typed RBAC calls. */
export class KubeRbacClient implements RbacClient {
  private readonly api: RbacAuthorizationV1Api;

  constructor(kc: KubeConfig) {
    this.api = makeApiClient(kc, RbacAuthorizationV1Api);
  }

  async listBindings(labelSelector: string): Promise<RbacBinding[]> {
    const [crbs, rbs] = await call(() =>
      Promise.all([
        this.api.listClusterRoleBinding({ labelSelector }),
        this.api.listRoleBindingForAllNamespaces({ labelSelector }),
      ]),
    );
    return [
      ...crbs.items.map((b) => fromKube('ClusterRoleBinding', b)),
      ...rbs.items.map((b) => fromKube('RoleBinding', b)),
    ];
  }

  async create(b: RbacBinding): Promise<void> {
    const body = toKube(b);
    await call(() =>
      b.kind === 'ClusterRoleBinding'
        ? this.api.createClusterRoleBinding({ body })
        : this.api.createNamespacedRoleBinding({ namespace: b.namespace!, body }),
    );
  }

  async replace(b: RbacBinding): Promise<void> {
    const body = toKube(b);
    const { name } = b;
    await call(() =>
      b.kind === 'ClusterRoleBinding'
        ? this.api.replaceClusterRoleBinding({ name, body })
        : this.api.replaceNamespacedRoleBinding({ name, namespace: b.namespace!, body }),
    );
  }

  async delete(ref: BindingRef): Promise<void> {
    const { name } = ref;
    await call(() =>
      ref.kind === 'ClusterRoleBinding'
        ? this.api.deleteClusterRoleBinding({ name })
        : this.api.deleteNamespacedRoleBinding({ name, namespace: ref.namespace! }),
    );
  }

  async clusterRoleNames(): Promise<Set<string>> {
    const list = await call(() => this.api.listClusterRole());
    return new Set(list.items.map((r) => r.metadata?.name ?? ''));
  }
}

/** client-node's ApiException (its `code` and the Status body's message) as an RbacApiError. */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ApiException) throw new RbacApiError(e.code, statusMessage(e.code, e.body));
    throw e;
  }
}

function statusMessage(code: number, body: unknown): string {
  try {
    const status = (typeof body === 'string' ? JSON.parse(body) : body) as { message?: string };
    if (status?.message) return status.message;
  } catch {
    // not JSON: fall through
  }
  return `HTTP ${code}`;
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
