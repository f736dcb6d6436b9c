// podwire.mux/1 frame codec: exact bytes for every frame type, every protocol error the decoder
// finds with its reason, frames split at every byte boundary and coalesced (how DATA comes out in
// pieces: mux-frame-pieces.test.ts), and fast-check
// properties (arbitrary bytes only ever give MuxProtocolError and stay within the buffer bound;
// arbitrary valid frames round-trip).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FRAME_HEADER_LEN,
  MAX_OPEN_PAYLOAD,
  MUX_ALPN,
  MuxProtocolError,
  ResetCode,
  SMALL_FRAME,
  allocDataFrame,
  encodeData,
  encodeFrame,
  encodeGoaway,
  encodeOpen,
  encodePing,
  encodeReset,
  encodeSettings,
  encodeWindow,
  resetCodeName,
  type MuxFrame,
} from '../../proxy/mux/frame.js';
import { FrameDecoder } from '../../proxy/mux/frame-decoder.js';
import { MAX_FRAME, SETTINGS, SETTINGS_BYTES, decodeAll, readyDecoder } from '../harness/mux-decoder.js';
import { encodeHeader, type TransportHeader } from '../../proxy/transport/header.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
/**
 * DATA comes out of the decoder in pieces, one per chunk that holds some of its payload: join
 * consecutive non-empty pieces of one stream so frames compare as sent. Applied to what was sent
 * too, since two DATA frames sent back to back are the same bytes to the stream. Empty DATA (an
 * accept ack, a bare FIN) is never joined, so losing one still shows.
 */
function joinDataPieces(frames: MuxFrame[]): MuxFrame[] {
  const out: MuxFrame[] = [];
  for (const f of frames) {
    const prev = out.at(-1);
    if (f.type === 'data' && prev?.type === 'data' && prev.streamId === f.streamId && !prev.fin && prev.payload.length > 0 && f.payload.length > 0) {
      out[out.length - 1] = { ...prev, fin: f.fin, payload: Buffer.concat([prev.payload, f.payload]) };
    } else {
      out.push(f);
    }
  }
  return out;
}

/** The reason of the MuxProtocolError decoding `bytes` after SETTINGS gives (or undefined). */
function reasonAfterSettings(bytes: Buffer, maxFrame = MAX_FRAME): string | undefined {
  const d = readyDecoder(maxFrame);
  try {
    decodeAll(d, bytes);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(MuxProtocolError);
    return (err as MuxProtocolError).reason;
  }
}

/** A raw frame header + payload, for frames the encoders refuse to make. */
function raw(length: number, type: number, flags: number, stream: number, payload: Buffer = Buffer.alloc(length)): Buffer {
  const h = Buffer.alloc(FRAME_HEADER_LEN);
  h.writeUIntBE(length, 0, 3);
  h[3] = type;
  h[4] = flags;
  h.writeUInt32BE(stream, 5);
  return Buffer.concat([h, payload]);
}

const u32 = (...ns: number[]) => Buffer.concat(ns.map((n) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; }));

describe('constants', () => {
  it('ALPN and reset codes match docs/mux-protocol.md', () => {
    expect(MUX_ALPN).toBe('podwire.mux/1');
    expect(ResetCode).toEqual({ CANCEL: 0, REFUSED: 1, CONNECT_FAILED: 2, PROTOCOL_ERROR: 3, INTERNAL: 4, APP_RESET: 5 });
    expect(resetCodeName(1)).toBe('REFUSED');
    expect(resetCodeName(99)).toBe('code 99');
  });
});

