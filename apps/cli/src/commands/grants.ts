// `infra grants add|remove|list`: who may do what on which destination or namespace.
import { Command } from 'commander';
import { parseResource, InvalidResourceError, INFRA_RESOURCE } from '@infra/access';
import { ApiError } from '../api.js';
import { CliError } from '../errors.js';
import { loggedIn, type Deps } from '../deps.js';
import type { Destination, Grant } from '../types.js';
import { expiresIn, grantExpiry } from './expiry.js';
import { examples } from './help.js';

/** ClusterRoles every cluster has, plus `connect` (through the proxy, the cluster's own RBAC decides). */
export const BUILTIN_ROLES = ['connect', 'view', 'edit', 'admin', 'cluster-admin'];
// Any ClusterRole name is allowed (custom roles), but it must look like one.
const ROLE = /^[a-z0-9]([-a-z0-9.:]{0,251}[a-z0-9])?$/;

interface SubjectOptions {
  group?: boolean;
  role?: string;
}

interface AddOptions extends SubjectOptions {
  expires?: string;
  until?: string;
}

export function registerGrants(program: Command, deps: Deps): void {
  const grants = program
    .command('grants')
    .description('Manage who can access which destinations and namespaces')
    .addHelpText('after', examples(['infra grants list', 'infra grants add user@example.com production --role admin']));

  grants
    .command('add')
    .argument('<SUBJECT>', 'a user (email), or a group with -g')
    .argument('<DESTINATION[.NAMESPACE]>', 'a destination, one namespace of it, or "infra" for Infra itself')
    .description('Grant a user or group a role on a destination or namespace')
    .option('-g, --group', 'SUBJECT is a group')
    .option(
      '--role <ROLE>',
      `a ClusterRole (${BUILTIN_ROLES.slice(1).join(', ')} or a custom one), or connect`,
      'connect',
    )
    .option('--expires <DURATION>', 'end the grant after this long: 30m, 2h, 1d, 1h30m')
    .option('--until <TIME>', 'end the grant at this time (RFC 3339, like 2026-05-01T17:00:00Z)')
    .addHelpText(
      'after',
      examples([
        'infra grants add user@example.com production --role admin',
        'infra grants add -g Engineering production --role view',
        'infra grants add user@example.com production.web --role edit',
        'infra grants add user@example.com production --role admin --expires 2h',
        'infra grants add admin@example.com infra --role admin',
      ]),
    )
    .action((subject: string, resource: string, opts: AddOptions) => add(deps, subject, resource, opts));

  grants
    .command('remove')
    .argument('<SUBJECT>', 'a user (email), or a group with -g')
    .argument('<DESTINATION[.NAMESPACE]>', 'the destination or namespace of the grant')
    .description("Remove a user's or group's grant (every role, unless --role is given)")
    .option('-g, --group', 'SUBJECT is a group')
    .option('--role <ROLE>', 'only the grant with this role')
    .addHelpText(
      'after',
      examples([
        'infra grants remove user@example.com production --role admin',
        'infra grants remove -g Engineering production',
      ]),
    )
    .action((subject: string, resource: string, opts: SubjectOptions) => remove(deps, subject, resource, opts));

  grants
    .command('list')
    .description('List grants')
    .option('--user <EMAIL>', "only this user's grants (and, with --inherited, their groups')")
    .option('--group <NAME>', "only this group's grants")
    .option('--destination <NAME>', 'only grants on this destination')
    .option('--inherited', "with --user, include the grants of the user's groups")
    .option('--expired', 'include grants that have expired')
    .addHelpText(
      'after',
      examples([
        'infra grants list',
        'infra grants list --destination production',
        'infra grants list --user user@example.com --inherited',
      ]),
    )
    .action((opts: ListOptions) => list(deps, opts));
}

function checkResource(resource: string): { destination: string } {
  try {
    return parseResource(resource);
  } catch (e) {
    if (e instanceof InvalidResourceError)
      throw new CliError(
        `"${resource}" is not a destination or namespace: use DESTINATION or DESTINATION.NAMESPACE with lower-case DNS labels, like production or production.web`,
      );
    throw e;
  }
}

function checkRole(deps: Deps, role: string, resource: string): void {
  if (!ROLE.test(role)) {
    throw new CliError(
      `"${role}" is not a valid role name: use a ClusterRole name such as ${BUILTIN_ROLES.slice(1).join(', ')}, or connect`,
    );
  }
  if (resource === INFRA_RESOURCE) {
    if (role !== 'admin' && role !== 'view')
      throw new CliError(`"${role}" is not a role on Infra itself: use --role admin or --role view`);
  } else if (!BUILTIN_ROLES.includes(role)) {
    deps.out.warn(
      `"${role}" is not a built-in role: it must exist as a ClusterRole in ${resource.split('.')[0]} or the grant has no effect`,
    );
  }
}

async function checkDestination(api: ReturnType<typeof loggedIn>['api'], destination: string): Promise<void> {
  if (destination === INFRA_RESOURCE) return;
  const found = await api.list<Destination>('/api/destinations', { name: destination });
  if (!found.some((d) => d.name === destination)) {
    throw new CliError(
      `there is no destination named ${destination}: run \`infra destinations list\` to see them, or \`infra destinations add ${destination}\``,
    );
  }
}

