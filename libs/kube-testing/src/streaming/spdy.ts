// exec/attach and port-forward over a plain SPDY/3.1 upgrade (KUBECTL_*_WEBSOCKETS=false, or the
// fallback after a WebSocket 4xx). Each channel is its own SPDY stream, named by its `streamtype` header.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { PassThrough } from 'node:stream';
import { errors } from '../status.js';
import type { Core } from '../core.js';
import type { KubeObject } from '../store.js';
import { SpdyConnection, type SpdyStream } from '../spdy/connection.js';
import { runSession, whenWritable, type StreamRequest } from './session.js';
import { servePortForward } from './portforward.js';
import { tieToServer } from './websocket.js';

const EXEC_PROTOCOLS = ['v4.channel.k8s.io', 'v5.channel.k8s.io'];
const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
const STREAM_WAIT_MS = 30_000;

function negotiate(req: IncomingMessage, supported: string[]): string {
  const offered = (req.headersDistinct['x-stream-protocol-version'] ?? []).flatMap((h) =>
    h.split(',').map((p) => p.trim()),
  );
  const chosen = supported.find((p) => offered.includes(p));
  if (!chosen) throw errors.forbiddenProtocol(offered, supported);
  return chosen;
}

function upgrade(core: Core, req: IncomingMessage, socket: Duplex, head: Buffer, protocol: string): SpdyConnection {
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`,
  );
  const conn = new SpdyConnection({
    write: (b) => socket.write(b),
    end: () => socket.end(),
    writable: () => whenWritable(socket),
  });
  tieToServer(core, conn);
  socket.on('data', (b: Buffer) => conn.receive(b));
  socket.on('close', () => conn.shutdown());
  if (head.length) conn.receive(head);
  return conn;
}

export function spdyPortForward(core: Core, req: IncomingMessage, socket: Duplex, head: Buffer, pod: KubeObject): void {
  const conn = upgrade(core, req, socket, head, negotiate(req, [PORT_FORWARD_PROTOCOL]));
  servePortForward(core, conn, pod);
}

export async function spdySession(
  core: Core,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  sreq: StreamRequest,
): Promise<void> {
  const conn = upgrade(core, req, socket, head, negotiate(req, EXEC_PROTOCOLS));
  const expected = [
    'error',
    ...(sreq.stdin ? ['stdin'] : []),
    ...(sreq.stdout ? ['stdout'] : []),
    ...(sreq.stderr && !sreq.tty ? ['stderr'] : []),
    ...(sreq.tty ? ['resize'] : []),
  ];
  const streams = new Map<string, SpdyStream>();
  const stdin = sreq.stdin ? new PassThrough() : undefined;
  const aborted = new AbortController();
  conn.on('close', () => {
    aborted.abort();
    stdin?.end();
  });
  const ready = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), STREAM_WAIT_MS);
    conn.on('close', () => (clearTimeout(timer), resolve(false)));
    conn.on('stream', (s: SpdyStream) => {
      const type = s.header('streamtype') ?? '';
      streams.set(type, s);
      if (type === 'stdin') {
        s.on('data', (d: Buffer) => stdin?.write(d));
        s.on('end', () => stdin?.end());
        s.on('reset', () => stdin?.end());
      }
      if (expected.every((t) => streams.has(t))) {
        clearTimeout(timer);
        resolve(true);
      }
    });
  });
  if (!(await ready)) {
    conn.close();
    return;
  }
  const status = await runSession(core, sreq, {
    stdin,
    stdout: (d) => streams.get('stdout')?.write(d),
    stderr: (d) => (streams.get('stderr') ?? streams.get('stdout'))?.write(d),
    signal: aborted.signal,
    writable: () => conn.writable(),
  });
  streams.get('stdout')?.end();
  streams.get('stderr')?.end();
  streams.get('error')?.end(JSON.stringify(status));
  // Give the client a moment to read the error stream before the connection goes.
  setTimeout(() => conn.close(), 100);
}
