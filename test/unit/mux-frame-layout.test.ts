// The pure parts of sending reads laid out for framing (framed-reads.ts): a DATA header written
// into the room before a payload (frame.ts dataFrameInHeadroom), the outbox taking such a chunk
// whole and ending other bytes' frames where it begins (takeFramed, beforeFramed), and the
// scheduler joining adjacent views into one buffer (joinAdjacent), which must never change the
// bytes or their order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAME_HEADER_LEN, dataFrameInHeadroom, encodeSettings } from '../../proxy/mux/frame.js';
import { FrameDecoder } from '../../proxy/mux/frame-decoder.js';
import { Outbox } from '../../proxy/mux/outbox.js';
import { joinAdjacent } from '../../proxy/mux/scheduler.js';

/** `length` bytes of `fill` with FRAME_HEADER_LEN bytes of room before them in their memory. */
function withHeadroom(length: number, fill: number): Buffer {
  return Buffer.alloc(FRAME_HEADER_LEN + length, 0xee).fill(fill, FRAME_HEADER_LEN).subarray(FRAME_HEADER_LEN);
}

describe('dataFrameInHeadroom', () => {
  it('writes the header before the payload and returns both as one view that decodes to the payload', () => {
    const payload = withHeadroom(1000, 0x61);
    const frame = dataFrameInHeadroom(7, payload);
    expect(frame.buffer).toBe(payload.buffer);
    expect(frame.byteOffset + FRAME_HEADER_LEN).toBe(payload.byteOffset);
    const decoder = new FrameDecoder({ maxFrame: 64 * 1024 });
    decoder.push(encodeSettings({ initialWindow: 65536, maxStreams: 10, maxFrame: 65536 }));
    decoder.push(frame);
    expect(decoder.next()).toMatchObject({ type: 'settings' });
    const data = decoder.next();
    expect(data).toMatchObject({ type: 'data', streamId: 7, fin: false });
    expect((data as { payload: Buffer }).payload.equals(Buffer.alloc(1000, 0x61))).toBe(true);
  });

  it('refuses a payload without room before it', () => {
    expect(() => dataFrameInHeadroom(1, Buffer.allocUnsafeSlow(100))).toThrow(/no room for its header/);
  });
});

describe('Outbox framed chunks', () => {
  const outbox = () => new Outbox(() => 1 << 20, () => {});

  it('takes a chunk with headroom whole, and only whole, from the front', () => {
    const o = outbox();
    const framed = withHeadroom(300, 0x62);
    o.add(framed, undefined, true);
    expect(o.takeFramed(299)).toBeUndefined(); // over the limit: left for a split frame
    expect(o.queued).toBe(300);
    expect(o.takeFramed(300)).toBe(framed);
    expect(o.queued).toBe(0);
    expect(o.takeFramed(1000)).toBeUndefined();
  });

  it('ends the frame of other bytes where the first chunk it can take whole begins', () => {
    const o = outbox();
    o.add(Buffer.alloc(100, 0x61));
    o.add(withHeadroom(200, 0x62), undefined, true);
    o.add(Buffer.alloc(50, 0x63));
    expect(o.takeFramed(1000)).toBeUndefined(); // the front chunk has no headroom
    expect(o.beforeFramed).toBe(100);
    expect(Buffer.concat(o.take(o.beforeFramed)).equals(Buffer.alloc(100, 0x61))).toBe(true);
    expect(o.takeFramed(1000)?.equals(Buffer.alloc(200, 0x62))).toBe(true);
    expect(o.beforeFramed).toBe(50); // no such chunk left: everything
  });

  it('takes a chunk partly sent before as plain bytes (its front is gone)', () => {
    const o = outbox();
    o.add(withHeadroom(200, 0x62), undefined, true);
    expect(o.take(50)[0]!.length).toBe(50);
    expect(o.takeFramed(1000)).toBeUndefined();
    expect(o.beforeFramed).toBe(150);
  });
});

describe('joinAdjacent', () => {
  it('joins views that follow each other in one memory, and nothing else', () => {
    const a = Buffer.from('abcdefghij');
    const other = Buffer.from('XYZ');
    const parts = [a.subarray(0, 3), a.subarray(3, 5), other, a.subarray(5, 6), a.subarray(7, 10), a.subarray(10)];
    expect(joinAdjacent(parts)).toBe(4);
    expect(parts.map(String)).toEqual(['abcde', 'XYZ', 'f', 'hij']);
  });

  it('never changes the bytes or their order (any cut of any buffers)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.array(fc.nat(64), { maxLength: 4 })), { minLength: 1, maxLength: 4 }),
      fc.boolean(),
      (sources, shuffle) => {
        const parts: Buffer[] = [];
        for (const [bytes, cuts] of sources) {
          const b = Buffer.from(bytes);
          const points = [...new Set([0, ...cuts.map((c) => c % b.length), b.length])].sort((x, y) => x - y);
          for (let i = 1; i < points.length; i++) parts.push(b.subarray(points[i - 1], points[i]));
        }
        if (shuffle) parts.reverse();
        const expected = Buffer.concat(parts);
        const n = joinAdjacent(parts);
        expect(parts).toHaveLength(n);
        expect(Buffer.concat(parts).equals(expected)).toBe(true);
      },
    ));
  });
});
