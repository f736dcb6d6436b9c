// Transport header codec: exact bytes for the spec example, validation rules, and fast-check
// properties for round trips and for how the decoder treats arbitrary / truncated input.
import path from 'node:path';
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { PROTO_DIR } from '../../discovery-client/proto-path.js';
import {
  HEADER_WIRE_SCHEMA,
  HeaderError,
  MAX_HEADER_LEN,
  PREFACE,
  PREFIX_LEN,
  TRANSPORT_ALPN,
  decodeHeader,
  encodeHeader,
  type TransportHeader,
  type WireSchema,
} from '../../proxy/transport/header.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Preface + BE u32 length + the given protobuf bytes. */
function framed(message: Buffer, length = message.length): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(length);
  return Buffer.concat([PREFACE, len, message]);
}

/** Protobuf bytes for a Header with only `name` set besides a valid port (hand-built for tests). */
function withName(name: string, port = 80): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  return Buffer.concat([hex('08'), varint(port), hex('12'), varint(nameBytes.length), nameBytes]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = BigInt.asUintN(64, BigInt(n));
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return Buffer.from(out);
}

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (!(err instanceof HeaderError)) throw err;
    return err.reason;
  }
}

// ---- arbitraries ----

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
const dnsName = fc
  .array(label, { minLength: 1, maxLength: 6 })
  .map((labels) => labels.join('.'))
  // a trailing all-numeric label would look like an IP address
  .filter((n) => n.length <= 253 && !/(^|\.)[0-9]+$/.test(n));

const validHeader: fc.Arbitrary<TransportHeader> = fc
  .record(
    {
      port: fc.integer({ min: 1, max: 65535 }),
      name: dnsName,
      sessionProtocol: fc.constantFrom('http1' as const, 'http2' as const),
    },
    { requiredKeys: ['port'] },
  )
  .map((h) => ({ ...h }));

/**
 * True iff `buf` is a strict prefix of a well-framed header: the preface so far matches, and
 * either the length isn't complete yet or it is within bounds and the message isn't complete.
 */
function isFramingPrefix(buf: Buffer, max = MAX_HEADER_LEN): boolean {
  const n = Math.min(buf.length, PREFACE.length);
  if (!buf.subarray(0, n).equals(PREFACE.subarray(0, n))) return false;
  if (buf.length < PREFIX_LEN) return true;
  const len = buf.readUInt32BE(PREFACE.length);
  return len <= max && buf.length < PREFIX_LEN + len;
}

/** Decode and check the decoder's contract; returns what it did for further assertions. */
function decodeChecked(buf: Buffer): 'incomplete' | 'header' | HeaderError['reason'] {
  let result;
  try {
    result = decodeHeader(buf);
  } catch (err) {
    expect(err).toBeInstanceOf(HeaderError);
    return (err as HeaderError).reason;
  }
  if (result === 'incomplete') {
    expect(isFramingPrefix(buf)).toBe(true);
    return 'incomplete';
  }
  expect(result.consumed).toBe(PREFIX_LEN + buf.readUInt32BE(PREFACE.length));
  expect(result.consumed).toBeLessThanOrEqual(buf.length);
  expect(result.header.port).toBeGreaterThanOrEqual(1);
  expect(result.header.port).toBeLessThanOrEqual(65535);
  return 'header';
}

/** A message's field table as checkWire needs it, derived by reflection from the .proto itself. */
function schemaOf(type: protobuf.Type): WireSchema {
  const out: Record<number, { name: string; wireType: number; nested?: WireSchema }> = {};
  for (const f of type.fieldsArray) {
    if (f.resolvedType instanceof protobuf.Type) out[f.id] = { name: f.name, wireType: 2, nested: schemaOf(f.resolvedType) };
    else out[f.id] = { name: f.name, wireType: f.resolvedType instanceof protobuf.Enum ? 0 : protobuf.types.basic[f.type as keyof typeof protobuf.types.basic]! };
  }
  return out;
}

