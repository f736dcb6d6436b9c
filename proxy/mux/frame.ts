// The podwire.mux/1 frame codec (docs/mux-protocol.md): the byte format one podwire uses to carry
// many application connections as streams over one mTLS connection to another podwire.
//
// This module is pure (no I/O, no timers): encoders turn typed frames into exact bytes, and
// FrameDecoder turns arbitrary chunks of a byte stream back into frames, or fails with a
// MuxProtocolError whose `reason` names what was wrong. Everything a single frame can get wrong
// (type, flags, stream id, length, payload values, SETTINGS first and only once) is checked here so
// it can be table-tested and fuzzed; what needs stream state (ids, windows) is session.ts's job.
//
// Memory: the decoder never holds more than one frame (maxBufferedBytes) once next() has returned
// undefined, and a frame header announcing a payload over its bound is refused as soon as its 9
// bytes are in, before any payload is buffered.
import { HeaderError, MAX_HEADER_LEN, PREFIX_LEN, decodeHeader, encodeHeader, type TransportHeader } from '../transport/header.js';

/** The ALPN id for this protocol, offered before Linkerd's `transport.l5d.io/v1`. */
export const MUX_ALPN = 'podwire.mux/1';

/** length u24 | type u8 | flags u8 | stream u32. */
export const FRAME_HEADER_LEN = 9;

export const FrameType = {
  DATA: 0x0,
  OPEN: 0x1,
  RESET: 0x3,
  SETTINGS: 0x4,
  PING: 0x6,
  GOAWAY: 0x7,
  WINDOW: 0x8,
} as const;

/** DATA / OPEN: the sender's half-close. */
export const FLAG_FIN = 0x1;
/** PING: this is the reply. */
export const FLAG_ACK = 0x1;

/** Codes carried by RESET (and by GOAWAY, where 0 means a graceful drain). Unknown codes are valid. */
export const ResetCode = {
  CANCEL: 0,
  REFUSED: 1,
  CONNECT_FAILED: 2,
  PROTOCOL_ERROR: 3,
  INTERNAL: 4,
  APP_RESET: 5,
} as const;

/** GOAWAY code of a graceful drain (same value as CANCEL: nothing went wrong). */
export const GOAWAY_NO_ERROR = 0;

/** The name of a reset code for messages and logs ("REFUSED", or "code 42" for unknown ones). */
export function resetCodeName(code: number): string {
  for (const [name, value] of Object.entries(ResetCode)) if (value === code) return name;
  return `code ${code}`;
}

export const MAX_STREAM_ID = 0x7fffffff;

/** Ranges a SETTINGS frame must respect (both sides validate what they send and receive). */
export const SETTINGS_LIMITS = {
  initialWindow: { min: 16 * 1024, max: 16 * 1024 * 1024 },
  maxStreams: { min: 1, max: 65535 },
  maxFrame: { min: 16 * 1024, max: 1024 * 1024 - 1 },
} as const;

export interface MuxSettings {
  /** Bytes a stream may receive before the receiver grants WINDOW credit. */
  initialWindow: number;
  /** Concurrent streams the sender of SETTINGS accepts (streams the peer opens). */
  maxStreams: number;
  /** Largest DATA payload the sender of SETTINGS accepts. */
  maxFrame: number;
}

/** Exact payload lengths of the fixed-size frames. */
const SETTINGS_LEN = 12;
const WINDOW_LEN = 4;
const RESET_LEN = 4;
const GOAWAY_LEN = 8;
export const PING_LEN = 8;

/** An OPEN payload is one transport header, bounded exactly as header.ts bounds it. */
export const MAX_OPEN_PAYLOAD = PREFIX_LEN + MAX_HEADER_LEN;

export type MuxFrame =
  | { type: 'data'; streamId: number; fin: boolean; payload: Buffer }
  | { type: 'open'; streamId: number; fin: boolean; header: TransportHeader }
  | { type: 'window'; streamId: number; increment: number }
  | { type: 'reset'; streamId: number; code: number }
  | { type: 'settings'; settings: MuxSettings }
  | { type: 'goaway'; lastStreamId: number; code: number }
  | { type: 'ping'; ack: boolean; data: Buffer };

