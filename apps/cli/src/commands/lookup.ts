// Users type names; the API deletes by id. One lookup for every kind of named object.
import type { Command } from 'commander';
import type { ApiClient } from '../api.js';
import { CliError } from '../errors.js';
import { loggedIn, type Deps } from '../deps.js';
import { examples } from './help.js';

export interface Kind {
  path: string;
  /** "user", "group", "destination", "key". */
  noun: string;
  listCommand: string;
}

export const USERS: Kind = { path: '/api/users', noun: 'user', listCommand: 'infra users list' };
export const GROUPS: Kind = { path: '/api/groups', noun: 'group', listCommand: 'infra groups list' };
export const PROVIDERS: Kind = {
  path: '/api/providers',
  noun: 'identity provider',
  listCommand: 'infra providers list',
};
export const DESTINATIONS: Kind = {
  path: '/api/destinations',
  noun: 'destination',
  listCommand: 'infra destinations list',
};

export async function findByName<T extends { id: string; name: string }>(
  api: ApiClient,
  kind: Kind,
  name: string,
): Promise<T> {
  const found = (await api.list<T>(kind.path, { name })).find((x) => x.name === name);
  if (!found) throw new CliError(`there is no ${kind.noun} named ${name}: run \`${kind.listCommand}\` to see them`);
  return found;
}

/** `<group> remove NAME`: the same for every kind of named object. */
export function addRemoveCommand(
  parent: Command,
  deps: Deps,
  kind: Kind,
  arg: [string, string],
  description: string,
  example: string,
): void {
  parent
    .command('remove')
    .argument(...arg)
    .description(description)
    .addHelpText('after', examples([example]))
    .action(async (name: string) => {
      const { api } = loggedIn(deps);
      const found = await findByName(api, kind, name);
      await api.delete(`${kind.path}/${found.id}`);
      deps.out.line(`Removed ${kind.noun} ${name}.`);
    });
}
