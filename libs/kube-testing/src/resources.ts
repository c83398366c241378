// The resource types this server knows, with the metadata discovery, RBAC and the store need.
export interface Subresource {
  name: string;
  kind: string;
  verbs: string[];
}

export interface ResourceType {
  group: string;
  version: string;
  /** plural, lower-case: `pods` */
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: Subresource[];
}

const CRUD = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const CREATE_ONLY = ['create'];
const RBAC = 'rbac.authorization.k8s.io';

function core(resource: string, kind: string, namespaced: boolean, extra: Partial<ResourceType> = {}): ResourceType {
  return { group: '', version: 'v1', resource, kind, singular: kind.toLowerCase(), namespaced, verbs: CRUD, ...extra };
}

function rbac(resource: string, kind: string, namespaced: boolean): ResourceType {
  return { group: RBAC, version: 'v1', resource, kind, singular: kind.toLowerCase(), namespaced, verbs: CRUD };
}

function apps(resource: string, kind: string, shortNames?: string[]): ResourceType {
  return {
    group: 'apps',
    version: 'v1',
    resource,
    kind,
    singular: kind.toLowerCase(),
    namespaced: true,
    verbs: CRUD,
    categories: ['all'],
    ...(shortNames ? { shortNames } : {}),
    subresources: [
      { name: 'status', kind, verbs: ['get', 'patch', 'update'] },
      ...(kind === 'DaemonSet' ? [] : [{ name: 'scale', kind: 'Scale', verbs: ['get', 'patch', 'update'] }]),
    ],
  };
}

function review(group: string, resource: string, kind: string): ResourceType {
  return { group, version: 'v1', resource, kind, singular: kind.toLowerCase(), namespaced: false, verbs: CREATE_ONLY };
}

export const RESOURCES: ResourceType[] = [
  core('namespaces', 'Namespace', false, {
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    shortNames: ['ns'],
    subresources: [{ name: 'status', kind: 'Namespace', verbs: ['get', 'patch', 'update'] }],
  }),
  core('pods', 'Pod', true, {
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'status', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
    ],
  }),
  core('configmaps', 'ConfigMap', true, { shortNames: ['cm'] }),
  core('secrets', 'Secret', true),
  core('serviceaccounts', 'ServiceAccount', true, { shortNames: ['sa'] }),
  core('services', 'Service', true, { shortNames: ['svc'], categories: ['all'] }),
  core('events', 'Event', true, { shortNames: ['ev'] }),
  apps('deployments', 'Deployment', ['deploy']),
  apps('replicasets', 'ReplicaSet', ['rs']),
  apps('statefulsets', 'StatefulSet', ['sts']),
  apps('daemonsets', 'DaemonSet', ['ds']),
  {
    group: 'coordination.k8s.io',
    version: 'v1',
    resource: 'leases',
    kind: 'Lease',
    singular: 'lease',
    namespaced: true,
    verbs: CRUD,
  },
  rbac('clusterrolebindings', 'ClusterRoleBinding', false),
  rbac('clusterroles', 'ClusterRole', false),
  rbac('rolebindings', 'RoleBinding', true),
  rbac('roles', 'Role', true),
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'networkpolicies',
    kind: 'NetworkPolicy',
    singular: 'networkpolicy',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['netpol'],
  },
  {
    group: 'policy',
    version: 'v1',
    resource: 'poddisruptionbudgets',
    kind: 'PodDisruptionBudget',
    singular: 'poddisruptionbudget',
    namespaced: true,
    verbs: CRUD,
    shortNames: ['pdb'],
    subresources: [{ name: 'status', kind: 'PodDisruptionBudget', verbs: ['get', 'patch', 'update'] }],
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    singular: 'customresourcedefinition',
    namespaced: false,
    verbs: CRUD,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    subresources: [{ name: 'status', kind: 'CustomResourceDefinition', verbs: ['get', 'patch', 'update'] }],
  },
  review('authorization.k8s.io', 'selfsubjectaccessreviews', 'SelfSubjectAccessReview'),
  review('authorization.k8s.io', 'selfsubjectrulesreviews', 'SelfSubjectRulesReview'),
  review('authentication.k8s.io', 'selfsubjectreviews', 'SelfSubjectReview'),
];

/** The group-versions of `resources` (default: the built-in ones), in first-seen order. */
export function groupVersions(resources: ResourceType[] = RESOURCES): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of resources) seen.set(`${r.group}/${r.version}`, { group: r.group, version: r.version });
  return [...seen.values()];
}

/** A built-in resource type (custom ones are looked up through the server's ResourceRegistry). */
export function findResource(group: string, version: string, resource: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
}

export function resourceForKind(
  apiVersion: string,
  kind: string,
  resources: ResourceType[] = RESOURCES,
): ResourceType | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return resources.find((r) => r.group === group && r.version === version && r.kind === kind);
}

export function apiVersionOf(r: ResourceType): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Writable resources kept in the store (the reviews are computed, never stored). */
export function isStored(r: ResourceType): boolean {
  return r.verbs.includes('get');
}
