// `infra about`, `infra version` and `infra completion`.
import { Command } from 'commander';
import { CliError } from '../errors.js';
import { kubeconfigPath } from '../kubeconfig.js';
import type { Deps } from '../deps.js';
import { examples } from './help.js';

export function registerAbout(program: Command, deps: Deps): void {
  program
    .command('about')
    .description('What Infra is, and where this CLI keeps its files')
    .addHelpText('after', examples(['infra about']))
    .action(() => {
      const server = deps.config.current();
      deps.out.line('Infra: access management for Kubernetes. Log in, get the clusters and namespaces');
      deps.out.line('you were granted, and use plain kubectl. https://github.com/infrahq/infra');
      deps.out.line('');
      deps.out.line(`Server:      ${server?.url ?? 'none (run `infra login SERVER`)'}`);
      deps.out.line(`User:        ${server?.session?.name ?? '-'}`);
      deps.out.line(`Config:      ${deps.config.path}`);
      deps.out.line(`Kubeconfig:  ${kubeconfigPath(deps.env)}`);
    });

  program
    .command('version')
    .description("Show the CLI's version and the server's")
    .addHelpText('after', examples(['infra version', 'infra version -o json']))
    .action(async () => {
      const server = deps.config.current();
      let serverVersion = 'not logged in';
      if (server) {
        try {
          serverVersion = (await deps.api(server).get<{ version: string }>('/api/version')).version;
        } catch (e) {
          serverVersion = `unknown (${(e as Error).message.split(':')[0]})`;
        }
      }
      deps.out.object({ client: deps.version, server: server ? serverVersion : undefined }, () => {
        deps.out.line(`Client: ${deps.version}`);
        deps.out.line(`Server: ${serverVersion}`);
      });
    });

  program
    .command('completion')
    .argument('<SHELL>', 'bash or zsh')
    .description('Print a shell completion script')
    .addHelpText('after', examples(['source <(infra completion bash)', 'infra completion zsh > "${fpath[1]}/_infra"']))
    .action((shell: string) => {
      if (shell !== 'bash' && shell !== 'zsh')
        throw new CliError(`completion for "${shell}" is not available: use bash or zsh`);
      deps.out.line(completionScript(program, shell));
    });
}

function completionScript(program: Command, shell: 'bash' | 'zsh'): string {
  const visible = program.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
  const cases = visible
    .filter((c) => c.commands.length > 0)
    .map((c) => `    ${c.name()}) words="${c.commands.map((s) => s.name()).join(' ')}" ;;`)
    .join('\n');
  const script = [
    '_infra() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" words=""',
    '  if [ "$COMP_CWORD" -eq 1 ]; then',
    `    words="${visible.map((c) => c.name()).join(' ')}"`,
    '  elif [ "$COMP_CWORD" -eq 2 ]; then',
    '    case "${COMP_WORDS[1]}" in',
    cases,
    '    esac',
    '  fi',
    '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    '}',
    'complete -F _infra infra',
  ];
  if (shell === 'zsh') script.unshift('#compdef infra', 'autoload -U +X bashcompinit && bashcompinit');
  return script.join('\n');
}
