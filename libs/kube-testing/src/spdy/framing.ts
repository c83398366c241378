// SPDY/3 frames (k8s-wire §5): parsing a byte stream into frames, serialising frames, and the two
// stateful zlib contexts (one per direction) that compress header blocks with the SPDY/3 dictionary.
import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from '@infra/kube-wire';

export const FLAG_FIN = 0x01;
export const TYPE = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;
const VERSION = 3;
/** DATA payloads are split at this size; spdystream has no flow control, so any size <16 MiB works. */
export const MAX_DATA = 64 * 1024;

export type Frame =
  | { control: false; streamId: number; flags: number; data: Buffer }
  | { control: true; type: number; flags: number; data: Buffer };

export type Headers = Map<string, string[]>;

/** Accumulates bytes and yields complete frames. */
export class FrameParser {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: Frame[] = [];
    while (this.buf.length >= 8) {
      const len = this.buf.readUIntBE(5, 3);
      if (this.buf.length < 8 + len) break;
      const flags = this.buf[4];
      const data = this.buf.subarray(8, 8 + len);
      if (this.buf[0] & 0x80) {
        const version = this.buf.readUInt16BE(0) & 0x7fff;
        if (version !== VERSION) throw new Error(`unsupported SPDY version ${version}`);
        frames.push({ control: true, type: this.buf.readUInt16BE(2), flags, data });
      } else {
        frames.push({ control: false, streamId: this.buf.readUInt32BE(0) & 0x7fffffff, flags, data });
      }
      this.buf = this.buf.subarray(8 + len);
    }
    return frames;
  }
}

/**
 * Header blocks share one zlib stream per direction for the whole connection, flushed per frame.
 * Kept synchronous so frames stay in order: incoming blocks are inflated by re-inflating the
 * connection's whole (small) header history and keeping the new tail; outgoing blocks are written as
 * stored (uncompressed) deflate blocks, which any zlib reader accepts after the dictionary header.
 */
export class HeaderCodec {
  private received: Buffer = Buffer.alloc(0);
  private consumed = 0;
  private sentHeader = false;

  decode(block: Buffer): Headers {
    const headers: Headers = new Map();
    if (!block.length) return headers;
    this.received = Buffer.concat([this.received, block]);
    const all = zlib.inflateSync(this.received, {
      dictionary: SPDY3_DICTIONARY,
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
    });
    const raw = all.subarray(this.consumed);
    this.consumed = all.length;
    if (raw.length < 4) return headers;
    let p = 0;
    const u32 = () => {
      const v = raw.readUInt32BE(p);
      p += 4;
      return v;
    };
    const str = () => {
      const n = u32();
      const s = raw.toString('utf8', p, p + n);
      p += n;
      return s;
    };
    for (let count = u32(); count > 0; count--) {
      const name = str().toLowerCase();
      headers.set(name, [...(headers.get(name) ?? []), ...str().split('\0')]);
    }
    return headers;
  }

  encode(headers: Record<string, string | string[]>): Buffer {
    const parts: Buffer[] = [u32(Object.keys(headers).length)];
    for (const [name, value] of Object.entries(headers)) {
      const n = Buffer.from(name.toLowerCase());
      const v = Buffer.from(Array.isArray(value) ? value.join('\0') : value);
      parts.push(u32(n.length), n, u32(v.length), v);
    }
    const raw = Buffer.concat(parts);
    const out: Buffer[] = [];
    if (!this.sentHeader) {
      this.sentHeader = true;
      // CMF 0x78 (deflate, 32 KiB window), FLG 0x20 (FDICT; 0x7820 % 31 == 0), then the dictionary's Adler-32.
      out.push(Buffer.from([0x78, 0x20]), u32(DICTIONARY_ID));
    }
    for (let i = 0; i < raw.length || i === 0; i += 0xffff) {
      const chunk = raw.subarray(i, i + 0xffff);
      const h = Buffer.alloc(5);
      h[0] = 0; // BFINAL=0, BTYPE=00 (stored)
      h.writeUInt16LE(chunk.length, 1);
      h.writeUInt16LE(~chunk.length & 0xffff, 3);
      out.push(h, chunk);
    }
    // An empty stored block, as Z_SYNC_FLUSH ends with: Go's flate reader hands out a stored block's
    // bytes only when the next block starts, and the frame must be fully consumed (spdystream checks).
    out.push(Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]));
    return Buffer.concat(out);
  }
}

function adler32(buf: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of buf) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const DICTIONARY_ID = adler32(SPDY3_DICTIONARY);

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
}

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x8000 | VERSION, 0);
  h.writeUInt16BE(type, 2);
  h[4] = flags;
  h.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([h, payload]);
}

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(streamId & 0x7fffffff, 0);
  h[4] = flags;
  h.writeUIntBE(data.length, 5, 3);
  return Buffer.concat([h, data]);
}

export function synReply(streamId: number, headerBlock: Buffer, flags = 0): Buffer {
  return controlFrame(TYPE.SYN_REPLY, flags, Buffer.concat([u32(streamId), headerBlock]));
}

export function rstStream(streamId: number, status: number): Buffer {
  return controlFrame(TYPE.RST_STREAM, 0, Buffer.concat([u32(streamId), u32(status)]));
}

export function goAway(lastStreamId: number, status = 0): Buffer {
  return controlFrame(TYPE.GOAWAY, 0, Buffer.concat([u32(lastStreamId), u32(status)]));
}

/** SYN_STREAM payload: stream id, associated id, priority/slot, then the header block. */
export function parseSynStream(data: Buffer): { streamId: number; headerBlock: Buffer } {
  return { streamId: data.readUInt32BE(0) & 0x7fffffff, headerBlock: data.subarray(10) };
}
