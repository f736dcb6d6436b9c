// One podwire.mux/1 connection (docs/mux-protocol.md): many application connections carried as
// streams over one Duplex (in production a tls.TLSSocket that negotiated MUX_ALPN).
//
// The session owns what all streams of a connection share: SETTINGS, stream ids (open-order.ts,
// with the order OPENs leave in) and maxStreams (the table: stream-table.ts), routing frames to
// streams, the send scheduler (scheduler.ts), PING, GOAWAY drain, the connection's end. Per-stream
// state lives in stream.ts, what streams may ask of the session (and the accept ack) in
// session-host.ts. Failure rules:
// - a protocol error from the peer: GOAWAY(PROTOCOL_ERROR) best effort, destroy the socket, fail
//   every open stream;
// - the socket errors, closes, or ends (peer FIN) while streams are open: every open stream fails
//   with ERR_MUX_SESSION_CLOSED, so an application sees a reset, never a clean end;
// - a stream that completed (FIN both ways) is no longer affected by anything the session does;
// - client: a stream the peer refused unprocessed (GOAWAY below its id, or REFUSED before any other
//   frame of the stream: the accept ack) leaves quietly and is carried again elsewhere (replay.ts).
// Never an 'error' event (unhandled, it would kill the process): 'close' with the error, once.
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { TransportHeader } from '../transport/header.js';
import {
  GOAWAY_NO_ERROR, MuxProtocolError, ResetCode, encodeGoaway, encodePing, encodeReset, encodeSettings, type MuxFrame,
  type MuxSettings,
} from './frame.js';
import { FrameDecoder } from './frame-decoder.js';
import { localSettingsOf, type MuxRole, type MuxSessionOptions } from './settings.js';
import { MuxSessionError, openRefusal, sessionClosedMessage, tellPeerProtocolError, throwIf } from './errors.js';
import { SendScheduler, sliceLimit } from './scheduler.js';
import { MuxStream } from './stream.js';
import { OpenOrder } from './open-order.js';
import type { StreamHost } from './stream-host.js';
import { sessionStreamHost } from './session-host.js';
import { PendingPings } from './pings.js';
import { ReplayBuffer, type SessionSupplier } from './replay.js';
import { StreamTable } from './stream-table.js';

/** Control frames we queue for a peer that does not read, beyond one per stream, before giving up on it. */
const CONTROL_QUEUE_LIMIT = 1024;
/** How long a gracefully ended connection may wait for the peer's end before it is destroyed. */
const CLOSE_TIMEOUT_MS = 10_000;

export type MuxSessionState = 'open' | 'draining' | 'closing' | 'closed';

export interface MuxSessionEvents {
  /** The peer's SETTINGS arrived: peerMaxStreams is the real limit from now on. */
  ready: [];
  /** Server: the peer opened a stream for `header`. */
  stream: [stream: MuxStream, header: TransportHeader];
  /** The peer sent GOAWAY: no new streams above lastStreamId (client: no new streams at all). */
  goaway: [lastStreamId: number, code: number];
  /** The connection is gone; `error` is undefined after a graceful close. */
  close: [error?: Error];
}

export class MuxSession extends EventEmitter<MuxSessionEvents> {
  readonly role: MuxRole;
  /** What we sent in SETTINGS. */
  readonly localSettings: Readonly<MuxSettings>;
  private peerSettings: MuxSettings | undefined;
  private stateNow: MuxSessionState = 'open';
  /** Streams not yet closed at the protocol level, and their windows' growth budget. */
  private readonly streams = new StreamTable();
  private lastRemoteId = 0;
  private readonly decoder: FrameDecoder;
  private readonly scheduler: SendScheduler;
  private readonly host: StreamHost;
  private readonly openOrder: OpenOrder;
  private readonly pings = new PendingPings();
  private closeTimer: NodeJS.Timeout | undefined;

  constructor(
    /** The connection (e.g. the tls.TLSSocket, for the peer's identity); the session owns its I/O. */
    readonly socket: Duplex,
    options: MuxSessionOptions,
  ) {
    super();
    this.role = options.role;
    this.localSettings = Object.freeze(localSettingsOf(options));
    this.decoder = new FrameDecoder({ maxFrame: this.localSettings.maxFrame });
    this.scheduler = new SendScheduler(socket, (bigTurn) => sliceLimit(bigTurn, this.peerSettings?.maxFrame), (queued) => this.afterPump(queued));
    this.host = sessionStreamHost({
      scheduler: this.scheduler,
      openOrder: () => this.openOrder,
      windowGrowth: this.streams.windowGrowth,
      sendControl: (frame) => this.sendControl(frame),
      retire: (stream) => this.retire(stream),
    });
    this.openOrder = new OpenOrder(this.host);
    this.listen();
    this.scheduler.sendControl(encodeSettings(this.localSettings));
  }

