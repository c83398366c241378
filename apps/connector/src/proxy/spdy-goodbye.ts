// Saying why a SPDY exec/attach ends when the proxy cuts it (access removed). kubectl's v4/v5 remotecommand client
// reads its `error` stream to the end and prints the Status found there; a bare close leaves it empty, and kubectl
// then exits 0 as if the command had succeeded. The error stream is one of the SPDY streams kubectl opens, named by a
// `streamtype` header inside its SYN_STREAM's header block, which is zlib-compressed with the SPDY/3 dictionary in ONE
// deflate context per direction for the whole session. So the client's frames are followed (kept alive in a single
// inflate stream) until that stream is found, and the API server's frames are followed to know when a frame of our
// own can be slipped in between two of them. Bytes are never held: the pipe runs as before, this only watches, and
// stops watching for good when the framing looks wrong.
import type { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from '@infra/kube-wire';
import { statusBody, type ProxyError } from './kube-status.js';

const REMOTE_COMMAND_PROTOCOLS = new Set(['v4.channel.k8s.io', 'v5.channel.k8s.io']); // those whose error stream holds a Status
const VERSION = 3;
const SYN_STREAM = 1;
const SYN_REPLY = 2;
const RST_STREAM = 3;
const HEADERS = 8;
const KNOWN_CONTROL_TYPES = new Set([1, 2, 3, 4, 6, 7, 8, 9]); // SYN_STREAM … WINDOW_UPDATE (5 was SPDY/2's NOOP)
const FLAG_FIN = 0x01;
const HEADER = 8;
const SYN_STREAM_PREFIX = 10; // stream id, associated stream id, priority and slot, then the header block
const MAX_HEADER_BLOCK = 64 * 1024; // kubectl's are a few dozen bytes; anything this big is not what we follow

/** Whether a 101 answer switched to SPDY/3.1 for exec/attach with a protocol whose error stream carries a Status. */
export function isSpdyRemoteCommand(rawHeaders: string[]): boolean {
  let spdy = false;
  let remoteCommand = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    const value = rawHeaders[i + 1].trim();
    if (name === 'upgrade') spdy = value.toLowerCase() === 'spdy/3.1';
    if (name === 'x-stream-protocol-version') remoteCommand = REMOTE_COMMAND_PROTOCOLS.has(value);
  }
  return spdy && remoteCommand;
}

export interface FrameHeader {
  control: boolean;
  /** Control frames: the type. Data frames: the stream id. */
  typeOrStream: number;
  flags: number;
  length: number;
}

/**
 * Follows a SPDY/3 byte stream frame by frame. Only frame headers are kept, plus the payload of frames `wanted`
 * picks (bounded). Sets `broken` (and ignores all further bytes) at the first header that is not SPDY/3.
 */
export class SpdyFrames {
  broken = false;
  private header: Buffer = Buffer.alloc(0); // bytes of a frame header not complete yet
  private current: FrameHeader | undefined; // the frame whose payload is passing
  private payloadLeft = 0;
  private payload: Buffer[] | undefined; // the current frame's payload so far, when wanted

  constructor(
    private readonly wanted: (h: FrameHeader) => boolean,
    private readonly onFrame: (h: FrameHeader, payload: Buffer | undefined) => void,
  ) {}

  observe(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && !this.broken) {
      if (this.current) {
        const n = Math.min(this.payloadLeft, chunk.length - at);
        this.payload?.push(chunk.subarray(at, at + n));
        this.payloadLeft -= n;
        at += n;
        if (this.payloadLeft === 0) this.complete();
        continue;
      }
      const take = chunk.subarray(at, at + HEADER - this.header.length);
      this.header = this.header.length ? Buffer.concat([this.header, take]) : take;
      at += take.length;
      if (this.header.length < HEADER) continue; // the chunk ended inside a header: wait for the rest
      const h = parseHeader(this.header);
      this.header = Buffer.alloc(0);
      if (!h || (h.control && this.wanted(h) && h.length > SYN_STREAM_PREFIX + MAX_HEADER_BLOCK)) {
        this.broken = true;
        return;
      }
      this.current = h;
      this.payloadLeft = h.length;
      this.payload = this.wanted(h) ? [] : undefined;
      if (h.length === 0) this.complete();
    }
  }

  /** Between two frames: a frame of our own may be written now without cutting one in half. */
  get atFrameBoundary(): boolean {
    return !this.broken && !this.current && this.header.length === 0;
  }

  private complete(): void {
    const h = this.current!;
    const payload = this.payload && Buffer.concat(this.payload);
    this.current = undefined;
    this.payload = undefined;
    this.onFrame(h, payload);
  }
}

