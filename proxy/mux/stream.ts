// One application connection carried over a mux session: a Duplex (allowHalfOpen) that can stand
// in for a socket on one side of the proxy's byte pipe.
//
// It owns the per-stream protocol state so session.ts only routes frames:
// - send side: application bytes wait in the outbox (outbox.ts: from _write, or read straight
//   from the other side of the proxy's byte pipe with sendFrom) until the session's scheduler asks
//   sendNext() for one frame per turn (OPEN, a DATA slice within the peer's window, or the FIN);
// - receive side: DATA goes to the inbox (inbox.ts: queued for the Readable, or written straight
//   into the other side of the byte pipe with forwardTo); WINDOW credit is given for what moved
//   on, in batches of at least half a window, so a reader that stops stops its sender only;
// - protocol close: the stream leaves the session once FIN went both ways or a RESET did; from
//   then on a session failure no longer concerns it. A stream destroyed before that sends RESET;
// - replay (client streams opened with a SessionSupplier, replay.ts): until the peer proves it
//   accepted the stream, the slices and FIN it sent are kept; when the peer refuses it unprocessed
//   the stream moves to another session (new id, same object) and sends them again there.
import { Duplex, type Readable, type Writable } from 'node:stream';
import type { TransportHeader } from '../transport/header.js';
import { FRAME_HEADER_LEN, MuxProtocolError, ResetCode, SMALL_FRAME, allocDataFrame, dataFrameInHeadroom, encodeData, encodeDataHeader, encodeOpen } from './frame.js';
import { framedReadsOf } from './framed-reads.js';
import { MuxStreamResetError } from './errors.js';
import { carryElsewhere, type ReplayBuffer } from './replay.js';
import { Inbox } from './inbox.js';
import { Outbox } from './outbox.js';
import { frameSize } from './scheduler.js';
import { ReceiveWindow } from './receive-window.js';
import { PARKED, type StreamHost, type StreamInit } from './stream-host.js';
import { afterNextPoll } from './open-order.js';

/** Largest window a WINDOW increment may build up to (as HTTP/2). */
const MAX_SEND_WINDOW = 0x7fffffff;
/** Readable / Writable buffers of the Duplex itself (and what the inbox and outbox allow), on top of the window. */
const STREAM_BUFFER = 64 * 1024;
/**
 * Most sendFrom() reads ahead of what went out, while the peer's window has room for it: the
 * source is not paused after every 64 KiB read then, and reads overlap the sending (bench/ab.ts
 * bulk, 8 rounds: 1.03x MB/s, 0.96x CPU per GB against a flat 64 KiB). A closed window brings it
 * back to STREAM_BUFFER, so a peer that stops reading costs no more than before.
 */
const READ_AHEAD = 256 * 1024;

export class MuxStream extends Duplex {
  /** The stream's id on its current session (a replayed stream gets a new one). */
  private streamId: number;
  /** The transport header the stream was opened with (target port, gateway name). */
  readonly header: TransportHeader;
  /** The session's rotation bookkeeping: true while the stream waits for a turn. */
  queued = false;
  /** True once the stream left its session (both FINs, or a RESET either way, or session death). */
  retired = false;
  /** Accept-ack bookkeeping (server streams): true until its first frame, the ack, goes out (docs/mux-protocol.md). */
  ackOwed = false;

  private host: StreamHost;
  private readonly replay: ReplayBuffer | undefined;
  // send side
  private openFrame: Buffer | undefined;
  private sendWindow: number;
  private readonly outbox: Outbox;
  private fedByStream = false; // sendFrom() reads a mux stream (a gateway): framed at the flush (scheduler.ts)
  private pendingFin: ((error?: Error | null) => void) | undefined;
  private finSent = false;
  private localResetCode: number | undefined;
  /** Application bytes sent in DATA frames (read like a socket's by metrics and the access log). */
  private sentBytes = 0;
  // receive side
  private readonly inbox: Inbox;
  /** What the peer may still send, and the window we credit it up to (grows while consumed fast). */
  private window: ReceiveWindow;
  private remoteFin: boolean;

