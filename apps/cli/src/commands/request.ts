// `infra request DESTINATION[.NAMESPACE] --role ROLE --for 1h --reason "..."`: ask for access for a while. An approver
// (an Infra admin or a member of the destination's approver groups) decides with `infra requests approve ID`; the
// person on call in PagerDuty, when the server is set up for it, is approved at once.
import { Command } from 'commander';
import { InvalidResourceError, parseResource } from '@infra/access';
import { CliError } from '../errors.js';
import { loggedIn, type Deps } from '../deps.js';
import { expiresIn, parseDuration } from './expiry.js';
import { examples } from './help.js';
import type { AccessRequest } from '../types.js';
import { describeRequest, forbidden } from './requests.js';

// Any ClusterRole name (custom roles too), as `infra grants add` takes it.
const ROLE = /^[a-z0-9]([-a-z0-9.:]{0,251}[a-z0-9])?$/;

interface RequestOptions {
  role: string;
  for: string;
  reason: string;
}

export function registerRequest(program: Command, deps: Deps): void {
  program
    .command('request')
    .argument('<DESTINATION[.NAMESPACE]>', 'where you need access: a destination or one namespace of it')
    .description('Ask for access to a destination or namespace for a while; an approver decides')
    .option('--role <ROLE>', 'the ClusterRole you need (view, edit, admin, or a custom one)', 'view')
    .requiredOption('--for <DURATION>', 'how long you need it: 30m, 2h, 1d (the server may cut it to its maximum)')
    .requiredOption('--reason <TEXT>', 'why, for the approver and the audit log')
    .addHelpText(
      'after',
      examples([
        'infra request production --role view --for 1h --reason "INC-1234: checking the web pods"',
        'infra request production.web --role edit --for 30m --reason "roll back the deploy"',
      ]),
    )
    .action((resource: string, opts: RequestOptions) => request(deps, resource, opts));
}

async function request(deps: Deps, resource: string, opts: RequestOptions): Promise<void> {
  try {
    parseResource(resource);
  } catch (e) {
    if (e instanceof InvalidResourceError)
      throw new CliError(
        `"${resource}" is not a destination or namespace: use DESTINATION or DESTINATION.NAMESPACE, like production or production.web`,
      );
    throw e;
  }
  if (!ROLE.test(opts.role))
    throw new CliError(`"${opts.role}" is not a valid role name: use a ClusterRole name such as view, edit or admin`);
  parseDuration('--for', opts.for);
  if (!opts.reason.trim()) throw new CliError('--reason is empty: say why you need the access');
  const { api } = loggedIn(deps);
  const r = await api
    .post<AccessRequest>('/api/requests', { resource, role: opts.role, duration: opts.for.trim(), reason: opts.reason })
    .catch((e: unknown) => {
      throw forbidden(e);
    });
  if (deps.out.format !== 'table') return deps.out.data(r);
  if (r.state === 'approved') {
    const until = r.grantedUntil ? ` until ${r.grantedUntil} (${expiresIn(r.grantedUntil, deps.clock())})` : '';
    deps.out.line(`Approved by ${r.decidedBy}: you have ${r.role} on ${r.resource}${until}.`);
    return;
  }
  deps.out.line(`Requested ${describeRequest(r)} (request ${r.id}).`);
  if (r.note) deps.out.warn(r.note);
  deps.out.info(
    `An approver can run \`infra requests approve ${r.id}\`; see its state with \`infra requests list --mine\`.`,
  );
}
