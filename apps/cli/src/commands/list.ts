// `infra list` and `infra use`: what the user may reach, and switching kubectl to it.
import { Command } from 'commander';
import { parseResource, InvalidResourceError } from '@infra/access';
import { CliError } from '../errors.js';
import { contextName, kubeconfigPath, readKubeconfig, useContext } from '../kubeconfig.js';
import { syncKubeconfig, type Access } from '../sync.js';
import { loggedIn, type Deps } from '../deps.js';
import { expiresIn } from './expiry.js';
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
  const current = readKubeconfig(kubeconfigPath(deps.env)).current;
  const rows = access.map((a) => ({
    current: current === contextName(a.resource),
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
      ...(rows.some((r) => r.expiresAt) ? [{ header: 'EXPIRES', value: (r: (typeof rows)[number]) => expiresIn(r.expiresAt, now) }] : []),
    ],
    'You have no access to any destination yet: ask an admin for a grant.',
  );
}

async function use(deps: Deps, resource: string): Promise<void> {
  try {
    parseResource(resource);
  } catch (e) {
    if (e instanceof InvalidResourceError) throw new CliError(`"${resource}" is not a destination or namespace: use a name shown by \`infra list\`, like production or production.web`);
    throw e;
  }
  const access = await refreshed(deps);
  const target = access.find((a) => a.resource === resource);
  if (!target) throw new CliError(`you have no access to ${resource}: run \`infra list\` to see what you can use`);
  if (!target.dest?.url) throw new CliError(`${target.destination} has no connector yet: ask an admin to install it (\`infra destinations add\`)`);
  await useContext(kubeconfigPath(deps.env), contextName(resource));
  deps.out.line(`Switched kubectl to ${resource} (context ${contextName(resource)}).`);
}
