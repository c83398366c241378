// Upgrades (WebSocket GET for exec/attach/port-forward, SPDY/3.1 POST for the fallbacks) go upstream by hand over
// their own HTTP/1.1 socket: http-proxy drops SPDY POSTs and rebuilds the 101 losing duplicate headers (k8s-wire §7).
// The 101 is written with the API server's raw headers verbatim; a non-101 answer is forwarded as a real response
// so that kubectl can fall back from WebSocket to SPDY and print the error.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ProxyError, writeStatusToSocket } from './kube-status.js';
import { relay } from './relay.js';
import type { Upstream } from './upstream.js';
import { isSpdyRemoteCommand, SpdyGoodbye } from './spdy-goodbye.js';
import { FrameBoundaries, goodbyeFrames, isV5WebSocket } from './websocket-goodbye.js';

const MAX_ERROR_BODY = 1 << 20;

export interface UpgradeHandle {
  /**
   * Ends the stream (both sockets). With a reason, an exec/attach is first told why on its error channel (v5
   * WebSocket) or error stream (SPDY v4/v5), when that can be done between two of the API server's frames.
   */
  close(reason?: ProxyError): void;
}

/**
 * Forwards an upgrade request. `headers` is the full upstream header list in rawHeaders form (duplicates such as
 * the five X-Stream-Protocol-Version values must survive). `done` is called once with the status when it ends.
 */
export function forwardUpgrade(
  upstream: Upstream,
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  headers: string[],
  done: (status: number) => void,
): UpgradeHandle {
  let status = 0; // 0 until the API server answers
  let finished = false;
  let upSocket: Duplex | undefined;
  let unrelay = () => {};
  let frames: FrameBoundaries | undefined; // set for a v5 WebSocket, whose frames we follow
  let spdy: SpdyGoodbye | undefined; // set for a SPDY exec/attach, whose frames we follow
  const finish = () => {
    if (finished) return;
    finished = true;
    client.destroy();
    upSocket?.destroy();
    upReq.destroy();
    done(status || 499); // 499: the client left before the API server answered
  };
  const upReq = upstream.request({ method: req.method, path: req.url, headers });
  upReq.setTimeout(0);

  upReq.on('upgrade', (ures: IncomingMessage, socket: Duplex, uhead: Buffer) => {
    status = 101;
    upSocket = socket;
    let resHead = `HTTP/1.1 101 ${ures.statusMessage || 'Switching Protocols'}\r\n`;
    for (let i = 0; i < ures.rawHeaders.length; i += 2)
      resHead += `${ures.rawHeaders[i]}: ${ures.rawHeaders[i + 1]}\r\n`;
    client.write(resHead + '\r\n');
    if (uhead.length > 0) client.write(uhead);
    if (head.length > 0) socket.write(head);
    noTimeouts(client);
    noTimeouts(socket);
    if (isV5WebSocket(ures.rawHeaders)) {
      const tracker = (frames = new FrameBoundaries());
      socket.on('data', (chunk: Buffer) => tracker.observe(chunk));
    } else if (isSpdyRemoteCommand(ures.rawHeaders)) {
      spdy = new SpdyGoodbye(client, socket, head, uhead);
    }
    const down = relay(socket, client);
    const up = relay(client, socket);
    unrelay = () => (down(), up());
    socket.once('close', finish);
    socket.once('error', finish);
  });

  upReq.on('response', (ures: IncomingMessage) => {
    status = ures.statusCode ?? 502;
    const chunks: Buffer[] = [];
    let size = 0;
    ures.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_ERROR_BODY) chunks.push(c);
    });
    ures.once('end', () => {
      const body = Buffer.concat(chunks);
      let out = `HTTP/1.1 ${status} ${ures.statusMessage ?? ''}\r\n`;
      for (let i = 0; i < ures.rawHeaders.length; i += 2) {
        const name = ures.rawHeaders[i].toLowerCase();
        if (name === 'transfer-encoding' || name === 'content-length' || name === 'connection') continue;
        out += `${ures.rawHeaders[i]}: ${ures.rawHeaders[i + 1]}\r\n`;
      }
      out += `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
      client.end(Buffer.concat([Buffer.from(out, 'latin1'), body]), finish);
    });
    ures.once('error', finish);
  });

  upReq.on('error', (err) => {
    if (status === 0 && !finished) {
      status = 502;
      writeStatusToSocket(
        client,
        new ProxyError(502, 'InternalError', `the Kubernetes API server could not be reached: ${err.message}`),
      );
      client.once('close', finish);
    } else {
      finish();
    }
  });
  client.once('error', finish);
  client.once('close', finish);
  upReq.end();
  const sayGoodbye = (bytes: Buffer) => {
    if (finished) return;
    finished = true; // from here on nothing else may finish it, so the frames are not cut off
    unrelay();
    upSocket?.destroy();
    const done = () => {
      finished = false;
      finish();
    };
    // Whatever the client does, the socket is gone in a few seconds.
    const timer = setTimeout(done, 5_000);
    timer.unref();
    client.end(bytes, () => {
      clearTimeout(timer);
      done();
    });
  };
  return {
    close: (reason) => {
      const bytes =
        !reason || client.destroyed
          ? undefined
          : frames?.atMessageBoundary
            ? goodbyeFrames(reason)
            : spdy?.goodbye(reason);
      if (bytes) sayGoodbye(bytes);
      else finish();
    },
  };
}

function noTimeouts(s: Duplex): void {
  const sock = s as Duplex & { setTimeout?: (ms: number) => void; setNoDelay?: (b: boolean) => void };
  sock.setTimeout?.(0);
  sock.setNoDelay?.(true);
}