describe('encode → exact bytes → decode', () => {
  const header: TransportHeader = { port: 8080 };
  const cases: Array<{ name: string; frame: MuxFrame; bytes: Buffer }> = [
    { name: 'DATA', frame: { type: 'data', streamId: 1, fin: false, payload: Buffer.from('hi') }, bytes: hex('000002 00 00 00000001 6869') },
    { name: 'DATA+FIN', frame: { type: 'data', streamId: 7, fin: true, payload: Buffer.from('x') }, bytes: hex('000001 00 01 00000007 78') },
    { name: 'empty DATA+FIN (half-close)', frame: { type: 'data', streamId: 3, fin: true, payload: Buffer.alloc(0) }, bytes: hex('000000 00 01 00000003') },
    {
      name: 'OPEN',
      frame: { type: 'open', streamId: 1, fin: false, header },
      bytes: Buffer.concat([hex('00001e 01 00 00000001'), encodeHeader(header)]),
    },
    {
      name: 'OPEN+FIN with name',
      frame: { type: 'open', streamId: 2, fin: true, header: { port: 80, name: 'web.ns.svc.cluster.local' } },
      bytes: Buffer.concat([hex('000037 01 01 00000002'), encodeHeader({ port: 80, name: 'web.ns.svc.cluster.local' })]),
    },
    { name: 'WINDOW', frame: { type: 'window', streamId: 5, increment: 65536 }, bytes: hex('000004 08 00 00000005 00010000') },
    { name: 'RESET', frame: { type: 'reset', streamId: 9, code: ResetCode.APP_RESET }, bytes: hex('000004 03 00 00000009 00000005') },
    { name: 'RESET unknown code', frame: { type: 'reset', streamId: 9, code: 0xdeadbeef }, bytes: hex('000004 03 00 00000009 deadbeef') },
    {
      name: 'SETTINGS',
      frame: { type: 'settings', settings: { initialWindow: 262144, maxStreams: 100, maxFrame: 65536 } },
      bytes: hex('00000c 04 00 00000000 00040000 00000064 00010000'),
    },
    { name: 'GOAWAY', frame: { type: 'goaway', lastStreamId: 11, code: 0 }, bytes: hex('000008 07 00 00000000 0000000b 00000000') },
    { name: 'PING', frame: { type: 'ping', ack: false, data: hex('0102030405060708') }, bytes: hex('000008 06 00 00000000 0102030405060708') },
    { name: 'PING ACK', frame: { type: 'ping', ack: true, data: hex('0102030405060708') }, bytes: hex('000008 06 01 00000000 0102030405060708') },
  ];

  it.each(cases)('$name', ({ frame, bytes }) => {
    expect(encodeFrame(frame)).toEqual(bytes);
    if (frame.type === 'settings') {
      expect(decodeAll(new FrameDecoder({ maxFrame: MAX_FRAME }), bytes)).toEqual([frame]);
    } else {
      expect(decodeAll(readyDecoder(), bytes)).toEqual([frame]);
    }
  });

  it('all frames coalesced into one chunk decode in order', () => {
    const frames = cases.filter((c) => c.frame.type !== 'settings');
    const d = readyDecoder();
    expect(decodeAll(d, Buffer.concat(frames.map((c) => c.bytes)))).toEqual(frames.map((c) => c.frame));
    expect(d.bufferedBytes).toBe(0);
  });

  it('a stream of frames split at every byte boundary decodes the same', () => {
    const frames = cases.filter((c) => c.frame.type !== 'settings');
    const wire = Buffer.concat([SETTINGS_BYTES, ...frames.map((c) => c.bytes)]);
    const want = [{ type: 'settings', settings: SETTINGS }, ...frames.map((c) => c.frame)];
    for (let cut = 0; cut <= wire.length; cut++) {
      const d = new FrameDecoder({ maxFrame: MAX_FRAME });
      expect(joinDataPieces(decodeAll(d, wire.subarray(0, cut), wire.subarray(cut)))).toEqual(want);
    }
    const d = new FrameDecoder({ maxFrame: MAX_FRAME });
    const oneByOne = [...wire].map((b) => Buffer.from([b]));
    expect(joinDataPieces(decodeAll(d, ...oneByOne))).toEqual(want);
    expect(d.midFrame).toBe(false);
  });
});

describe('encoders refuse what the decoder would refuse', () => {
  it.each([
    ['stream 0', () => encodeData(0, Buffer.alloc(0))],
    ['reserved bit', () => encodeReset(0x80000000, 0)],
    ['zero increment', () => encodeWindow(1, 0)],
    ['settings out of range', () => encodeSettings({ ...SETTINGS, maxStreams: 0 })],
    ['ping not 8 bytes', () => encodePing(Buffer.alloc(7))],
    ['goaway id with reserved bit', () => encodeGoaway(0x80000000, 0)],
  ])('%s', (_name, fn) => {
    expect(fn).toThrow(RangeError);
  });

  it('OPEN with an invalid header throws HeaderError', () => {
    expect(() => encodeOpen(1, { port: 0 })).toThrow(/port/);
  });

  it('allocDataFrame: stream 0, or a payload over SMALL_FRAME, is refused', () => {
    expect(() => allocDataFrame(0, 10)).toThrow(RangeError);
    expect(() => allocDataFrame(1, SMALL_FRAME + 1)).toThrow(RangeError);
  });
});

