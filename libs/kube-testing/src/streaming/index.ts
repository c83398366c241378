// Upgrade requests: exec/attach/port-forward over WebSocket or SPDY/3.1, and watches over WebSocket. Authentication, impersonation
// and RBAC have already run (a WebSocket GET is authorized as `get`, a SPDY POST as `create`, as in 1.32).
import type { Duplex } from 'node:stream';
import { errors } from '../status.js';
import type { HandlerContext } from '../core.js';
import { parseStreamRequest, runningPod } from './session.js';
import {
  PORT_FORWARD_TUNNEL_PROTOCOL,
  offered,
  websocketChannelPortForward,
  websocketPortForward,
  websocketSession,
} from './websocket.js';
import { spdyPortForward, spdySession } from './spdy.js';
import { websocketWatch } from './watch-websocket.js';

type UpgradeContext = Omit<HandlerContext, 'res'>;

export async function handleUpgrade(ctx: UpgradeContext, socket: Duplex, head: Buffer): Promise<void> {
  const { info, core } = ctx;
  const sub = info.subresource;
  if (info.verb === 'watch' && !sub && (ctx.req.headers.upgrade ?? '').toLowerCase() === 'websocket')
    return websocketWatch(ctx, socket, head);
  if (info.apiGroup !== '' || info.resource !== 'pods' || !['exec', 'attach', 'portforward'].includes(sub)) {
    throw errors.badRequest(`${ctx.url.pathname} does not support upgrades`);
  }
  const kind = (ctx.req.headers.upgrade ?? '').toLowerCase();
  if (kind !== 'websocket' && kind !== 'spdy/3.1') throw errors.badRequest('Upgrade request required');
  const ws = kind === 'websocket';
  if (sub === 'portforward') {
    const pod = runningPod(ctx, 'forward ports of');
    if (ws && offered(ctx).includes(PORT_FORWARD_TUNNEL_PROTOCOL)) {
      core.counters.tunnelledPortForward++;
      return websocketPortForward(ctx, socket, head, pod);
    }
    if (ws) {
      core.counters.websocketPortForward++;
      return websocketChannelPortForward(ctx, socket, head, pod);
    }
    core.counters.spdyPortForward++;
    return spdyPortForward(core, ctx.req, socket, head, pod);
  }
  const req = parseStreamRequest(ctx);
  if (ws) {
    core.counters[req.kind === 'exec' ? 'websocketExec' : 'websocketAttach']++;
    return websocketSession(ctx, socket, head, req);
  }
  core.counters[req.kind === 'exec' ? 'spdyExec' : 'spdyAttach']++;
  return spdySession(core, ctx.req, socket, head, req);
}
