import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from '@infra/kube-wire';
import { goodbyeFrames, isSpdyRemoteCommand, SpdyFrames, SpdyGoodbye, type FrameHeader } from './spdy-goodbye.js';
import { ProxyError } from './kube-status.js';

const BYE = ProxyError.unauthorized('bye');

/** kubectl's side of a session: SYN_STREAMs whose header blocks share one deflate context, flushed per block. */
class SpdyClient {
  private readonly deflate = zlib.createDeflate({ dictionary: SPDY3_DICTIONARY });

  async synStream(streamId: number, headers: Record<string, string>): Promise<Buffer> {
    const raw: Buffer[] = [u32(Object.keys(headers).length)];
    for (const [name, value] of Object.entries(headers))
      raw.push(u32(name.length), Buffer.from(name), u32(value.length), Buffer.from(value));
    const out: Buffer[] = [];
    const collect = (b: Buffer) => out.push(b);
    this.deflate.on('data', collect);
    this.deflate.write(Buffer.concat(raw));
    await new Promise<void>((resolve) => this.deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve()));
    this.deflate.off('data', collect);
    const payload = Buffer.concat([u32(streamId), u32(0), Buffer.from([0, 0]), ...out]);
    return control(1, 0, payload);
  }
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
}

function control(type: number, flags: number, payload: Buffer): Buffer {
  const h = Buffer.from([0x80, 3, 0, type, flags, 0, 0, 0]);
  h.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([h, payload]);
}

function data(streamId: number, flags: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(streamId);
  h[4] = flags;
  h.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([h, payload]);
}

/** What kubectl 1.35 opens for `exec -i`: error first, then stdin, stdout, stderr (header names repeat, so later blocks lean on earlier ones). */
async function kubectlStreams(
  client = new SpdyClient(),
  order = ['error', 'stdin', 'stdout', 'stderr'],
): Promise<Buffer[]> {
  const frames: Buffer[] = [];
  for (const [i, type] of order.entries())
    frames.push(await client.synStream(1 + 2 * i, { streamtype: type, 'x-stream-id': String(i) }));
  return frames;
}

/**
 * Waits for a condition that an inflate callback will make true. zlib answers from the thread pool, which a loaded
 * machine may keep busy for a while: the bound is generous and in time, not in event-loop turns.
 */
async function until(what: string, cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
  assert.ok(cond(), what);
}

function session(): { goodbye: SpdyGoodbye; client: PassThrough; server: PassThrough } {
  const client = new PassThrough();
  const server = new PassThrough();
  return { goodbye: new SpdyGoodbye(client, server, Buffer.alloc(0), Buffer.alloc(0)), client, server };
}

function decode(bytes: Buffer): { frames: [FrameHeader, Buffer | undefined][]; boundary: boolean } {
  const frames: [FrameHeader, Buffer | undefined][] = [];
  const f = new SpdyFrames(
    () => true,
    (h, p) => frames.push([h, p]),
  );
  f.observe(bytes);
  return { frames, boundary: f.atFrameBoundary };
}