export type MuxProtocolReason =
  // found by the decoder in a single frame
  | 'reserved_bit'
  | 'unknown_type'
  | 'bad_flags'
  | 'stream_id_required'
  | 'stream_id_forbidden'
  | 'frame_too_large'
  | 'bad_length'
  | 'settings_not_first'
  | 'settings_repeated'
  | 'settings_out_of_range'
  | 'zero_window_increment'
  | 'bad_open_header'
  // found by the session, which knows the streams
  | 'truncated_frame'
  | 'unexpected_open'
  | 'stream_id_not_increasing'
  | 'stream_not_opened'
  | 'data_after_fin'
  | 'window_exceeded'
  | 'window_overflow'
  | 'control_flood';

/** The peer broke the protocol; the whole connection is torn down. `reason` is stable, `message` detailed. */
export class MuxProtocolError extends Error {
  readonly code = 'ERR_MUX_PROTOCOL';
  constructor(
    readonly reason: MuxProtocolReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`mux protocol error (${reason}): ${message}`, options);
    this.name = 'MuxProtocolError';
  }
}

// ---- encoding ----

/** A frame buffer with room for `length` payload bytes; `announced` (default: length) goes in the header. */
function frameHeader(length: number, type: number, flags: number, streamId: number, announced = length): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_LEN + length);
  out.writeUIntBE(announced, 0, 3);
  out[3] = type;
  out[4] = flags;
  out.writeUInt32BE(streamId, 5);
  return out;
}

function checkStreamId(streamId: number): void {
  if (!Number.isInteger(streamId) || streamId < 1 || streamId > MAX_STREAM_ID) {
    throw new RangeError(`stream id ${streamId} is outside 1..${MAX_STREAM_ID}`);
  }
}

function checkU32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`${name} ${value} is not a u32`);
}

/**
 * The 9-byte header of a DATA frame of `length` payload bytes, for writers that send the payload
 * as its own buffer right after it (no copy of the payload into a frame buffer).
 */
export function encodeDataHeader(streamId: number, length: number, fin = false): Buffer {
  checkStreamId(streamId);
  if (length > SETTINGS_LIMITS.maxFrame.max) throw new RangeError(`DATA payload of ${length} bytes is too large`);
  return frameHeader(0, FrameType.DATA, fin ? FLAG_FIN : 0, streamId, length);
}

export function encodeData(streamId: number, payload: Uint8Array, fin = false): Buffer {
  checkStreamId(streamId);
  if (payload.length > SETTINGS_LIMITS.maxFrame.max) throw new RangeError(`DATA payload of ${payload.length} bytes is too large`);
  const out = frameHeader(payload.length, FrameType.DATA, fin ? FLAG_FIN : 0, streamId);
  out.set(payload, FRAME_HEADER_LEN);
  return out;
}

/** Throws HeaderError (from encodeHeader) for an invalid header. */
export function encodeOpen(streamId: number, header: TransportHeader, fin = false): Buffer {
  checkStreamId(streamId);
  const payload = encodeHeader(header);
  const out = frameHeader(payload.length, FrameType.OPEN, fin ? FLAG_FIN : 0, streamId);
  payload.copy(out, FRAME_HEADER_LEN);
  return out;
}

export function encodeWindow(streamId: number, increment: number): Buffer {
  checkStreamId(streamId);
  checkU32('window increment', increment);
  if (increment === 0) throw new RangeError('window increment must be > 0');
  const out = frameHeader(WINDOW_LEN, FrameType.WINDOW, 0, streamId);
  out.writeUInt32BE(increment, FRAME_HEADER_LEN);
  return out;
}

export function encodeReset(streamId: number, code: number): Buffer {
  checkStreamId(streamId);
  checkU32('reset code', code);
  const out = frameHeader(RESET_LEN, FrameType.RESET, 0, streamId);
  out.writeUInt32BE(code, FRAME_HEADER_LEN);
  return out;
}

