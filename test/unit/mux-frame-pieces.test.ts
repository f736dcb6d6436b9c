// podwire.mux/1 decoder: how DATA comes out in pieces. A frame split over chunks comes out as
// views of them with FIN on the last piece only; a piece that would leave at most TAIL_WAIT
// bytes of its frame waits for them and goes out with them (copied); a small payload of a large
// chunk is copied rather than pinning the chunk. (mux-frame.test.ts has the exact bytes, the
// protocol errors and the fuzzing.)
import { describe, expect, it } from 'vitest';
import { FRAME_HEADER_LEN, encodeData, type MuxFrame } from '../../proxy/mux/frame.js';
import { PIN_RATIO, TAIL_WAIT } from '../../proxy/mux/frame-decoder.js';
import { decodeAll, readyDecoder } from '../harness/mux-decoder.js';

describe('DATA pieces', () => {
  it('reports midFrame while a frame is incomplete', () => {
    const d = readyDecoder();
    const bytes = encodeData(1, Buffer.from('hello'));
    expect(decodeAll(d, bytes.subarray(0, 4))).toEqual([]);
    expect(d.midFrame).toBe(true);
    expect(decodeAll(d, bytes.subarray(4))).toHaveLength(1);
    expect(d.midFrame).toBe(false);
  });

  it('a DATA frame split over chunks comes out as views of them, FIN on the last piece only', () => {
    const payload = Buffer.alloc(6 + TAIL_WAIT + 1, 0x61);
    const wire = encodeData(5, payload, true);
    const d = readyDecoder();
    // Chunks with backing stores of their own (a pool's store would hold a copy too).
    const first = Buffer.alloc(FRAME_HEADER_LEN + 6);
    wire.copy(first, 0, 0, first.length);
    const second = Buffer.alloc(wire.length - first.length);
    wire.copy(second, 0, first.length);
    const a = decodeAll(d, first) as Array<Extract<MuxFrame, { type: 'data' }>>;
    expect(a).toEqual([{ type: 'data', streamId: 5, fin: false, payload: payload.subarray(0, 6) }]);
    expect(d.midFrame).toBe(true);
    expect(d.bufferedBytes).toBe(0); // the piece went out: nothing of the payload is held
    const b = decodeAll(d, second) as Array<Extract<MuxFrame, { type: 'data' }>>;
    expect(b).toEqual([{ type: 'data', streamId: 5, fin: true, payload: payload.subarray(6) }]);
    expect(d.midFrame).toBe(false);
    // views of the chunks, not copies
    expect(a[0]!.payload.buffer).toBe(first.buffer);
    expect(a[0]!.payload.byteOffset).toBe(first.byteOffset + FRAME_HEADER_LEN);
    expect(b[0]!.payload.buffer).toBe(second.buffer);
    expect(b[0]!.payload.byteOffset).toBe(second.byteOffset);
  });

  it('a piece that would leave at most TAIL_WAIT bytes of its frame waits and goes out with them', () => {
    const payload = Buffer.alloc(8_000 + 9, 0x62);
    payload.fill(0x63, 8_000);
    // A frame's last full TLS record (here 8,000 bytes), then its 9-byte tail, then the next frame.
    const wire = Buffer.concat([encodeData(7, payload), encodeData(7, Buffer.from('next'))]);
    const d = readyDecoder();
    const record = wire.subarray(0, FRAME_HEADER_LEN + 8_000);
    expect(decodeAll(d, record)).toEqual([]);
    expect(d.bufferedBytes).toBe(8_000);
    expect(d.midFrame).toBe(true);
    const rest = decodeAll(d, wire.subarray(FRAME_HEADER_LEN + 8_000)) as Array<Extract<MuxFrame, { type: 'data' }>>;
    expect(rest.map((f) => f.payload.length)).toEqual([8_000 + 9, 4]);
    expect(rest[0]!.payload.equals(payload)).toBe(true);
    expect(d.midFrame).toBe(false);
    expect(d.bufferedBytes).toBe(0);
  });

  it('a frame end longer than TAIL_WAIT is not waited for', () => {
    const payload = Buffer.alloc(100 + TAIL_WAIT + 1, 0x64);
    const wire = encodeData(9, payload, true);
    const d = readyDecoder();
    const a = decodeAll(d, wire.subarray(0, FRAME_HEADER_LEN + 100)) as Array<Extract<MuxFrame, { type: 'data' }>>;
    expect(a.map((f) => [f.payload.length, f.fin])).toEqual([[100, false]]);
    const b = decodeAll(d, wire.subarray(FRAME_HEADER_LEN + 100)) as Array<Extract<MuxFrame, { type: 'data' }>>;
    expect(b.map((f) => [f.payload.length, f.fin])).toEqual([[TAIL_WAIT + 1, true]]);
  });

  it('a DATA frame whose header came alone yields nothing until payload arrives', () => {
    const d = readyDecoder();
    const wire = encodeData(3, Buffer.from('xy'));
    expect(decodeAll(d, wire.subarray(0, FRAME_HEADER_LEN))).toEqual([]);
    expect(d.midFrame).toBe(true);
    expect(decodeAll(d, wire.subarray(FRAME_HEADER_LEN))).toEqual([{ type: 'data', streamId: 3, fin: false, payload: Buffer.from('xy') }]);
  });

  it('a DATA payload that is a small part of a large chunk is copied, not kept as a view', () => {
    // A chunk with a backing store of its own (Buffer.alloc; Buffer.concat may cut it from the pool).
    const wire = encodeData(1, Buffer.from('ab'));
    const big = Buffer.alloc(wire.length + 10_000);
    wire.copy(big);
    const d = readyDecoder();
    d.push(big);
    const f = d.next() as Extract<MuxFrame, { type: 'data' }>;
    expect(f.payload.toString()).toBe('ab');
    // Not a view of the received chunk (a copy may share Node's Buffer pool, 8 KiB in Node 20 and
    // 64 KiB in Node 24, so its backing store's size says nothing).
    expect(f.payload.buffer).not.toBe(big.buffer);
  });
  /** `wire` placed at `offset` in a 64 KiB backing store of its own, as Node 24 delivers TLS reads. */
  const inStore = (wire: Buffer, offset: number): Buffer => {
    const store = Buffer.alloc(64 * 1024);
    wire.copy(store, offset);
    return store.subarray(offset, offset + wire.length);
  };

  it('a whole TLS record\'s piece of a 64 KiB store (how Node 24 reads TLS) stays a view', () => {
    // A bulk frame's first record: the 9-byte header and 16,375 bytes of payload, a quarter of the store.
    const chunk = inStore(encodeData(1, Buffer.alloc(16 * 1024 - FRAME_HEADER_LEN, 0x63)), 16 * 1024);
    const d = readyDecoder();
    d.push(chunk);
    const f = d.next() as Extract<MuxFrame, { type: 'data' }>;
    expect(f.payload.length).toBe(16 * 1024 - FRAME_HEADER_LEN);
    expect(f.payload.buffer).toBe(chunk.buffer);
    expect(f.payload.byteOffset).toBe(chunk.byteOffset + FRAME_HEADER_LEN);
  });

  it(`a piece under 1/${PIN_RATIO} of its store (with its header) is copied`, () => {
    const payload = 64 * 1024 / PIN_RATIO - FRAME_HEADER_LEN - 1;
    const chunk = inStore(encodeData(1, Buffer.alloc(payload, 0x64)), 0);
    const d = readyDecoder();
    d.push(chunk);
    const f = d.next() as Extract<MuxFrame, { type: 'data' }>;
    expect(f.payload.equals(Buffer.alloc(payload, 0x64))).toBe(true);
    expect(f.payload.buffer).not.toBe(chunk.buffer);
  });
});
