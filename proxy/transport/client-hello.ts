// Bounded parser for the first bytes of an inbound connection: is it a TLS ClientHello, and if so
// which SNI and ALPN does it carry (Linkerd's inbound TLS detection, spec §4.4)? Node has no API that
// parses a ClientHello from peeked bytes, so this walks the wire format by hand — only the fields on
// the path to the server_name and ALPN extensions, every length checked against the buffer.
//
// Wire structure (RFC 8446 §5.1, §4.1.2; RFC 6066 §3; RFC 7301 §3.1):
//   TLSPlaintext { ContentType type = 22 (handshake); uint16 legacy_record_version = 0x03xx;
//                  uint16 length <= 2^14; opaque fragment[length] }   (a handshake message may span
//                  several records; zero-length handshake fragments are forbidden)
//   Handshake    { uint8 msg_type = 1 (client_hello); uint24 length; ClientHello body }
//   ClientHello  { uint16 legacy_version; opaque random[32]; opaque legacy_session_id<0..32>;
//                  CipherSuite cipher_suites<2..2^16-2>; opaque legacy_compression_methods<1..2^8-1>;
//                  Extension extensions<0..2^16-1> }   (the extensions block may be absent, pre-1.3)
//   Extension    { uint16 extension_type; opaque extension_data<0..2^16-1> }
//   server_name (0):  ServerName server_name_list<1..2^16-1>; ServerName { uint8 name_type; opaque name<1..2^16-1> }
//                     name_type 0 = host_name: ASCII DNS name, no trailing dot
//   ALPN (16):        ProtocolName protocol_name_list<2..2^16-1>; ProtocolName = opaque <1..2^8-1>
//
// Decisions (documented for the caller, see also test/unit/client-hello*.test.ts):
// - 'not_tls' as early as the bytes allow: first byte != 22 or second != 3 decide after 1–2 bytes; a
//   zero or > 2^14 record length, a handshake type != 1, or any malformed ClientHello field decide as
//   soon as those bytes are present. A malformed ClientHello is 'not_tls' (a TLS server would reject it
//   too): the spec's "no ClientHello" outcome (§4.4), i.e. plaintext subject to policy.
// - 'too_large' (distinct from 'not_tls' so the caller can say why in its log) when the ClientHello
//   cannot end within `maxBytes` (default 8 KiB, Linkerd's read buffer), decided as soon as the
//   handshake length makes it certain. The caller should treat it as "no ClientHello" too (a hello that
//   doesn't fit Linkerd's 8 KiB buffer can't be detected there either).
// - 'incomplete' with `need`: the buffer length at which calling again can first say more (callers
//   may skip re-parsing until then). Never a guess: a truncated hello is always 'incomplete'.
// - SNI: the first host_name entry, lower-cased; a name that is non-ASCII or not a valid DNS name
//   (e.g. trailing dot, underscore, > 253 chars) yields a ClientHello without `sni`. Duplicate
//   server_name or ALPN extensions, or an empty name/protocol, make the hello malformed ('not_tls').
// - Bytes after the ClientHello message (same or later records) are not examined.
import { isDnsName } from './addr.js';

export type ClientHelloResult =
  | { kind: 'client_hello'; sni?: string; alpn?: string[] }
  | { kind: 'not_tls' }
  | { kind: 'incomplete'; need?: number }
  | { kind: 'too_large' };

/** Linkerd reads at most 8 KiB while looking for a ClientHello (spec §4.1, §4.4). */
export const MAX_CLIENT_HELLO_BYTES = 8192;

const CONTENT_HANDSHAKE = 22;
const HANDSHAKE_CLIENT_HELLO = 1;
const RECORD_HEADER = 5;
const HANDSHAKE_HEADER = 4;
const MAX_RECORD_LEN = 16384;
/** legacy_version 2 + random 32 + session id len 1 + suites len 2 + one suite 2 + methods len 1 + one method 1. */
const MIN_CLIENT_HELLO_BODY = 41;
const EXT_SERVER_NAME = 0;
const EXT_ALPN = 16;
const NAME_TYPE_HOST = 0;

const NOT_TLS = { kind: 'not_tls' } as const;
const TOO_LARGE = { kind: 'too_large' } as const;

/**
 * Decide what `buf` (the first bytes of a connection) is. Never throws and never reads past `buf`;
 * a ClientHello is only accepted if it ends within the first `maxBytes` (meant to be >= 5, i.e. at
 * least a record header; header bytes may be checked for 'not_tls' even when they lie past it).
 */