  /** Made by MuxSession (open() or an incoming OPEN); not for direct use. */
  constructor(host: StreamHost, init: StreamInit) {
    super({ allowHalfOpen: true, readableHighWaterMark: STREAM_BUFFER, writableHighWaterMark: STREAM_BUFFER });
    this.host = host;
    this.streamId = init.id;
    this.header = init.header;
    this.sendWindow = init.sendWindow;
    this.window = new ReceiveWindow(init.recvWindow);
    this.openFrame = init.openFrame;
    this.remoteFin = init.remoteFin ?? false;
    this.replay = init.replay;
    this.outbox = new Outbox(() => Math.min(READ_AHEAD, Math.max(STREAM_BUFFER, this.sendWindow)), () => this.host.schedule(this, this.fedByStream));
    this.inbox = new Inbox(this, STREAM_BUFFER);
  }

  get id(): number {
    return this.streamId;
  }

  /** Abort the stream both ways: send RESET `code` and destroy it with a MuxStreamResetError. */
  reset(code: number = ResetCode.CANCEL): void {
    if (this.destroyed) return;
    this.localResetCode = code;
    this.destroy(new MuxStreamResetError(this.id, code, false));
  }

  /**
   * Like net.Socket#resetAndDestroy, so the byte pipe (copy.ts) resets a stream as it resets a TCP
   * socket when the other side failed: RESET APP_RESET to the peer, destroyed here without an error.
   */
  resetAndDestroy(): this {
    if (!this.destroyed) {
      this.localResetCode = ResetCode.APP_RESET;
      this.destroy();
    }
    return this;
  }

  // ---- called by the session ----

  /** Application bytes waiting for DATA frames (not counting a replay's). */
  get sendBacklog(): number {
    return this.outbox.queued;
  }

  /** Whether sendNext() would send something now. */
  hasSendable(): boolean {
    if (this.retired || this.destroyed) return false;
    if (this.openFrame !== undefined) return true;
    if (this.replay?.hasResend || !this.outbox.isEmpty) return this.sendWindow > 0;
    return this.finPending;
  }

  /** Send one frame: the OPEN, one DATA slice of at most `maxChunk` bytes, or the FIN. */
  sendNext(maxChunk: number): void {
    if (this.openFrame !== undefined) return this.sendOpen(this.openFrame);
    if (this.replay?.hasResend) return this.sendAgain(this.replay, maxChunk);
    if (!this.outbox.isEmpty) {
      this.sendSlice(maxChunk);
      // A few bytes left behind a full frame (frameSize) go now, in the same write, not alone later.
      if (!this.outbox.isEmpty && this.outbox.queued <= SMALL_FRAME && this.sendWindow > 0) this.sendSlice(maxChunk);
      return;
    }
    if (this.finPending) {
      this.host.writeFrame(this, encodeData(this.id, Buffer.alloc(0), true));
      this.finishLocal();
    }
  }

  /**
   * Client, new stream: the OPEN waits for the application's first bytes (or its end), to leave with
   * them in one write, record and read at the peer (alone, it cost each new connection a write and
   * a read more); a server-first protocol's OPEN goes once the event loop has polled again.
   */
  openWhenWritten(): void {
    afterNextPoll(() => {
      if (this.openFrame !== undefined && !this.queued) this.host.schedule(this);
    });
  }

  /**
   * A later stream's OPEN is going out on `host`'s connection: this stream's, owed there, goes just
   * before it (returned, no longer owed); its bytes and FIN follow in its own turns.
   */
  takeOpenFrame(host: StreamHost): Buffer | undefined {
    if (this.host !== host) return undefined;
    const frame = this.openFrame;
    this.openFrame = undefined;
    return frame;
  }

  /** The peer proved it accepted the stream: what was kept for a replay is let go. */
  markAccepted(): void {
    if (this.replay !== undefined && !this.replay.accepted) this.replay.release();
  }

  /** Whether the stream may be carried again if the peer refused it unprocessed. */
  get replayable(): boolean {
    return this.replay?.replayable === true && !this.destroyed;
  }

  /** Bytes held for a replay (0 once the peer accepted the stream and all was sent again). */
  get replayBytes(): number {
    return this.replay?.bytes ?? 0;
  }

  /** The session refused the stream unprocessed and dropped it: park it and look for another (replay.ts). */
  refusedUnprocessed(): void {
    const replay = this.replay!;
    replay.rewind();
    if (this.finSent) {
      this.finSent = false;
      replay.finOwed = true;
    }
    this.host = PARKED;
    this.queued = false;
    this.openFrame = undefined;
    void carryElsewhere(this, replay);
  }