describe('allocDataFrame (small frames cut from slabs)', () => {
  it('frames filled one after another across several slabs keep their own bytes and decode as DATA', () => {
    // 200 frames of up to 4 KiB: about 400 KiB, so several 64 KiB slabs are used up on the way.
    const frames = Array.from({ length: 200 }, (_, i) => {
      const length = 1 + ((i * 997) % SMALL_FRAME);
      const frame = allocDataFrame(i + 1, length);
      frame.fill(i & 0xff, FRAME_HEADER_LEN);
      return frame;
    });
    const decoded = decodeAll(readyDecoder(), Buffer.concat(frames));
    expect(decoded).toHaveLength(200);
    decoded.forEach((frame, i) => {
      expect(frame).toEqual({ type: 'data', streamId: i + 1, fin: false, payload: Buffer.alloc(1 + ((i * 997) % SMALL_FRAME), i & 0xff) });
    });
  });
});

describe('protocol errors, each with its reason', () => {
  const openPayload = encodeHeader({ port: 80 });
  it.each([
    { name: 'reserved bit in the stream id', bytes: raw(0, 0x0, 0, 0x80000001), reason: 'reserved_bit' },
    { name: 'unknown frame type 0x2', bytes: raw(0, 0x2, 0, 1), reason: 'unknown_type' },
    { name: 'unknown frame type 0xff', bytes: raw(0, 0xff, 0, 0), reason: 'unknown_type' },
    { name: 'DATA with flag 0x2', bytes: raw(0, 0x0, 0x2, 1), reason: 'bad_flags' },
    { name: 'OPEN with flag 0x80', bytes: raw(0, 0x1, 0x80, 1), reason: 'bad_flags' },
    { name: 'WINDOW with FIN', bytes: raw(4, 0x8, 0x1, 1, u32(1)), reason: 'bad_flags' },
    { name: 'RESET with a flag', bytes: raw(4, 0x3, 0x1, 1), reason: 'bad_flags' },
    { name: 'GOAWAY with a flag', bytes: raw(8, 0x7, 0x1, 0), reason: 'bad_flags' },
    { name: 'PING with flag 0x2', bytes: raw(8, 0x6, 0x2, 0), reason: 'bad_flags' },
    { name: 'DATA on stream 0', bytes: raw(0, 0x0, 0, 0), reason: 'stream_id_required' },
    { name: 'OPEN on stream 0', bytes: raw(openPayload.length, 0x1, 0, 0, openPayload), reason: 'stream_id_required' },
    { name: 'WINDOW on stream 0', bytes: raw(4, 0x8, 0, 0, u32(1)), reason: 'stream_id_required' },
    { name: 'RESET on stream 0', bytes: raw(4, 0x3, 0, 0), reason: 'stream_id_required' },
    { name: 'PING on stream 1', bytes: raw(8, 0x6, 0, 1), reason: 'stream_id_forbidden' },
    { name: 'GOAWAY on stream 1', bytes: raw(8, 0x7, 0, 1), reason: 'stream_id_forbidden' },
    { name: 'SETTINGS on stream 1', bytes: raw(12, 0x4, 0, 1), reason: 'stream_id_forbidden' },
    { name: 'DATA over maxFrame', bytes: raw(MAX_FRAME + 1, 0x0, 0, 1).subarray(0, FRAME_HEADER_LEN), reason: 'frame_too_large' },
    { name: 'DATA of 2^24-1', bytes: raw(0xffffff, 0x0, 0, 1, Buffer.alloc(0)), reason: 'frame_too_large' },
    { name: 'OPEN over the header bound', bytes: raw(MAX_OPEN_PAYLOAD + 1, 0x1, 0, 1, Buffer.alloc(0)), reason: 'frame_too_large' },
    { name: 'WINDOW of 3 bytes', bytes: raw(3, 0x8, 0, 1), reason: 'bad_length' },
    { name: 'RESET of 5 bytes', bytes: raw(5, 0x3, 0, 1), reason: 'bad_length' },
    { name: 'GOAWAY of 4 bytes', bytes: raw(4, 0x7, 0, 0), reason: 'bad_length' },
    { name: 'PING of 9 bytes', bytes: raw(9, 0x6, 0, 0), reason: 'bad_length' },
    { name: 'PING of 0x10000 bytes (a control frame is never big)', bytes: raw(0x10000, 0x6, 0, 0, Buffer.alloc(0)), reason: 'bad_length' },
    { name: 'a second SETTINGS', bytes: SETTINGS_BYTES, reason: 'settings_repeated' },
    { name: 'WINDOW increment 0', bytes: raw(4, 0x8, 0, 1, u32(0)), reason: 'zero_window_increment' },
    { name: 'OPEN with garbage instead of a header', bytes: raw(5, 0x1, 0, 1, Buffer.from('GET /')), reason: 'bad_open_header' },
    { name: 'OPEN with a truncated header', bytes: raw(openPayload.length - 1, 0x1, 0, 1, openPayload.subarray(0, -1)), reason: 'bad_open_header' },
    {
      name: 'OPEN with bytes after the header',
      bytes: raw(openPayload.length + 1, 0x1, 0, 1, Buffer.concat([openPayload, Buffer.from('x')])),
      reason: 'bad_open_header',
    },
    {
      name: 'OPEN with a header for port 0',
      bytes: (() => { const p = Buffer.concat([encodeHeader({ port: 80 }).subarray(0, 27), hex('0800')]); p.writeUInt32BE(2, 23); return raw(p.length, 0x1, 0, 1, p); })(),
      reason: 'bad_open_header',
    },
  ])('$name → $reason', ({ bytes, reason }) => {
    expect(reasonAfterSettings(bytes)).toBe(reason);
  });

  it('refuses an oversized frame from its 9 header bytes alone, buffering no payload', () => {
    const d = readyDecoder();
    d.push(raw(0xffffff, 0x0, 0, 1, Buffer.alloc(0)));
    expect(() => d.next()).toThrow(MuxProtocolError);
    expect(d.bufferedBytes).toBe(0);
  });

  it.each([
    { name: 'initialWindow below 16 KiB', s: u32(16383, 1, MAX_FRAME) },
    { name: 'initialWindow above 16 MiB', s: u32(16 * 1024 * 1024 + 1, 1, MAX_FRAME) },
    { name: 'maxStreams 0', s: u32(65536, 0, MAX_FRAME) },
    { name: 'maxStreams 65536', s: u32(65536, 65536, MAX_FRAME) },
    { name: 'maxFrame below 16 KiB', s: u32(65536, 1, 16383) },
    { name: 'maxFrame of 1 MiB', s: u32(65536, 1, 1024 * 1024) },
  ])('SETTINGS with $name → settings_out_of_range', ({ s }) => {
    const d = new FrameDecoder({ maxFrame: MAX_FRAME });
    d.push(raw(12, 0x4, 0, 0, s));
    expect(() => d.next()).toThrow(expect.objectContaining({ reason: 'settings_out_of_range' }));
  });

  it('SETTINGS at the limits is accepted', () => {
    for (const s of [u32(16384, 1, 16384), u32(16 * 1024 * 1024, 65535, 1024 * 1024 - 1)]) {
      const d = new FrameDecoder({ maxFrame: MAX_FRAME });
      expect(decodeAll(d, raw(12, 0x4, 0, 0, s))).toHaveLength(1);
    }
  });

  it('a first frame other than SETTINGS → settings_not_first', () => {
    const d = new FrameDecoder({ maxFrame: MAX_FRAME });
    d.push(encodePing(Buffer.alloc(8)));
    expect(() => d.next()).toThrow(expect.objectContaining({ reason: 'settings_not_first' }));
  });

  it('DATA exactly at maxFrame is accepted; one byte more is not', () => {
    expect(reasonAfterSettings(encodeData(1, Buffer.alloc(MAX_FRAME)))).toBeUndefined();
    expect(reasonAfterSettings(encodeData(1, Buffer.alloc(MAX_FRAME + 1)))).toBe('frame_too_large');
    expect(reasonAfterSettings(encodeData(1, Buffer.alloc(MAX_FRAME + 1)), 65536)).toBeUndefined();
  });

  it('after an error the decoder stays failed and holds nothing', () => {
    const d = readyDecoder();
    d.push(raw(0, 0x2, 0, 1));
    const first = (() => { try { d.next(); } catch (e) { return e; } })();
    expect(first).toBeInstanceOf(MuxProtocolError);
    d.push(encodeData(1, Buffer.from('x')));
    expect(() => d.next()).toThrow(first as Error);
    expect(d.bufferedBytes).toBe(0);
  });
});