export function parseClientHello(buf: Uint8Array, maxBytes: number = MAX_CLIENT_HELLO_BYTES): ClientHelloResult {
  const reassembled = reassemble(buf, maxBytes);
  if (!(reassembled instanceof Uint8Array)) return reassembled;
  return parseBody(reassembled);
}

/**
 * Walk the record layer, collecting handshake fragments until the whole ClientHello message
 * (header + body) is present. Returns the message bytes, or the decision reached on the way.
 */
function reassemble(buf: Uint8Array, maxBytes: number): Uint8Array | ClientHelloResult {
  const frags: Uint8Array[] = [];
  let have = 0; // handshake message bytes collected so far
  let want: number | undefined; // total handshake message length (header + body), once known
  let off = 0; // start of the current record header
  for (;;) {
    const avail = buf.length - off;
    if (avail >= 1 && buf[off] !== CONTENT_HANDSHAKE) return NOT_TLS;
    if (avail >= 2 && buf[off + 1] !== 3) return NOT_TLS;
    // The first two header bytes can each decide 'not_tls'; after them only the whole header can.
    if (avail < 2) return incomplete(buf.length + 1);
    if (avail < RECORD_HEADER) return off + RECORD_HEADER > maxBytes ? TOO_LARGE : incomplete(off + RECORD_HEADER);
    const recLen = u16(buf, off + 3);
    if (recLen === 0 || recLen > MAX_RECORD_LEN) return NOT_TLS;
    const fragStart = off + RECORD_HEADER;
    const fragEnd = fragStart + recLen;
    // Take what is here of this record, but never more than the message still needs: bytes after
    // the ClientHello are not ours to parse.
    let limit = Math.min(fragEnd, buf.length);
    if (want !== undefined) limit = Math.min(limit, fragStart + (want - have));
    frags.push(buf.subarray(fragStart, limit));
    have += limit - fragStart;

    if (want === undefined) {
      const head = firstBytes(frags, HANDSHAKE_HEADER);
      if (head.length >= 1 && head[0] !== HANDSHAKE_CLIENT_HELLO) return NOT_TLS;
      if (head.length === HANDSHAKE_HEADER) {
        const bodyLen = (head[1]! << 16) | (head[2]! << 8) | head[3]!;
        if (bodyLen < MIN_CLIENT_HELLO_BODY) return NOT_TLS;
        want = HANDSHAKE_HEADER + bodyLen;
        if (have > want) {
          // We took this record's bytes before knowing the length: drop what lies past the message.
          const last = frags.pop()!;
          frags.push(last.subarray(0, last.length - (have - want)));
          limit -= have - want;
          have = want;
        }
      }
    }
    if (want !== undefined) {
      // Fewest wire bytes the message can end at: the rest of this record, then one more record
      // header for whatever doesn't fit in it. Past the cap → decided now, no need to wait.
      const rest = want - have;
      const leftInRecord = fragEnd - limit;
      const minEnd = rest <= leftInRecord ? limit + rest : fragEnd + RECORD_HEADER + (rest - leftInRecord);
      if (minEnd > maxBytes) return TOO_LARGE;
      if (rest === 0) return frags.length === 1 ? frags[0]! : concat(frags, want);
      if (limit < fragEnd) return incomplete(Math.min(fragEnd, limit + rest));
    } else if (limit < fragEnd) {
      // The handshake header is still arriving: every byte of it can decide something.
      return limit + 1 > maxBytes ? TOO_LARGE : incomplete(limit + 1);
    }
    off = fragEnd; // this record is fully consumed; the message continues in the next one
  }
}

