// `infra audit`: what admins changed in Infra (GET /api/audit), or with --destination, what went through that
// destination's connector (GET /api/destinations/:id/audit). Both logs run oldest first, page by page (an opaque
// cursor); a table shows up to --limit events, `-o jsonl` exports the whole range, a page at a time as it arrives.
// With --request-id, one request across both logs (audit-trail.ts). With --log, both logs as one list in time order
// (GET /api/audit/timeline), or one of them across every destination, with the same filters.
import { Command } from 'commander';
import { CliError } from '../errors.js';
import type { Column } from '../output.js';
import { loggedIn, type Deps } from '../deps.js';
import type { AuditEvent, Destination, ProxyAuditEvent, TimelineEntry } from '../types.js';
import { auditTrail } from './audit-trail.js';
import { timeOrAgo } from './expiry.js';
import { examples } from './help.js';

interface AuditOptions {
  actor?: string;
  action?: string;
  destination?: string;
  since?: string;
  until?: string;
  limit?: string;
  requestId?: string;
  log?: string;
}

const LOGS = ['both', 'admin', 'proxy'];

/** Events a table (or JSON/YAML) shows when --limit is not given; the server's largest page. */
const DEFAULT_LIMIT = 100;
const PAGE_MAX = 1000;

export function registerAudit(program: Command, deps: Deps): void {
  program
    .command('audit')
    .description(
      "Show the audit log: Infra's admin actions, or with --destination the requests made through its connector",
    )
    .option('--actor <NAME>', 'only what this user did')
    .option('--action <ACTION>', 'only this action, like grants.create (not with --destination)')
    .option('--destination <NAME>', "the requests made through this destination's connector instead")
    .option('--since <WHEN>', 'only events at or after this: a time (RFC 3339) or how long ago, like 1h or 7d')
    .option('--until <WHEN>', 'only events before this: a time (RFC 3339) or how long ago')
    .option(
      '--request-id <ID>',
      'one request in both logs: the admin events it made, or the kubectl calls proxied under that id',
    )
    .option(
      '--log <LOG>',
      'both: admin actions and proxied requests in one list, in time order; admin or proxy: one of them (every destination)',
    )
    .option('--limit <N>', `at most this many events (default ${DEFAULT_LIMIT}; with -o jsonl, every event)`)
    .addHelpText(
      'after',
      examples([
        'infra audit --since 1h',
        'infra audit --actor admin@example.com --action grants.create',
        'infra audit --destination production --actor user@example.com --since 2026-05-01T00:00:00Z',
        'infra audit --since 7d -o jsonl > audit.jsonl',
        'infra audit --log both --destination production --since 1h',
        'infra audit --log both --action proxy.delete --actor user@example.com',
        'infra audit --request-id 0b5f2c1e-5d7a-4a53-9f0e-3c2a9d1b7e44',
      ]),
    )
    .action(({ requestId, ...filters }: AuditOptions) =>
      requestId !== undefined ? auditTrail(deps, requestId, filters) : audit(deps, filters),
    );
}

function positive(input: string): number {
  const n = /^\d+$/.test(input) ? Number(input) : NaN;
  if (!(n >= 1)) throw new CliError(`--limit "${input}" is not a number of events: use a whole number from 1`);
  return n;
}

