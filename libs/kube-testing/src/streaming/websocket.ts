// exec/attach over WebSocket (v5.channel.k8s.io, or v4 for older clients such as client-node) and
// port-forward tunnelled as SPDY inside WebSocket (SPDY/3.1+portforward.k8s.io), k8s-wire §5.
import type { Duplex } from 'node:stream';
import { PassThrough } from 'node:stream';
import { connect } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { errors } from '../status.js';
import type { Core, HandlerContext } from '../core.js';
import type { KubeObject } from '../store.js';
import { SpdyConnection } from '../spdy/connection.js';
import { runSession, whenWritable, type StreamRequest } from './session.js';
import { servePortForward } from './portforward.js';

const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;
export const EXEC_WS_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
export const PORT_FORWARD_TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

export function offered(ctx: Omit<HandlerContext, 'res'>): string[] {
  return (ctx.req.headersDistinct['sec-websocket-protocol'] ?? []).flatMap((h) => h.split(',').map((p) => p.trim()));
}

/**
 * Completes the handshake with exactly `protocol`; a wrong or missing one makes kubectl fall back to SPDY.
 * `ws` rejects `SPDY/3.1+portforward.k8s.io` (a `/` is not a token character), so we negotiate the
 * subprotocol ourselves and add the response header on ws's 'headers' hook.
 */
function accept(
  ctx: Omit<HandlerContext, 'res'>,
  socket: Duplex,
  head: Buffer,
  choices: string[],
): Promise<{ ws: WebSocket; protocol: string }> {
  const protocol = choices.find((p) => offered(ctx).includes(p));
  if (!protocol)
    throw errors.badRequest(`none of the requested WebSocket protocols is supported; supported: ${choices.join(', ')}`);
  delete ctx.req.headers['sec-websocket-protocol'];
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  wss.on('headers', (headers) => headers.push(`Sec-WebSocket-Protocol: ${protocol}`));
  return new Promise((resolve, reject) => {
    const failed = () => reject(new Error('websocket handshake failed'));
    socket.once('close', failed);
    wss.handleUpgrade(ctx.req, socket, head, (ws) => {
      socket.off('close', failed);
      resolve({ ws, protocol });
    });
  });
}

export async function websocketSession(
  ctx: Omit<HandlerContext, 'res'>,
  socket: Duplex,
  head: Buffer,
  req: StreamRequest,
): Promise<void> {
  const { ws, protocol } = await accept(ctx, socket, head, EXEC_WS_PROTOCOLS);
  const v5 = protocol === 'v5.channel.k8s.io';
  const untrack = ctx.core.track(() => ws.terminate());
  const aborted = new AbortController();
  const stdin = req.stdin ? new PassThrough() : undefined;
  const send = channelSender(ws);
  ws.on('message', (data: Buffer) => {
    if (data[0] === CHANNEL.stdin) stdin?.write(data.subarray(1));
    else if (v5 && data[0] === CHANNEL.close && data[1] === CHANNEL.stdin) stdin?.end();
  });
  ws.on('close', () => {
    aborted.abort();
    stdin?.end();
    untrack();
  });
  ws.on('error', () => ws.terminate());
  const status = await runSession(ctx.core, req, {
    stdin,
    stdout: (d) => send(CHANNEL.stdout, d),
    stderr: (d) => send(req.tty ? CHANNEL.stdout : CHANNEL.stderr, d),
    signal: aborted.signal,
    writable: () => whenWritable(socket),
  });
  send(CHANNEL.error, JSON.stringify(status));
  if (ws.readyState === ws.OPEN) ws.close(1000);
}

export async function websocketPortForward(
  ctx: Omit<HandlerContext, 'res'>,
  socket: Duplex,
  head: Buffer,
  pod: KubeObject,
): Promise<void> {
  const { ws } = await accept(ctx, socket, head, [PORT_FORWARD_TUNNEL_PROTOCOL]);
  const conn = new SpdyConnection({
    write: (b) => ws.readyState === ws.OPEN && ws.send(b),
    end: () => ws.close(1000),
    writable: () => whenWritable(socket),
  });
  tieToServer(ctx.core, conn);
  ws.on('message', (data: Buffer) => conn.receive(data));
  ws.on('close', () => conn.shutdown());
  ws.on('error', () => ws.terminate());
  servePortForward(ctx.core, conn, pod);
}

/**
 * Port-forward in the WebSocket channel protocol (what client-node's PortForward speaks, never kubectl):
 * `?ports=` lists the ports; port i uses data channel 2i and error channel 2i+1, and each channel's first
 * message is its port number (2 bytes, little-endian). The session ends when a target closes.
 */
export async function websocketChannelPortForward(
  ctx: Omit<HandlerContext, 'res'>,
  socket: Duplex,
  head: Buffer,
  pod: KubeObject,
): Promise<void> {
  const ports = ctx.url.searchParams
    .getAll('ports')
    .flatMap((p) => p.split(','))
    .map(Number);
  if (!ports.length || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535))
    throw errors.badRequest('query parameter "port" is required');
  const targets = await Promise.all(ports.map((p) => ctx.core.pods.portTarget(pod, p)));
  const { ws } = await accept(ctx, socket, head, ['v4.channel.k8s.io', 'channel.k8s.io']);
  const untrack = ctx.core.track(() => ws.terminate());
  const send = channelSender(ws);
  const sockets = targets.map((t, i) => {
    const port = Buffer.alloc(2);
    port.writeUInt16LE(ports[i]);
    send(2 * i, port);
    send(2 * i + 1, port);
    ctx.core.counters.portForwardStreams++;
    const sock = connect(t.port, t.host);
    sock.on('data', (d: Buffer) => send(2 * i, d));
    sock.on('error', (e) =>
      send(2 * i + 1, `error forwarding port ${ports[i]} to pod ${pod.metadata.name}: ${e.message}`),
    );
    sock.on('close', () => ws.readyState === ws.OPEN && ws.close(1000));
    return sock;
  });
  ws.on('message', (data: Buffer) => {
    if (data[0] % 2 === 0) sockets[data[0] / 2]?.write(data.subarray(1));
  });
  ws.on('close', () => {
    sockets.forEach((s) => s.destroy());
    untrack();
  });
  ws.on('error', () => ws.terminate());
}

/** Sends one binary message: the channel byte, then the payload. */
function channelSender(ws: WebSocket): (channel: number, data: Buffer | string) => void {
  return (channel, data) => {
    if (ws.readyState === ws.OPEN)
      ws.send(Buffer.concat([Buffer.from([channel]), typeof data === 'string' ? Buffer.from(data) : data]));
  };
}

export function tieToServer(core: Core, conn: SpdyConnection): void {
  const untrack = core.track(() => conn.close());
  conn.on('close', untrack);
}