// ---- properties ----

const streamId = fc.integer({ min: 1, max: 0x7fffffff });
const u32Arb = fc.integer({ min: 0, max: 0xffffffff });
const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/);
const headerArb: fc.Arbitrary<TransportHeader> = fc.record(
  {
    port: fc.integer({ min: 1, max: 65535 }),
    name: fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.')),
    sessionProtocol: fc.constantFrom('http1' as const, 'http2' as const),
  },
  { requiredKeys: ['port'] },
);
const frameArb: fc.Arbitrary<MuxFrame> = fc.oneof(
  fc.record({ type: fc.constant('data' as const), streamId, fin: fc.boolean(), payload: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) }),
  fc.record({ type: fc.constant('open' as const), streamId, fin: fc.boolean(), header: headerArb }),
  fc.record({ type: fc.constant('window' as const), streamId, increment: fc.integer({ min: 1, max: 0xffffffff }) }),
  fc.record({ type: fc.constant('reset' as const), streamId, code: u32Arb }),
  fc.record({ type: fc.constant('goaway' as const), lastStreamId: fc.integer({ min: 0, max: 0x7fffffff }), code: u32Arb }),
  fc.record({ type: fc.constant('ping' as const), ack: fc.boolean(), data: fc.uint8Array({ minLength: 8, maxLength: 8 }).map((a) => Buffer.from(a)) }),
);