  /** A new session carries the stream (session.reopen): new id, windows and OPEN frame. */
  rebind(host: StreamHost, init: Required<Pick<StreamInit, 'id' | 'sendWindow' | 'recvWindow' | 'openFrame'>>): void {
    this.host = host;
    this.streamId = init.id;
    this.sendWindow = init.sendWindow;
    this.window = new ReceiveWindow(init.recvWindow);
    this.openFrame = init.openFrame;
    this.inbox.restartCredit();
    this.retired = false;
  }

  /** WINDOW credit from the peer (or its initial window once its SETTINGS arrive). */
  addSendWindow(increment: number): MuxProtocolError | undefined {
    if (this.sendWindow + increment > MAX_SEND_WINDOW) {
      return new MuxProtocolError('window_overflow', `WINDOW credit takes stream ${this.id} over ${MAX_SEND_WINDOW} bytes`);
    }
    this.sendWindow += increment;
    if (this.hasSendable()) this.host.schedule(this);
    return undefined;
  }

  /** A DATA frame for this stream; a returned error is the peer's fault and ends the session. */
  receiveData(payload: Buffer, fin: boolean): MuxProtocolError | undefined {
    if (this.remoteFin) return new MuxProtocolError('data_after_fin', `DATA on stream ${this.id} after its FIN`);
    if (!this.window.use(payload.length)) {
      return new MuxProtocolError('window_exceeded', `stream ${this.id} got ${payload.length} bytes with ${this.window.available} left in its window`);
    }
    if (fin) this.remoteFin = true;
    this.inbox.add(payload);
    this.deliver();
    if (fin && this.finSent) this.host.retire(this);
    return undefined;
  }

  /** The peer sent RESET: the stream fails with the code; nothing is sent back. */
  resetByPeer(code: number): void {
    this.retired = true;
    this.destroy(new MuxStreamResetError(this.id, code, true));
  }

  /** The session died with this stream open. */
  failWithSession(error: Error): void {
    this.retired = true;
    this.destroy(error);
  }

  /** Application bytes handed on, to the Readable or forwardTo's sink (as net.Socket's bytesRead). */
  get bytesRead(): number {
    return this.inbox.delivered;
  }

  /**
   * Application bytes sent in DATA frames plus those waiting in the Writable, as net.Socket's (live-bytes.ts
   * subtracts the buffer). Bytes sendFrom() queued count once sent: a stream destroyed before drops them.
   */
  get bytesWritten(): number {
    return this.sentBytes + this.writableLength;
  }

  /** Bytes received and not yet handed to the Readable (bounded by our window). */
  get queuedReceiveBytes(): number {
    return this.inbox.queuedBytes;
  }

  /** The receive window's size (initialWindow, or more once grown) and growth (the session's budget gets it back). */
  get receiveWindow(): Readonly<Pick<ReceiveWindow, 'size' | 'grownBy'>> {
    return this.window;
  }

  /**
   * Send what the peer sends straight to `sink` (the other side of the proxy's byte pipe) instead
   * of through the Readable: one stream hop less per chunk on the bulk path. The Readable then
   * carries only the EOF ('end' once the peer's FIN arrived and its bytes were written), so the
   * pipe's half-close and failure handling see this stream as they see a socket. Bytes still in
   * `sink`'s buffer beyond STREAM_BUFFER (or its high-water mark) are not credited until it drains.
   * The caller passes the EOF on (sink.end()), as with pipe(..., { end: false }).
   */
  forwardTo(sink: Writable): void {
    if (this.inbox.forwarding) throw new Error(`mux stream ${this.id} already forwards its bytes`);
    this.inbox.forwardTo(sink, () => this.creditConsumed());
    this.resume();
    this.deliver();
  }

  /**
   * Send what `source` reads (the other side of the proxy's byte pipe; its reads as framed-reads.ts
   * laid them out, if so) without going through the Writable: one stream hop less per chunk on the
   * bulk path. `source` is paused while STREAM_BUFFER waits to be sent. Its EOF is the caller's to
   * pass on (end()), as with pipe(..., { end: false }).
   */
  sendFrom(source: Readable): void {
    this.fedByStream = source instanceof MuxStream;
    this.outbox.readFrom(source, () => !this.destroyed, framedReadsOf(source));
  }

  // ---- Duplex implementation ----

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (chunk.length === 0) return callback(); // nothing to send, and no window to wait for
    this.outbox.add(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.pendingFin = callback;
    this.host.schedule(this);
  }

