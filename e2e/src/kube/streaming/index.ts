// Upgrade requests: exec/attach/port-forward over WebSocket or SPDY/3.1.
import type { Duplex } from 'node:stream';
import { errors } from '../status.js';
import type { HandlerContext } from '../core.js';

export async function handleUpgrade(_ctx: Omit<HandlerContext, 'res'>, _socket: Duplex, _head: Buffer): Promise<void> {
  throw errors.badRequest('streaming is not implemented yet');
}