describe('the wire-type table checkWire walks', () => {
  it('matches header.proto (the generated static code has no reflection to walk)', () => {
    const root = new protobuf.Root().loadSync(path.join(PROTO_DIR, 'header.proto'), { keepCase: true }).resolveAll();
    expect(HEADER_WIRE_SCHEMA).toEqual(schemaOf(root.lookupType('transport.l5d.io.Header')));
  });
});

describe('transport header constants', () => {
  it('match the spec', () => {
    expect(TRANSPORT_ALPN).toBe('transport.l5d.io/v1');
    expect(PREFACE.toString('latin1')).toBe('transport.l5d.io/v1\r\n\r\n');
    expect(PREFACE.length).toBe(23);
    expect(PREFIX_LEN).toBe(27);
    expect(MAX_HEADER_LEN).toBe(65536);
  });
});

describe('encodeHeader', () => {
  it('encodes the spec example {port 8080} exactly', () => {
    const wire = encodeHeader({ port: 8080 });
    expect(wire).toEqual(Buffer.concat([PREFACE, hex('00 00 00 03'), hex('08 90 3F')]));
  });

  it('encodes name and session protocol as Linkerd does (fields in number order, oneof as empty message)', () => {
    const wire = encodeHeader({ port: 4040, name: 'foo.bar', sessionProtocol: 'http2' });
    expect(wire.subarray(PREFIX_LEN)).toEqual(
      Buffer.concat([hex('08 c8 1f 12 07'), Buffer.from('foo.bar'), hex('1a 02 12 00')]),
    );
    expect(wire.readUInt32BE(23)).toBe(wire.length - PREFIX_LEN);
    expect(encodeHeader({ port: 1, sessionProtocol: 'http1' }).subarray(PREFIX_LEN)).toEqual(hex('08 01 1a 02 0a 00'));
  });

  it('omits an empty name, and lower-cases names', () => {
    expect(encodeHeader({ port: 8080, name: '' })).toEqual(encodeHeader({ port: 8080 }));
    expect(encodeHeader({ port: 80, name: 'Web.NS.svc' })).toEqual(encodeHeader({ port: 80, name: 'web.ns.svc' }));
  });

  it.each([
    { h: { port: 0 } },
    { h: { port: -1 } },
    { h: { port: 65536 } },
    { h: { port: 80.5 } },
    { h: { port: Number.NaN } },
    { h: { port: 80, name: 'not a name' } },
    { h: { port: 80, name: '-leading.hyphen' } },
    { h: { port: 80, name: 'a..b' } },
    { h: { port: 80, name: 'x'.repeat(64) } },
    { h: { port: 80, name: '10.0.0.1' } },
    { h: { port: 80, sessionProtocol: 'http3' as 'http1' } },
  ])('rejects invalid input $h', ({ h }) => {
    expect(reasonOf(() => encodeHeader(h))).toBe('header_malformed');
  });
});

