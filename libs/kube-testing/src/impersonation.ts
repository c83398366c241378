// The apiserver's impersonation filter (k8s-wire §3; as pkg/endpoints/filters/impersonation.go).
// Every requested identity item is checked with verb `impersonate` against the caller's RBAC rules.
// Repeated headers are read with headersDistinct: joining would make "g1, g,2" ambiguous.
import type { IncomingMessage } from 'node:http';
import { ApiError } from './status.js';
import { forbiddenMessage, type Attributes, type RbacAuthorizer, type UserInfo } from './rbac.js';

const EXTRA_PREFIX = 'impersonate-extra-';
const SA_PREFIX = 'system:serviceaccount:';

export interface ImpersonationResult {
  user: UserInfo;
  impersonated: boolean;
}

export function applyImpersonation(
  req: IncomingMessage,
  requester: UserInfo,
  authz: RbacAuthorizer,
): ImpersonationResult {
  const h = req.headersDistinct;
  const userName = h['impersonate-user']?.[0];
  const uid = h['impersonate-uid']?.[0];
  const groups = h['impersonate-group'];
  const extra: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(h)) {
    if (!name.startsWith(EXTRA_PREFIX) || !values) continue;
    const key = decodeExtraKey(name.slice(EXTRA_PREFIX.length));
    extra[key] = [...(extra[key] ?? []), ...values];
  }
  const hasExtra = Object.keys(extra).length > 0;
  if (userName === undefined) {
    if (groups || uid !== undefined || hasExtra) {
      const asked = [groups && 'groups', uid !== undefined && 'uid', hasExtra && 'userextras']
        .filter(Boolean)
        .join(', ');
      throw new ApiError(
        500,
        'InternalError',
        `Internal Server Error: "${req.url?.split('?')[0]}": requested [${asked}] without impersonating a user`,
        undefined,
        true,
      );
    }
    return { user: requester, impersonated: false };
  }

  const checks: Attributes[] = [];
  const sa = serviceAccountOf(userName);
  checks.push(sa ? attrs('', 'serviceaccounts', '', sa.name, sa.namespace) : attrs('', 'users', '', userName));
  for (const g of groups ?? []) checks.push(attrs('', 'groups', '', g));
  for (const [key, values] of Object.entries(extra))
    for (const v of values) checks.push(attrs('authentication.k8s.io', 'userextras', key, v));
  if (uid !== undefined) checks.push(attrs('authentication.k8s.io', 'uids', '', uid));
  for (const a of checks) {
    const d = authz.authorize(requester, a);
    if (!d.allowed)
      throw new ApiError(403, 'Forbidden', forbiddenMessage(requester.name, a, d.reason), {
        name: a.name,
        group: a.apiGroup || undefined,
        kind: a.resource,
      });
  }

  let effectiveGroups = groups ? [...groups] : [];
  if (sa && !groups) effectiveGroups = ['system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`];
  if (
    userName !== 'system:anonymous' &&
    !effectiveGroups.includes('system:authenticated') &&
    !effectiveGroups.includes('system:unauthenticated')
  ) {
    effectiveGroups.push('system:authenticated');
  }
  const user: UserInfo = { name: userName, groups: effectiveGroups };
  if (uid !== undefined) user.uid = uid;
  if (hasExtra) user.extra = extra;
  return { user, impersonated: true };
}

function attrs(apiGroup: string, resource: string, subresource: string, name: string, namespace = ''): Attributes {
  return { isResourceRequest: true, verb: 'impersonate', apiGroup, resource, subresource, name, namespace, path: '' };
}

function serviceAccountOf(user: string): { namespace: string; name: string } | undefined {
  if (!user.startsWith(SA_PREFIX)) return undefined;
  const [namespace, name, ...rest] = user.slice(SA_PREFIX.length).split(':');
  return namespace && name && rest.length === 0 ? { namespace, name } : undefined;
}

/** Header names arrive lower-cased; the key is then %-unescaped (client-go's headerKeyEscape). */
function decodeExtraKey(raw: string): string {
  try {
    return decodeURIComponent(raw.toLowerCase());
  } catch {
    return raw.toLowerCase();
  }
}