function parseHeader(b: Buffer): FrameHeader | undefined {
  const control = (b[0] & 0x80) !== 0;
  const typeOrStream = control ? b.readUInt16BE(2) : b.readUInt32BE(0) & 0x7fffffff;
  if (control && ((b.readUInt16BE(0) & 0x7fff) !== VERSION || !KNOWN_CONTROL_TYPES.has(typeOrStream))) return undefined;
  if (!control && typeOrStream === 0) return undefined; // stream 0 is never a data stream
  return { control, typeOrStream, flags: b[4], length: b.readUIntBE(5, 3) };
}

/**
 * Reads the name/value blocks that come out of the session's one inflate stream, in SYN_STREAM order, and reports
 * the stream whose `streamtype` is `error`. Blocks may arrive split or joined in any way.
 */
export class HeaderBlocks {
  broken = false;
  private pending: Buffer = Buffer.alloc(0);
  private readonly streamIds: number[] = []; // SYN_STREAMs whose block has not come out of inflate yet

  constructor(private readonly onErrorStream: (streamId: number) => void) {}

  expect(streamId: number): void {
    this.streamIds.push(streamId);
  }

  inflated(bytes: Buffer): void {
    if (this.broken) return;
    this.pending = this.pending.length ? Buffer.concat([this.pending, bytes]) : bytes;
    for (;;) {
      const block = readBlock(this.pending);
      if (block === 'incomplete') break;
      const streamId = this.streamIds.shift();
      if (!block || streamId === undefined) {
        this.broken = true;
        return;
      }
      this.pending = this.pending.subarray(block.length);
      if (block.headers.get('streamtype') === 'error') this.onErrorStream(streamId);
    }
    if (this.pending.length > MAX_HEADER_BLOCK) this.broken = true;
  }
}

/** One SPDY/3 name/value block: u32 count, then per pair a u32-length name and a u32-length value. */
function readBlock(b: Buffer): { length: number; headers: Map<string, string> } | 'incomplete' | undefined {
  if (b.length < 4) return 'incomplete';
  const count = b.readUInt32BE(0);
  if (count > 1024) return undefined;
  const headers = new Map<string, string>();
  let p = 4;
  for (let i = 0; i < count; i++) {
    const strings: string[] = [];
    for (let s = 0; s < 2; s++) {
      if (b.length < p + 4) return 'incomplete';
      const n = b.readUInt32BE(p);
      if (n > MAX_HEADER_BLOCK) return undefined;
      if (b.length < p + 4 + n) return 'incomplete';
      strings.push(b.toString('latin1', p + 4, p + 4 + n));
      p += 4 + n;
    }
    headers.set(strings[0].toLowerCase(), strings[1]);
  }
  return { length: p, headers };
}

/** Follows one SPDY exec/attach session and, asked to, builds the frames that tell kubectl why it ends. */
export class SpdyGoodbye {
  private errorStream: number | undefined;
  private serverUsedErrorStream = false; // the API server already wrote (or reset) it: its word stands
  private readonly toServer: SpdyFrames;
  private readonly toClient: SpdyFrames;
  private readonly blocks = new HeaderBlocks((id) => this.foundErrorStream(id));
  private inflate: zlib.Inflate | undefined;
  private readonly fromClient = (chunk: Buffer) => this.watch(() => this.toServer.observe(chunk));
  private readonly fromServer = (chunk: Buffer) => this.watch(() => this.toClient.observe(chunk));
  private gaveUp = false;

