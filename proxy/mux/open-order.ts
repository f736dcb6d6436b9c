// When and in what order a client session's OPEN frames reach the peer, and the ids they carry. Ids are
// given out when a stream is opened and must reach the peer strictly increasing (the peer's GOAWAY
// says "nothing above this id was accepted", so it rejects a lower id after a higher one as a
// protocol error). But a new stream's OPEN waits for its application's first bytes (stream.ts,
// openWhenWritten), and applications write in any order: so before a stream's OPEN goes, the OPENs
// still owed by the streams opened before it on the same session go first, each alone.
import type { TransportHeader } from '../transport/header.js';
import { encodeOpen } from './frame.js';
import type { MuxStream } from './stream.js';
import type { StreamHost } from './stream-host.js';

/**
 * Run `fn` once the event loop has been through its next poll phase (when a new stream's OPEN goes
 * at the latest): an immediate queued from an immediate runs one loop iteration later, after that
 * iteration has read what was waiting.
 */
export function afterNextPoll(fn: () => void): void {
  setImmediate(() => setImmediate(fn));
}

export class OpenOrder {
  /** The highest stream id given out. */
  private last = 0;
  /** Streams of this session whose OPEN is still to go, by increasing id. */
  private readonly waiting: MuxStream[] = [];

  /** The session whose OPENs these are (a stream that moved to another session is skipped). */
  constructor(private readonly host: StreamHost) {}

  get lastId(): number {
    return this.last;
  }

  /** The next stream id and its OPEN frame (encodeOpen throws HeaderError before the id is used). */
  next(header: TransportHeader): { id: number; openFrame: Buffer } {
    const id = this.last + 1;
    const openFrame = encodeOpen(id, header);
    this.last = id;
    return { id, openFrame };
  }

  /** `stream` got the newest id and owes its OPEN. */
  add(stream: MuxStream): void {
    this.waiting.push(stream);
  }

  /**
   * Write `stream`'s OPEN `frame` with `write`, after the OPENs still owed by the streams opened
   * before it, in order. Streams that left the session (destroyed, refused, carried elsewhere) owe none.
   */
  write(stream: MuxStream, frame: Buffer, write: (frame: Buffer) => void): void {
    const at = this.waiting.indexOf(stream);
    const earlier = at < 0 ? [] : this.waiting.splice(0, at + 1);
    earlier.pop();
    this.writeOwed(earlier, write);
    write(frame);
  }

  /** Write every OPEN still owed, in order (the session drains: they must precede its GOAWAY). */
  writeAll(write: (frame: Buffer) => void): void {
    this.writeOwed(this.waiting.splice(0), write);
  }

  private writeOwed(streams: readonly MuxStream[], write: (frame: Buffer) => void): void {
    for (const s of streams) {
      const owed = s.takeOpenFrame(this.host);
      if (owed !== undefined) write(owed);
    }
  }

  /** `stream` left the session without sending its OPEN. */
  remove(stream: MuxStream): void {
    const at = this.waiting.indexOf(stream);
    if (at >= 0) this.waiting.splice(at, 1);
  }

  clear(): void {
    this.waiting.length = 0;
  }
}
