// The podwire.mux/1 frame codec (docs/mux-protocol.md): the byte format one podwire uses to carry
// many application connections as streams over one mTLS connection to another podwire.
//
// This module is pure (no I/O, no timers): the frame types, codes and limits, and the encoders
// that turn typed frames into exact bytes. frame-decoder.ts turns bytes back into frames.
import { MAX_HEADER_LEN, PREFIX_LEN, encodeHeader, type TransportHeader } from '../transport/header.js';

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
export const SETTINGS_LEN = 12;
export const WINDOW_LEN = 4;
export const RESET_LEN = 4;
export const GOAWAY_LEN = 8;
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
  writeHeader(out, announced, type, flags, streamId);
  return out;
}

function writeHeader(out: Buffer, length: number, type: number, flags: number, streamId: number): void {
  out.writeUIntBE(length, 0, 3);
  out[3] = type;
  out[4] = flags;
  out.writeUInt32BE(streamId, 5);
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

/**
 * The DATA frame (no FIN) of `payload`, whose FRAME_HEADER_LEN bytes before it in its memory are
 * free (a read laid out for framing, framed-reads.ts): the header is written there and the frame
 * is a view of header and payload together, not a copy.
 */
export function dataFrameInHeadroom(streamId: number, payload: Buffer): Buffer {
  checkStreamId(streamId);
  if (payload.byteOffset < FRAME_HEADER_LEN) throw new RangeError('DATA payload has no room for its header before it');
  if (payload.length > SETTINGS_LIMITS.maxFrame.max) throw new RangeError(`DATA payload of ${payload.length} bytes is too large`);
  const frame = Buffer.from(payload.buffer, payload.byteOffset - FRAME_HEADER_LEN, FRAME_HEADER_LEN + payload.length);
  writeHeader(frame, payload.length, FrameType.DATA, 0, streamId);
  return frame;
}

export function encodeData(streamId: number, payload: Uint8Array, fin = false): Buffer {
  checkStreamId(streamId);
  if (payload.length > SETTINGS_LIMITS.maxFrame.max) throw new RangeError(`DATA payload of ${payload.length} bytes is too large`);
  const out = frameHeader(payload.length, FrameType.DATA, fin ? FLAG_FIN : 0, streamId);
  out.set(payload, FRAME_HEADER_LEN);
  return out;
}

/**
 * DATA payloads up to this size are copied behind their header into one buffer (allocDataFrame):
 * one socket write instead of a batch through the Writable's writev path, which costs more than the
 * copy. bench/ab.ts --workload tcp-rr (1 KiB messages, 1,000/s over 16 connections),
 * PODWIRE_MUX=true with and without, 3 rounds: CPU per request 0.91x, p50 0.92x. A larger payload
 * goes as header and parts, not copied here (the TLS socket copies a batch once): copying every
 * payload cost bulk 0.97x MB/s.
 */
export const SMALL_FRAME = 4 * 1024;

/**
 * Where small DATA frames are allocated: 64 KiB slabs of our own, cut front to back, instead of
 * Buffer.allocUnsafe's shared 8 KiB pool, which a sender of 1 KiB frames used up every seven
 * frames (a native allocation, and later a sweep, per slab). A slab is freed once the frames cut
 * from it are written and dropped; only a frame still waiting in a socket's buffer, or kept for a
 * replay until the peer accepts its stream, holds one.
 */
const SLAB_SIZE = 64 * 1024;
let slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
let slabUsed = 0;

function slabAlloc(size: number): Buffer {
  if (slabUsed + size > SLAB_SIZE) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + size);
  slabUsed = (slabUsed + size + 7) & ~7; // 8-byte aligned, as Node's pool
  return out;
}

/**
 * A DATA frame (no FIN) with room for `length` (at most SMALL_FRAME) payload bytes behind its
 * header, for the caller to fill entirely (the memory is not zeroed).
 */
export function allocDataFrame(streamId: number, length: number): Buffer {
  checkStreamId(streamId);
  if (length > SMALL_FRAME) throw new RangeError(`DATA payload of ${length} bytes is over SMALL_FRAME`);
  const out = slabAlloc(FRAME_HEADER_LEN + length);
  writeHeader(out, length, FrameType.DATA, 0, streamId);
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
