import assert from 'node:assert/strict';
import { FrameBoundaries, goodbyeFrames, isV5WebSocket } from './websocket-goodbye.js';
import { ProxyError } from './kube-status.js';

/** An unmasked server frame. */
function frame(payloadLength: number, opts: { fin?: boolean; opcode?: number } = {}): Buffer {
  const first = ((opts.fin ?? true) ? 0x80 : 0) | (opts.opcode ?? 0x2);
  const payload = Buffer.alloc(payloadLength, 7);
  if (payloadLength < 126) return Buffer.concat([Buffer.from([first, payloadLength]), payload]);
  const header = Buffer.from([first, 126, 0, 0]);
  header.writeUInt16BE(payloadLength, 2);
  return Buffer.concat([header, payload]);
}

describe('telling a WebSocket exec why it ends', () => {
  it('knows it is between messages only after whole frames, however the bytes are split', () => {
    const bytes = Buffer.concat([frame(3), frame(300), frame(0)]);
    for (let split = 1; split < bytes.length; split += 7) {
      const f = new FrameBoundaries();
      f.observe(bytes.subarray(0, split));
      f.observe(bytes.subarray(split));
      assert.equal(f.atMessageBoundary, true, `split at ${split}`);
    }
    const f = new FrameBoundaries();
    f.observe(bytes.subarray(0, 6));
    assert.equal(f.atMessageBoundary, false, 'inside the second header');
    f.observe(bytes.subarray(6, 20));
    assert.equal(f.atMessageBoundary, false, 'inside the second payload');
  });

  it('is not between messages in the middle of a fragmented message, even after a control frame', () => {
    const f = new FrameBoundaries();
    f.observe(Buffer.concat([frame(4, { fin: false }), frame(2, { opcode: 0x9 })]));
    assert.equal(f.atMessageBoundary, false);
    f.observe(frame(4, { fin: true, opcode: 0x0 }));
    assert.equal(f.atMessageBoundary, true);
  });

  it('speaks only to the v5 protocol', () => {
    assert.equal(isV5WebSocket(['Upgrade', 'websocket', 'Sec-WebSocket-Protocol', 'v5.channel.k8s.io']), true);
    assert.equal(isV5WebSocket(['Upgrade', 'websocket', 'Sec-WebSocket-Protocol', 'v4.channel.k8s.io']), false);
    assert.equal(isV5WebSocket(['Upgrade', 'SPDY/3.1']), false);
  });

  it('keeps the close reason within a control frame, whole characters only', () => {
    const bytes = goodbyeFrames(ProxyError.forbidden(`your access to ${'é'.repeat(100)} was removed`));
    const f = new FrameBoundaries();
    f.observe(bytes);
    assert.equal(f.atMessageBoundary, true);
    const dataLength = bytes[1] === 126 ? bytes.readUInt16BE(2) + 4 : bytes[1] + 2;
    const close = bytes.subarray(dataLength);
    assert.equal(close[0], 0x88);
    assert.ok(close[1] <= 125);
    assert.equal(close.readUInt16BE(2), 1000);
    assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(close.subarray(4)));
  });
});
