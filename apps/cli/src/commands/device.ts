// `infra device approve|deny CODE`: answer an `infra login --no-browser` waiting on another machine, from a CLI that
// is logged in (the web UI's /device page does the same). The waiting CLI gets a session as you.
import { Command } from 'commander';
import { ApiError } from '../api.js';
import { CliError } from '../errors.js';
import { loggedIn, type Deps } from '../deps.js';
import { examples } from './help.js';

export function registerDevice(program: Command, deps: Deps): void {
  const device = program
    .command('device')
    .description('Approve or deny a login from another machine (`infra login --no-browser`)')
    .addHelpText('after', examples(['infra device approve BCDF-GHJK', 'infra device deny BCDF-GHJK']));

  device
    .command('approve')
    .argument('CODE', 'the code the other machine shows, like BCDF-GHJK')
    .description('Let the machine that shows CODE log in as you')
    .action(async (code: string) => {
      const name = await decide(deps, 'approve', code);
      deps.out.line(`Approved: the machine that shows ${code} is now logged in as ${name}.`);
    });

  device
    .command('deny')
    .argument('CODE', 'the code the other machine shows')
    .description('Refuse the login of the machine that shows CODE')
    .action(async (code: string) => {
      await decide(deps, 'deny', code);
      deps.out.line(`Denied: the machine that shows ${code} is not logged in.`);
    });
}

async function decide(deps: Deps, verb: 'approve' | 'deny', code: string): Promise<string> {
  const { api } = loggedIn(deps);
  try {
    return (await api.post<{ name: string }>(`/api/device/${verb}`, { userCode: code })).name;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) throw new CliError(e.message);
    throw e;
  }
}