  override _read(): void {
    this.inbox.want();
    this.deliver();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.retired) {
      this.retired = true;
      const code = this.localResetCode ?? (error === null ? ResetCode.CANCEL : ResetCode.INTERNAL);
      this.host.abandon(this, code, this.openFrame === undefined);
    }
    this.openFrame = undefined;
    this.outbox.clear();
    this.pendingFin = undefined;
    this.inbox.clear();
    callback(error);
  }

  // ---- internals ----

  /** A FIN waits to go out: end() was called, or a replayed stream owes its FIN again. */
  private get finPending(): boolean {
    return this.pendingFin !== undefined || this.replay?.finOwed === true;
  }

  private sendOpen(frame: Buffer): void {
    this.openFrame = undefined;
    // end() before any write: OPEN carries the FIN (open + immediate half-close).
    const finNow = this.finPending && this.outbox.isEmpty && this.replay?.hasResend !== true;
    this.host.writeOpen(this, finNow ? encodeOpen(this.id, this.header, true) : frame);
    if (finNow) this.finishLocal();
  }

  /** One slice of what a refused attempt had sent, on the new connection (not counted again). */
  private sendAgain(replay: ReplayBuffer, maxChunk: number): void {
    const slice = replay.takeResend(Math.min(this.sendWindow, maxChunk));
    this.host.writeFrame(this, encodeDataHeader(this.id, slice.length), [slice]);
    this.sendWindow -= slice.length;
    replay.keep(slice);
  }

  private sendSlice(maxChunk: number): void {
    const framed = this.outbox.takeFramed(Math.min(this.sendWindow, maxChunk));
    // Other bytes' frame ends where a read laid out for framing begins (outbox.ts beforeFramed).
    const length = framed?.length ?? Math.min(this.sendWindow, frameSize(this.outbox.beforeFramed || this.outbox.queued, maxChunk));
    if (framed !== undefined) this.sendFramed(framed);
    else if (length <= SMALL_FRAME) this.sendSmallSlice(length);
    else this.sendLargeSlice(length);
    this.sendWindow -= length;
    this.sentBytes += length;
  }

  /** A payload read with room for its header before it (framed-reads.ts): one buffer, no copy. */
  private sendFramed(payload: Buffer): void {
    this.host.writeFrame(this, dataFrameInHeadroom(this.id, payload));
    this.replay?.keep(payload);
  }

  /** A small payload copied behind its header: one buffer, one write (frame.ts SMALL_FRAME). */
  private sendSmallSlice(length: number): void {
    const frame = allocDataFrame(this.id, length);
    this.outbox.takeInto(frame, FRAME_HEADER_LEN, length);
    this.host.writeFrame(this, frame);
    this.replay?.keep(frame.subarray(FRAME_HEADER_LEN));
  }

  /** A large payload as views of the application's chunks behind a header of its own (no copy). */
  private sendLargeSlice(length: number): void {
    const parts = this.outbox.take(length);
    this.host.writeFrame(this, encodeDataHeader(this.id, length), parts);
    // References to what went out, not copies (the writer does not reuse its chunks).
    if (this.replay !== undefined) for (const part of parts) this.replay.keep(part);
  }

  /** Our FIN is on the wire. */
  private finishLocal(): void {
    this.finSent = true;
    this.replay?.keepFin();
    if (this.replay !== undefined) this.replay.finOwed = false;
    const callback = this.pendingFin;
    this.pendingFin = undefined;
    if (this.remoteFin) this.host.retire(this);
    callback?.();
  }

  /** Move received bytes on while the Readable wants them, its EOF after the FIN's bytes; then credit. */
  private deliver(): void {
    this.inbox.deliver(this.remoteFin);
    this.creditConsumed();
  }

  /**
   * Credit what moved on once it is at least half a window, i.e. once what the peer may still send
   * plus what waits here has fallen to half the window: one WINDOW per half window. A window that
   * grows (receive-window.ts) adds its growth to the same WINDOW.
   */
  private creditConsumed(): void {
    if (this.retired || this.remoteFin) return;
    const consumed = this.inbox.takeCredit(this.window.size / 2);
    if (consumed === 0) return;
    this.host.sendCredit(this, this.window.credit(consumed, (wanted) => this.host.growWindow(wanted)));
  }
}