/** Throws RangeError for settings outside SETTINGS_LIMITS (we never send what we would refuse). */
export function encodeSettings(settings: MuxSettings): Buffer {
  const problem = settingsProblem(settings);
  if (problem !== undefined) throw new RangeError(problem);
  const out = frameHeader(SETTINGS_LEN, FrameType.SETTINGS, 0, 0);
  out.writeUInt32BE(settings.initialWindow, FRAME_HEADER_LEN);
  out.writeUInt32BE(settings.maxStreams, FRAME_HEADER_LEN + 4);
  out.writeUInt32BE(settings.maxFrame, FRAME_HEADER_LEN + 8);
  return out;
}

export function encodeGoaway(lastStreamId: number, code: number): Buffer {
  if (!Number.isInteger(lastStreamId) || lastStreamId < 0 || lastStreamId > MAX_STREAM_ID) {
    throw new RangeError(`GOAWAY last stream id ${lastStreamId} is outside 0..${MAX_STREAM_ID}`);
  }
  checkU32('GOAWAY code', code);
  const out = frameHeader(GOAWAY_LEN, FrameType.GOAWAY, 0, 0);
  out.writeUInt32BE(lastStreamId, FRAME_HEADER_LEN);
  out.writeUInt32BE(code, FRAME_HEADER_LEN + 4);
  return out;
}

export function encodePing(data: Uint8Array, ack = false): Buffer {
  if (data.length !== PING_LEN) throw new RangeError(`PING data must be ${PING_LEN} bytes`);
  const out = frameHeader(PING_LEN, FrameType.PING, ack ? FLAG_ACK : 0, 0);
  out.set(data, FRAME_HEADER_LEN);
  return out;
}

/** Encode any frame (dispatches to the per-type encoders). */
export function encodeFrame(frame: MuxFrame): Buffer {
  switch (frame.type) {
    case 'data':
      return encodeData(frame.streamId, frame.payload, frame.fin);
    case 'open':
      return encodeOpen(frame.streamId, frame.header, frame.fin);
    case 'window':
      return encodeWindow(frame.streamId, frame.increment);
    case 'reset':
      return encodeReset(frame.streamId, frame.code);
    case 'settings':
      return encodeSettings(frame.settings);
    case 'goaway':
      return encodeGoaway(frame.lastStreamId, frame.code);
    case 'ping':
      return encodePing(frame.data, frame.ack);
  }
}

/** Why `s` is not acceptable as SETTINGS, or undefined when it is. */
export function settingsProblem(s: MuxSettings): string | undefined {
  for (const key of ['initialWindow', 'maxStreams', 'maxFrame'] as const) {
    const { min, max } = SETTINGS_LIMITS[key];
    const v = s[key];
    if (!Number.isInteger(v) || v < min || v > max) return `${key} ${v} is outside ${min}..${max}`;
  }
  return undefined;
}

// ---- decoding ----

/** What the 9-byte header says; the payload is not in yet. */
interface FrameHead {
  length: number;
  type: number;
  flags: number;
  streamId: number;
}

/** Per type: which flags are allowed, whether a stream id is needed, and the payload length bound. */
interface TypeRule {
  name: string;
  flags: number;
  onStream: boolean;
  /** exact payload length, or a maximum (DATA's is the decoder's maxFrame) */
  length: { exact: number } | { max: number | 'maxFrame' };
}

const RULES: ReadonlyMap<number, TypeRule> = new Map<number, TypeRule>([
  [FrameType.DATA, { name: 'DATA', flags: FLAG_FIN, onStream: true, length: { max: 'maxFrame' } }],
  [FrameType.OPEN, { name: 'OPEN', flags: FLAG_FIN, onStream: true, length: { max: MAX_OPEN_PAYLOAD } }],
  [FrameType.WINDOW, { name: 'WINDOW', flags: 0, onStream: true, length: { exact: WINDOW_LEN } }],
  [FrameType.RESET, { name: 'RESET', flags: 0, onStream: true, length: { exact: RESET_LEN } }],
  [FrameType.SETTINGS, { name: 'SETTINGS', flags: 0, onStream: false, length: { exact: SETTINGS_LEN } }],
  [FrameType.GOAWAY, { name: 'GOAWAY', flags: 0, onStream: false, length: { exact: GOAWAY_LEN } }],
  [FrameType.PING, { name: 'PING', flags: FLAG_ACK, onStream: false, length: { exact: PING_LEN } }],
]);

