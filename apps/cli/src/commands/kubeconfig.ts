// `infra kubeconfig sync`: bring this identity's kubeconfig contexts in line with its grants now. Every
// other infra command does this quietly; kubectl's credential plugin never does (it must not write the file
// kubectl is reading).
import { Command } from 'commander';
import { kubeconfigPath } from '../kubeconfig.js';
import { syncKubeconfig } from '../sync.js';
import { loggedIn, type Deps } from '../deps.js';
import { examples } from './help.js';

export function registerKubeconfig(program: Command, deps: Deps): void {
  const kubeconfig = program.command('kubeconfig').description("Manage Infra's entries in your kubeconfig");
  kubeconfig
    .command('sync')
    .description('Write a context for each destination and namespace you may use, and remove the ones you lost')
    .addHelpText('after', examples(['infra kubeconfig sync', 'KUBECONFIG=~/.kube/infra infra kubeconfig sync']))
    .action(async () => {
      const { api, server } = loggedIn(deps);
      const access = await syncKubeconfig(api, server, deps.env);
      const usable = access.filter((a) => a.dest?.url).length;
      deps.out.line(
        `Wrote ${usable} context${usable === 1 ? '' : 's'} for ${server.session.name} to ${kubeconfigPath(deps.env)}.`,
      );
    });
}
