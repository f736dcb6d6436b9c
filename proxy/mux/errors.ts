// The errors a mux session and its streams surface, each with a stable `code` (undici's habit), so
// the integrator can tell a peer's reset (with its reset code) from a lost connection or a session
// that just can't take a new stream, without matching on messages. Protocol errors are
// MuxProtocolError (frame.ts), since the pure decoder throws them too. Also here: which error
// open() throws (openRefusal) and telling the peer about a protocol error before we hang up.
import type { Duplex } from 'node:stream';
import { MAX_STREAM_ID, ResetCode, encodeGoaway, resetCodeName, type MuxProtocolError } from './frame.js';

/**
 * A stream was aborted by RESET. `remote`: the peer sent it (we received it); otherwise we sent it
 * (stream.reset(code)). Never a clean end: the application connection must be reset too.
 */
export class MuxStreamResetError extends Error {
  readonly code = 'ERR_MUX_RESET';
  constructor(
    readonly streamId: number,
    readonly resetCode: number,
    readonly remote: boolean,
  ) {
    super(`mux stream ${streamId} ${remote ? 'reset by peer' : 'reset'}: ${resetCodeName(resetCode)}`);
    this.name = 'MuxStreamResetError';
  }
}

export type MuxSessionErrorCode =
  /** The session (connection) failed or was destroyed with the stream still open; `cause` says why. */
  | 'ERR_MUX_SESSION_CLOSED'
  /** open() on a session that is draining (GOAWAY sent or received) or closing: use another. */
  | 'ERR_MUX_SESSION_DRAINING'
  /** open() on a session already carrying the peer's maxStreams: use another. */
  | 'ERR_MUX_SESSION_FULL'
  /** open() on a server session, or with no stream ids left. */
  | 'ERR_MUX_CANNOT_OPEN';

export class MuxSessionError extends Error {
  constructor(
    readonly code: MuxSessionErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MuxSessionError';
  }
}

/** Why a session cannot open a stream now (what open() throws), or undefined when it can. */
export function openRefusal(s: {
  role: 'client' | 'server';
  state: 'open' | 'draining' | 'closing' | 'closed';
  openStreams: number;
  peerMaxStreams: number;
  lastLocalId: number;
}): MuxSessionError | undefined {
  if (s.role !== 'client') return new MuxSessionError('ERR_MUX_CANNOT_OPEN', 'only a client mux session opens streams');
  if (s.state !== 'open') {
    const code = s.state === 'closed' ? 'ERR_MUX_SESSION_CLOSED' : 'ERR_MUX_SESSION_DRAINING';
    return new MuxSessionError(code, `mux session is ${s.state}: open the stream on another connection`);
  }
  if (s.openStreams >= s.peerMaxStreams) {
    return new MuxSessionError('ERR_MUX_SESSION_FULL', `mux session carries the peer's limit of ${s.peerMaxStreams} streams`);
  }
  if (s.lastLocalId >= MAX_STREAM_ID) return new MuxSessionError('ERR_MUX_CANNOT_OPEN', 'mux session has used all its stream ids');
  return undefined;
}

/** What a stream's ERR_MUX_SESSION_CLOSED says when its session is destroyed with `error`. */
export function sessionClosedMessage(error: Error | undefined): string {
  return error === undefined ? 'mux session destroyed with the stream open' : `mux session closed: ${error.message}`;
}

/** GOAWAY(PROTOCOL_ERROR) on `socket`, best effort, flushed before the caller destroys it. */
export function tellPeerProtocolError(socket: Duplex, lastRemoteId: number): void {
  try {
    if (!socket.writable) return;
    socket.write(encodeGoaway(lastRemoteId, ResetCode.PROTOCOL_ERROR));
    // The socket may be corked (a batch in progress): flush to it before it is destroyed.
    while (socket.writableCorked > 0) socket.uncork();
  } catch {
    // best effort: the socket is about to be destroyed anyway
  }
}

/** A stream's verdict on a received frame: the peer's protocol error, thrown, ends the session. */
export function throwIf(error: MuxProtocolError | undefined | void): void {
  if (error !== undefined) throw error;
}