describe('decodeHeader', () => {
  it('decodes the spec example and reports how many bytes it used', () => {
    const wire = Buffer.concat([PREFACE, hex('00 00 00 03 08 90 3F'), Buffer.from('GET / HTTP/1.1\r\n')]);
    expect(decodeHeader(wire)).toEqual({ header: { port: 8080 }, consumed: 30 });
  });

  it('says incomplete for every strict prefix of the spec example', () => {
    const wire = encodeHeader({ port: 8080 });
    for (let k = 0; k < wire.length; k++) expect(decodeHeader(wire.subarray(0, k))).toBe('incomplete');
  });

  it('rejects a preface mismatch at the first wrong byte, without waiting for 27 bytes', () => {
    expect(reasonOf(() => decodeHeader(Buffer.from('G')))).toBe('header_missing');
    expect(reasonOf(() => decodeHeader(Buffer.from('transport.l5d.io/v2')))).toBe('header_missing');
    expect(reasonOf(() => decodeHeader(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')))).toBe('header_missing');
  });

  it('rejects an oversized length as soon as the length is known', () => {
    expect(reasonOf(() => decodeHeader(framed(Buffer.alloc(0), MAX_HEADER_LEN + 1)))).toBe('header_too_large');
    expect(reasonOf(() => decodeHeader(framed(Buffer.alloc(0), 0xffffffff)))).toBe('header_too_large');
    expect(decodeHeader(framed(Buffer.alloc(0), MAX_HEADER_LEN))).toBe('incomplete');
    expect(reasonOf(() => decodeHeader(framed(Buffer.alloc(0), 11), 10))).toBe('header_too_large');
  });

  it.each([
    { name: 'empty message (port 0)', message: hex('') },
    { name: 'port 0 explicitly', message: hex('08 00') },
    { name: 'negative port (int32 -1)', message: Buffer.concat([hex('08'), varint(-1)]) },
    { name: 'port 65536', message: Buffer.concat([hex('08'), varint(65536)]) },
    { name: 'truncated varint', message: hex('08 90') },
    { name: 'truncated string', message: hex('08 50 12 05 61 62') },
    { name: 'invalid wire type', message: hex('08 50 0f') },
    { name: 'name with a space', message: withName('web svc') },
    { name: 'name with an empty label', message: withName('web..svc') },
    { name: 'name that is an IPv4 address', message: withName('10.1.2.3') },
    { name: 'name with invalid UTF-8', message: Buffer.concat([hex('08 50 12 04'), Buffer.from('web'), hex('ff')]) },
    { name: 'port with the wrong wire type (group)', message: Buffer.alloc(600, 0x0b) },
    { name: 'port with the wrong wire type (length-delimited)', message: hex('0a 01 50') },
    { name: 'session protocol with the wrong wire type', message: hex('08 50 18 01') },
    { name: 'session protocol variant with the wrong wire type', message: hex('08 50 1a 02 08 01') },
    { name: 'field number 0', message: hex('08 50 00 01') },
    { name: 'deeply nested unknown groups', message: Buffer.alloc(60_000, 0x4b) },
    { name: 'unterminated unknown group', message: hex('08 50 4b 08 01') },
  ])('rejects a malformed message: $name', ({ message }) => {
    expect(reasonOf(() => decodeHeader(framed(message)))).toBe('header_malformed');
  });

  it.each([
    { sent: 'Web.Default.SVC.cluster.local', want: 'web.default.svc.cluster.local' },
    { sent: 'web.default.svc.cluster.local.', want: 'web.default.svc.cluster.local.' },
    { sent: '_grpc.web', want: '_grpc.web' },
  ])('accepts the names Linkerd accepts and lower-cases them: $sent', ({ sent, want }) => {
    const r = decodeHeader(framed(withName(sent)));
    expect(r).toEqual({ header: { port: 80, name: want }, consumed: PREFIX_LEN + withName(sent).length });
  });

  it('treats an empty name and an empty SessionProtocol as absent, and skips unknown fields', () => {
    // port 80, name "", session_protocol {} , unknown field 9 (varint 1)
    expect(decodeHeader(framed(hex('08 50 12 00 1a 00 48 01')))).toMatchObject({ header: { port: 80 } });
    const r = decodeHeader(framed(hex('08 50 12 00 1a 00 48 01')));
    expect(r !== 'incomplete' && Object.keys(r.header)).toEqual(['port']);
  });
});

describe('the memo of recently coded headers', () => {
  it('answers repeats with the same bytes and headers, also after it was emptied for being full', () => {
    // A pool of 40 headers cycled through 400 times: the memo (256 entries) fills and empties.
    fc.assert(
      fc.property(fc.array(validHeader, { minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { minLength: 400, maxLength: 400 }), (pool, picks) => {
        const first = pool.map((h) => Buffer.from(encodeHeader(h)));
        for (const pick of picks) {
          const i = pick % pool.length;
          const wire = encodeHeader(pool[i]!);
          expect(wire).toEqual(first[i]);
          expect(decodeHeader(wire)).toEqual({ header: pool[i], consumed: wire.length });
        }
      }),
      { numRuns: 20 },
    );
  });

  it('never lets an invalid header through on the strength of a valid one that prints the same', () => {
    encodeHeader({ port: 80, name: 'web.ns' });
    expect(reasonOf(() => encodeHeader({ port: '80' as unknown as number, name: 'web.ns' }))).toBe('header_malformed');
    expect(reasonOf(() => encodeHeader({ port: 80, name: ['web.ns'] as unknown as string }))).toBe('header_malformed');
    expect(reasonOf(() => encodeHeader({ port: 80, name: 'web.ns', sessionProtocol: '' as 'http1' }))).toBe('header_malformed');
  });

  it('hands out decoded headers frozen, so one connection cannot change another\'s', () => {
    const wire = encodeHeader({ port: 8080, name: 'gw.example' });
    const a = decodeHeader(wire);
    const b = decodeHeader(Buffer.from(wire));
    if (a === 'incomplete' || b === 'incomplete') throw new Error('complete header expected');
    expect(b.header).toEqual(a.header);
    expect(Object.isFrozen(a.header)).toBe(true);
    expect(() => ((a.header as { port: number }).port = 1)).toThrow(TypeError);
  });
});

describe('decodeHeader properties', () => {
  it('decode(encode(h)) = h, with trailing application bytes left alone', () => {
    fc.assert(
      fc.property(validHeader, fc.uint8Array({ maxLength: 64 }), (h, tail) => {
        const wire = encodeHeader(h);
        const r = decodeHeader(Buffer.concat([wire, tail]));
        expect(r).toEqual({ header: h, consumed: wire.length });
      }),
      { numRuns: 2000 },
    );
  });

  it('every strict prefix of a valid encoding is incomplete; the full encoding decodes', () => {
    fc.assert(
      fc.property(validHeader, (h) => {
        const wire = encodeHeader(h);
        for (let k = 0; k < wire.length; k++) expect(decodeHeader(wire.subarray(0, k))).toBe('incomplete');
        expect(decodeChecked(wire)).toBe('header');
      }),
      { numRuns: 300 },
    );
  });

  it('chopping a valid encoding at any point never throws', () => {
    fc.assert(
      fc.property(validHeader, fc.nat(), (h, cut) => {
        const wire = encodeHeader(h);
        expect(decodeChecked(wire.subarray(0, cut % (wire.length + 1)))).toMatch(/^(incomplete|header)$/);
      }),
    );
  });

  it('arbitrary bytes: only HeaderError is thrown, and incomplete only for true prefixes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        decodeChecked(Buffer.from(bytes));
      }),
      { numRuns: 5000 },
    );
  });

  it('valid preface + arbitrary tail: same contract', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
        decodeChecked(Buffer.concat([PREFACE, tail]));
      }),
      { numRuns: 5000 },
    );
  });

  it('valid preface + small length + arbitrary message bytes: decides once the message is complete', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), fc.uint8Array({ maxLength: 10 }), (message, tail) => {
        const buf = Buffer.concat([framed(Buffer.from(message)), tail]);
        expect(decodeChecked(buf)).not.toBe('incomplete');
      }),
      { numRuns: 5000 },
    );
  });

  it('a wrong byte anywhere in the preface is header_missing right there', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: PREFACE.length - 1 }), fc.integer({ min: 0, max: 255 }), (i, byte) => {
        fc.pre(byte !== PREFACE[i]);
        const buf = Buffer.concat([PREFACE.subarray(0, i), Buffer.from([byte])]);
        expect(reasonOf(() => decodeHeader(buf))).toBe('header_missing');
      }),
    );
  });

  it('mutating one byte of a valid encoding never makes the decoder throw anything but HeaderError', () => {
    fc.assert(
      fc.property(validHeader, fc.nat(), fc.integer({ min: 0, max: 255 }), (h, at, byte) => {
        const wire = Buffer.from(encodeHeader(h));
        wire[at % wire.length] = byte;
        decodeChecked(wire);
      }),
      { numRuns: 3000 },
    );
  });
});
