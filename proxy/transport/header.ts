// Linkerd's opaque transport header codec (shared/spec/linkerd-wire.md §2): the bytes a client writes
// right after the TLS handshake on a peer's inbound port (4143) to say which local port (and
// optionally which logical name / session protocol) the connection is for.
//
// Wire form: 23-byte preface `transport.l5d.io/v1\r\n\r\n`, a big-endian u32 length, then a protobuf
// `transport.l5d.io.Header`. This module is pure (no I/O): header-read.ts drives it from a socket.
// The protobuf part goes through the protobufjs static code generated from the shared header.proto
// (discovery-client/gen/, `npm run proto`), so field numbers and varint rules come from one place,
// not from hand-written encoders. Static code rather than loading header.proto at startup: full
// protobufjs (parser + reflection) would otherwise stay in the sidecar bundle only for this codec,
// at about 1 MB of idle RSS (issue 13).
import protobuf from 'protobufjs/minimal.js';
import { transport } from '../../discovery-client/gen/proto.js';

export type SessionProtocol = 'http1' | 'http2';

export interface TransportHeader {
  /** Target port on the receiving pod, 1..65535. */
  readonly port: number;
  /** Logical (gateway) target name, lower-case DNS name; absent when the wire field is empty. */
  readonly name?: string;
  /** Set by linkerd2-proxy when it already knows the HTTP version; absent for plain L4 traffic. */
  readonly sessionProtocol?: SessionProtocol;
}

export type HeaderErrorReason = 'header_missing' | 'header_malformed' | 'header_too_large';

/** A header that can't be decoded (or encoded). `reason` matches the ProxyError reason to report. */
export class HeaderError extends Error {
  constructor(
    readonly reason: HeaderErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HeaderError';
  }
}

/** The ALPN id a server must select before a header may be written (§2.1). */
export const TRANSPORT_ALPN = 'transport.l5d.io/v1';

/** The 23 bytes every header starts with. */
export const PREFACE: Buffer = Buffer.from(`${TRANSPORT_ALPN}\r\n\r\n`, 'ascii');

/** Preface plus the u32 length: how many bytes are needed before the message length is known. */
export const PREFIX_LEN = PREFACE.length + 4;

/**
 * Largest protobuf message length we accept (64 KiB).
 * Linkerd reads the header into a 64 KiB buffer and rejects lengths beyond its capacity, so any
 * header a Linkerd peer could send fits; real headers are under 100 bytes. The bound exists so a
 * peer can't make us buffer an arbitrary amount of data (4 GiB per the u32) before we decide.
 */
export const MAX_HEADER_LEN = 64 * 1024;

const HeaderType = transport.l5d.io.Header;

/** The shape the generated toObject gives for Header (generated with --keep-case: proto field names). */
interface HeaderObject {
  port?: number;
  name?: string;
  session_protocol?: { kind?: string };
}

/**
 * Headers coded recently. A pod talks to a handful of (port, name) targets, so the same few headers
 * are encoded and decoded for every connection; validating and running protobufjs each time was
 * about 2% of a proxy's CPU under connection churn. Only valid headers are remembered; a memo that
 * fills up (a peer cycling through names) is emptied, which bounds it without an LRU's bookkeeping.
 */
const MEMO_LIMIT = 256;
const encodedHeaders = new Map<string, Buffer>();
const decodedMessages = new Map<string, TransportHeader>();
/** Messages longer than this are decoded every time rather than kept as memo keys. */
const MEMO_MAX_MESSAGE = 256;

