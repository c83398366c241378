// `infra groups add|remove|list|adduser|removeuser`.
import { Command } from 'commander';
import { relativeTime } from '../output.js';
import { loggedIn, type Deps } from '../deps.js';
import type { Group } from '../types.js';
import { examples } from './help.js';
import { addRemoveCommand, findByName, GROUPS } from './lookup.js';

export function registerGroups(program: Command, deps: Deps): void {
  const groups = program
    .command('groups')
    .description('Manage groups and their members')
    .addHelpText(
      'after',
      examples([
        'infra groups list',
        'infra groups add Engineering',
        'infra groups adduser user@example.com Engineering',
      ]),
    );

  groups
    .command('add')
    .argument('<GROUP>', 'the group name')
    .description('Add a group')
    .addHelpText('after', examples(['infra groups add Engineering']))
    .action(async (name: string) => {
      await loggedIn(deps).api.post<Group>('/api/groups', { name });
      deps.out.line(`Added group ${name}.`);
    });

  addRemoveCommand(
    groups,
    deps,
    GROUPS,
    ['<GROUP>', 'the group name'],
    'Remove a group (its members lose the access it granted)',
    'infra groups remove Engineering',
  );

  groups
    .command('list')
    .description('List groups')
    .addHelpText('after', examples(['infra groups list']))
    .action(async () => {
      const all = (await loggedIn(deps).api.list<Group>('/api/groups')).sort((a, b) => a.name.localeCompare(b.name));
      const now = deps.clock();
      deps.out.table(
        all,
        [
          { header: 'NAME', value: (g) => g.name },
          { header: 'USERS', value: (g) => String(g.totalUsers ?? 0) },
          { header: 'CREATED', value: (g) => relativeTime(g.created, now) },
        ],
        'No groups found.',
      );
    });

  const members = (verb: 'adduser' | 'removeuser') =>
    groups
      .command(verb)
      .argument('<EMAIL>', "the user's email")
      .argument('<GROUP>', 'the group name')
      .description(verb === 'adduser' ? 'Add a user to a group' : 'Remove a user from a group')
      .addHelpText('after', examples([`infra groups ${verb} user@example.com Engineering`]))
      .action(async (user: string, name: string) => {
        const { api } = loggedIn(deps);
        const group = await findByName<Group>(api, GROUPS, name);
        await api.patch(
          `/api/groups/${group.id}/users`,
          verb === 'adduser' ? { usersToAdd: [user] } : { usersToRemove: [user] },
        );
        deps.out.line(verb === 'adduser' ? `Added ${user} to ${name}.` : `Removed ${user} from ${name}.`);
      });
  members('adduser');
  members('removeuser');
}