async function audit(deps: Deps, opts: AuditOptions): Promise<void> {
  const now = deps.clock();
  const since = opts.since === undefined ? undefined : timeOrAgo('--since', opts.since, now);
  const until = opts.until === undefined ? undefined : timeOrAgo('--until', opts.until, now);
  if (since && until && until.getTime() <= since.getTime()) throw new CliError('--until must be after --since');
  if (opts.log !== undefined && !LOGS.includes(opts.log))
    throw new CliError(`--log "${opts.log}" is not a log: use both, admin or proxy`);
  if (opts.log === undefined && opts.destination !== undefined && opts.action !== undefined) {
    throw new CliError(
      "--action filters the admin log; a destination's log holds kubectl requests: filter them with --actor, --since and --until",
    );
  }
  const limit =
    opts.limit !== undefined ? positive(opts.limit) : deps.out.format === 'jsonl' ? Infinity : DEFAULT_LIMIT;
  const { api } = loggedIn(deps);
  const range = { since: since?.toISOString(), until: until?.toISOString() };

  let path = '/api/audit';
  let query: Record<string, string | undefined> = { ...range, actor: opts.actor, action: opts.action };
  if (opts.log !== undefined) {
    path = '/api/audit/timeline';
    query = {
      ...range,
      log: opts.log === 'both' ? undefined : opts.log,
      user: opts.actor,
      action: opts.action,
      destination: opts.destination,
    };
  } else if (opts.destination !== undefined) {
    const [dest] = (await api.list<Destination>('/api/destinations', { name: opts.destination })).filter(
      (d) => d.name === opts.destination,
    );
    if (!dest)
      throw new CliError(
        `there is no destination named ${opts.destination}: run \`infra destinations list\` to see them`,
      );
    path = `/api/destinations/${dest.id}/audit`;
    query = { ...range, user: opts.actor };
  }

  // jsonl streams: each page is printed as it arrives, so an export of any size holds one page in memory.
  const streaming = deps.out.format === 'jsonl';
  const events: unknown[] = [];
  let count = 0;
  let cursor: string | undefined;
  let more = false;
  do {
    const page = await api.get<{ items: unknown[]; next?: string }>(path, {
      ...query,
      limit: Math.min(PAGE_MAX, limit - count),
      cursor,
    });
    count += page.items.length;
    if (streaming) deps.out.data(page.items);
    else events.push(...page.items);
    cursor = page.next;
    more = cursor !== undefined && count >= limit;
  } while (cursor && count < limit);

  if (!streaming) {
    if (opts.log !== undefined) deps.out.table(events as TimelineEntry[], TIMELINE_COLUMNS, 'No events in this range.');
    else if (opts.destination !== undefined)
      deps.out.table(events as ProxyAuditEvent[], PROXY_COLUMNS, 'No requests in this range.');
    else deps.out.table(events as AuditEvent[], ADMIN_COLUMNS, 'No audit events in this range.');
  }
  if (more)
    deps.out.info(
      `Showing the first ${count} events: narrow with --since and --until, raise --limit, or export them all with -o jsonl.`,
    );
}

const ADMIN_COLUMNS: Column<AuditEvent>[] = [
  { header: 'TIME', value: (e) => e.at },
  { header: 'ACTOR', value: (e) => e.actorName ?? '-' },
  { header: 'ACTION', value: (e) => e.action },
  { header: 'TARGET', value: (e) => `${e.targetType} ${e.targetName ?? e.targetID ?? ''}`.trim() },
  { header: 'REQUEST ID', value: (e) => e.requestID ?? '-' },
];

const PROXY_COLUMNS: Column<ProxyAuditEvent>[] = [
  { header: 'TIME', value: (e) => e.at },
  { header: 'USER', value: (e) => e.user },
  { header: 'VERB', value: (e) => e.verb },
  { header: 'PATH', value: (e) => e.path },
  { header: 'STATUS', value: (e) => String(e.status) },
  { header: 'DURATION', value: (e) => `${e.durationMs}ms` },
  { header: 'REQUEST ID', value: (e) => e.requestID },
];

const TIMELINE_COLUMNS: Column<TimelineEntry>[] = [
  { header: 'TIME', value: (e) => e.at },
  { header: 'LOG', value: (e) => e.log },
  { header: 'WHO', value: (e) => e.user ?? '-' },
  { header: 'ACTION', value: (e) => e.action },
  {
    header: 'WHAT',
    value: ({ admin, proxied }) =>
      proxied
        ? `${proxied.destinationName ?? proxied.destinationID} ${proxied.path} ${proxied.status}`
        : `${admin?.targetType ?? ''} ${admin?.targetName ?? admin?.targetID ?? ''}`.trim(),
  },
  { header: 'REQUEST ID', value: (e) => e.requestID ?? '-' },
];
