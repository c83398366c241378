// `infra doctor`: checks each link between this computer and the clusters (server, clock, session, kubeconfig,
// then per granted destination: connector, proxy TLS, an authenticated request, a WebSocket upgrade) and prints one
// line per check, with the fix for each that fails. See ../doctor/README.md.
import { Command } from 'commander';
import { ApiClient } from '../api.js';
import { CliError } from '../errors.js';
import { kubeconfigPath } from '../kubeconfig.js';
import { fetchAccess, identityOf, toContexts, type Access } from '../sync.js';
import type { Deps } from '../deps.js';
import type { ServerEntry, Session } from '../config.js';
import { checkDestination, type DestinationTarget } from '../doctor/destination-checks.js';
import { currentContextFinding, entriesFinding, KubeconfigView } from '../doctor/kubeconfig-check.js';
import { CHECK_TIMEOUT_MS, fail, Report } from '../doctor/report.js';
import { checkServer, checkSession, clockFinding, type ServerTime } from '../doctor/server-checks.js';
import { examples } from './help.js';

export function registerDoctor(program: Command, deps: Deps): void {
  program
    .command('doctor')
    .description(
      'Check the server, your session, kubeconfig and every destination you can use, and say how to fix what fails',
    )
    .addHelpText('after', examples(['infra doctor', 'infra doctor -o json > infra-doctor.json']))
    .action(() => doctor(deps));
}

async function doctor(deps: Deps): Promise<void> {
  const report = new Report();
  const server = deps.config.current();
  const kubeconfig = kubeconfigPath(deps.env);
  const meta = {
    cli: deps.version,
    server: server?.url,
    user: server?.session?.name,
    kubeconfig,
    checkedAt: deps.clock().toISOString(),
  };
  try {
    await diagnose(deps, report, server, kubeconfig);
  } finally {
    report.print(deps.out, meta);
  }
  const failed = report.results.filter((r) => r.status === 'fail').length;
  if (failed > 0)
    throw new CliError(`${failed} check${failed === 1 ? '' : 's'} failed: each ✗ line says how to fix it`);
}

async function diagnose(
  deps: Deps,
  report: Report,
  server: ServerEntry | undefined,
  kubeconfig: string,
): Promise<void> {
  if (!server) {
    await report.check('server', async () =>
      fail('you have not logged in to an Infra server', 'run `infra login SERVER`'),
    );
    return;
  }
  const time: ServerTime = {};
  const reached = await report.check('server', () => checkServer(server, deps.clock, time, CHECK_TIMEOUT_MS));
  await report.check('clock', async () => clockFinding(time));
  if (reached.status !== 'ok') return;

  let session: Session | undefined;
  await report.check('session', () => checkSession(server, deps.clock, CHECK_TIMEOUT_MS, (s) => (session = s)));
  if (!session) return;

  let access: Access[] | undefined;
  let view: KubeconfigView | undefined;
  const readFix = `fix ${kubeconfig} by hand or move it aside, then run \`infra list\``;
  await report.check(
    'kubeconfig',
    async () => {
      view = KubeconfigView.read(kubeconfig, identityOf({ ...server, session: session! }));
      access = await fetchAccess(
        new ApiClient({ ...server, accessKey: session!.accessKey }, CHECK_TIMEOUT_MS),
        session!.userID,
      );
      return entriesFinding(view, toContexts(access), deps.env);
    },
    { fix: readFix },
  );
  if (!access || !view) return;
  const expected = toContexts(access);
  const kube = view;
  await report.check('current context', async () => currentContextFinding(kube, expected));

  for (const target of targets(access, kube, server.url)) {
    await checkDestination(report, target, { env: deps.env, clock: deps.clock, timeoutMs: CHECK_TIMEOUT_MS });
  }
}

/** One target per granted destination the server told us about, addressed as kubectl would address it. */
function targets(access: Access[], view: KubeconfigView, infraUrl: string): DestinationTarget[] {
  const out: DestinationTarget[] = [];
  for (const a of access) {
    if (!a.dest || out.some((t) => t.name === a.destination)) continue;
    // A destination-wide grant watches in default; otherwise in the first namespace granted.
    const wide = access.find((b) => b.destination === a.destination && !b.namespace) ?? a;
    const cluster = view.cluster(view.contextFor(wide.resource));
    out.push({
      name: a.destination,
      dest: a.dest,
      server: cluster?.server ?? a.dest.url ?? '',
      ca: cluster ? cluster.ca : a.dest.caCertificate || undefined,
      namespace: wide.namespace ?? 'default',
      infraUrl,
    });
  }
  return out;
}
