// `infra list` and `infra use`: what the user may reach, and switching kubectl to it.
import { Command } from 'commander';
import { parseResource, InvalidResourceError, INFRA_RESOURCE } from '@infra/access';
import { CliError } from '../errors.js';
import { kubeconfigPath, managedContextNames, readKubeconfig, useContext } from '../kubeconfig.js';
import { identityOf, syncKubeconfig, type Access } from '../sync.js';
import { loggedIn, type Deps } from '../deps.js';
import { expiresIn } from './expiry.js';
import type { Destination, Grant } from '../types.js';
import { examples } from './help.js';

export function registerList(program: Command, deps: Deps): void {
  program
    .command('list')
    .description('List the destinations and namespaces you can access, with your roles')
    .addHelpText('after', examples(['infra list', 'infra list -o json']))
    .action(() => list(deps));

  program
    .command('use')
    .argument('<DESTINATION[.NAMESPACE]>', 'what to switch kubectl to, as shown by `infra list`')
    .description('Switch kubectl to a destination or one of its namespaces')
    .addHelpText('after', examples(['infra use production', 'infra use production.web']))
    .action((resource: string) => use(deps, resource));
}

async function refreshed(deps: Deps): Promise<Access[]> {
  const { server, api } = loggedIn(deps);
  return syncKubeconfig(api, server, deps.env);
}

async function list(deps: Deps): Promise<void> {
  const access = await refreshed(deps);
  const path = kubeconfigPath(deps.env);
  const current = readKubeconfig(path).current;
  const names = managedContextNames(path, identityOf(loggedIn(deps).server));
  const rows = access.map((a) => ({
    current: current !== undefined && current === names.get(a.resource),
    name: a.resource,
    access: a.roles.join(', '),
    connected: a.dest ? (a.dest.url ? (a.dest.connected === false ? 'no' : 'yes') : 'not yet') : 'unknown',
    expiresAt: a.expiresAt,
  }));
  const now = deps.clock();
  deps.out.table(
    rows,
    [
      { header: ' ', value: (r) => (r.current ? '*' : ' ') },
      { header: 'NAME', value: (r) => r.name },
      { header: 'ACCESS', value: (r) => r.access },
      { header: 'CONNECTED', value: (r) => r.connected },
      // Only when some access ends: with permanent grants only, the table stays as the docs show it.
      ...(rows.some((r) => r.expiresAt)
        ? [{ header: 'EXPIRES', value: (r: (typeof rows)[number]) => expiresIn(r.expiresAt, now) }]
        : []),
    ],
    rows.length ? '' : await nothingYet(deps),
  );
}

/** What to do with no access: an Infra admin can grant themselves some; anyone else asks one. */
async function nothingYet(deps: Deps): Promise<string> {
  const { api, server } = loggedIn(deps);
  const query = { user: server.session.userID, resource: INFRA_RESOURCE, privilege: 'admin', showInherited: true };
  const admin = (await api.list<Grant>('/api/grants', query).catch(() => [])).length > 0;
  if (!admin) return 'You have no access to any destination yet: ask an admin for a grant.';
  const destinations = await api.list<Destination>('/api/destinations').catch(() => []);
  const name = server.session.name;
  if (destinations.length === 0)
    return 'You have no access to any destination yet, and there is none: add one with `infra destinations add NAME`.';
  const example = [...destinations].sort((a, b) => a.name.localeCompare(b.name))[0]!.name;
  return `You have no access to any destination yet. As an Infra admin you may grant it to yourself: \`infra grants add ${name} ${example} --role admin\` (\`infra destinations list\` shows them all).`;
}

async function use(deps: Deps, resource: string): Promise<void> {
  try {
    parseResource(resource);
  } catch (e) {
    if (e instanceof InvalidResourceError)
      throw new CliError(
        `"${resource}" is not a destination or namespace: use a name shown by \`infra list\`, like production or production.web`,
      );
    throw e;
  }
  const access = await refreshed(deps);
  const target = access.find((a) => a.resource === resource) ?? onlyNamespace(access, resource, deps);
  if (!target) throw new CliError(noAccessMessage(access, resource, loggedIn(deps).server.session?.name));
  if (!target.dest?.url)
    throw new CliError(
      `${target.destination} has no connector yet: ask an admin to install it (\`infra destinations add\`)`,
    );
  const path = kubeconfigPath(deps.env);
  const context = managedContextNames(path, identityOf(loggedIn(deps).server)).get(target.resource);
  if (!context)
    throw new CliError(`no kubeconfig context for ${target.resource} in ${path}: run \`infra kubeconfig sync\``);
  await useContext(path, context);
  deps.out.line(`Switched kubectl to ${target.resource} (context ${context}).`);
}

/** The namespaces of a destination the user holds grants in, without a grant on the destination itself. */
function namespacesOf(access: Access[], destination: string): Access[] {
  return access.filter((a) => a.destination === destination && a.namespace !== undefined);
}

/** `infra use production` with grants on exactly one of its namespaces means that namespace. */
function onlyNamespace(access: Access[], resource: string, deps: Deps): Access | undefined {
  if (resource.includes('.')) return undefined;
  const namespaces = namespacesOf(access, resource);
  if (namespaces.length !== 1) return undefined;
  deps.out.line(`You have access to one namespace of ${resource}: ${namespaces[0]!.resource}.`);
  return namespaces[0];
}

/** Why `infra use` cannot switch, and the grant that would help, at the scope the user asked for. */
function noAccessMessage(access: Access[], resource: string, user: string | undefined): string {
  const namespaces = namespacesOf(access, resource);
  if (!resource.includes('.') && namespaces.length > 1) {
    return `you have access to namespaces of ${resource}, not all of it: run \`infra use\` with one of ${namespaces.map((n) => n.resource).join(', ')}`;
  }
  const grant = `infra grants add ${user ?? '<you>'} ${resource} --role view`;
  return `you have no access to ${resource}: run \`infra list\` to see what you can use, or ask an admin for a grant (\`${grant}\`)`;
}
