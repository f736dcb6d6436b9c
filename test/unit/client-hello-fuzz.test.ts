// Property tests (fast-check) for the ClientHello parser: arbitrary and TLS-shaped bytes never throw
// and always yield a known kind; early decisions are final (more bytes never change a decided
// answer, and `need` never skips a decision point); truncations are always 'incomplete' (never a
// wrong SNI); mutated real hellos never throw and never yield an invalid SNI; generated hellos with
// arbitrary SNI/ALPN/extensions/record framing round-trip exactly.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isDnsName } from '../../proxy/transport/addr.js';
import { parseClientHello, type ClientHelloResult } from '../../proxy/transport/client-hello.js';
import { captureClientHello, encodeClientHello, frame, handshakeMessage } from '../harness/client-hello.js';

const KINDS = ['client_hello', 'not_tls', 'incomplete', 'too_large'];

/** The invariants every result must satisfy for input `buf`. */
function checkShape(buf: Uint8Array, r: ClientHelloResult): void {
  expect(KINDS).toContain(r.kind);
  if (r.kind === 'incomplete') expect(r.need).toBeGreaterThan(buf.length);
  if (r.kind === 'client_hello') {
    if (r.sni !== undefined) expect(isDnsName(r.sni)).toBe(true);
    for (const p of r.alpn ?? []) expect(p.length).toBeGreaterThan(0);
  }
}

/** Decided answers are final, and nothing is decided before `need`. */
function checkPrefixStable(buf: Uint8Array, cut: number): void {
  const k = Math.min(cut, buf.length);
  const early = parseClientHello(buf.subarray(0, k));
  if (early.kind !== 'incomplete') {
    expect(parseClientHello(buf)).toEqual(early);
    return;
  }
  const need = early.need ?? k + 1;
  for (const j of new Set([k, Math.min(need - 1, buf.length), Math.floor((k + Math.min(need - 1, buf.length)) / 2)])) {
    if (j >= k && j < need && j <= buf.length) expect(parseClientHello(buf.subarray(0, j)).kind).toBe('incomplete');
  }
}

const tlsShaped = fc
  .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 0x4001 }), fc.integer({ min: 0, max: 2 }), fc.uint8Array({ maxLength: 9000 }))
  .map(([minor, recLen, hsType, rest]) => Buffer.concat([Buffer.from([22, 3, minor, recLen >> 8, recLen & 0xff, hsType]), rest]));

describe('parseClientHello properties', () => {
  it('never throws on arbitrary bytes and always returns a known kind', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 10_000 }), (buf) => checkShape(buf, parseClientHello(buf))),
      { numRuns: 2000 },
    );
  });

  it('never throws on TLS-shaped bytes (valid record/handshake header, random body)', () => {
    fc.assert(fc.property(tlsShaped, (buf) => checkShape(buf, parseClientHello(buf))), { numRuns: 2000 });
  });

  it('never throws for arbitrary maxBytes', () => {
    fc.assert(
      fc.property(tlsShaped, fc.integer({ min: 0, max: 20_000 }), (buf, max) => checkShape(buf, parseClientHello(buf, max))),
      { numRuns: 500 },
    );
  });

  it('keeps early decisions final and never decides before need (random and TLS-shaped bytes)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), tlsShaped), fc.nat(9000), (buf, cut) => checkPrefixStable(buf, cut)),
      { numRuns: 1000 },
    );
  });
});

describe('parseClientHello properties over real ClientHellos', () => {
  const real: Buffer[] = [];
  beforeAll(async () => {
    real.push(await captureClientHello({ servername: 'server.default.serviceaccount.identity.linkerd.cluster.local' }));
    real.push(await captureClientHello({ servername: 'web.example', ALPNProtocols: ['h2', 'http/1.1'] }));
  });

  it('mutated real hellos never throw, never yield an invalid SNI, and keep decisions final', () => {
    const mutation = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.nat(1), mutation, fc.nat(600), (which, muts, cut) => {
        const buf = Buffer.from(real[which]!);
        for (const [i, v] of muts) buf[i % buf.length] = v;
        checkShape(buf, parseClientHello(buf));
        checkPrefixStable(buf, cut);
      }),
      { numRuns: 3000 },
    );
  });

  it('truncated or re-framed-then-truncated real hellos are incomplete, never a wrong SNI', () => {
    fc.assert(
      fc.property(fc.nat(1), fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 6 }), fc.nat(), (which, sizes, cutSeed) => {
        const framed = frame(handshakeMessage(real[which]!), sizes);
        const cut = cutSeed % framed.length;
        expect(parseClientHello(framed.subarray(0, cut)).kind).toBe('incomplete');
        expect(parseClientHello(framed)).toEqual(parseClientHello(real[which]!));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseClientHello round-trips generated hellos', () => {
  const label = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9-]{0,20}[A-Za-z0-9])?$/);
  const hostname = fc.oneof(
    fc.array(label, { minLength: 1, maxLength: 5 }).map((ls) => ls.join('.')),
    fc.domain(),
    fc.string({ maxLength: 40 }), // mostly invalid names: must come back as "no SNI"
  );
  const alpn = fc.array(fc.uint8Array({ minLength: 1, maxLength: 30 }).map((b) => Buffer.from(b).toString('latin1')), { minLength: 1, maxLength: 6 });
  const others = fc.uniqueArray(
    fc.tuple(fc.integer({ min: 1, max: 0xffff }).filter((t) => t !== 16), fc.uint8Array({ maxLength: 200 })),
    { selector: ([t]) => t, maxLength: 6 },
  );

  it('returns exactly the encoded SNI (lower-cased, if valid) and ALPN, for any record framing', () => {
    fc.assert(
      fc.property(
        fc.option(hostname, { nil: undefined }),
        fc.option(alpn, { nil: undefined }),
        others,
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 8 }),
        fc.nat(),
        (sni, protos, extensions, sizes, cutSeed) => {
          const sniBytes = sni === undefined ? undefined : Buffer.from(sni, 'utf8');
          if (sniBytes !== undefined && sniBytes.length === 0) return; // an empty name is malformed, tested elsewhere
          const framed = frame(encodeClientHello({ sni: sniBytes, alpn: protos, extensions }), sizes);
          const lower = sni?.toLowerCase();
          const expected: ClientHelloResult = { kind: 'client_hello' };
          if (lower !== undefined && isDnsName(lower) && Buffer.byteLength(sni!, 'utf8') === sni!.length) expected.sni = lower;
          if (protos !== undefined) expected.alpn = protos;
          expect(parseClientHello(framed)).toEqual(expected);
          expect(parseClientHello(framed.subarray(0, cutSeed % framed.length)).kind).toBe('incomplete');
        },
      ),
      { numRuns: 1000 },
    );
  });
});
