// Who writes next on a shared mux connection, and how much may wait in the socket.
//
// Two rules keep streams independent of each other:
// - bounded queueing: frames go to the socket only while it holds less than SEND_BUDGET bytes
//   (64 KiB); past that we wait for 'drain'. A peer that stops reading therefore stalls our
//   writers (their callbacks wait) instead of growing our memory;
// - fairness: control frames (SETTINGS, WINDOW, RESET, PING, GOAWAY) go first, then streams take
//   turns round-robin, one frame per turn: at most DATA_QUANTUM bytes when the stream next in line
//   has less than a bulk backlog (sliceLimit). A bulk stream thus delays a small request/response
//   stream by at most about one budget of bytes, never by its whole backlog.
// A stream with nothing sendable (no data, or no window) leaves the rotation and is put back by
// schedule() when that changes.
// How frames reach the socket: pumps collect what they write, and the batch is handed over once
// per event-loop iteration (setImmediate: after every I/O callback of the iteration's poll
// phase), small frames joined into one buffer (one socket.write, one TLS record), frames that lie
// back to back in memory as one view (framed-reads.ts: no copy by the TLS socket), others as one
// corked batch. So the frames of all streams whose application sockets were read in one
// iteration (a reply's DATA and its FIN, another stream's OPEN) leave in one record and one write,
// and the peer reads them at once. A stream fed by another mux stream (a gateway's onward stream)
// is pumped at that same point rather than at once (schedule's atFlush), so that the pieces it is
// given during the poll phase become frames together: it is given one TLS record's piece of a
// frame at a time, and framed one by one its frames stopped lining up with the records they
// travel in; the receiver then copied three quarters of the bytes to join frames' short tails
// (frame-decoder.ts TAIL_WAIT). The session also holds pumps while it handles a received chunk
// (hold/release). Anything that must follow what was queued (the session's end of the socket)
// calls flushNow() first.
import type { Duplex } from 'node:stream';
import { FRAME_HEADER_LEN } from './frame.js';
import type { MuxStream } from './stream.js';

/** Bytes we let wait in the socket's write buffer before waiting for 'drain'. */
export const SEND_BUDGET = 64 * 1024;
/**
 * Largest DATA payload per turn; smaller if the peer's maxFrame is. 16 KiB minus the frame header,
 * so a DATA frame is exactly one full TLS record (16 KiB of plaintext): frames and records stay
 * aligned, and the receiver gets each frame as one decrypted chunk, which it slices without
 * copying. With 16 KiB payloads every frame straddled two records (bench/mux-candidates).
 */
export const DATA_QUANTUM = 16 * 1024 - FRAME_HEADER_LEN;
/**
 * Largest DATA payload when no other stream waits for a turn (fairness costs nothing then): 64 KiB,
 * the size of one read from an application socket, so a lone read leaves as one frame. A backlog
 * goes in frames of 64 KiB − 9 (frameSize), filled across reads. (Cutting every read alone into a
 * 65,527-byte frame and a 9-byte one cost twice the frames, writes and wake-ups: bulk 0.82x.)
 */
export const SOLO_QUANTUM = 64 * 1024;

/**
 * Largest DATA slice for a turn, within the peer's maxFrame: SOLO_QUANTUM for a `bigTurn` (no other
 * stream waits for a turn, or the next one in line has a bulk backlog too, so a big turn delays
 * nothing small), else DATA_QUANTUM. Two bulk streams sharing a connection in 16 KiB turns sent
 * four times the frames (bulk over 4 connections, 2 streams per pooled connection, alternated
 * builds, 4 pairs: 465 vs 488 MB/s, 2.60 vs 2.45 s CPU per GB with 64 KiB turns).
 */
export function sliceLimit(bigTurn: boolean, peerMaxFrame: number | undefined): number {
  return Math.min(bigTurn ? SOLO_QUANTUM : DATA_QUANTUM, peerMaxFrame ?? DATA_QUANTUM);
}

/** Plaintext bytes of one full TLS record. */
const TLS_RECORD = 16 * 1024;

