// `infra requests list|approve|deny|cancel`: the access requests you made and those you may decide (Infra admins
// decide every request; members of a destination's approver groups decide that destination's). Nobody decides their
// own request; a request is decided once.
import { Command } from 'commander';
import { ApiError } from '../api.js';
import { CliError } from '../errors.js';
import { loggedIn, type Deps } from '../deps.js';
import { expiresIn } from './expiry.js';
import { examples } from './help.js';
import type { AccessRequest } from '../types.js';

const STATES = ['pending', 'approved', 'denied', 'expired', 'cancelled'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerRequests(program: Command, deps: Deps): void {
  const requests = program
    .command('requests')
    .description('List access requests, and approve or deny the ones you may decide')
    .addHelpText(
      'after',
      examples([
        'infra requests list',
        'infra requests approve 3f0c…',
        'infra requests deny 3f0c… --reason "use staging"',
      ]),
    );

  requests
    .command('list')
    .description('List your requests and those you may decide (pending first)')
    .option('--state <STATE>', `only requests in this state (${STATES.join(', ')})`)
    .option('--mine', 'only your own requests')
    .action((opts: { state?: string; mine?: boolean }) => list(deps, opts));

  for (const [verb, description] of [
    ['approve', 'Approve a request: the requester gets the role for the time asked'],
    ['deny', 'Deny a request'],
    ['cancel', 'Cancel a request you made'],
  ] as const) {
    requests
      .command(verb)
      .argument('<ID>', 'the request, as `infra requests list` shows it')
      .description(description)
      .option('--reason <TEXT>', 'why, for the requester and the audit log')
      .action((id: string, opts: { reason?: string }) => decide(deps, verb, id, opts));
  }
}

export function describeRequest(r: Pick<AccessRequest, 'role' | 'resource' | 'durationSeconds'>): string {
  return `${r.role} on ${r.resource} for ${duration(r.durationSeconds)}`;
}

/** A 403 from the server already says who may do it: print that sentence alone. */
export function forbidden(e: unknown): unknown {
  return e instanceof ApiError && e.status === 403 && e.body.message ? new CliError(e.body.message) : e;
}

async function list(deps: Deps, opts: { state?: string; mine?: boolean }): Promise<void> {
  if (opts.state !== undefined && !STATES.includes(opts.state)) {
    throw new CliError(`--state "${opts.state}" is not a request state: use one of ${STATES.join(', ')}`);
  }
  const { api } = loggedIn(deps);
  const items = await api.list<AccessRequest>('/api/requests', { state: opts.state, mine: opts.mine || undefined });
  // Pending first (what needs deciding), then newest first.
  const rows = [...items].sort(
    (a, b) => Number(b.state === 'pending') - Number(a.state === 'pending') || b.created.localeCompare(a.created),
  );
  const now = deps.clock();
  deps.out.table(
    rows,
    [
      { header: 'ID', value: (r) => r.id },
      { header: 'REQUESTER', value: (r) => r.requesterName },
      { header: 'ROLE', value: (r) => r.role },
      { header: 'DESTINATION', value: (r) => r.resource },
      { header: 'FOR', value: (r) => duration(r.durationSeconds) },
      { header: 'STATE', value: (r) => state(r, now) },
      { header: 'REASON', value: (r) => r.reason },
    ],
    'No access requests.',
  );
}

function state(r: AccessRequest, now: Date): string {
  if (r.state === 'pending') return `pending (expires ${expiresIn(r.pendingUntil, now)})`;
  if (r.state === 'approved' && r.grantedUntil) return `approved by ${r.decidedBy} (${expiresIn(r.grantedUntil, now)})`;
  return r.decidedBy && r.state !== 'cancelled' ? `${r.state} by ${r.decidedBy}` : r.state;
}

async function decide(
  deps: Deps,
  verb: 'approve' | 'deny' | 'cancel',
  id: string,
  opts: { reason?: string },
): Promise<void> {
  if (!UUID.test(id)) throw new CliError(`"${id}" is not a request id: run \`infra requests list\` to see them`);
  const { api } = loggedIn(deps);
  const r = await api
    .post<AccessRequest>(`/api/requests/${id}/${verb}`, opts.reason ? { reason: opts.reason } : {})
    .catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404)
        return Promise.reject(new CliError(`there is no request ${id}: run \`infra requests list\` to see them`));
      return Promise.reject(forbidden(e));
    });
  if (deps.out.format !== 'table') return deps.out.data(r);
  if (verb === 'approve') {
    const until = r.grantedUntil ? ` until ${r.grantedUntil} (${expiresIn(r.grantedUntil, deps.clock())})` : '';
    deps.out.line(`Approved: ${r.requesterName} has ${r.role} on ${r.resource}${until}.`);
  } else if (verb === 'deny') {
    deps.out.line(`Denied ${r.requesterName}'s request for ${describeRequest(r)}.`);
  } else {
    deps.out.line(`Cancelled your request for ${describeRequest(r)}.`);
  }
}

/** 3600 → "1h"; 5400 → "1h30m": the --for grammar, largest units first. */
function duration(seconds: number): string {
  const units = [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const;
  const text = units
    .map(([unit, size]) => {
      const n = Math.floor(seconds / size) % (unit === 'd' ? Infinity : unit === 'h' ? 24 : 60);
      return n ? `${n}${unit}` : '';
    })
    .join('');
  return text || '0s';
}
