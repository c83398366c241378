// RBAC privilege-escalation prevention (k8s-wire §4): writing a Role/ClusterRole needs `escalate` or
// every rule it grants; writing a (Cluster)RoleBinding needs `bind` on the role or every rule of it.
// system:masters skips the check, as in the apiserver. This is what catches a connector whose service
// account may write bindings but does not hold the roles it hands out.
import type { ResourceType } from '../resources.js';
import { ApiError, qualified } from '../status.js';
import type { KubeObject } from '../store.js';
import { findResource } from '../resources.js';
import { ruleAllows, type Attributes, type PolicyRule, type UserInfo } from '../rbac.js';
import type { HandlerContext } from '../core.js';

const RBAC = 'rbac.authorization.k8s.io';

export function guardRbacWrite(ctx: HandlerContext, r: ResourceType, obj: KubeObject): void {
  if (r.group !== RBAC || ctx.user.groups.includes('system:masters')) return;
  const namespace = r.namespaced ? (obj.metadata.namespace ?? ctx.info.namespace) : '';
  const name = obj.metadata.name ?? '';
  const { authz } = ctx.core;
  let granted: PolicyRule[];
  if (r.kind === 'Role' || r.kind === 'ClusterRole') {
    if (authz.authorize(ctx.user, attrs('escalate', r.resource, name, namespace)).allowed) return;
    granted = (obj.rules as PolicyRule[] | null) ?? [];
  } else {
    const ref = obj.roleRef as { kind: string; name: string };
    const roleResource = ref.kind === 'ClusterRole' ? 'clusterroles' : 'roles';
    if (authz.authorize(ctx.user, attrs('bind', roleResource, ref.name, namespace)).allowed) return;
    const role = ctx.core.store.find(findResource(RBAC, 'v1', roleResource)!, namespace, ref.name);
    granted = (role?.rules as PolicyRule[] | null) ?? [];
  }
  const missing = uncovered(authz.rulesFor(ctx.user, namespace), granted);
  if (missing.length) throw escalationError(ctx.user, r, name, missing);
}

function attrs(verb: string, resource: string, name: string, namespace: string): Attributes {
  return { isResourceRequest: true, verb, apiGroup: RBAC, resource, subresource: '', name, namespace, path: '' };
}

/** The atomic rules (one verb, group, resource, name or URL each) of `wanted` that `owner` does not cover. */
export function uncovered(owner: PolicyRule[], wanted: PolicyRule[]): PolicyRule[] {
  const missing: PolicyRule[] = [];
  for (const rule of wanted) {
    for (const verb of rule.verbs) {
      for (const url of rule.nonResourceURLs ?? []) {
        const a: Attributes = {
          isResourceRequest: false,
          verb,
          path: url,
          apiGroup: '',
          resource: '',
          subresource: '',
          name: '',
          namespace: '',
        };
        if (!owner.some((o) => ruleAllows(o, a))) missing.push({ verbs: [verb], nonResourceURLs: [url] });
      }
      for (const group of rule.apiGroups ?? []) {
        for (const res of rule.resources ?? []) {
          const [resource, subresource = ''] = res.split('/');
          for (const name of rule.resourceNames?.length ? rule.resourceNames : ['']) {
            const a: Attributes = {
              isResourceRequest: true,
              verb,
              apiGroup: group,
              resource,
              subresource,
              name,
              namespace: '',
              path: '',
            };
            if (!owner.some((o) => ruleAllows(o, a)))
              missing.push({
                verbs: [verb],
                apiGroups: [group],
                resources: [res],
                ...(name ? { resourceNames: [name] } : {}),
              });
          }
        }
      }
    }
  }
  return missing;
}

function compact(r: PolicyRule): string {
  const q = (l: string[]) => `[${l.map((x) => JSON.stringify(x)).join(' ')}]`;
  const parts: string[] = [];
  if (r.apiGroups) parts.push(`APIGroups:${q(r.apiGroups)}`);
  if (r.resources) parts.push(`Resources:${q(r.resources)}`);
  if (r.resourceNames) parts.push(`ResourceNames:${q(r.resourceNames)}`);
  if (r.nonResourceURLs) parts.push(`NonResourceURLs:${q(r.nonResourceURLs)}`);
  parts.push(`Verbs:${q(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

function escalationError(user: UserInfo, r: ResourceType, name: string, missing: PolicyRule[]): ApiError {
  const groups = `[${user.groups.map((g) => JSON.stringify(g)).join(' ')}]`;
  const msg = `user "${user.name}" (groups=${groups}) is attempting to grant RBAC permissions not currently held:\n${missing.map(compact).join('\n')}`;
  return new ApiError(403, 'Forbidden', `${qualified(r.resource, r.group)} "${name}" is forbidden: ${msg}`, {
    name,
    group: r.group,
    kind: r.resource,
  });
}