/**
 * How many of a stream's `queued` bytes its next DATA frame carries, at most `limit` (sliceLimit):
 * all of them when they fit, else the largest size whose frame (header included) is a whole number
 * of TLS records: 64 KiB − 9 alone, so that a backlog goes out in frames of exactly four records,
 * each taken from as many application reads as it needs. (One 64 KiB frame per read ended in a
 * fifth, 9-byte record, which the receiver either wrote to its application on its own or copied
 * together with the record before it.)
 */
export function frameSize(queued: number, limit: number): number {
  if (queued <= limit) return queued;
  const aligned = limit - ((limit + FRAME_HEADER_LEN) % TLS_RECORD);
  return aligned > 0 ? aligned : limit;
}

/**
 * A pump's frames written with one socket.write when they come to at most this many bytes: copied
 * into one buffer, they skip the Writable's cork/writev path, which costs more than the copy for
 * small frames (a request/response stream's pump writes one small frame).
 */
const JOIN_LIMIT = 16 * 1024;

/**
 * Merge runs of buffers that are adjacent views of one memory (each starting where the one before
 * it ends) into one view, in place; returns the new length. The bytes and their order are
 * unchanged, so it is always safe; it pays off for frames read into one slab (framed-reads.ts).
 */
export function joinAdjacent(parts: Buffer[]): number {
  let kept = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const last = kept > 0 ? parts[kept - 1]! : undefined;
    if (last !== undefined && last.buffer === part.buffer && last.byteOffset + last.length === part.byteOffset) {
      parts[kept - 1] = Buffer.from(last.buffer, last.byteOffset, last.length + part.length);
    } else {
      parts[kept++] = part;
    }
  }
  parts.length = kept;
  return kept;
}

export class SendScheduler {
  private readonly control: Buffer[] = [];
  private readonly rotation: MuxStream[] = [];
  /** What pumps wrote, handed to the socket at the end of the loop iteration (flushSoon). */
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private pumping = false;
  /** A flush is queued for the end of this loop iteration. */
  private flushQueued = false;
  /** A stream was scheduled to be pumped at the next flush (schedule's atFlush). */
  private pumpDue = false;
  /** hold() is in force: pumps wait for release() (pumpWanted says one was asked for). */
  private held = false;
  private pumpWanted = false;
  private stopped = false;
  private readonly budget: number;

  constructor(
    private readonly socket: Duplex,
    /** Largest DATA slice per turn right now (sliceLimit). */
    private readonly maxChunk: (bigTurn: boolean) => number,
    /** Called after each pump with the number of control frames still queued. */
    private readonly afterPump: (controlQueued: number) => void,
  ) {
    // A socket whose own high-water mark is above the budget would never emit 'drain' for it.
    this.budget = Math.max(SEND_BUDGET, socket.writableHighWaterMark);
    socket.on('drain', () => this.pump());
  }

  /** Control frames waiting for the socket. */
  get controlQueued(): number {
    return this.control.length;
  }

  /** Queue a control frame ahead of all stream data. */
  sendControl(frame: Buffer): void {
    if (this.stopped) return;
    this.control.push(frame);
    this.pump();
  }

  /**
   * Give `stream` turns until it has nothing sendable: from now on, or with `atFlush` from the
   * end of this loop iteration on (what it is given until then goes out in the same frames).
   */
  schedule(stream: MuxStream, atFlush = false): void {
    if (this.stopped || stream.queued) return;
    stream.queued = true;
    this.rotation.push(stream);
    if (!atFlush) return this.pump();
    this.pumpDue = true;
    this.queueFlush();
  }

  /** Take `stream` out of the rotation (it left the session: replay.ts). */
  unschedule(stream: MuxStream): void {
    if (!stream.queued) return;
    stream.queued = false;
    const i = this.rotation.indexOf(stream);
    if (i >= 0) this.rotation.splice(i, 1);
  }

