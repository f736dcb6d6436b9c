// The podwire.mux/1 frame decoder (docs/mux-protocol.md): turns arbitrary chunks of a byte stream
// back into the frames of frame.ts, or fails with a MuxProtocolError whose `reason` names what was
// wrong. Pure (no I/O, no timers). Everything a single frame can get wrong (type, flags, stream id,
// length, payload values, SETTINGS first and only once) is checked here so it can be table-tested
// and fuzzed; what needs stream state (ids, windows) is session.ts's job.
//
// DATA is not reassembled: its payload comes out in pieces as the bytes arrive, one DATA frame per
// received chunk that holds some of it, FIN on the last piece only (an empty DATA frame comes out
// as one empty piece). A sender's frame is larger than one TLS record (16 KiB), so reassembling it
// cost a copy of every byte and held it back until the frame's last record; as pieces, every byte
// is a view of the chunk it arrived in and moves on at once. The one exception is a frame's short
// end (at most TAIL_WAIT bytes in a later chunk): the piece before it waits for it and both go out
// copied into one piece. To the stream, consecutive DATA frames are the same as one with their
// bytes (docs/mux-protocol.md), so nothing above notices.
//
// Memory: the decoder never holds more than one frame (maxBufferedBytes) once next() has returned
// undefined (DATA: none of its payload), and a frame header announcing a payload over its bound is
// refused as soon as its 9 bytes are in, before any payload is buffered.
import { HeaderError, decodeHeader, type TransportHeader } from '../transport/header.js';
import {
  FLAG_ACK, FLAG_FIN, FRAME_HEADER_LEN, FrameType, GOAWAY_LEN, MAX_OPEN_PAYLOAD, MAX_STREAM_ID, MuxProtocolError, PING_LEN,
  RESET_LEN, SETTINGS_LEN, SETTINGS_LIMITS, WINDOW_LEN, settingsProblem, type MuxFrame, type MuxSettings,
} from './frame.js';

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