  /** `clientHead`: bytes the client sent with the upgrade request; `serverHead`: bytes the API server sent with the 101. */
  constructor(
    private readonly client: Duplex,
    server: Duplex,
    clientHead: Buffer,
    serverHead: Buffer,
  ) {
    this.toServer = new SpdyFrames(
      (h) => h.control && h.typeOrStream === SYN_STREAM,
      (h, payload) => payload && h.control && h.typeOrStream === SYN_STREAM && this.synStream(payload),
    );
    this.toClient = new SpdyFrames(
      (h) => h.control && endsStream(h),
      (h, payload) => this.serverFrame(h, payload),
    );
    const inflate = (this.inflate = zlib.createInflate({
      dictionary: SPDY3_DICTIONARY,
      flush: zlib.constants.Z_SYNC_FLUSH, // every block out at once: kubectl flushes each one
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
    }));
    inflate.on('data', (bytes: Buffer) => this.watch(() => this.blocks.inflated(bytes)));
    inflate.on('error', () => this.stopFollowingClient());
    client.on('data', this.fromClient);
    client.once('close', () => this.stopFollowingClient());
    server.on('data', this.fromServer);
    if (clientHead.length) this.fromClient(clientHead);
    if (serverHead.length) this.fromServer(serverHead);
  }

  /** The bytes to write to the client now, before closing, or undefined when nothing can be said right now. */
  goodbye(err: ProxyError): Buffer | undefined {
    if (this.gaveUp || this.errorStream === undefined || this.serverUsedErrorStream || !this.toClient.atFrameBoundary)
      return undefined;
    return goodbyeFrames(this.errorStream, err);
  }

  /** Runs a step of following; should anything throw, following stops for good and the pipe goes on untouched. */
  private watch(step: () => void): void {
    if (this.gaveUp) return;
    try {
      step();
    } catch {
      this.gaveUp = true;
      this.stopFollowingClient();
    }
  }

  private synStream(payload: Buffer): void {
    if (!this.inflate || payload.length < SYN_STREAM_PREFIX) return this.stopFollowingClient();
    this.blocks.expect(payload.readUInt32BE(0) & 0x7fffffff);
    this.inflate.write(payload.subarray(SYN_STREAM_PREFIX));
  }

  /** Any DATA, or a control frame that ends a stream, from the API server on the error stream: it has spoken. */
  private serverFrame(h: FrameHeader, payload: Buffer | undefined): void {
    if (this.errorStream === undefined) return;
    const streamId = !h.control
      ? h.typeOrStream
      : payload && payload.length >= 4
        ? payload.readUInt32BE(0) & 0x7fffffff
        : undefined;
    if (streamId === this.errorStream) this.serverUsedErrorStream = true;
  }

  private foundErrorStream(streamId: number): void {
    this.errorStream = streamId;
    this.stopFollowingClient(); // kubectl opens it first and once: nothing more to learn from the client
  }

  private stopFollowingClient(): void {
    this.client.off('data', this.fromClient);
    this.inflate?.destroy();
    this.inflate = undefined;
  }
}

/** RST_STREAM, or SYN_REPLY/HEADERS with FIN: control frames that end (the sender's half of) a stream. */
function endsStream(h: FrameHeader): boolean {
  return (
    h.typeOrStream === RST_STREAM ||
    ((h.typeOrStream === SYN_REPLY || h.typeOrStream === HEADERS) && (h.flags & FLAG_FIN) !== 0)
  );
}

/** A DATA frame on the error stream carrying a Forbidden Status with the message, then an empty DATA frame with FIN. */
export function goodbyeFrames(errorStream: number, err: ProxyError): Buffer {
  return Buffer.concat([
    dataFrame(errorStream, 0, Buffer.from(statusBody(err))),
    dataFrame(errorStream, FLAG_FIN, Buffer.alloc(0)),
  ]);
}

function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  const h = Buffer.alloc(HEADER);
  h.writeUInt32BE(streamId & 0x7fffffff, 0);
  h[4] = flags;
  h.writeUIntBE(data.length, 5, 3);
  return Buffer.concat([h, data]);
}
