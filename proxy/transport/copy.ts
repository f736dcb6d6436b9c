// The byte pipe between an accepted connection and the connection we dialed (Linkerd's
// tcp::Forward / duplex copy). It is the hot path, so per chunk it does nothing but the copy:
// stream.pipe() moves each chunk and applies backpressure (pause the reader when the writer's
// buffer is full, resume on 'drain'), so a slow receiver stalls the sender through TCP instead of
// growing our memory (a mux stream skips pipe(): it writes what it receives straight into the other
// side and reads what it sends straight from it, mux/stream.ts forwardTo and sendFrom, with the same
// bounds). Everything else here reacts to per-connection events only:
// - half-close: EOF from one side becomes end() (FIN / close_notify) on the other side's write
//   side, while the opposite direction keeps flowing until it also ends;
// - failure: an error (e.g. RST) or an unexplained close on one side resets the other side, so the
//   peer learns the connection broke rather than seeing a clean EOF. linger.ts makes a reset a reset
//   both ways: sockets arrive armed to reset on close (even when we die) and are disarmed only once
//   both their directions ended cleanly; an EOF that hides a reset counts as that failure, and so
//   does our own end of stream when it could not be sent (shutdown-result.ts): on TLS the failed
//   close_notify write takes the reset's pending error with it, so an EOF read while our shutdown
//   is in flight is passed on only once the shutdown succeeded;
// - the outcome, once both sockets have closed, says which side (if any) failed. Byte counts are
//   left to callers (socket.bytesRead / bytesWritten at close).
// Either side may be a stream of a multiplexed connection (mux/stream.ts) instead of a socket: it
// half-closes with a FIN frame, and is reset with an explicit RESET frame (it has no descriptor to
// arm, so linger.ts leaves it alone).
import type net from 'node:net';
import tls from 'node:tls';
import { ProxyError } from '../errors.js';
import { MuxStream } from '../mux/stream.js';
import { disarmResetOnClose, resetBehindEof } from './linger.js';
import { watchShutdown } from './shutdown-result.js';

export type PipeSide = 'client' | 'server';

/** What the pipe connects: a TCP or TLS socket, or one stream of a multiplexed connection. */
export type PipeSocket = net.Socket | MuxStream;

export type PipeOutcome = { ok: true } | { ok: false; side: PipeSide; error: Error };

/** What we've seen of one socket; both sides `done` means a clean shutdown. */
interface SideState {
  readonly side: PipeSide;
  readonly socket: PipeSocket;
  /** The peer sent EOF (read side finished). */
  ended: boolean;
  /** Our end() was flushed (write side finished). */
  finished: boolean;
  closed: boolean;
  /** Our shutdown (close_notify and FIN) has started and its result is not known yet. */
  shuttingDown: boolean;
  /** An EOF read while shuttingDown, not passed on yet: it may hide a reset (shutdown-result.ts). */
  eofHeld: boolean;
}

/**
 * Copy bytes both ways between `client` and `server` (net.Socket or tls.TLSSocket, created with
 * allowHalfOpen: true) until both directions have ended or one side fails. Never rejects.
 * Resolves after both sockets have closed, so byte counters are final when it does.
 */
export function pipeBidirectional(client: PipeSocket, server: PipeSocket): Promise<PipeOutcome> {
  return new Promise<PipeOutcome>((resolve) => {
    const a = sideState('client', client);
    const b = sideState('server', server);
    let failure: PipeOutcome | undefined;

    const fail = (s: SideState, error: Error): void => {
      if (failure !== undefined) return;
      failure = { ok: false, side: s.side, error };
      abort(s.socket);
      reset(peerOf(s));
    };
    const settleIfClosed = (): void => {
      if (a.closed && b.closed) resolve(failure ?? { ok: true });
    };
    const peerOf = (s: SideState): SideState => (s === a ? b : a);

    // Both directions of one socket ended without a failure: it closes next (autoDestroy), and
    // that close must be a FIN, not the reset it was armed for.
    const cleanlyDone = (s: SideState): void => {
      if (failure === undefined) disarmResetOnClose(s.socket);
    };
    // A trusted EOF becomes end() on the other socket: a half-close, since callers create sockets
    // with allowHalfOpen. end() queues behind the data pipe() already wrote.
    const passEof = (s: SideState): void => {
      if (failure !== undefined) return;
      peerOf(s).socket.end();
      if (s.finished) cleanlyDone(s);
    };
    for (const s of [a, b]) watch(s, fail, settleIfClosed, passEof, cleanlyDone);
    // pipe() carries data with backpressure; the EOF is ours to pass on (passEof), not pipe()'s,
    // because an EOF may have to wait for our own shutdown's result.
    copyInto(client, server);
    copyInto(server, client);
    checkInitial(a, fail);
    checkInitial(b, fail);
    // A side whose 'end' came before the pipe (as pipe() itself would, pass that EOF on).
    for (const s of [a, b]) if (s.ended) passEof(s);
    settleIfClosed();
  });
}