/** The most bytes of a DATA frame's end a piece waits for, to go out with them (nextDataPiece). */
export const TAIL_WAIT = 1024;

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
  /** Bytes of chunks[0] already taken (a chunk is not re-sliced for every frame it holds). */
  private firstOffset = 0;
  private buffered = 0;
  private head: FrameHead | undefined;
  /** DATA payload bytes of `head` not returned yet (it is returned in pieces). */
  private dataLeft = 0;
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
    return this.buffered > 0 || this.head !== undefined;
  }

  push(chunk: Buffer): void {
    if (this.failure !== undefined || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /**
   * The next complete frame (DATA: the next piece of one), or undefined until more bytes arrive.
   * Throws MuxProtocolError.
   */
  next(): MuxFrame | undefined {
    if (this.failure !== undefined) throw this.failure;
    try {
      return this.decodeNext();
    } catch (err) {
      if (!(err instanceof MuxProtocolError)) throw err;
      this.failure = err;
      this.chunks = [];
      this.firstOffset = 0;
      this.buffered = 0;
      throw err;
    }
  }

  private decodeNext(): MuxFrame | undefined {
    if (this.head === undefined) {
      if (this.buffered < FRAME_HEADER_LEN) return undefined;
      this.head = this.checkHead(this.takeHead());
      if (this.head.type === FrameType.DATA) {
        this.dataLeft = this.head.length;
        if (this.dataLeft === 0) return this.dataPiece(this.head, Buffer.alloc(0));
      }
    }
    if (this.head.type === FrameType.DATA) return this.nextDataPiece(this.head);
    if (this.buffered < this.head.length) return undefined;
    const head = this.head;
    this.head = undefined;
    return decodePayload(head, this.take(head.length));
  }

  /**
   * The next piece of DATA frame `head`: what the first buffered chunk holds of it, as a view. A
   * piece that would leave at most TAIL_WAIT bytes of its frame to come waits for them and goes out
   * with them, copied into one buffer: a sender's 65,545-byte frame is four full TLS records and a
   * fifth of 9 bytes, and as a piece of its own that tail cost a 9-byte write to the application
   * (a syscall and a wake-up of the reader) for every 64 KiB.
   */
  private nextDataPiece(head: FrameHead): MuxFrame | undefined {
    if (this.buffered === 0) return undefined;
    const inFirst = Math.min(this.dataLeft, this.chunks[0]!.length - this.firstOffset);
    const tail = this.dataLeft - inFirst;
    if (tail === 0 || tail > TAIL_WAIT) return this.dataPiece(head, this.take(inFirst));
    if (this.buffered < this.dataLeft) return undefined;
    return this.dataPiece(head, this.take(this.dataLeft));
  }

  /** One piece of the DATA frame `head`: FIN (if set) only once its last byte is out. */
  private dataPiece(head: FrameHead, payload: Buffer): MuxFrame {
    this.dataLeft -= payload.length;
    if (this.dataLeft === 0) this.head = undefined;
    const fin = this.dataLeft === 0 && (head.flags & FLAG_FIN) !== 0;
    return { type: 'data', streamId: head.streamId, fin, payload: detach(payload) };
  }

  /** Everything that can be judged from the 9 header bytes alone. */
  private checkHead(head: FrameHead): FrameHead {
    if (isPlainData(head, this.maxFrame) && this.settingsSeen) return head; // the common case, in short
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

  /** Remove and parse the 9 header bytes, read in place when they sit in one chunk. */
  private takeHead(): FrameHead {
    const first = this.chunks[0]!;
    if (first.length - this.firstOffset < FRAME_HEADER_LEN) return parseHead(this.take(FRAME_HEADER_LEN), 0);
    const head = parseHead(first, this.firstOffset);
    this.skip(first, FRAME_HEADER_LEN);
    return head;
  }

  /** Remove and return the first n buffered bytes (a view when they sit in one chunk). */
  private take(n: number): Buffer {
    const first = this.chunks[0];
    if (first !== undefined && first.length - this.firstOffset >= n) {
      const start = this.firstOffset;
      this.skip(first, n);
      return start === 0 && n === first.length ? first : first.subarray(start, start + n);
    }
    this.buffered -= n;
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0]!;
      const part = Math.min(c.length - this.firstOffset, n - filled);
      c.copy(out, filled, this.firstOffset, this.firstOffset + part);
      filled += part;
      if (this.firstOffset + part === c.length) {
        this.chunks.shift();
        this.firstOffset = 0;
      } else {
        this.firstOffset += part;
      }
    }
    return out;
  }

  /** Drop n bytes (all in `first`, chunks[0]) from the front. */
  private skip(first: Buffer, n: number): void {
    this.buffered -= n;
    this.firstOffset += n;
    if (this.firstOffset === first.length) {
      this.chunks.shift();
      this.firstOffset = 0;
    }
  }
}

/** A DATA frame whose header is valid on its own (the decoder's fast path; anything else gets the full checks). */
function isPlainData(head: FrameHead, maxFrame: number): boolean {
  return head.type === FrameType.DATA && (head.flags & ~FLAG_FIN) === 0 && head.streamId !== 0 && head.streamId <= MAX_STREAM_ID && head.length <= maxFrame;
}

function parseHead(b: Buffer, at: number): FrameHead {
  return {
    length: (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]!,
    type: b[at + 3]!,
    flags: b[at + 4]!,
    streamId: b.readUInt32BE(at + 5),
  };
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
    default: // PING: checkHead let only known types through (DATA never comes here: dataPiece)
      return { type: 'ping', ack: (head.flags & FLAG_ACK) !== 0, data: Buffer.from(payload) };
  }
}

/**
 * A DATA piece waiting in a stream's receive queue keeps at most PIN_RATIO × (its size + a frame
 * header) of its backing store alive; a piece that would keep more is copied.
 */
export const PIN_RATIO = 4;

/**
 * A payload that is a small view of a large backing store would keep the whole store alive while it
 * waits in a stream's receive queue (a peer could pin 64 KiB per byte of window): copy it then.
 * The ratio is 4, not less, because Node 24 reads TLS into 64 KiB stores of four 16 KiB records:
 * each record's piece is a quarter of its store (a frame's first record: 16,375 bytes and the
 * 9-byte header), and a ratio of 2 copied every byte of bulk there (in a profile of the client
 * proxy, 372 µs per MB in Buffer.from; its CPU per MB fell from 1,416–2,731 to 1,161–1,533 µs without
 * the copies). Node 20 gives each record a store of its own.
 */
function detach(payload: Buffer): Buffer {
  return (payload.length + FRAME_HEADER_LEN) * PIN_RATIO < payload.buffer.byteLength ? Buffer.from(payload) : payload;
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