function remember<V>(memo: Map<string, V>, key: string, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/**
 * Serialize a header: preface + BE u32 length + protobuf. Throws HeaderError on invalid input.
 * The returned buffer may be shared with other callers (memo above): write it, never modify it.
 */
export function encodeHeader(h: TransportHeader): Buffer {
  // Keyed only when the fields have their types, so no invalid input prints like a valid one
  // ({port: '80'}); other input goes to validation, which throws.
  if (typeof h.port !== 'number' || !isOptionalString(h.name) || !isOptionalString(h.sessionProtocol)) return encodeFresh(h);
  const key = `${h.port}/${h.name ?? ''}/${h.sessionProtocol === undefined ? '' : `=${h.sessionProtocol}`}`;
  return encodedHeaders.get(key) ?? remember(encodedHeaders, key, encodeFresh(h));
}

function isOptionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function encodeFresh(h: TransportHeader): Buffer {
  const header = validateHeader(h.port, h.name, h.sessionProtocol);
  const message = HeaderType.encode(HeaderType.fromObject(toProtoObject(header))).finish();
  const out = Buffer.allocUnsafe(PREFIX_LEN + message.length);
  PREFACE.copy(out, 0);
  out.writeUInt32BE(message.length, PREFACE.length);
  out.set(message, PREFIX_LEN);
  return out;
}

/**
 * Decode a header from the start of `buf`.
 * Returns 'incomplete' while `buf` is a strict prefix of a well-framed header (more bytes could
 * complete it); throws HeaderError as soon as the bytes seen make a valid header impossible:
 * a preface mismatch is detected on the first wrong byte, an oversized length as soon as the length
 * field is complete. `consumed` is the header's total length; bytes after it belong to the app.
 */
export function decodeHeader(
  buf: Uint8Array,
  maxLength: number = MAX_HEADER_LEN,
): { header: TransportHeader; consumed: number } | 'incomplete' {
  checkPreface(buf);
  if (buf.length < PREFIX_LEN) return 'incomplete';
  const length = readLength(buf);
  if (length > maxLength) {
    throw new HeaderError('header_too_large', `transport header length ${length} exceeds ${maxLength}`);
  }
  const end = PREFIX_LEN + length;
  if (buf.length < end) return 'incomplete';
  return { header: decodeMessage(buf.subarray(PREFIX_LEN, end)), consumed: end };
}

/** Throw header_missing if the bytes seen so far can't be the start of the preface. */
function checkPreface(buf: Uint8Array): void {
  const n = Math.min(buf.length, PREFACE.length);
  for (let i = 0; i < n; i++) {
    if (buf[i] !== PREFACE[i]) {
      throw new HeaderError('header_missing', `no transport header: preface mismatch at byte ${i}`);
    }
  }
}

/** The big-endian u32 after the preface (by hand: a DataView per header is a slow builtin call). */
function readLength(buf: Uint8Array): number {
  const at = PREFACE.length;
  return buf[at]! * 0x1000000 + ((buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!);
}

/** The decoded header (frozen: it may be shared with other connections, memo above). */
function decodeMessage(bytes: Uint8Array): TransportHeader {
  if (bytes.length > MEMO_MAX_MESSAGE) return decodeFresh(bytes);
  const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return decodedMessages.get(key) ?? remember(decodedMessages, key, Object.freeze(decodeFresh(bytes)));
}

function decodeFresh(bytes: Uint8Array): TransportHeader {
  let obj: HeaderObject;
  try {
    checkWire(HEADER_WIRE_SCHEMA, bytes);
    obj = HeaderType.toObject(HeaderType.decode(bytes), { oneofs: true }) as HeaderObject;
  } catch (err) {
    throw new HeaderError('header_malformed', `transport header protobuf: ${errorMessage(err)}`, { cause: err });
  }
  return validateHeader(obj.port ?? 0, obj.name, sessionProtocolOf(obj));
}

const LENGTH_DELIMITED = 2;
const VARINT = 0;

/** A message's known fields by number: name, the wire type the schema implies, nested message if any. */
export type WireSchema = Readonly<Record<number, { readonly name: string; readonly wireType: number; readonly nested?: WireSchema }>>;

const EMPTY_MESSAGE: WireSchema = {};
const SESSION_PROTOCOL: WireSchema = {
  1: { name: 'http1', wireType: LENGTH_DELIMITED, nested: EMPTY_MESSAGE },
  2: { name: 'http2', wireType: LENGTH_DELIMITED, nested: EMPTY_MESSAGE },
};

/**
 * header.proto's Header as checkWire needs it. Static code has no reflection to walk, so this
 * table restates the schema; test/unit/header-codec.test.ts checks it against header.proto.
 */
export const HEADER_WIRE_SCHEMA: WireSchema = {
  1: { name: 'port', wireType: VARINT },
  2: { name: 'name', wireType: LENGTH_DELIMITED },
  3: { name: 'session_protocol', wireType: LENGTH_DELIMITED, nested: SESSION_PROTOCOL },
};

/**
 * Reject what Linkerd's decoder (prost) rejects but protobufjs' generated decoder lets through:
 * it ignores the wire type of known fields (reading a group or a string as the varint port) and
 * clamps a string whose length runs past the end of the message instead of failing. So walk the
 * message once with protobufjs' Reader, checking each known field's wire type against the schema
 * and that every length-delimited field fits; unknown fields are skipped as protobuf requires.
 */
function checkWire(schema: WireSchema, bytes: Uint8Array): void {
  const reader = protobuf.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    if (tag >>> 3 === 0) throw new Error('field number 0');
    const field = schema[tag >>> 3];
    if (field === undefined) {
      reader.skipType(wireType);
      continue;
    }
    if (wireType !== field.wireType) {
      throw new Error(`field ${field.name} has wire type ${wireType}, expected ${field.wireType}`);
    }
    if (field.nested) checkWire(field.nested, reader.bytes());
    else reader.skipType(wireType);
  }
}

function sessionProtocolOf(obj: HeaderObject): SessionProtocol | undefined {
  // A SessionProtocol message with no `kind` set (or an unknown future variant) carries no
  // information; Linkerd treats it as "no protocol" too.
  const kind = obj.session_protocol?.kind;
  return kind === 'http1' || kind === 'http2' ? kind : undefined;
}

/** Shared by encode and decode so both sides enforce exactly Linkerd's server-side rules (§2.3). */
function validateHeader(port: unknown, name: unknown, sessionProtocol: unknown): TransportHeader {
  if (typeof port !== 'number' || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new HeaderError('header_malformed', `transport header port ${String(port)} is outside 1..65535`);
  }
  const header: { -readonly [K in keyof TransportHeader]: TransportHeader[K] } = { port };
  if (name !== undefined && name !== '') {
    header.name = validateName(name);
  }
  if (sessionProtocol !== undefined) {
    if (sessionProtocol !== 'http1' && sessionProtocol !== 'http2') {
      throw new HeaderError('header_malformed', `unknown session protocol ${String(sessionProtocol)}`);
    }
    header.sessionProtocol = sessionProtocol;
  }
  return header;
}

function validateName(name: unknown): string {
  if (typeof name !== 'string') {
    throw new HeaderError('header_malformed', 'transport header name is not a string');
  }
  const lower = name.toLowerCase();
  if (!isHeaderDnsName(lower)) {
    throw new HeaderError('header_malformed', `transport header name ${JSON.stringify(name)} is not a DNS name`);
  }
  return lower;
}

// Linkerd parses the name with its dns::Name (webpki's DNS-ID rules relaxed to allow underscores),
// which also accepts one trailing dot (absolute names such as gateway suffixes `svc.cluster.local.`).
// We accept the same set so a header Linkerd would take is not rejected here, and keep the name as
// sent (only lower-cased) rather than rewriting it.
const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;

function isHeaderDnsName(name: string): boolean {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (bare.length === 0 || bare.length > 253) return false;
  const labels = bare.split('.');
  if (!labels.every((l) => LABEL.test(l))) return false;
  // An all-numeric last label means an IP address, which webpki refuses as a DNS name.
  return !/^[0-9]+$/.test(labels[labels.length - 1]!);
}

function toProtoObject(h: TransportHeader): Record<string, unknown> {
  // Omit absent fields entirely: protobufjs writes explicitly-set empty strings, and Linkerd's
  // encoder leaves them out.
  const obj: Record<string, unknown> = { port: h.port };
  if (h.name !== undefined) obj.name = h.name;
  if (h.sessionProtocol !== undefined) obj.session_protocol = { [h.sessionProtocol]: {} };
  return obj;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
