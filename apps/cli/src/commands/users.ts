// `infra users add|remove|list`.
import { Command } from 'commander';
import { relativeTime } from '../output.js';
import { loggedIn, type Deps } from '../deps.js';
import type { User } from '../types.js';
import { examples } from './help.js';
import { addRemoveCommand, USERS } from './lookup.js';

export function registerUsers(program: Command, deps: Deps): void {
  const users = program
    .command('users')
    .description('Manage users')
    .addHelpText('after', examples(['infra users list', 'infra users add user@example.com']));

  users
    .command('add')
    .argument('<EMAIL>', "the user's email")
    .description('Add a user; prints a one-time password to give them')
    .addHelpText('after', examples(['infra users add user@example.com']))
    .action(async (name: string) => {
      const { api } = loggedIn(deps);
      const user = await api.post<User>('/api/users', { name });
      deps.out.object(user, () => {
        deps.out.line(`Added user ${user.name}.`);
        if (user.oneTimePassword) {
          deps.out.line(`One-time password: ${user.oneTimePassword}`);
          deps.out.line(`Give it to them with the server address; they run \`infra login\` and choose a new password.`);
        }
      });
    });

  addRemoveCommand(
    users,
    deps,
    USERS,
    ['<EMAIL>', "the user's email"],
    'Remove a user and end their sessions',
    'infra users remove user@example.com',
  );

  users
    .command('list')
    .description('List users')
    .addHelpText('after', examples(['infra users list', 'infra users list -o json']))
    .action(async () => {
      const { api } = loggedIn(deps);
      const all = (await api.list<User>('/api/users')).sort((a, b) => a.name.localeCompare(b.name));
      const now = deps.clock();
      deps.out.table(
        all,
        [
          { header: 'NAME', value: (u) => u.name },
          // Where the user comes from: the provider whose login made them, or Infra itself.
          { header: 'FROM', value: (u) => u.provider ?? 'infra' },
          { header: 'LAST SEEN', value: (u) => (u.lastSeenAt ? relativeTime(u.lastSeenAt, now) : 'never') },
          { header: 'CREATED', value: (u) => relativeTime(u.created, now) },
        ],
        'No users found.',
      );
    });
}