/** Parse a complete ClientHello handshake message (4-byte header included). */
function parseBody(msg: Uint8Array): ClientHelloResult {
  const end = msg.length;
  let p = HANDSHAKE_HEADER;
  if (msg[p] !== 3) return NOT_TLS; // legacy_version 0x03xx
  p += 2 + 32; // legacy_version, random
  const sidLen = msg[p]!;
  if (sidLen > 32) return NOT_TLS;
  p += 1 + sidLen;
  if (p + 2 > end) return NOT_TLS;
  const suitesLen = u16(msg, p);
  if (suitesLen < 2 || suitesLen % 2 !== 0) return NOT_TLS;
  p += 2 + suitesLen;
  if (p + 1 > end) return NOT_TLS;
  const methodsLen = msg[p]!;
  if (methodsLen < 1) return NOT_TLS;
  p += 1 + methodsLen;
  if (p === end) return { kind: 'client_hello' }; // no extensions block (TLS <= 1.2 clients)
  if (p + 2 > end) return NOT_TLS;
  const extEnd = p + 2 + u16(msg, p);
  if (extEnd !== end) return NOT_TLS; // the extensions block must fill the message exactly
  p += 2;

  let sni: string | undefined;
  let alpn: string[] | undefined;
  const seen = new Set<number>();
  while (p < extEnd) {
    if (p + 4 > extEnd) return NOT_TLS;
    const type = u16(msg, p);
    const len = u16(msg, p + 2);
    const dataStart = p + 4;
    const dataEnd = dataStart + len;
    if (dataEnd > extEnd) return NOT_TLS;
    if (seen.has(type)) return NOT_TLS; // RFC 8446 §4.2: no extension type may appear twice
    seen.add(type);
    const data = msg.subarray(dataStart, dataEnd);
    if (type === EXT_SERVER_NAME) {
      const parsed = parseServerName(data);
      if (parsed === null) return NOT_TLS;
      sni = parsed;
    } else if (type === EXT_ALPN) {
      const parsed = parseAlpn(data);
      if (parsed === null) return NOT_TLS;
      alpn = parsed;
    }
    p = dataEnd;
  }
  const result: { kind: 'client_hello'; sni?: string; alpn?: string[] } = { kind: 'client_hello' };
  if (sni !== undefined) result.sni = sni;
  if (alpn !== undefined) result.alpn = alpn;
  return result;
}

/**
 * server_name extension data → the first valid host_name (lower-cased), undefined if there is none
 * or it isn't a DNS name, null if the structure is broken. An empty extension is legal only in a
 * ServerHello, but some clients echo it; treat it as "no SNI" rather than malformed.
 */
function parseServerName(data: Uint8Array): string | undefined | null {
  if (data.length === 0) return undefined;
  if (data.length < 2 || u16(data, 0) !== data.length - 2 || data.length === 2) return null;
  let p = 2;
  let host: string | undefined;
  let sawHost = false;
  while (p < data.length) {
    // Every name type in use is uint16-length-prefixed, so unknown types can be stepped over.
    if (p + 3 > data.length) return null;
    const nameType = data[p]!;
    const len = u16(data, p + 1);
    const start = p + 3;
    if (len === 0 || start + len > data.length) return null;
    if (nameType === NAME_TYPE_HOST && !sawHost) {
      sawHost = true;
      host = hostName(data.subarray(start, start + len));
    }
    p = start + len;
  }
  return host;
}

/** ASCII only, lower-cased, must be a DNS name (RFC 6066: no trailing dot, no IDN U-labels). */
function hostName(bytes: Uint8Array): string | undefined {
  if (bytes.length > 253) return undefined;
  let s = '';
  for (const b of bytes) {
    if (b >= 0x80) return undefined;
    s += String.fromCharCode(b);
  }
  s = s.toLowerCase();
  return isDnsName(s) ? s : undefined;
}

/** ALPN extension data → the protocol names (bytes as latin1 text), null if malformed. */
function parseAlpn(data: Uint8Array): string[] | null {
  if (data.length < 2 || u16(data, 0) !== data.length - 2 || data.length === 2) return null;
  const out: string[] = [];
  let p = 2;
  while (p < data.length) {
    const len = data[p]!;
    if (len === 0 || p + 1 + len > data.length) return null;
    let s = '';
    for (const b of data.subarray(p + 1, p + 1 + len)) s += String.fromCharCode(b);
    out.push(s);
    p += 1 + len;
  }
  return out;
}

function incomplete(need: number): ClientHelloResult {
  return { kind: 'incomplete', need };
}

function u16(b: Uint8Array, i: number): number {
  return (b[i]! << 8) | b[i + 1]!;
}

/** Up to `n` bytes from the front of the collected fragments (handshake header may span records). */
function firstBytes(frags: readonly Uint8Array[], n: number): number[] {
  const out: number[] = [];
  for (const f of frags) {
    for (const b of f) {
      if (out.length === n) return out;
      out.push(b);
    }
  }
  return out;
}

function concat(frags: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const f of frags) {
    out.set(f.subarray(0, total - o), o);
    o += Math.min(f.length, total - o);
    if (o === total) break;
  }
  return out;
}
