// One audit event per request through the proxy, sent to the server in batches over the stream. Bodies are never
// read: only the request line, the outcome and kubectl's own Kubectl-Command header.
import { resourceVerb } from '@infra/kube-wire';
import type { connector } from '@infra/proto';

export type AuditEvent = connector.ProxyAuditEvent;

const NO_QUERY = new URLSearchParams();

/** The Kubernetes verb of a request (requestinfo.go rules, simplified): get/list/watch/create/update/patch/delete/… */
export function requestVerb(method: string, url: string): string {
  const [path, query = ''] = url.split('?', 2);
  const m = method.toUpperCase();
  const parts = path.split('/').filter(Boolean);
  const isResource = (parts[0] === 'api' && parts.length >= 3) || (parts[0] === 'apis' && parts.length >= 4);
  if (!isResource) return m.toLowerCase();
  let rest = parts.slice(parts[0] === 'api' ? 2 : 3);
  // "namespaces/<ns>" alone names a namespace object; followed by more, it is the scope.
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  return resourceVerb(m, rest.length >= 2, query ? new URLSearchParams(query) : NO_QUERY);
}

/**
 * Events per batch at most. Storing a batch costs the server and Postgres a fixed share per message and statement
 * on top of each row (at 100 per batch ~35 µs of their CPU per request, at 1,000 ~20 µs, measured); 500 is what the
 * server writes in one INSERT, and ~150 KB on the stream.
 */
export const AUDIT_MAX_BATCH = 500;

/** Collects events and hands them to `send` in batches: when `maxBatch` is reached, and on every flush. */
export class AuditBatcher {
  private pending: AuditEvent[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (events: AuditEvent[]) => void,
    private readonly opts: { maxBatch: number; flushMs: number },
  ) {}

  record(event: AuditEvent): void {
    this.pending.push(event);
    if (this.pending.length >= this.opts.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.opts.flushMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.send(batch);
  }
}
