// A watch over WebSocket, as the real apiserver serves one (apiserver endpoints/handlers/watch.go: a watch asked
// for with `Upgrade: websocket` gets each event as one message). kubectl never asks for it; `infra doctor` does, to
// see an upgrade get through the connector without needing exec rights. The events are the ones handleWatch sends.
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { HandlerContext } from '../core.js';
import { handleWatch } from '../handlers/watch.js';
import { errors } from '../status.js';

export async function websocketWatch(ctx: Omit<HandlerContext, 'res'>, socket: Duplex, head: Buffer): Promise<void> {
  const { info } = ctx;
  const r = ctx.core.resources.find(info.apiGroup, info.apiVersion, info.resource);
  if (!r) throw errors.pathNotFound();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const ws = await new Promise<WebSocket>((resolve) => wss.handleUpgrade(ctx.req, socket, head, resolve));
  handleWatch({ ...ctx, res: eventsAsMessages(ws) }, r);
}

/** The part of a ServerResponse handleWatch writes to, turning each NDJSON line into one WebSocket message. */
function eventsAsMessages(ws: WebSocket): ServerResponse {
  const res = {
    writableEnded: false,
    writeHead: () => res,
    flushHeaders: () => {},
    write(chunk: string) {
      for (const event of chunk.split('\n')) if (event && ws.readyState === ws.OPEN) ws.send(event);
      return true;
    },
    end() {
      res.writableEnded = true;
      if (ws.readyState === ws.OPEN) ws.close(1000);
    },
    on(event: string, listener: () => void) {
      if (event === 'close') ws.on('close', listener);
      return res;
    },
  };
  ws.on('error', () => ws.terminate());
  return res as unknown as ServerResponse;
}
