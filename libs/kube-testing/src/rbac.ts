// RBAC authorizer over the stored roles and bindings (k8s-wire §4): additive rules from every
// ClusterRoleBinding plus the RoleBindings of the request's namespace. Also runs the ClusterRole
// aggregation controller so admin ⊇ edit ⊇ view hold real rules.
import type { ObjectStore } from './store.js';
import { findResource, type ResourceType } from './resources.js';
import { qualified } from './status.js';

export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Attributes {
  isResourceRequest: boolean;
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  name: string;
  namespace: string;
  path: string;
}

export interface Decision {
  allowed: boolean;
  reason: string;
}

interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

interface RoleRef {
  kind: string;
  name: string;
}

const RBAC = 'rbac.authorization.k8s.io';
const rt = (resource: string): ResourceType => findResource(RBAC, 'v1', resource)!;

export class RbacAuthorizer {
  constructor(private readonly store: ObjectStore) {}

  authorize(user: UserInfo, a: Attributes): Decision {
    for (const { rules, describe } of this.applicable(user, a.namespace)) {
      if (rules.some((r) => ruleAllows(r, a))) return { allowed: true, reason: `RBAC: allowed by ${describe}` };
    }
    return { allowed: false, reason: '' };
  }

  /** Every rule that applies to the user in `namespace` (SelfSubjectRulesReview). */
  rulesFor(user: UserInfo, namespace: string): PolicyRule[] {
    return [...this.applicable(user, namespace)].flatMap((b) => b.rules);
  }

  private *applicable(user: UserInfo, namespace: string): Generator<{ rules: PolicyRule[]; describe: string }> {
    const bindings = this.store.list(rt('clusterrolebindings'));
    if (namespace) bindings.push(...this.store.list(rt('rolebindings'), namespace));
    for (const binding of bindings) {
      const subjects = (binding.subjects as Subject[] | undefined) ?? [];
      const subject = subjects.find((s) => appliesTo(user, s, binding.metadata.namespace));
      if (!subject) continue;
      const ref = binding.roleRef as RoleRef;
      const role =
        ref.kind === 'ClusterRole'
          ? this.store.find(rt('clusterroles'), undefined, ref.name)
          : this.store.find(rt('roles'), binding.metadata.namespace, ref.name);
      if (!role) continue; // a missing role grants nothing
      const where = binding.metadata.namespace ? ` in namespace "${binding.metadata.namespace}"` : '';
      yield {
        rules: (role.rules as PolicyRule[] | null) ?? [],
        describe: `${binding.kind} "${binding.metadata.name}"${where} of ${ref.kind} "${ref.name}" to ${subject.kind} "${subject.name}"`,
      };
    }
  }
}

function appliesTo(user: UserInfo, s: Subject, bindingNamespace: string | undefined): boolean {
  switch (s.kind) {
    case 'User':
      return s.name === user.name;
    case 'Group':
      return user.groups.includes(s.name);
    case 'ServiceAccount':
      return user.name === `system:serviceaccount:${s.namespace || bindingNamespace}:${s.name}`;
    default:
      return false;
  }
}

export function ruleAllows(rule: PolicyRule, a: Attributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.isResourceRequest)
    return (rule.nonResourceURLs ?? []).some(
      (u) => u === '*' || u === a.path || (u.endsWith('*') && a.path.startsWith(u.slice(0, -1))),
    );
  if (!has(rule.apiGroups, a.apiGroup)) return false;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resources = rule.resources ?? [];
  const resourceOk = resources.some(
    (r) => r === '*' || r === res || (a.subresource !== '' && r === `*/${a.subresource}`),
  );
  if (!resourceOk) return false;
  return !rule.resourceNames?.length || rule.resourceNames.includes(a.name);
}

function has(list: string[] | undefined, v: string): boolean {
  return (list ?? []).some((x) => x === '*' || x === v);
}

/** The apiserver's Forbidden Status message (as responsewriters/errors.go forbiddenMessage + NewForbidden). */
export function forbiddenMessage(user: string, a: Attributes, reason = ''): string {
  let msg: string;
  if (!a.isResourceRequest) msg = `User "${user}" cannot ${a.verb} path "${a.path}"`;
  else {
    const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
    const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
    msg = `User "${user}" cannot ${a.verb} resource "${res}" in API group "${a.apiGroup}" ${scope}`;
  }
  if (reason) msg += `: ${reason}`;
  if (!a.isResourceRequest || !a.resource) return `forbidden: ${msg}`;
  const gr = qualified(a.resource, a.apiGroup);
  return a.name ? `${gr} "${a.name}" is forbidden: ${msg}` : `${gr} is forbidden: ${msg}`;
}

/** The ClusterRole aggregation controller: fills `rules` of roles with an aggregationRule, to a fixpoint. */
export function aggregateClusterRoles(store: ObjectStore): void {
  for (let i = 0; i < 5 && aggregateOnce(store); i++);
}

function aggregateOnce(store: ObjectStore): boolean {
  let changed = false;
  const roles = store.list(rt('clusterroles'));
  for (const role of roles) {
    const selectors = (
      role.aggregationRule as { clusterRoleSelectors?: { matchLabels?: Record<string, string> }[] } | undefined
    )?.clusterRoleSelectors;
    if (!selectors) continue;
    const rules: PolicyRule[] = [];
    const sources = roles
      .filter((r) => r.metadata.name !== role.metadata.name)
      .sort((x, y) => x.metadata.name!.localeCompare(y.metadata.name!));
    for (const src of sources) {
      const labels = src.metadata.labels ?? {};
      if (!selectors.some((s) => Object.entries(s.matchLabels ?? {}).every(([k, v]) => labels[k] === v))) continue;
      for (const r of (src.rules as PolicyRule[] | null) ?? [])
        if (!rules.some((x) => JSON.stringify(x) === JSON.stringify(r))) rules.push(r);
    }
    if (JSON.stringify(role.rules ?? []) === JSON.stringify(rules)) continue;
    store.update(rt('clusterroles'), { ...role, rules, metadata: { ...role.metadata, resourceVersion: undefined } });
    changed = true;
  }
  return changed;
}