export interface FrameDecoderOptions {
  /** Our advertised maxFrame: the largest DATA payload accepted. */
  maxFrame: number;
}

/**
 * Incremental decoder for one direction of a connection. push() chunks as they arrive, then call
 * next() until it returns undefined. Once next() has thrown, the decoder is dead and throws the
 * same error again. The first frame must be SETTINGS, and SETTINGS may come only once.
 */
export class FrameDecoder {
  /** Most bytes held between next() calls: one largest frame. */
  readonly maxBufferedBytes: number;
  private readonly maxFrame: number;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private head: FrameHead | undefined;
  private settingsSeen = false;
  private failure: MuxProtocolError | undefined;

  constructor(options: FrameDecoderOptions) {
    const { min, max } = SETTINGS_LIMITS.maxFrame;
    if (!Number.isInteger(options.maxFrame) || options.maxFrame < min || options.maxFrame > max) {
      throw new RangeError(`maxFrame ${options.maxFrame} is outside ${min}..${max}`);
    }
    this.maxFrame = options.maxFrame;
    this.maxBufferedBytes = FRAME_HEADER_LEN + Math.max(options.maxFrame, MAX_OPEN_PAYLOAD);
  }

  /** Bytes received but not yet returned as frames. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** True when the bytes so far end inside a frame (an EOF now would truncate it). */
  get midFrame(): boolean {
    return this.buffered > 0;
  }

