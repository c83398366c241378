// The commander program. Commands get their dependencies passed in, so tests build a program with
// fakes and run it in-process (see testing/cli.ts).
import { Command, CommanderError, Option } from 'commander';
import { CliError } from './errors.js';
import { FORMATS, type Format } from './output.js';
import { loggedIn, type Deps } from './deps.js';
import { syncKubeconfig } from './sync.js';
import { registerLogin } from './commands/login.js';
import { registerList } from './commands/list.js';
import { registerGrants } from './commands/grants.js';
import { registerUsers } from './commands/users.js';
import { registerGroups } from './commands/groups.js';
import { registerKeys } from './commands/keys.js';
import { registerDestinations } from './commands/destinations.js';
import { registerAbout } from './commands/about.js';
import { registerKubeconfig } from './commands/kubeconfig.js';
import { registerAudit } from './commands/audit.js';
import { registerProviders } from './commands/providers.js';
import { registerDoctor } from './commands/doctor.js';
import { registerApply } from './commands/apply.js';
import { registerRequest } from './commands/request.js';
import { registerRequests } from './commands/requests.js';
import { registerDevice } from './commands/device.js';
import { examples } from './commands/help.js';

// These manage the kubeconfig themselves, or need no server.
const NO_SYNC = new Set([
  'login',
  'logout',
  'list',
  'use',
  'version',
  'about',
  'completion',
  'providers',
  'help',
  'credentials',
  'kubeconfig',
  'doctor',
]);

// There is no --server: every command talks to the server of the last `infra login`.
const SERVER_HELP =
  'Server: the one you last logged in to with `infra login SERVER` (`infra about` shows it); its session is kept in\n' +
  '$INFRA_HOME (default ~/.infra). Log in to another server to switch.';

export function buildProgram(deps: Deps): Command {
  const program = new Command('infra')
    .description('Infra: access to Kubernetes clusters through your Infra server')
    .version(deps.version, '-v, --version', 'print the CLI version')
    .addOption(new Option('-o, --output <FORMAT>', 'output format').choices(FORMATS).default('table'))
    .showSuggestionAfterError()
    // Before the commands are added, so each inherits it: `infra grants --help` lists -o/--output too.
    .configureHelp({ showGlobalOptions: true })
    .addHelpText(
      'after',
      examples(['infra login infra.example.com', 'infra list', 'infra use production.web', 'kubectl get pods']),
    )
    .addHelpText('afterAll', SERVER_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.out.line(s.replace(/\n$/, '')),
      writeErr: (s) => deps.out.info(s.replace(/\n$/, '')),
    });
  program.hook('preAction', () => {
    deps.out.format = program.opts<{ output: Format }>().output;
  });
  program.hook('postAction', async (_root, action) => {
    let top: Command = action;
    while (top.parent && top.parent !== program) top = top.parent;
    if (!NO_SYNC.has(top.name())) await syncQuietly(deps);
  });
  registerLogin(program, deps);
  registerList(program, deps);
  registerGrants(program, deps);
  registerUsers(program, deps);
  registerGroups(program, deps);
  registerKeys(program, deps);
  registerDestinations(program, deps);
  registerProviders(program, deps);
  registerAbout(program, deps);
  registerKubeconfig(program, deps);
  registerAudit(program, deps);
  registerDoctor(program, deps);
  registerApply(program, deps);
  registerRequest(program, deps);
  registerRequests(program, deps);
  registerDevice(program, deps);
  // main.ts runs the plugin without commander; this is for `infra <global options> credentials`.
  program
    .command('credentials', { hidden: true })
    .requiredOption('--destination <NAME>')
    .description('kubectl exec credential plugin')
    .action(async (opts: { destination: string }) => {
      const { issueCredential } = await import('./credentials.js');
      deps.out.line(JSON.stringify(await issueCredential(deps.env, opts.destination, deps.clock)));
    });
  applyExitOverride(program);
  return program;
}

function applyExitOverride(cmd: Command): void {
  for (const c of cmd.commands) {
    c.exitOverride();
    c.configureOutput(cmd.configureOutput());
    applyExitOverride(c);
  }
}

// Grants change behind the user's back: each run brings the kubeconfig up to date, quietly.
async function syncQuietly(deps: Deps): Promise<void> {
  const server = deps.config.current();
  if (!server?.session) return;
  try {
    const { api } = loggedIn(deps);
    await syncKubeconfig(api, server, deps.env);
  } catch {
    // the command itself succeeded; a stale kubeconfig is fixed by the next run
  }
}

/** Runs argv (without node and script); returns the exit code. Prints errors as one line. */
export async function run(deps: Deps, argv: string[]): Promise<number> {
  const program = buildProgram(deps);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof CliError) {
      deps.out.info(`error: ${e.message}`);
      return e.exitCode;
    }
    const err = e as Error;
    deps.out.info(`error: ${err.message ?? String(e)}`);
    return 1;
  }
}
