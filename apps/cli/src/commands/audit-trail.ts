// `infra audit --request-id ID`: one request id in both logs (GET /api/audit/requests/:requestID) — the admin
// events an API call with that X-Request-Id made, and the kubectl calls a connector proxied under that id (the id the
// API server sees as Impersonate-Extra-Infra-Request-Id). One list, oldest first; each event says which log it is from.
import { CliError } from '../errors.js';
import type { Column } from '../output.js';
import { loggedIn, type Deps } from '../deps.js';
import type { AuditEvent, ProxiedRequest } from '../types.js';

interface RequestTrail {
  requestID: string;
  admin: AuditEvent[];
  proxied: ProxiedRequest[];
  truncated: boolean;
}

type TrailEvent = ({ log: 'admin' } & AuditEvent) | ({ log: 'proxy' } & ProxiedRequest);

/** Filters that --request-id cannot take: one id is already one request. */
const EXCLUSIVE = ['actor', 'action', 'destination', 'since', 'until', 'limit', 'log'] as const;

export async function auditTrail(
  deps: Deps,
  requestId: string,
  opts: Partial<Record<(typeof EXCLUSIVE)[number], string>>,
): Promise<void> {
  const given = EXCLUSIVE.filter((o) => opts[o] !== undefined);
  if (given.length > 0)
    throw new CliError(`--request-id shows one request's events: leave out --${given.join(', --')}`);
  if (requestId === '') throw new CliError('--request-id needs an id, like the REQUEST ID column of `infra audit`');
  const { api } = loggedIn(deps);
  const trail = await api.get<RequestTrail>(`/api/audit/requests/${encodeURIComponent(requestId)}`);
  const events: TrailEvent[] = [
    ...trail.admin.map((e) => ({ log: 'admin' as const, ...e })),
    ...trail.proxied.map((e) => ({ log: 'proxy' as const, ...e })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  deps.out.table(events, TRAIL_COLUMNS, `No events with request id ${requestId}.`);
  if (trail.truncated) deps.out.info('Showing the first 1000 events of each log for this id.');
}

const TRAIL_COLUMNS: Column<TrailEvent>[] = [
  { header: 'TIME', value: (e) => e.at },
  { header: 'WHERE', value: (e) => (e.log === 'admin' ? 'infra' : (e.destinationName ?? e.destinationID)) },
  { header: 'WHO', value: (e) => (e.log === 'admin' ? (e.actorName ?? '-') : e.user) },
  {
    header: 'WHAT',
    value: (e) =>
      e.log === 'admin'
        ? `${e.action} ${e.targetType} ${e.targetName ?? e.targetID ?? ''}`.trim()
        : `${e.verb} ${e.path} ${e.status}`,
  },
];