describe('decoder properties', () => {
  it('arbitrary valid frames round-trip, however the bytes are chunked', () => {
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), (frames, cuts) => {
        const wire = Buffer.concat([SETTINGS_BYTES, ...frames.map(encodeFrame)]);
        const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let at = 0;
        for (const p of [...points, wire.length]) {
          chunks.push(wire.subarray(at, p));
          at = p;
        }
        const got = decodeAll(new FrameDecoder({ maxFrame: MAX_FRAME }), ...chunks);
        expect(joinDataPieces(got)).toEqual(joinDataPieces([{ type: 'settings', settings: SETTINGS }, ...frames]));
      }),
      { numRuns: 500 },
    );
  });

  const checkArbitrary = (prefix: Buffer) => (chunks: Uint8Array[]) => {
    const d = new FrameDecoder({ maxFrame: MAX_FRAME });
    try {
      decodeAll(d, prefix, ...chunks.map((c) => Buffer.from(c)));
    } catch (err) {
      expect(err).toBeInstanceOf(MuxProtocolError);
    }
    expect(d.bufferedBytes).toBeLessThanOrEqual(d.maxBufferedBytes);
  };

  it('arbitrary bytes: only MuxProtocolError, and never more buffered than one frame', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 8 }), checkArbitrary(Buffer.alloc(0))), { numRuns: 3000 });
  });

  it('SETTINGS then arbitrary bytes: same contract', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 8 }), checkArbitrary(SETTINGS_BYTES)), { numRuns: 3000 });
  });

  it('SETTINGS then arbitrary frame headers with short payloads: same contract', () => {
    const frameish = fc
      .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.uint8Array({ maxLength: 40 }))
      .map(([len, type, flags, stream, payload]) => raw(len, type, flags, stream, Buffer.from(payload)));
    fc.assert(fc.property(fc.array(frameish, { maxLength: 10 }), checkArbitrary(SETTINGS_BYTES)), { numRuns: 3000 });
  });

  it('any frame header followed by a flood of payload never leaves more than one frame buffered', () => {
    const flood = Buffer.alloc(50 * 1024);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 3 }), (len, type, flags, stream) => {
        const d = readyDecoder();
        d.push(raw(len, type, flags, stream, Buffer.alloc(0)));
        try {
          for (let i = 0; i < 4; i++) {
            decodeAll(d, flood);
            expect(d.bufferedBytes).toBeLessThanOrEqual(d.maxBufferedBytes);
          }
        } catch (err) {
          if (!(err instanceof MuxProtocolError)) throw err;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('mutating one byte of a valid stream never throws anything but MuxProtocolError', () => {
    fc.assert(
      fc.property(fc.array(frameArb, { minLength: 1, maxLength: 6 }), fc.nat(), fc.integer({ min: 0, max: 255 }), (frames, at, byte) => {
        const wire = Buffer.concat([SETTINGS_BYTES, ...frames.map(encodeFrame)]);
        wire[at % wire.length] = byte;
        checkArbitrary(Buffer.alloc(0))([wire]);
      }),
      { numRuns: 2000 },
    );
  });
});
