// Watch: chunked NDJSON, one event per line, flushed per event (k8s-wire §2.4). With the Table Accept
// header each event carries a one-row Table; only the first one carries the column definitions.
import { apiVersionOf, type ResourceType } from '../resources.js';
import { typeKey, type KubeObject, type EventType } from '../store.js';
import { toTable, wantsTable } from '../table.js';
import { toApiError } from '../http.js';
import { selectorPredicate } from './selectors.js';
import type { HandlerContext } from '../core.js';

export function handleWatch(ctx: HandlerContext, r: ResourceType): void {
  const { res, url, core } = ctx;
  const q = url.searchParams;
  const namespace = r.namespaced && ctx.info.namespace ? ctx.info.namespace : undefined;
  const matches = selectorPredicate(q);
  const table = wantsTable(ctx.req.headers.accept);
  const include =
    q.get('includeObject') === 'Object' ? 'Object' : q.get('includeObject') === 'None' ? 'None' : 'Metadata';
  core.counters.watches++;

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  let first = true;
  const send = (type: EventType | 'ERROR', object: unknown) => {
    if (table && type !== 'ERROR') {
      const o = object as KubeObject;
      object = toTable(r.kind, [o], { resourceVersion: o.metadata.resourceVersion }, include, first);
      first = false;
    }
    res.write(`${JSON.stringify({ type, object })}\n`);
  };

  let unsubscribe = () => {};
  const finish = () => {
    unsubscribe();
    untrack();
    clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  const untrack = core.track(finish);
  const timeout = Number(q.get('timeoutSeconds') ?? 0);
  const timer = timeout > 0 ? setTimeout(finish, timeout * 1000) : undefined;
  res.on('close', finish);

  const rv = q.get('resourceVersion');
  const initialEvents = q.get('sendInitialEvents') === 'true';
  let from = Number(rv);
  if (!rv || rv === '0' || initialEvents) {
    // "Get state and start at most recent": synthetic ADDED events for what exists now.
    for (const o of core.store.list(r, namespace)) if (matches(o)) send('ADDED', o);
    from = Number(core.store.resourceVersion);
  }
  if (initialEvents) {
    // WatchList (kubectl 1.35's wait/rollout): a bookmark marks the end of the initial state.
    const metadata = {
      resourceVersion: core.store.resourceVersion,
      annotations: { 'k8s.io/initial-events-end': 'true' },
    };
    res.write(
      `${JSON.stringify({ type: 'BOOKMARK', object: { kind: r.kind, apiVersion: apiVersionOf(r), metadata } })}\n`,
    );
  }
  try {
    unsubscribe = core.store.watch(from, (e) => {
      if (e.typeKey !== typeKey(r)) return;
      if (namespace && e.object.metadata.namespace !== namespace) return;
      if (matches(e.object)) send(e.type, e.object);
    });
  } catch (e) {
    send('ERROR', toApiError(e).toStatus());
    finish();
  }
}
