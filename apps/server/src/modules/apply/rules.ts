// The rules a declaration must follow that need no database: valid names, known roles, valid resources, no entry
// declared twice, secret references that resolve. Problems found in the database (a user nobody declared nor made)
// are apply.service.ts's.
import { CONNECT_PRIVILEGE, INFRA_RESOURCE, InvalidResourceError, parseResource } from '@infra/access';
import { canonicalUserName, GROUP_NAME, isUserName, NOT_RESERVED, PRIVILEGE } from '../../common/names.js';
import { SECRET_FIELDS, type Declaration } from './document.js';
import type { Problem, Site } from './problems.js';

/**
 * Roles a grant on a destination may use without declaring them: `connect` and the ClusterRoles every cluster has
 * for people. Anything else must be listed under `roles:` (a custom ClusterRole), so that a typo such as "admn" is
 * an error here rather than a binding to a ClusterRole that does not exist.
 */
export const BUILT_IN_ROLES = [CONNECT_PRIVILEGE, 'view', 'edit', 'admin', 'cluster-admin'];
const INFRA_ROLES = ['admin', 'view'];

/** Where `env:NAME` and `file:PATH` references get their values: the CLI's (sent along) or the server's own. */
export interface SecretSource {
  /** The value of the reference (`env:NAME` or `file:PATH`), or undefined when it has none. */
  resolve(reference: string): string | undefined;
}

export const SECRET_REFERENCE = /^(env|file):(.+)$/;

/** A secret field's value: a literal, or what its reference points at (a problem when that is missing). */
export function resolveSecret(value: string, at: Site, source: SecretSource, problems: Problem[]): string | undefined {
  const ref = SECRET_REFERENCE.exec(value);
  if (!ref) return value;
  const resolved = source.resolve(value);
  if (resolved !== undefined && resolved !== '') return resolved;
  const what = ref[1] === 'env' ? `environment variable ${ref[2]} is not set` : `file ${ref[2]} cannot be read`;
  problems.push({ ...at, message: `${what} (referenced as "${value}")` });
  return undefined;
}

/** Each entry keyed by what makes it the same entry; a second one is a problem naming the first one's line. */
function noDuplicates<T>(
  items: T[],
  key: (t: T) => string,
  at: (t: T) => Site,
  what: (t: T) => string,
  problems: Problem[],
): void {
  const seen = new Map<string, Site>();
  for (const item of items) {
    const k = key(item);
    const first = seen.get(k);
    if (first) problems.push({ ...at(item), message: `duplicate ${what(item)} (first at line ${first.line})` });
    else seen.set(k, at(item));
  }
}

export function grantKey(g: { user?: string; group?: string; role: string; resource: string }): string {
  return JSON.stringify(
    g.user !== undefined
      ? ['user', canonicalUserName(g.user), g.role, g.resource]
      : ['group', g.group, g.role, g.resource],
  );
}

function userNameProblem(name: string): string | undefined {
  if (!NOT_RESERVED.test(name)) return `user "${name}" must not start with "system:"`;
  if (!isUserName(name)) return `user "${name}" must be an e-mail address or a lower-case machine name`;
  return undefined;
}

/** Checks everything that needs no database; resolves secrets in place. */
export function checkDeclaration(d: Declaration, secrets: SecretSource): Problem[] {
  const problems: Problem[] = [];
  for (const u of d.users) {
    const bad = userNameProblem(u.name);
    if (bad) problems.push({ ...u.at, message: bad });
  }
  noDuplicates(
    d.users,
    (u) => canonicalUserName(u.name),
    (u) => u.at,
    (u) => `user "${u.name}"`,
    problems,
  );

  for (const g of d.groups) {
    if (!GROUP_NAME.test(g.name) || !NOT_RESERVED.test(g.name)) {
      problems.push({
        ...g.at,
        path: `${g.at.path}.name`,
        message: `group "${g.name}" must be printable ASCII and not start with "system:"`,
      });
    }
    for (const m of g.members) {
      const bad = userNameProblem(m.name);
      if (bad) problems.push({ ...m.at, message: bad });
    }
    noDuplicates(
      g.members,
      (m) => canonicalUserName(m.name),
      (m) => m.at,
      (m) => `member "${m.name}" of group "${g.name}"`,
      problems,
    );
  }
  noDuplicates(
    d.groups,
    (g) => g.name,
    (g) => g.at,
    (g) => `group "${g.name}"`,
    problems,
  );

  const roles = new Set(BUILT_IN_ROLES);
  for (const r of d.roles) {
    if (!PRIVILEGE.test(r.name)) problems.push({ ...r.at, message: `role "${r.name}" is not a ClusterRole name` });
    roles.add(r.name);
  }
  for (const g of d.grants) {
    const site = (field: 'user' | 'role' | 'resource') => g.fields[field] ?? g.at;
    if ((g.user === undefined) === (g.group === undefined))
      problems.push({ ...g.at, message: 'give exactly one of user or group' });
    if (g.user !== undefined) {
      const bad = userNameProblem(g.user);
      if (bad) problems.push({ ...site('user'), message: bad });
    }
    problems.push(...grantProblems(g.role, g.resource, roles).map((p) => ({ ...site(p.field), message: p.message })));
  }
  noDuplicates(
    d.grants,
    grantKey,
    (g) => g.at,
    (g) => `grant of ${g.role} on ${g.resource} to ${g.user ?? g.group}`,
    problems,
  );

  for (const p of d.providers) {
    for (const field of SECRET_FIELDS) {
      const value = p.values[field];
      if (value !== undefined)
        p.values[field] = resolveSecret(value, p.fields[field] ?? p.at, secrets, problems) ?? value;
    }
  }
  noDuplicates(
    d.providers,
    (p) => p.name,
    (p) => p.at,
    (p) => `provider "${p.name}"`,
    problems,
  );
  return problems;
}

function grantProblems(
  role: string,
  resource: string,
  roles: Set<string>,
): { field: 'role' | 'resource'; message: string }[] {
  if (resource === INFRA_RESOURCE) {
    return INFRA_ROLES.includes(role)
      ? []
      : [{ field: 'role', message: `unknown role "${role}" on infra (use admin or view)` }];
  }
  const out: { field: 'role' | 'resource'; message: string }[] = [];
  try {
    parseResource(resource);
  } catch (e) {
    if (!(e instanceof InvalidResourceError)) throw e;
    out.push({ field: 'resource', message: e.message });
  }
  if (!roles.has(role)) {
    out.push({
      field: 'role',
      message: `unknown role "${role}" (use ${BUILT_IN_ROLES.join(', ')}, or list a custom ClusterRole under roles)`,
    });
  }
  return out;
}
