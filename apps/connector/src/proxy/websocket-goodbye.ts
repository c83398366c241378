// Saying why an exec/attach WebSocket ends when the proxy cuts it (access removed): kubectl's v5 remotecommand
// client reads a Status from the error channel (3) and prints its message; a bare TCP close shows only "close 1006".
// The proxy relays the API server's frames as raw bytes, so it tracks their boundaries to know when a frame of its
// own can be slipped in without cutting one of the API server's frames (or a fragmented message) in half.
import { statusBody, type ProxyError } from './kube-status.js';

const V5_PROTOCOL = 'v5.channel.k8s.io';
const ERROR_CHANNEL = 3;
const OPCODE_BINARY = 0x2;
const OPCODE_CLOSE = 0x8;
const CLOSE_NORMAL = 1000;
const MAX_HEADER = 14; // 2 + 8 extended length + 4 mask
const MAX_CLOSE_REASON = 123; // a control frame's payload is at most 125 bytes, 2 of them the code

/** Whether a 101 answer chose the v5 remotecommand WebSocket protocol (the only one whose error channel we speak). */
export function isV5WebSocket(rawHeaders: string[]): boolean {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === 'sec-websocket-protocol') return rawHeaders[i + 1].trim() === V5_PROTOCOL;
  }
  return false;
}

/** Follows the server-to-client frame stream (unmasked frames) and tells whether it sits between two messages. */
export class FrameBoundaries {
  private header = Buffer.alloc(0); // bytes of a frame header not complete yet
  private payloadLeft = 0;
  private inMessage = false; // a fragmented data message has started and not finished

  observe(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.payloadLeft > 0) {
        const n = Math.min(this.payloadLeft, chunk.length - at);
        this.payloadLeft -= n;
        at += n;
        continue;
      }
      const before = this.header.length;
      const take = chunk.subarray(at, at + MAX_HEADER - before);
      this.header = Buffer.concat([this.header, take]);
      const parsed = parseHeader(this.header);
      if (!parsed) {
        at += take.length; // the chunk ended inside a header: wait for the rest
        continue;
      }
      at += parsed.headerLength - before;
      this.header = Buffer.alloc(0);
      this.payloadLeft = parsed.payloadLength;
      if (parsed.opcode < 0x8) this.inMessage = !parsed.fin; // control frames may interleave; they never end a message
    }
  }

  get atMessageBoundary(): boolean {
    return this.payloadLeft === 0 && this.header.length === 0 && !this.inMessage;
  }
}

function parseHeader(
  b: Buffer,
): { fin: boolean; opcode: number; headerLength: number; payloadLength: number } | undefined {
  if (b.length < 2) return undefined;
  const fin = (b[0] & 0x80) !== 0;
  const opcode = b[0] & 0x0f;
  const masked = (b[1] & 0x80) !== 0;
  let len = b[1] & 0x7f;
  let headerLength = 2;
  if (len === 126) {
    if (b.length < 4) return undefined;
    len = b.readUInt16BE(2);
    headerLength = 4;
  } else if (len === 127) {
    if (b.length < 10) return undefined;
    len = Number(b.readBigUInt64BE(2));
    headerLength = 10;
  }
  if (masked) headerLength += 4;
  if (b.length < headerLength) return undefined;
  return { fin, opcode, headerLength, payloadLength: len };
}

/** An error-channel Status frame with the message, then a normal close frame carrying it as the reason. */
export function goodbyeFrames(err: ProxyError): Buffer {
  const message = err.message;
  const status = statusBody(err);
  const data = Buffer.concat([Buffer.from([ERROR_CHANNEL]), Buffer.from(status)]);
  const reason = truncateUtf8(message, MAX_CLOSE_REASON);
  const close = Buffer.alloc(2 + reason.length);
  close.writeUInt16BE(CLOSE_NORMAL, 0);
  reason.copy(close, 2);
  return Buffer.concat([frame(OPCODE_BINARY, data), frame(OPCODE_CLOSE, close)]);
}

function frame(opcode: number, payload: Buffer): Buffer {
  let header: Buffer;
  if (payload.length < 126) {
    header = Buffer.from([0x80 | opcode, payload.length]);
  } else if (payload.length < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(payload.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(payload.length), 2);
  }
  return Buffer.concat([header, payload]);
}

function truncateUtf8(s: string, maxBytes: number): Buffer {
  let out = Buffer.from(s);
  while (out.length > maxBytes) out = Buffer.from((s = s.slice(0, -1)));
  return out;
}