  get state(): MuxSessionState {
    return this.stateNow;
  }

  /** The peer's SETTINGS, once received. */
  get peer(): Readonly<MuxSettings> | undefined {
    return this.peerSettings;
  }

  /** Streams not yet closed at the protocol level (what counts against maxStreams). */
  get openStreams(): number {
    return this.streams.size;
  }

  /** Bytes by which this session's streams' receive windows have grown, together (receive-window.ts). */
  get windowGrowthInUse(): number {
    return this.streams.windowGrowth.inUse;
  }

  /** How many streams the peer accepts at once; 1 until its SETTINGS arrive (every peer accepts 1). */
  get peerMaxStreams(): number {
    return this.peerSettings?.maxStreams ?? 1;
  }

  /** Client: whether open() would succeed now (a pool picks another session when false). */
  canOpen(): boolean {
    return this.openRefusal() === undefined;
  }

  /**
   * Client: open a stream to the peer for `header` (sent as OPEN). Throws MuxSessionError
   * (ERR_MUX_SESSION_DRAINING, ERR_MUX_SESSION_FULL, ERR_MUX_CANNOT_OPEN) when canOpen() is false,
   * HeaderError for an invalid header. With `replay`, a stream the peer refuses unprocessed is
   * carried again on the session `replay` supplies, at most MAX_REPLAYS times (replay.ts).
   */
  open(header: TransportHeader, options: { replay?: SessionSupplier } = {}): MuxStream {
    const { id, openFrame } = this.nextOpen(header);
    const stream = new MuxStream(this.host, {
      id,
      header,
      sendWindow: this.peerSettings?.initialWindow ?? 0,
      recvWindow: this.localSettings.initialWindow,
      openFrame,
      ...(options.replay && { replay: new ReplayBuffer(options.replay) }),
    });
    this.streams.add(stream);
    this.openOrder.add(stream);
    stream.openWhenWritten();
    return stream;
  }

  /** Client: carry a stream another session refused unprocessed (replay.ts); throws as open(). */
  reopen(stream: MuxStream): void {
    const { id, openFrame } = this.nextOpen(stream.header);
    stream.rebind(this.host, { id, sendWindow: this.peerSettings?.initialWindow ?? 0, recvWindow: this.localSettings.initialWindow, openFrame });
    this.streams.add(stream);
    this.openOrder.add(stream);
    this.scheduler.schedule(stream);
  }

  /**
   * Graceful drain: send GOAWAY, accept or open no new streams, let the open ones finish, then end
   * the connection. Bounding the wait (a grace period, then destroy()) is the caller's job.
   */
  drain(): void {
    if (this.stateNow !== 'open') return;
    this.stateNow = 'draining';
    // OPENs still owed go first: a peer that gets our GOAWAY with none of our streams open closes.
    this.openOrder.writeAll((frame) => this.scheduler.write(frame));
    const lastAccepted = this.role === 'server' ? this.lastRemoteId : 0;
    this.scheduler.sendControl(encodeGoaway(lastAccepted, GOAWAY_NO_ERROR));
    this.closeIfDrained();
  }

  /** Round-trip time in ms of a PING; rejects if the session closes first. */
  ping(): Promise<number> {
    if (this.stateNow === 'closed' || this.stateNow === 'closing') {
      return Promise.reject(new MuxSessionError('ERR_MUX_SESSION_CLOSED', 'mux session is closed'));
    }
    const { data, rtt } = this.pings.start();
    this.scheduler.sendControl(encodePing(data));
    return rtt;
  }

  /**
   * Tear everything down now: the socket is destroyed and every open stream fails (with
   * ERR_MUX_SESSION_CLOSED whose cause is `error`). A MuxProtocolError is first reported to the
   * peer with GOAWAY(PROTOCOL_ERROR), best effort.
   */
  destroy(error?: Error): void {
    if (this.stateNow === 'closed') return;
    this.stateNow = 'closed';
    this.scheduler.stop();
    if (error instanceof MuxProtocolError) tellPeerProtocolError(this.socket, this.lastRemoteId);
    this.socket.destroy();
    const streamError = new MuxSessionError('ERR_MUX_SESSION_CLOSED', sessionClosedMessage(error), { cause: error });
    this.failStreams(streamError);
    this.finishClose(error);
  }

