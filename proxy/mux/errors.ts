// The errors a mux session and its streams surface, each with a stable `code` (undici's habit), so
// the integrator can tell a peer's reset (with its reset code) from a lost connection or a session
// that just can't take a new stream, without matching on messages. Protocol errors are
// MuxProtocolError (frame.ts), since the pure decoder throws them too.
import { resetCodeName } from './frame.js';

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
