// `infra keys add|remove|list`: access keys for people in CI and for machines. `infra keys rotate-signing`: the
// server's token signing key (admins).
import { Command } from 'commander';
import { CliError } from '../errors.js';
import { relativeTime } from '../output.js';
import { loggedIn, type Deps } from '../deps.js';
import type { AccessKey, SigningKey, User } from '../types.js';
import { examples } from './help.js';
import { findByName, USERS } from './lookup.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** "90m", "12h", "30d", "1h30m" → seconds. */
export function parseDuration(text: string): number {
  const parts = [...text.matchAll(/(\d+)([smhdw])/g)];
  if (!text || parts.map((p) => p[0]).join('') !== text) {
    throw new CliError(`"${text}" is not a duration: use a number with s, m, h, d or w, like 12h or 30d`);
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_SECONDS[unit], 0);
}

interface AddOptions {
  name?: string;
  user?: string;
  expiry?: string;
  inactivityTimeout?: string;
}

export function registerKeys(program: Command, deps: Deps): void {
  const keys = program
    .command('keys')
    .description('Manage access keys')
    .addHelpText('after', examples(['infra keys list', 'infra keys add --name ci --expiry 30d']));

  keys
    .command('add')
    .description('Create an access key (shown once); for another user with --user')
    .option('--name <NAME>', 'a name to recognise the key by')
    .option('--user <EMAIL>', 'create the key for this user (admins only)')
    .option('--expiry <DURATION>', 'the key stops working after this long, e.g. 30d')
    .option('--inactivity-timeout <DURATION>', 'the key stops working when unused this long, e.g. 24h')
    .addHelpText(
      'after',
      examples(['infra keys add --name laptop', 'infra keys add --name ci --user ci@example.com --expiry 30d']),
    )
    .action(async (opts: AddOptions) => {
      const expiry = opts.expiry === undefined ? undefined : parseDuration(opts.expiry);
      const inactivityTimeout =
        opts.inactivityTimeout === undefined ? undefined : parseDuration(opts.inactivityTimeout);
      const { api } = loggedIn(deps);
      const userID = opts.user ? (await findByName<User>(api, USERS, opts.user)).id : undefined;
      const key = await api.post<AccessKey>('/api/keys', { name: opts.name, userID, expiry, inactivityTimeout });
      deps.out.object(key, () => {
        deps.out.line(`Created access key ${key.name}${key.userName ? ` for ${key.userName}` : ''}.`);
        deps.out.line(`Access key: ${key.accessKey}`);
        deps.out.line(
          'It is shown only once: store it now. Use it with `infra login SERVER --key KEY` or INFRA_ACCESS_KEY.',
        );
      });
    });

  keys
    .command('remove')
    .argument('<NAME>', 'the name (or id) of the key')
    .option('--user <EMAIL>', "a key of this user's (admins only)")
    .description('Revoke an access key')
    .addHelpText('after', examples(['infra keys remove laptop', 'infra keys remove ci --user ci@example.com']))
    .action(async (name: string, opts: { user?: string }) => {
      const { api, server } = loggedIn(deps);
      const userID = opts.user ? (await findByName<User>(api, USERS, opts.user)).id : server.session.userID;
      const key = (await api.list<AccessKey>('/api/keys', { userID })).find((k) => k.name === name || k.id === name);
      if (!key)
        throw new CliError(
          `there is no access key named ${name}${opts.user ? ` for ${opts.user}` : ''}: run \`infra keys list\` to see them`,
        );
      await api.delete(`/api/keys/${key.id}`);
      deps.out.line(`Removed access key ${name}.`);
    });

  keys
    .command('list')
    .option('--user <EMAIL>', "this user's keys instead of yours")
    .option('--all', "every user's keys (admins only)")
    .description('List access keys')
    .addHelpText('after', examples(['infra keys list', 'infra keys list --all']))
    .action(async (opts: { user?: string; all?: boolean }) => {
      const { api, server } = loggedIn(deps);
      const userID = opts.all
        ? undefined
        : opts.user
          ? (await findByName<User>(api, USERS, opts.user)).id
          : server.session.userID;
      const all = await api.list<AccessKey>('/api/keys', { userID });
      const now = deps.clock();
      deps.out.table(
        all,
        [
          { header: 'NAME', value: (k) => k.name },
          { header: 'USER', value: (k) => k.userName ?? k.userID },
          { header: 'CREATED', value: (k) => relativeTime(k.created, now) },
          { header: 'EXPIRES', value: (k) => (k.expires ? relativeTime(k.expires, now) : 'never') },
          { header: 'LAST USED', value: (k) => (k.lastUsed ? relativeTime(k.lastUsed, now) : 'never') },
        ],
        'No access keys found.',
      );
    });

  keys
    .command('rotate-signing')
    .description(
      'Sign new tokens with a new key; the old key is still accepted until its tokens have expired (admins only)',
    )
    .addHelpText('after', examples(['infra keys rotate-signing']))
    .action(async () => {
      const { api } = loggedIn(deps);
      const { keys: published } = await api.post<{ keys: SigningKey[] }>('/api/signing-keys/rotate', {});
      deps.out.object({ keys: published }, () => {
        const signing = published.find((k) => k.signing);
        deps.out.line(`New tokens are signed with key ${signing?.kid ?? '(none)'}.`);
        for (const k of published.filter((p) => !p.signing)) {
          deps.out.line(`Key ${k.kid} is still accepted until ${k.retiresAfter}, then retired.`);
        }
      });
    });
}