  private listen(): void {
    this.socket.on('data', (chunk: Buffer) => this.onSocketData(chunk));
    this.socket.on('end', () => this.onPeerEnd());
    this.socket.on('error', (err: Error) => this.destroy(err));
    this.socket.on('close', () => this.onSocketClose());
  }

  /** Handle every frame of `chunk`; what they make us send goes out in one pump at the end. */
  private onSocketData(chunk: Buffer): void {
    if (this.stateNow === 'closed') return;
    this.decoder.push(chunk);
    this.scheduler.hold();
    try {
      for (let frame = this.decoder.next(); frame !== undefined; frame = this.decoder.next()) {
        this.handleFrame(frame);
        if (this.isClosed()) break;
      }
    } catch (err) {
      if (!(err instanceof MuxProtocolError)) throw err;
      this.destroy(err);
    } finally {
      this.scheduler.release();
    }
  }

  /** Peer FIN: clean only when no stream is open and no frame is cut short. */
  private onPeerEnd(): void {
    if (this.stateNow === 'closed') return;
    if (this.decoder.midFrame) {
      return this.destroy(new MuxProtocolError('truncated_frame', 'connection ended inside a frame'));
    }
    if (this.streams.size > 0) {
      return this.destroy(new MuxSessionError('ERR_MUX_SESSION_CLOSED', `peer ended the connection with ${this.streams.size} streams open`));
    }
    this.beginClose();
  }

  private onSocketClose(): void {
    if (this.stateNow === 'closed') return;
    if (this.streams.size > 0 || this.stateNow !== 'closing') {
      return this.destroy(new MuxSessionError('ERR_MUX_SESSION_CLOSED', 'connection closed'));
    }
    this.stateNow = 'closed';
    this.scheduler.stop();
    this.finishClose(undefined);
  }

  private handleFrame(frame: MuxFrame): void {
    switch (frame.type) {
      case 'settings':
        return this.onSettings(frame.settings);
      case 'open':
        return this.onOpen(frame.streamId, frame.header, frame.fin);
      case 'data': {
        const stream = this.acceptedStream(frame.streamId, 'DATA');
        return throwIf(stream?.receiveData(frame.payload, frame.fin));
      }
      case 'window': {
        const stream = this.acceptedStream(frame.streamId, 'WINDOW');
        return throwIf(stream?.addSendWindow(frame.increment));
      }
      case 'reset': {
        const stream = this.streams.forFrame(frame.streamId, 'RESET', this.lastOpenedId);
        return stream && this.onReset(stream, frame.code);
      }
      case 'goaway':
        return this.onGoaway(frame.lastStreamId, frame.code);
      case 'ping':
        return frame.ack ? this.pings.acked(frame.data) : this.sendControl(encodePing(frame.data, true));
    }
  }

  private onSettings(settings: MuxSettings): void {
    this.peerSettings = settings;
    // Streams opened before the peer's SETTINGS started with no send window.
    for (const stream of this.streams.list()) stream.addSendWindow(settings.initialWindow);
    this.emit('ready');
  }

  private onOpen(id: number, header: TransportHeader, fin: boolean): void {
    if (this.role === 'client') throw new MuxProtocolError('unexpected_open', `server opened stream ${id}; only the client opens streams`);
    if (id <= this.lastRemoteId) {
      throw new MuxProtocolError('stream_id_not_increasing', `OPEN of stream ${id} after stream ${this.lastRemoteId}`);
    }
    this.lastRemoteId = id;
    // Refusing one stream is not a connection error: the client may race our GOAWAY or a close.
    if (this.stateNow !== 'open' || this.streams.size >= this.localSettings.maxStreams) {
      return this.sendControl(encodeReset(id, ResetCode.REFUSED));
    }
    const stream = new MuxStream(this.host, {
      id,
      header,
      sendWindow: this.peerSettings!.initialWindow,
      recvWindow: this.localSettings.initialWindow,
      remoteFin: fin,
    });
    this.streams.add(stream);
    // No ack now: the stream's first frame is its accept ack (session-host.ts).
    stream.ackOwed = true;
    this.emit('stream', stream, header);
  }

