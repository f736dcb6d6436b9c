// The receive side of one mux stream: where the bytes of its DATA frames go, and how much of them
// may be credited back to the peer (stream.ts owns the window and the FIN; this owns the bytes).
//
// Two ways out:
// - the stream's Readable (the default): bytes wait here, never more than the window we granted,
//   and move into the Readable only while it asks for more, so a reader that stops holds them;
// - a sink (forwardTo: the other side of the proxy's byte pipe): bytes are written straight into
//   it, one stream hop less per chunk on the bulk path. What waits in the sink's buffer beyond
//   `allowance` counts as not consumed, so the window still bounds it and a stalled application
//   still stalls only its own sender. Into a plain socket, the large pieces of one event-loop
//   iteration leave in one write (batched-writes.ts).
// Credit is what moved on since the last credit, given once it reaches a threshold (stream.ts:
// half a window), so the peer gets one WINDOW per half window, not one per frame.
import type { Writable } from 'node:stream';
import { writeBatched, writesBatchWell } from './batched-writes.js';

/** What the inbox needs of its stream's Readable side. */
export interface ReadableSide {
  push(chunk: Buffer | null): boolean;
}

export class Inbox {
  private readonly received: Buffer[] = [];
  private receivedBytes = 0;
  private sink: Writable | undefined;
  /** The sink is a plain socket: large pieces wait for the iteration's others (batched-writes.ts). */
  private batchWrites = false;
  private wantsData = false;
  private eofPushed = false;
  /** consumed() when the peer was last credited (or the stream moved to its session). */
  private credited = 0;
  /** Bytes handed on, to the Readable or the sink (the stream's bytesRead). */
  delivered = 0;

  constructor(
    private readonly readable: ReadableSide,
    /** Sink buffer that counts as consumed: the Readable's own buffer, for the same bound. */
    private readonly allowance: number,
  ) {}

  /** Bytes received and not yet handed on (bounded by our window). */
  get queuedBytes(): number {
    return this.receivedBytes;
  }

  get forwarding(): boolean {
    return this.sink !== undefined;
  }

  /** A DATA frame's bytes: into the sink, or queued for the Readable. */
  add(payload: Buffer): void {
    if (payload.length === 0) return;
    if (this.sink !== undefined) return this.forward(this.sink, payload);
    this.received.push(payload);
    this.receivedBytes += payload.length;
  }

  /** Write everything from now on into `sink`, starting with what is queued; `onDrain` when it drains. */
  forwardTo(sink: Writable, onDrain: () => void): void {
    this.sink = sink;
    this.batchWrites = writesBatchWell(sink);
    sink.on('drain', onDrain);
    const queued = this.received.splice(0);
    this.receivedBytes = 0;
    for (const chunk of queued) this.forward(sink, chunk);
  }

  /** The Readable asks for more (its _read). */
  want(): void {
    this.wantsData = true;
  }

  /** Move queued bytes into the Readable while it wants them; its EOF once `ended` and all are out. */
  deliver(ended: boolean): void {
    while (this.wantsData && this.received.length > 0) {
      const chunk = this.received.shift()!;
      this.receivedBytes -= chunk.length;
      this.delivered += chunk.length;
      this.wantsData = this.readable.push(chunk);
    }
    if (this.received.length === 0 && ended && !this.eofPushed) {
      this.eofPushed = true;
      this.readable.push(null);
    }
  }

  /** Credit owed now, counted as given: what moved on since the last credit, once ≥ `threshold` (else 0). */
  takeCredit(threshold: number): number {
    if (this.delivered - this.credited < threshold) return 0; // consumed() is at most delivered: no need to ask the sink
    const increment = this.consumed() - this.credited;
    if (increment < threshold) return 0;
    this.credited += increment;
    return increment;
  }

  /** A new session's window starts from what has moved on by now (a replayed stream). */
  restartCredit(): void {
    this.credited = this.consumed();
  }

  /** The stream is gone: drop what waits. */
  clear(): void {
    this.received.length = 0;
    this.receivedBytes = 0;
  }

  /**
   * Bytes that moved on: into the Readable, or into the sink short of what waits in its buffer
   * beyond the allowance (that buffer only grows by our writes, so this never goes down).
   */
  private consumed(): number {
    if (this.sink === undefined) return this.delivered;
    const allowance = Math.max(this.allowance, this.sink.writableHighWaterMark);
    return this.delivered - Math.max(0, this.sink.writableLength - allowance);
  }

  /** Dropped once the sink is gone: the pipe is failing and tears this stream down too. */
  private forward(sink: Writable, chunk: Buffer): void {
    this.delivered += chunk.length;
    if (sink.destroyed || sink.writableEnded) return;
    if (this.batchWrites) writeBatched(sink, chunk);
    else sink.write(chunk);
  }
}