  push(chunk: Buffer): void {
    if (this.failure !== undefined || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next complete frame, or undefined until more bytes arrive. Throws MuxProtocolError. */
  next(): MuxFrame | undefined {
    if (this.failure !== undefined) throw this.failure;
    try {
      return this.decodeNext();
    } catch (err) {
      if (!(err instanceof MuxProtocolError)) throw err;
      this.failure = err;
      this.chunks = [];
      this.buffered = 0;
      throw err;
    }
  }

  private decodeNext(): MuxFrame | undefined {
    if (this.head === undefined) {
      if (this.buffered < FRAME_HEADER_LEN) return undefined;
      this.head = this.checkHead(parseHead(this.take(FRAME_HEADER_LEN)));
    }
    if (this.buffered < this.head.length) return undefined;
    const head = this.head;
    this.head = undefined;
    return decodePayload(head, this.take(head.length));
  }

  /** Everything that can be judged from the 9 header bytes alone. */
  private checkHead(head: FrameHead): FrameHead {
    if (head.streamId > MAX_STREAM_ID) {
      throw new MuxProtocolError('reserved_bit', `stream id field 0x${head.streamId.toString(16)} has the reserved bit set`);
    }
    const rule = RULES.get(head.type);
    if (rule === undefined) throw new MuxProtocolError('unknown_type', `unknown frame type 0x${head.type.toString(16)}`);
    if ((head.flags & ~rule.flags) !== 0) {
      throw new MuxProtocolError('bad_flags', `${rule.name} frame with flags 0x${head.flags.toString(16)}`);
    }
    if (rule.onStream && head.streamId === 0) throw new MuxProtocolError('stream_id_required', `${rule.name} frame on stream 0`);
    if (!rule.onStream && head.streamId !== 0) {
      throw new MuxProtocolError('stream_id_forbidden', `${rule.name} frame on stream ${head.streamId}, must be 0`);
    }
    checkLength(rule, head.length, this.maxFrame);
    this.checkSettingsOrder(head.type);
    return head;
  }

  private checkSettingsOrder(type: number): void {
    const isSettings = type === FrameType.SETTINGS;
    if (!this.settingsSeen && !isSettings) {
      throw new MuxProtocolError('settings_not_first', `first frame is ${RULES.get(type)?.name}, not SETTINGS`);
    }
    if (this.settingsSeen && isSettings) throw new MuxProtocolError('settings_repeated', 'second SETTINGS frame');
    if (isSettings) this.settingsSeen = true;
  }

  /** Remove and return the first n buffered bytes (a view when they sit in one chunk). */
  private take(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0];
    if (first !== undefined && first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0]!;
      const part = Math.min(c.length, n - filled);
      c.copy(out, filled, 0, part);
      filled += part;
      if (part === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(part);
    }
    return out;
  }
}

function parseHead(b: Buffer): FrameHead {
  return { length: b.readUIntBE(0, 3), type: b[3]!, flags: b[4]!, streamId: b.readUInt32BE(5) };
}

function checkLength(rule: TypeRule, length: number, maxFrame: number): void {
  if ('exact' in rule.length) {
    if (length !== rule.length.exact) {
      throw new MuxProtocolError('bad_length', `${rule.name} payload is ${length} bytes, must be ${rule.length.exact}`);
    }
    return;
  }
  const max = rule.length.max === 'maxFrame' ? maxFrame : rule.length.max;
  if (length > max) throw new MuxProtocolError('frame_too_large', `${rule.name} payload of ${length} bytes exceeds ${max}`);
}

function decodePayload(head: FrameHead, payload: Buffer): MuxFrame {
  const { streamId } = head;
  switch (head.type) {
    case FrameType.DATA:
      return { type: 'data', streamId, fin: (head.flags & FLAG_FIN) !== 0, payload: detach(payload) };
    case FrameType.OPEN:
      return { type: 'open', streamId, fin: (head.flags & FLAG_FIN) !== 0, header: decodeOpenHeader(streamId, payload) };
    case FrameType.WINDOW:
      return { type: 'window', streamId, increment: decodeIncrement(streamId, payload) };
    case FrameType.RESET:
      return { type: 'reset', streamId, code: payload.readUInt32BE(0) };
    case FrameType.SETTINGS:
      return { type: 'settings', settings: decodeSettings(payload) };
    case FrameType.GOAWAY:
      return { type: 'goaway', lastStreamId: payload.readUInt32BE(0) & MAX_STREAM_ID, code: payload.readUInt32BE(4) };
    default: // PING: checkHead let only known types through
      return { type: 'ping', ack: (head.flags & FLAG_ACK) !== 0, data: Buffer.from(payload) };
  }
}

/**
 * A payload that is a small view of a large socket chunk would keep the whole chunk alive while it
 * waits in a stream's receive queue (a peer could pin 64 KiB per byte of window): copy it then.
 */
function detach(payload: Buffer): Buffer {
  return payload.length * 2 < payload.buffer.byteLength ? Buffer.from(payload) : payload;
}

function decodeOpenHeader(streamId: number, payload: Buffer): TransportHeader {
  let result: ReturnType<typeof decodeHeader>;
  try {
    result = decodeHeader(payload);
  } catch (err) {
    if (!(err instanceof HeaderError)) throw err;
    throw new MuxProtocolError('bad_open_header', `OPEN of stream ${streamId}: ${err.message}`, { cause: err });
  }
  if (result === 'incomplete') {
    throw new MuxProtocolError('bad_open_header', `OPEN of stream ${streamId}: transport header is truncated`);
  }
  if (result.consumed !== payload.length) {
    throw new MuxProtocolError('bad_open_header', `OPEN of stream ${streamId}: ${payload.length - result.consumed} bytes after the transport header`);
  }
  return result.header;
}

function decodeIncrement(streamId: number, payload: Buffer): number {
  const increment = payload.readUInt32BE(0);
  if (increment === 0) throw new MuxProtocolError('zero_window_increment', `WINDOW of stream ${streamId} with increment 0`);
  return increment;
}

function decodeSettings(payload: Buffer): MuxSettings {
  const settings = {
    initialWindow: payload.readUInt32BE(0),
    maxStreams: payload.readUInt32BE(4),
    maxFrame: payload.readUInt32BE(8),
  };
  const problem = settingsProblem(settings);
  if (problem !== undefined) throw new MuxProtocolError('settings_out_of_range', `SETTINGS ${problem}`);
  return settings;
}