const subjectLabel = (subject: string, opts: SubjectOptions) => (opts.group ? `group ${subject}` : subject);

async function add(deps: Deps, subject: string, resource: string, opts: AddOptions): Promise<void> {
  const { destination } = checkResource(resource);
  const role = opts.role ?? 'connect';
  checkRole(deps, role, resource);
  const expiresAt = grantExpiry(opts, deps.clock());
  const { api } = loggedIn(deps);
  await checkDestination(api, destination);
  const body = {
    [opts.group ? 'group' : 'user']: subject,
    privilege: role,
    resource,
    ...(expiresAt && { expiresAt: expiresAt.toISOString() }),
  };
  const grant = await api.post<Grant>('/api/grants', body).catch((e: unknown) => {
    throw notFoundSubject(e, subject, opts);
  });
  const who = subjectLabel(subject, opts);
  if (grant.extendedFrom !== undefined)
    deps.out.line(
      `Extended ${role} on ${resource} for ${who}: it ended at ${grant.extendedFrom}, now${until(grant, deps.clock()) || ' never'}.`,
    );
  else if (grant.wasCreated === false) {
    // A grant in force is never shortened: say so when the one asked for would have ended sooner.
    const kept = expiresAt && (!grant.expiresAt || Date.parse(grant.expiresAt) > expiresAt.getTime());
    deps.out.line(
      `${who} already has ${role} on ${resource}${until(grant, deps.clock())}${kept ? ', longer than asked: left as it is' : ''}.`,
    );
  } else deps.out.line(`Granted ${role} on ${resource} to ${who}${until(grant, deps.clock())}.`);
}

/** " until <time> (in 1h59m)" for a grant that expires; nothing for a permanent one. */
function until(grant: Grant, now: Date): string {
  return grant.expiresAt ? ` until ${grant.expiresAt} (${expiresIn(grant.expiresAt, now)})` : '';
}

function notFoundSubject(e: unknown, subject: string, opts: SubjectOptions): unknown {
  if (!(e instanceof ApiError && e.status === 404)) return e;
  return opts.group
    ? new CliError(
        `there is no group named ${subject}: run \`infra groups list\` to see them, or \`infra groups add ${subject}\``,
      )
    : new CliError(
        `there is no user named ${subject}: run \`infra users list\` to see them, or \`infra users add ${subject}\``,
      );
}

async function remove(deps: Deps, subject: string, resource: string, opts: SubjectOptions): Promise<void> {
  checkResource(resource);
  const { api } = loggedIn(deps);
  const who = subjectLabel(subject, opts);
  const filter = { [opts.group ? 'group' : 'user']: subject, resource };
  try {
    if (opts.role) {
      await api.delete('/api/grants', { ...filter, privilege: opts.role });
    } else {
      const found = await api.list<Grant>('/api/grants', filter);
      if (found.length === 0) throw new ApiError(404, 'no grant');
      for (const g of found) await api.delete(`/api/grants/${g.id}`);
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      throw new CliError(
        `${who} has no ${opts.role ? `${opts.role} grant` : 'grant'} on ${resource}: run \`infra grants list\` to see the grants`,
      );
    }
    throw e;
  }
  deps.out.line(`Removed ${opts.role ? `${opts.role} ` : 'every grant '}on ${resource} from ${who}.`);
}

interface ListOptions {
  user?: string;
  group?: string;
  destination?: string;
  inherited?: boolean;
  expired?: boolean;
}

async function list(deps: Deps, opts: ListOptions): Promise<void> {
  const { api } = loggedIn(deps);
  const grants = await api.list<Grant>('/api/grants', {
    user: opts.user,
    group: opts.group,
    destination: opts.destination,
    showInherited: opts.inherited || undefined,
    includeExpired: opts.expired || undefined,
  });
  const sorted = [...grants].sort(
    (a, b) => a.resource.localeCompare(b.resource) || a.privilege.localeCompare(b.privilege),
  );
  const users = sorted.filter((g) => g.user || g.userName);
  const groups = sorted.filter((g) => !(g.user || g.userName));
  if (deps.out.format !== 'table') return deps.out.data(sorted);
  if (grants.length === 0) return deps.out.line('No grants found.');
  const now = deps.clock();
  const table = (rows: Grant[], header: string, name: (g: Grant) => string) =>
    deps.out.table(
      rows,
      [
        { header, value: name },
        { header: 'ACCESS', value: (g) => g.privilege },
        { header: 'DESTINATION', value: (g) => g.resource },
        // Only when some grant expires: the table of permanent grants stays as the docs show it.
        ...(grants.some((g) => g.expiresAt)
          ? [{ header: 'EXPIRES', value: (g: Grant) => expiresIn(g.expiresAt, now) }]
          : []),
      ],
      '',
    );
  if (users.length) table(users, 'USER', (g) => g.userName ?? g.user ?? '');
  if (users.length && groups.length) deps.out.line();
  if (groups.length) table(groups, 'GROUP', (g) => g.groupName ?? g.group ?? '');
}