describe('telling a SPDY exec why it ends', () => {
  it('follows only SPDY/3.1 exec and attach with a Status-carrying protocol', () => {
    assert.equal(isSpdyRemoteCommand(['Upgrade', 'SPDY/3.1', 'X-Stream-Protocol-Version', 'v5.channel.k8s.io']), true);
    assert.equal(isSpdyRemoteCommand(['upgrade', 'spdy/3.1', 'x-stream-protocol-version', 'v4.channel.k8s.io']), true);
    assert.equal(isSpdyRemoteCommand(['Upgrade', 'SPDY/3.1', 'X-Stream-Protocol-Version', 'v3.channel.k8s.io']), false);
    assert.equal(
      isSpdyRemoteCommand(['Upgrade', 'SPDY/3.1', 'X-Stream-Protocol-Version', 'portforward.k8s.io']),
      false,
    );
    assert.equal(isSpdyRemoteCommand(['Upgrade', 'websocket', 'Sec-WebSocket-Protocol', 'v5.channel.k8s.io']), false);
  });

  it('reads the same frames however the bytes are split, and knows when it sits between two', async () => {
    const bytes = Buffer.concat([
      ...(await kubectlStreams()),
      data(3, 0, Buffer.alloc(300, 1)),
      data(5, 1, Buffer.alloc(0)),
      control(6, 0, u32(1)),
    ]);
    const whole = decode(bytes);
    assert.deepEqual(whole.frames.map(([h]) => [h.control, h.typeOrStream, h.flags, h.length]).slice(4), [
      [false, 3, 0, 300],
      [false, 5, 1, 0],
      [true, 6, 0, 4],
    ]);
    for (let split = 0; split <= bytes.length; split++) {
      const frames: [FrameHeader, Buffer | undefined][] = [];
      const f = new SpdyFrames(
        () => true,
        (h, p) => frames.push([h, p]),
      );
      f.observe(bytes.subarray(0, split));
      f.observe(bytes.subarray(split));
      assert.deepEqual(frames, whole.frames, `split at ${split}`);
      assert.equal(f.atFrameBoundary, true);
    }
    const f = new SpdyFrames(
      () => false,
      () => {},
    );
    f.observe(bytes.subarray(0, 5));
    assert.equal(f.atFrameBoundary, false, 'inside a header');
    f.observe(bytes.subarray(5, 12));
    assert.equal(f.atFrameBoundary, false, 'inside a payload');
  });

  it("finds kubectl's error stream through the shared zlib context, however the bytes are split", async () => {
    // The error stream opened third: its block can only be inflated after the two before it.
    const bytes = Buffer.concat(await kubectlStreams(new SpdyClient(), ['stdin', 'stdout', 'error', 'stderr']));
    for (let split = 0; split <= bytes.length; split++) {
      const { goodbye, client } = session();
      client.write(bytes.subarray(0, split));
      client.write(bytes.subarray(split));
      await until(`the error stream found, split at ${split}`, () => goodbye.goodbye(BYE) !== undefined);
      const { frames } = decode(goodbye.goodbye(BYE)!);
      assert.deepEqual(
        frames.map(([h]) => [h.typeOrStream, h.flags]),
        [
          [5, 0],
          [5, 1],
        ],
        `split at ${split}`,
      );
    }
  });

  it('reads on past stdin, pings and resets that follow the SYN_STREAMs before zlib has answered', async () => {
    // kubectl cp streams a tar archive on stdin at once: the error stream is still being inflated when it passes.
    const streams = await kubectlStreams(new SpdyClient(), ['stdin', 'error', 'stdout']);
    const stdin = Buffer.concat([
      data(1, 0, Buffer.alloc(70_000, 9)),
      control(6, 0, u32(1)),
      data(1, 1, Buffer.alloc(0)),
      control(3, 0, Buffer.concat([u32(5), u32(5)])),
    ]);
    const { goodbye, client } = session();
    client.write(Buffer.concat([...streams, stdin]));
    client.write(stdin);
    await until('the error stream found', () => goodbye.goodbye(BYE) !== undefined);
    assert.equal(decode(goodbye.goodbye(BYE)!).frames[0][0].typeOrStream, 3);
  });

  it('writes a Forbidden Status on the error stream, then ends that stream', () => {
    const { frames, boundary } = decode(
      goodbyeFrames(7, ProxyError.forbidden('your access to production was removed')),
    );
    assert.equal(boundary, true);
    const [[status, body], [fin, empty]] = frames;
    assert.deepEqual([status.control, status.typeOrStream, status.flags], [false, 7, 0]);
    assert.deepEqual(JSON.parse(body!.toString()), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'your access to production was removed',
      reason: 'Forbidden',
      code: 403,
    });
    assert.deepEqual([fin.control, fin.typeOrStream, fin.flags, empty!.length], [false, 7, 1, 0]);
  });

  it("says nothing in the middle of one of the API server's frames, and nothing once the API server used the error stream", async () => {
    const { goodbye, client, server } = session();
    client.write(Buffer.concat(await kubectlStreams()));
    await until('the error stream found', () => goodbye.goodbye(BYE) !== undefined);
    const stdout = data(5, 0, Buffer.from('hello'));
    server.write(stdout.subarray(0, 10));
    assert.equal(goodbye.goodbye(BYE), undefined, 'inside a frame');
    server.write(stdout.subarray(10));
    assert.notEqual(goodbye.goodbye(BYE), undefined, 'after it');
    server.write(control(3, 0, Buffer.concat([u32(1), u32(5)]))); // RST_STREAM of the error stream
    assert.equal(goodbye.goodbye(BYE), undefined, 'after the API server reset the error stream');

    const other = session();
    other.client.write(Buffer.concat(await kubectlStreams()));
    await until('the error stream found', () => other.goodbye.goodbye(BYE) !== undefined);
    other.server.write(control(2, 0, Buffer.concat([u32(1), Buffer.alloc(12)]))); // SYN_REPLY: the stream is open both ways
    assert.notEqual(other.goodbye.goodbye(BYE), undefined, 'after a SYN_REPLY');
    other.server.write(data(1, 1, Buffer.from('{"status":"Success"}')));
    assert.equal(other.goodbye.goodbye(BYE), undefined, 'after the API server wrote its own Status');

    const replied = session();
    replied.client.write(Buffer.concat(await kubectlStreams()));
    await until('the error stream found', () => replied.goodbye.goodbye(BYE) !== undefined);
    replied.server.write(control(2, 1, Buffer.concat([u32(1), Buffer.alloc(12)]))); // SYN_REPLY with FIN
    assert.equal(replied.goodbye.goodbye(BYE), undefined, 'after the API server ended its half of the error stream');
  });

  it('stays a silent observer on garbage, in either direction', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
    const { goodbye, client, server } = session();
    client.write(garbage);
    server.write(garbage);
    assert.equal(goodbye.goodbye(BYE), undefined);

    // Well-framed SYN_STREAMs whose header blocks are not zlib: the inflate stream fails, nothing throws.
    const bad = session();
    bad.client.write(control(1, 0, Buffer.concat([u32(1), u32(0), Buffer.from([0, 0]), garbage.subarray(0, 40)])));
    bad.client.write(Buffer.concat(await kubectlStreams()));
    for (let i = 0; i < 100; i++) await new Promise((r) => setImmediate(r));
    assert.equal(bad.goodbye.goodbye(BYE), undefined);

    // An API server stream that is not SPDY/3: never written into.
    const notSpdy = session();
    notSpdy.client.write(Buffer.concat(await kubectlStreams()));
    await until('the error stream found', () => notSpdy.goodbye.goodbye(BYE) !== undefined);
    notSpdy.server.write(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'));
    assert.equal(notSpdy.goodbye.goodbye(BYE), undefined);
  });
});
