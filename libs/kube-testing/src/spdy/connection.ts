// A server-side SPDY/3.1 connection as kubectl's spdystream client expects it: every client stream is
// answered with SYN_REPLY at once (the client waits up to 30 s for it), PINGs are echoed, DATA with FIN
// half-closes a stream. Works over a socket or over WebSocket messages (tunnelled port-forward).
import { EventEmitter } from 'node:events';
import {
  FLAG_FIN,
  FrameParser,
  HeaderCodec,
  MAX_DATA,
  TYPE,
  controlFrame,
  dataFrame,
  goAway,
  parseSynStream,
  rstStream,
  synReply,
  type Headers,
} from './framing.js';

export interface SpdyTransport {
  write(buf: Buffer): void;
  end(): void;
  /** Backpressure: undefined when the transport has room (or has no limit), else a promise of room. */
  writable?(): Promise<void> | undefined;
}

const RST_CANCEL = 5;

export class SpdyStream extends EventEmitter {
  remoteEnded = false;
  localEnded = false;
  reset = false;

  constructor(
    readonly id: number,
    readonly headers: Headers,
    private readonly conn: SpdyConnection,
  ) {
    super();
  }

  header(name: string): string | undefined {
    return this.headers.get(name.toLowerCase())?.[0];
  }

  write(data: Buffer | string): void {
    if (this.localEnded || this.reset) return;
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    for (let i = 0; i < buf.length; i += MAX_DATA) this.conn.send(dataFrame(this.id, 0, buf.subarray(i, i + MAX_DATA)));
  }

  /** Half-closes our side (DATA with FIN). */
  end(data?: Buffer | string): void {
    if (data) this.write(data);
    if (this.localEnded || this.reset) return;
    this.localEnded = true;
    this.conn.send(dataFrame(this.id, FLAG_FIN, Buffer.alloc(0)));
    this.conn.forgetIfDone(this);
  }

  abort(): void {
    if (this.reset) return;
    this.reset = true;
    this.conn.send(rstStream(this.id, RST_CANCEL));
    this.conn.forgetIfDone(this);
  }
}

/** Events: 'stream' (SpdyStream), 'close'. Stream events: 'data' (Buffer), 'end', 'reset'. */
export class SpdyConnection extends EventEmitter {
  private readonly parser = new FrameParser();
  private readonly codec = new HeaderCodec();
  private readonly streams = new Map<number, SpdyStream>();
  private lastStreamId = 0;
  private closed = false;

  constructor(private readonly transport: SpdyTransport) {
    super();
  }

  receive(chunk: Buffer): void {
    if (this.closed) return;
    try {
      for (const f of this.parser.push(chunk)) {
        if (f.control) this.onControl(f.type, f.flags, f.data);
        else this.onData(f.streamId, f.flags, f.data);
      }
    } catch (e) {
      this.emit('protocolError', e);
      this.close();
    }
  }

  send(buf: Buffer): void {
    if (!this.closed) this.transport.write(buf);
  }

  /** undefined when the transport can take more data now, else a promise of room. */
  writable(): Promise<void> | undefined {
    return this.closed ? undefined : this.transport.writable?.();
  }

  /** GOAWAY, then end the transport; every open stream sees 'reset'. */
  close(): void {
    if (this.closed) return;
    this.send(goAway(this.lastStreamId));
    this.shutdown();
    this.transport.end();
  }

  /** The transport went away underneath us. */
  shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.streams.values()) {
      s.reset = true;
      s.emit('reset');
    }
    this.streams.clear();
    this.emit('close');
  }

  forgetIfDone(s: SpdyStream): void {
    if (s.reset || (s.localEnded && s.remoteEnded)) this.streams.delete(s.id);
  }

  private onControl(type: number, flags: number, data: Buffer): void {
    switch (type) {
      case TYPE.SYN_STREAM: {
        const { streamId, headerBlock } = parseSynStream(data);
        const stream = new SpdyStream(streamId, this.codec.decode(headerBlock), this);
        this.lastStreamId = Math.max(this.lastStreamId, streamId);
        this.streams.set(streamId, stream);
        this.send(synReply(streamId, this.codec.encode({})));
        this.emit('stream', stream);
        if (flags & FLAG_FIN) this.remoteEnd(stream);
        break;
      }
      case TYPE.HEADERS:
        this.codec.decode(data.subarray(4)); // keeps the shared zlib context in step
        break;
      case TYPE.RST_STREAM: {
        const s = this.streams.get(data.readUInt32BE(0) & 0x7fffffff);
        if (s) {
          s.reset = true;
          this.streams.delete(s.id);
          s.emit('reset');
        }
        break;
      }
      case TYPE.PING:
        this.send(controlFrame(TYPE.PING, 0, data));
        break;
      case TYPE.GOAWAY:
        this.shutdown();
        this.transport.end();
        break;
      default: // SETTINGS, WINDOW_UPDATE: spdystream does no flow control
        break;
    }
  }

  private onData(streamId: number, flags: number, data: Buffer): void {
    const s = this.streams.get(streamId);
    if (!s || s.remoteEnded) return;
    if (data.length) s.emit('data', Buffer.from(data));
    if (flags & FLAG_FIN) this.remoteEnd(s);
  }

  private remoteEnd(s: SpdyStream): void {
    s.remoteEnded = true;
    s.emit('end');
    this.forgetIfDone(s);
  }
}
