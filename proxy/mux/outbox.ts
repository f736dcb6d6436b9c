// The send side's queue of one mux stream: application bytes waiting for a DATA frame, in arrival
// order, from two places:
// - the stream's Writable (_write): each chunk carries the write callback, run once its last byte
//   is in a frame, so a slow peer or a closed window holds the writer back;
// - a source read directly (readFrom: the other side of the proxy's byte pipe): its chunks skip
//   the Writable's per-chunk bookkeeping; the source is paused while `limit()` bytes or more wait
//   here and resumed below that, as pipe() would do. The limit moves (stream.ts: with the send
//   window), so a stream that may send reads ahead and one whose peer stopped reading does not.
//   A socket read through framed-reads.ts delivers its chunks there instead of in 'data' events,
//   some with room for a frame header before them (takeFramed).
import type { Readable } from 'node:stream';
import type { FramedReads } from './framed-reads.js';

interface Pending {
  chunk: Buffer;
  offset: number;
  done: (() => void) | undefined;
  /** The FRAME_HEADER_LEN bytes before `chunk` are ours to write a header into (framed-reads.ts). */
  headroom: boolean;
}

export class Outbox {
  private readonly queue: Pending[] = [];
  private queuedBytes = 0;
  /** Queued chunks with headroom (framed-reads.ts): none on most streams, whose beforeFramed is then all. */
  private framedChunks = 0;
  private source: Readable | undefined;
  private sourcePaused = false;

  constructor(
    /** Bytes that may wait before the source is paused (asked at each decision). */
    private readonly limit: () => number,
    /** Something was queued: the stream wants a turn. */
    private readonly onQueued: () => void,
  ) {}

  get isEmpty(): boolean {
    return this.queue.length === 0;
  }

  /** Bytes waiting to go out. */
  get queued(): number {
    return this.queuedBytes;
  }

  /** Queue `chunk`; `done` runs once its last byte went out in a frame. */
  add(chunk: Buffer, done?: () => void, headroom = false): void {
    this.queue.push({ chunk, offset: 0, done, headroom });
    this.queuedBytes += chunk.length;
    if (headroom) this.framedChunks++;
    this.onQueued();
  }

  /**
   * Queue what `source` reads, with backpressure, for as long as `accepting()` holds: from its
   * 'data' events, or from `framed` when the source is read through framed-reads.ts.
   */
  readFrom(source: Readable, accepting: () => boolean, framed?: FramedReads): void {
    if (this.source !== undefined) throw new Error('a mux stream reads from one source only');
    this.source = source;
    const onChunk = (chunk: Buffer, headroom = false) => {
      if (!accepting()) return; // the stream is gone: the pipe is failing and tears the source down
      this.add(chunk, undefined, headroom);
      if (this.queuedBytes >= this.limit() && !this.sourcePaused) {
        this.sourcePaused = true;
        source.pause();
      }
    };
    if (framed !== undefined) framed.attach(onChunk);
    else source.on('data', onChunk);
    // A 'data' listener does not restart a source paused before (as pipe() does, resume it).
    source.resume();
  }

  /**
   * Remove and return up to `max` bytes from the front, as views of the queued chunks (not copies):
   * more than one when the bytes span chunks, so a frame can be filled from several reads.
   */
  take(max: number): Buffer[] {
    const parts: Buffer[] = [];
    let left = max;
    while (left > 0 && this.queue.length > 0) {
      const part = this.takeFromHead(left);
      parts.push(part);
      left -= part.length;
    }
    this.resumeIfRoom();
    return parts;
  }

  /**
   * The front chunk whole, when it has room for a frame header before it (framed-reads.ts), none
   * of it went out yet, and it is at most `max` bytes; otherwise undefined and nothing taken.
   */
  takeFramed(max: number): Buffer | undefined {
    const head = this.queue[0];
    if (head === undefined || !head.headroom || head.offset !== 0 || head.chunk.length > max) return undefined;
    this.consumeHead(head, head.chunk.length);
    this.resumeIfRoom();
    return head.chunk;
  }

  /**
   * Bytes queued before the first chunk takeFramed could take whole (all of them if none): a frame
   * of the others ends there, so the frames after it stay laid out as read.
   */
  get beforeFramed(): number {
    if (this.framedChunks === 0) return this.queuedBytes;
    let bytes = 0;
    for (const p of this.queue) {
      if (p.headroom && p.offset === 0) return bytes;
      bytes += p.chunk.length - p.offset;
    }
    return bytes;
  }

  /** Remove `n` bytes (at most what is queued) from the front, copied into `out` at `offset`. */
  takeInto(out: Buffer, offset: number, n: number): void {
    let at = offset;
    const end = offset + n;
    while (at < end && this.queue.length > 0) {
      const head = this.queue[0]!;
      const copied = head.chunk.copy(out, at, head.offset, head.offset + Math.min(end - at, head.chunk.length - head.offset));
      at += copied;
      this.consumeHead(head, copied);
    }
    this.resumeIfRoom();
  }

  private takeFromHead(max: number): Buffer {
    const head = this.queue[0]!;
    const n = Math.min(head.chunk.length - head.offset, max);
    const whole = head.offset === 0 && n === head.chunk.length;
    const slice = whole ? head.chunk : head.chunk.subarray(head.offset, head.offset + n);
    this.consumeHead(head, n);
    return slice;
  }

  /** `n` bytes of the head chunk went out: drop it once all did, and run its callback. */
  private consumeHead(head: Pending, n: number): void {
    head.offset += n;
    this.queuedBytes -= n;
    if (head.offset === head.chunk.length) {
      this.queue.shift();
      if (head.headroom) this.framedChunks--;
      head.done?.();
    }
  }

  private resumeIfRoom(): void {
    if (this.sourcePaused && this.queuedBytes < this.limit()) {
      this.sourcePaused = false;
      this.source!.resume();
    }
  }

  /** The stream is gone: drop what waits (write callbacks are settled by the Writable's destroy). */
  clear(): void {
    this.queue.length = 0;
    this.queuedBytes = 0;
    this.framedChunks = 0;
  }
}
