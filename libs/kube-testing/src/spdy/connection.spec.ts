import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { SpdyConnection, type SpdyStream } from './connection.js';
import { FLAG_FIN, FrameParser, TYPE, controlFrame, dataFrame, type Frame } from './framing.js';
import { SPDY3_DICTIONARY } from '@infra/kube-wire';

/** Compresses header blocks the way Go's spdystream client does: one zlib stream, Z_SYNC_FLUSH per block. */
class GoLikeCompressor {
  private readonly deflate = zlib.createDeflate({ dictionary: SPDY3_DICTIONARY });
  private readonly out: Buffer[] = [];
  constructor() {
    this.deflate.on('data', (d: Buffer) => this.out.push(d));
  }
  block(headers: Record<string, string>): Promise<Buffer> {
    const parts: Buffer[] = [u32(Object.keys(headers).length)];
    for (const [k, v] of Object.entries(headers))
      parts.push(u32(k.length), Buffer.from(k), u32(v.length), Buffer.from(v));
    return new Promise((resolve) => {
      this.deflate.write(Buffer.concat(parts));
      this.deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve(Buffer.concat(this.out.splice(0))));
    });
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function synStream(id: number, block: Buffer, flags = 0): Buffer {
  const head = Buffer.alloc(10);
  head.writeUInt32BE(id, 0);
  return controlFrame(TYPE.SYN_STREAM, flags, Buffer.concat([head, block]));
}

function harness() {
  const sent: Frame[] = [];
  const parser = new FrameParser();
  let ended = false;
  const conn = new SpdyConnection({ write: (b) => sent.push(...parser.push(b)), end: () => (ended = true) });
  const streams: SpdyStream[] = [];
  conn.on('stream', (s: SpdyStream) => streams.push(s));
  return { conn, sent, streams, ended: () => ended };
}

describe('the SPDY/3.1 server connection', () => {
  it('rebuilds the 1423-byte SPDY/3 dictionary', () => {
    assert.equal(SPDY3_DICTIONARY.length, 1423);
  });

  it('answers each SYN_STREAM with a SYN_REPLY the peer can decompress', async () => {
    const h = harness();
    const client = new GoLikeCompressor();
    h.conn.receive(synStream(1, await client.block({ streamtype: 'error', port: '8080', requestid: '0' })));
    h.conn.receive(synStream(3, await client.block({ streamtype: 'data', port: '8080', requestid: '0' })));
    assert.deepEqual(
      h.streams.map((s) => [s.id, s.header('streamType'), s.header('port')]),
      [
        [1, 'error', '8080'],
        [3, 'data', '8080'],
      ],
    );
    const replies = h.sent.filter((f) => f.control && f.type === TYPE.SYN_REPLY);
    assert.equal(replies.length, 2);
    // Our stored-block encoding must inflate as one continuous zlib stream on the client side.
    const blocks = replies.map((f) => f.data.subarray(4));
    const all = zlib.inflateSync(Buffer.concat(blocks), {
      dictionary: SPDY3_DICTIONARY,
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
    });
    assert.deepEqual(all, Buffer.alloc(8));
  });

  it('delivers DATA, half-closes on FIN and echoes PING', async () => {
    const h = harness();
    const client = new GoLikeCompressor();
    h.conn.receive(synStream(1, await client.block({ streamtype: 'stdin' })));
    const got: Buffer[] = [];
    let ended = false;
    h.streams[0].on('data', (d: Buffer) => got.push(d));
    h.streams[0].on('end', () => (ended = true));
    const frames = Buffer.concat([
      dataFrame(1, 0, Buffer.from('hel')),
      dataFrame(1, FLAG_FIN, Buffer.from('lo')),
      controlFrame(TYPE.PING, 0, u32(7)),
    ]);
    // Split mid-frame: the parser must reassemble.
    h.conn.receive(frames.subarray(0, 5));
    h.conn.receive(frames.subarray(5));
    assert.equal(Buffer.concat(got).toString(), 'hello');
    assert.ok(ended);
    const ping = h.sent.find((f) => f.control && f.type === TYPE.PING);
    assert.equal(ping?.data.readUInt32BE(0), 7);
  });

  it('sends our data in frames and FIN on end, and resets streams on GOAWAY', async () => {
    const h = harness();
    const client = new GoLikeCompressor();
    h.conn.receive(synStream(5, await client.block({ streamtype: 'stdout' })));
    const s = h.streams[0];
    s.end('bye');
    const data = h.sent.filter((f) => !f.control);
    assert.deepEqual(
      data.map((f) => [!f.control && f.streamId, f.flags, f.data.toString()]),
      [
        [5, 0, 'bye'],
        [5, FLAG_FIN, ''],
      ],
    );
    h.conn.receive(controlFrame(TYPE.GOAWAY, 0, Buffer.concat([u32(5), u32(0)])));
    assert.ok(h.ended());
  });
});
