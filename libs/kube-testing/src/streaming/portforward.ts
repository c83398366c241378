// Port-forward over a SPDY connection (plain or tunnelled in WebSocket). For each local connection
// kubectl opens an `error` and a `data` stream carrying `port` and `requestid`; we connect the data
// stream to the pod port's target and FIN both streams when the target side ends (kubectl waits for
// the error stream's EOF before it closes the local connection).
import { connect, type Socket } from 'node:net';
import type { Core } from '../core.js';
import type { KubeObject } from '../store.js';
import type { SpdyConnection, SpdyStream } from '../spdy/connection.js';

interface Pair {
  error?: SpdyStream;
  data?: SpdyStream;
}

export function servePortForward(core: Core, conn: SpdyConnection, pod: KubeObject): void {
  const pairs = new Map<string, Pair>();
  conn.on('stream', (s: SpdyStream) => {
    const id = s.header('requestid') ?? '';
    const pair = pairs.get(id) ?? {};
    pairs.set(id, pair);
    const type = s.header('streamtype');
    if (type === 'error') pair.error = s;
    else if (type === 'data') {
      pair.data = s;
      core.counters.portForwardStreams++;
      void forward(
        core,
        conn,
        pod,
        Number(s.header('port')),
        s,
        () => pair.error,
        () => pairs.delete(id),
      );
    } else s.abort();
  });
}

async function forward(
  core: Core,
  conn: SpdyConnection,
  pod: KubeObject,
  port: number,
  data: SpdyStream,
  error: () => SpdyStream | undefined,
  done: () => void,
): Promise<void> {
  // Buffer what arrives while we connect.
  const pending: Buffer[] = [];
  let remoteEnded = false;
  let target: Socket | undefined;
  data.on('data', (b: Buffer) => (target ? target.write(b) : pending.push(b)));
  data.on('end', () => (target ? target.end() : (remoteEnded = true)));
  data.on('reset', () => target?.destroy());
  const finish = (message?: string) => {
    const err = error();
    if (message) err?.write(message);
    data.end();
    err?.end();
    done();
  };
  const dest = await core.pods.portTarget(pod, port);
  if (data.reset) return done();
  target = connect(dest.port, dest.host);
  for (const b of pending) target.write(b);
  if (remoteEnded) target.end();
  // Backpressure towards the pod's port: stop reading it while the connection's transport is full.
  target.on('data', (b: Buffer) => {
    data.write(b);
    const room = conn.writable();
    if (room) {
      target!.pause();
      void room.then(() => target?.resume());
    }
  });
  target.on('end', () => finish());
  target.on('error', (e) => {
    finish(`error forwarding port ${port} to pod ${pod.metadata.name}, uid ${pod.metadata.uid}: ${e.message}`);
    target?.destroy();
  });
}