/**
 * Carry `from`'s bytes into `to` with backpressure, leaving the EOF to the caller. A mux stream
 * sends what it reads straight from `from` (sendFrom: paused while its queue is full) and writes
 * what it receives straight into a socket `to` (forwardTo: its window is the backpressure);
 * between two sockets, pipe(). Between two mux streams (a gateway) the sending one reads: its
 * queue then collects the pieces of a received frame without a write callback each, and frames
 * them together (scheduler.ts).
 */
function copyInto(from: PipeSocket, to: PipeSocket): void {
  if (to instanceof MuxStream) to.sendFrom(from);
  else if (from instanceof MuxStream) from.forwardTo(to);
  else from.pipe(to, { end: false });
}

function sideState(side: PipeSide, socket: PipeSocket): SideState {
  return {
    side,
    socket,
    ended: socket.readableEnded,
    finished: socket.writableFinished,
    closed: socket.closed,
    shuttingDown: false,
    eofHeld: false,
  };
}

/** Per-connection listeners. They stay attached after the outcome so late errors are absorbed. */
function watch(
  s: SideState,
  fail: (s: SideState, e: Error) => void,
  settleIfClosed: () => void,
  passEof: (s: SideState) => void,
  cleanlyDone: (s: SideState) => void,
): void {
  // Our end() failing means the connection was already gone: reset (shutdown-result.ts). Called
  // before Node's own completion callback, so before 'finish'.
  watchShutdown(s.socket, {
    started: () => (s.shuttingDown = true),
    done: (error) => {
      s.shuttingDown = false;
      if (error) fail(s, error);
    },
  });
  // Node autodestroys a socket right after the second of 'end' and 'finish', once their listeners
  // ran; a reset found here resets the other side instead of passing the EOF on as a FIN.
  s.socket.on('end', () => {
    const reset = resetBehindEof(s.socket);
    if (reset) return fail(s, reset);
    s.ended = true;
    // Our close_notify may just have failed on a reset and taken its error: the EOF waits for the
    // shutdown's result ('finish', or a failure).
    if (s.shuttingDown) s.eofHeld = true;
    else passEof(s);
  });
  s.socket.on('finish', () => {
    s.finished = true;
    s.shuttingDown = false;
    if (s.eofHeld) {
      s.eofHeld = false;
      passEof(s);
    } else if (s.ended) cleanlyDone(s);
  });
  s.socket.on('error', (err: Error) => fail(s, err));
  s.socket.on('close', () => {
    s.closed = true;
    // A socket autodestroys after its read side ended and its write side finished; closing any
    // earlier means it was destroyed under us (errors are reported first by the 'error' listener).
    if (!(s.ended && s.finished)) fail(s, closedEarly(s.side));
    settleIfClosed();
  });
}

/** A socket handed to us already broken fails its side immediately. */
function checkInitial(s: SideState, fail: (s: SideState, e: Error) => void): void {
  if (s.socket.errored) fail(s, s.socket.errored);
  else if (s.socket.destroyed && !(s.ended && s.finished)) fail(s, closedEarly(s.side));
}

function closedEarly(side: PipeSide): Error {
  return new ProxyError('io', `${side} connection closed before the end of its stream`);
}

/**
 * The failed side: it is usually already destroyed by its error; make sure. Also how a connection
 * is cut from outside the pipe (a policy change): a socket is destroyed as before, a mux stream is
 * reset explicitly (RESET frame) so its peer sees an error.
 */
export function abort(socket: PipeSocket): void {
  if (socket.destroyed) return;
  if (socket instanceof MuxStream) socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * Tear down the healthy side so its peer sees the failure. For plain TCP send an RST (like Linkerd
 * dropping the connection), not a FIN that would look like a clean end. resetAndDestroy only works
 * on TCP handles; a TLSSocket's handle is the TLS wrap, so it is destroyed instead: the socket was
 * armed to reset on close (linger.ts), so its peer still gets an RST. (Without the native addon it
 * gets a FIN without close_notify, which Node — unlike rustls — reports as a clean end.)
 * A TCP socket whose own shutdown is in flight is destroyed too, being armed just the same: libuv
 * refuses to reset it (uv_tcp_close_reset: EINVAL), and Node then never emits its 'close', so the
 * pipe would never settle.
 * A mux stream has its own resetAndDestroy(): a RESET APP_RESET frame, an error at its peer.
 */
function reset(s: SideState): void {
  resetSocket(s.socket, s.shuttingDown);
}

/**
 * reset() for a socket outside a pipe (a policy cut of the application side, inbound/forward.ts).
 * `shuttingDown` defaults to what the stream state says: end() called and not yet finished.
 */
export function resetSocket(socket: PipeSocket, shuttingDown = socket.writableEnded && !socket.writableFinished): void {
  if (socket.destroyed) return;
  if (!(socket instanceof tls.TLSSocket) && !shuttingDown && typeof socket.resetAndDestroy === 'function') {
    try {
      socket.resetAndDestroy();
      return;
    } catch {
      // Not a TCP handle (e.g. a socket over a pipe); fall through to a plain destroy.
    }
  }
  socket.destroy();
}