  /** Write one frame (a stream's turn): `frame`, then its payload `parts` if given, with the pump's others. */
  write(frame: Buffer, parts?: readonly Buffer[]): void {
    if (this.stopped) return;
    this.batch.push(frame);
    this.batchBytes += frame.length;
    if (parts !== undefined) {
      for (const part of parts) this.batch.push(part);
      this.batchBytes += parts.reduce((sum, part) => sum + part.length, 0);
    }
    if (!this.pumping) this.flushSoon();
  }

  /** Hand what is queued to the socket now (before ending it, for one). */
  flushNow(): void {
    this.flush();
  }

  /** Drop everything queued and write nothing more (the session is closed). */
  stop(): void {
    this.stopped = true;
    this.control.length = 0;
    for (const s of this.rotation) s.queued = false;
    this.rotation.length = 0;
  }

  /**
   * Defer pumps until release(): the session holds while it handles a received chunk, so the
   * frames that chunk makes us send (credit, acks) leave in one write.
   */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    if (!this.pumpWanted) return;
    this.pumpWanted = false;
    this.pump();
  }

  /**
   * Write while the socket is under budget: control first, then one frame per stream in turn; then
   * report to afterPump (at the end of the pump in progress, or after release(), if there is one).
   */
  pump(): void {
    if (this.held) {
      this.pumpWanted = true;
      return;
    }
    // A pump in progress reports when it ends (afterPump); so does a socket we may not write to.
    if (this.pumping || this.stopped) return;
    if (!this.socket.writable) return this.afterPump(this.control.length);
    this.pumping = true;
    try {
      while (!this.stopped && this.socket.writableLength + this.batchBytes < this.budget && this.writeOne());
    } finally {
      this.pumping = false;
      this.flushSoon();
    }
    if (!this.stopped) this.afterPump(this.control.length);
  }

  /** Flush at the end of this loop iteration, with whatever later callbacks of it add. */
  private flushSoon(): void {
    if (this.batch.length > 0) this.queueFlush();
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(this.flushTime);
  }

  private readonly flushTime = (): void => {
    // Still flagged as queued while this pump runs, so that it queues no second flush.
    if (this.pumpDue) {
      this.pumpDue = false;
      this.pump();
    }
    this.flushQueued = false;
    this.flush();
    // A pump stopped at the budget by this batch goes on now that the batch is out.
    if (this.control.length > 0 || this.rotation.length > 0) this.pump();
  };

  /**
   * Put the batch on the socket: one buffer as it is; small frames joined into one buffer (one TLS
   * record, one write); anything larger corked, so the TLS socket still sends it as one batch.
   */
  private flush(): void {
    const { batch, batchBytes } = this;
    if (batch.length === 0) return;
    this.batchBytes = 0;
    if (this.stopped || this.socket.destroyed) {
      batch.length = 0;
    } else if (batch.length === 1) {
      const frame = batch.pop()!;
      this.socket.write(frame);
    } else if (joinAdjacent(batch) === 1) {
      // Frames laid out back to back in one slab (framed-reads.ts): one buffer, which the TLS
      // socket encrypts where it lies instead of copying the batch into a new buffer first.
      this.socket.write(batch.pop()!);
    } else if (batchBytes <= JOIN_LIMIT) {
      const joined = Buffer.concat(batch, batchBytes);
      batch.length = 0;
      this.socket.write(joined);
    } else {
      this.batch = [];
      this.writeCorked(batch);
    }
  }

  private writeCorked(batch: Buffer[]): void {
    this.socket.cork();
    for (const part of batch) this.socket.write(part);
    this.socket.uncork();
  }

  /** Write the next frame in line; false when nothing is ready. */
  private writeOne(): boolean {
    const frame = this.control.shift();
    if (frame !== undefined) {
      this.write(frame);
      return true;
    }
    const stream = this.rotation.shift();
    if (stream === undefined) return false;
    stream.queued = false;
    if (!stream.hasSendable()) return true;
    const next = this.rotation[0];
    stream.sendNext(this.maxChunk(next === undefined || next.sendBacklog >= SOLO_QUANTUM));
    // The write callback inside sendNext may already have put the stream back (schedule()).
    if (!stream.queued && stream.hasSendable()) {
      stream.queued = true;
      this.rotation.push(stream);
    }
    return true;
  }
}