  /** The open stream a frame other than RESET is for; such a frame proves the peer accepted it (the first is its accept ack). */
  private acceptedStream(id: number, what: string): MuxStream | undefined {
    const stream = this.streams.forFrame(id, what, this.lastOpenedId);
    stream?.markAccepted();
    return stream;
  }

  private onReset(stream: MuxStream, code: number): void {
    // REFUSED before the accept ack: the peer never processed the stream, so it may go elsewhere.
    if (code === ResetCode.REFUSED && stream.replayable) return this.refusedUnprocessed(stream);
    this.streams.remove(stream);
    stream.resetByPeer(code);
    this.closeIfDrained();
  }

  private onGoaway(lastStreamId: number, code: number): void {
    if (this.stateNow === 'open') this.stateNow = 'draining';
    if (this.role === 'client') {
      // Streams the server says it will never accept: refused, so they are carried elsewhere (or
      // a caller may retry); the ones at or below lastStreamId are accepted, however quiet so far.
      for (const stream of this.streams.list()) {
        if (stream.id > lastStreamId) this.onReset(stream, ResetCode.REFUSED);
        else stream.markAccepted();
      }
    }
    this.emit('goaway', lastStreamId, code);
    this.closeIfDrained();
  }

  /** The stream leaves this session without a RESET (the peer refused it) and looks for another. */
  private refusedUnprocessed(stream: MuxStream): void {
    this.streams.remove(stream);
    this.scheduler.unschedule(stream);
    this.openOrder.remove(stream);
    stream.refusedUnprocessed();
    this.closeIfDrained();
  }

  /** Queue a control frame; a peer that makes us queue without reading is cut off. */
  private sendControl(frame: Buffer): void {
    if (this.stateNow === 'closed') return;
    this.scheduler.sendControl(frame);
  }

  private afterPump(controlQueued: number): void {
    if (controlQueued > CONTROL_QUEUE_LIMIT + this.streams.size) {
      return this.destroy(new MuxProtocolError('control_flood', `${controlQueued} control frames queued for a peer that does not read`));
    }
    if (this.stateNow === 'closing' && controlQueued === 0 && !this.socket.writableEnded) {
      this.scheduler.flushNow();
      this.socket.end();
    }
  }

  /** Take a stream out of the session; false if it already was. */
  private retire(stream: MuxStream): boolean {
    stream.retired = true;
    if (!this.streams.remove(stream)) return false;
    this.closeIfDrained();
    return true;
  }

  private closeIfDrained(): void {
    if (this.stateNow === 'draining' && this.streams.size === 0) this.beginClose();
  }

  /** No streams left and no new ones: flush control frames, end our side, wait for the socket to close. */
  private beginClose(): void {
    if (this.stateNow === 'closing' || this.stateNow === 'closed') return;
    this.stateNow = 'closing';
    this.closeTimer = setTimeout(() => this.destroy(new MuxSessionError('ERR_MUX_SESSION_CLOSED', 'peer did not close the connection')), CLOSE_TIMEOUT_MS);
    this.closeTimer.unref();
    this.scheduler.pump(); // afterPump ends our side once the control frames are out
  }

  private failStreams(error: Error): void {
    this.openOrder.clear();
    for (const stream of this.streams.clear()) stream.failWithSession(error);
  }

  private finishClose(error: Error | undefined): void {
    if (this.closeTimer !== undefined) clearTimeout(this.closeTimer);
    const pingError = new MuxSessionError('ERR_MUX_SESSION_CLOSED', 'mux session closed before the PING was answered', { cause: error });
    this.pings.rejectAll(pingError);
    // After the streams' own error events (Node emits those on the next tick too).
    process.nextTick(() => this.emit('close', error));
  }

  /** The highest stream id opened so far, by us (client) or by the peer (server). */
  private get lastOpenedId(): number {
    return this.role === 'client' ? this.openOrder.lastId : this.lastRemoteId;
  }

  /** (A method, so TypeScript does not narrow the state across calls that may change it.) */
  private isClosed = (): boolean => this.stateNow === 'closed';

  /** The next stream id and its OPEN frame; throws when open() may not open one now. */
  private nextOpen(header: TransportHeader): { id: number; openFrame: Buffer } {
    const refusal = this.openRefusal();
    if (refusal !== undefined) throw refusal;
    return this.openOrder.next(header);
  }

  private openRefusal(): MuxSessionError | undefined {
    return openRefusal({ role: this.role, state: this.stateNow, openStreams: this.streams.size, peerMaxStreams: this.peerMaxStreams, lastLocalId: this.openOrder.lastId });
  }
}
