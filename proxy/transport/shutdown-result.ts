// The result of our own end of stream on a socket, which Node throws away. When the pipe half-closes
// a socket (end(): a FIN, and on TLS a close_notify alert written just before it), Node ignores the
// outcome: net.Socket's afterShutdown drops the status of shutdown(2), and TLSWrap ignores a write
// error once it is shutting down ("Ignoring error after shutdown"). On a connection the peer has
// already reset, that loses the reset for good:
//
//   write(fd, <close_notify>) = -1 ECONNRESET   the write takes the reset's pending error (SO_ERROR)
//   read(fd)                  = 0               so the next read is a plain EOF,
//   getsockopt(SO_ERROR)      = 0               which linger.ts's resetBehindEof can't see through,
//   shutdown(fd, SHUT_WR)     = -1 ENOTCONN     and only this says the connection was already gone.
//
// (strace of a client proxy that logged `reason: ok` for a connection its server proxy had reset.)
// So the pipe watches the shutdown itself: shutdown(2) fails (ENOTCONN) only when the connection is
// already closed, i.e. reset (or timed out) before our FIN could go out, never on a clean one.
//
// This wraps the socket handle's shutdown() (what net.Socket#_final calls) to see the request's
// completion status. It relies on Node internals (socket._handle, the ShutdownWrap's oncomplete);
// where they are missing, nothing is watched and the pipe behaves as before.
import type { Duplex } from 'node:stream';
import { constants } from 'node:os';
import { keepLatest } from '../warm-shapes.js';

/** warm-shapes.ts kind: the last shutdown request watched. */
export const SHUTDOWN_KIND = 'shutdown request';

/** The parts of a ShutdownWrap request and of a stream handle this module touches. */
interface ShutdownRequest {
  oncomplete?: (this: unknown, status: number, ...rest: unknown[]) => unknown;
}
interface StreamHandle {
  shutdown?: (this: StreamHandle, req: ShutdownRequest) => number;
}

export interface ShutdownObserver {
  /**
   * Node is about to shut the write side down; for TLS it writes the close_notify right away, and
   * that write may take a reset's pending error along.
   */
  started(): void;
  /** The shutdown completed: `error` when the FIN could not be sent (the connection was gone). */
  done(error?: NodeJS.ErrnoException): void;
}

const ERRNO_NAMES = new Map(Object.entries(constants.errno).map(([name, n]) => [n, name]));

/**
 * Report `socket`'s next write-side shutdown to `observer`. Returns false (and watches nothing) when
 * the socket has no handle with a shutdown method (a mux stream, a socket already destroyed).
 */
export function watchShutdown(socket: Duplex, observer: ShutdownObserver): boolean {
  const handle = (socket as Duplex & { _handle?: StreamHandle | null })._handle;
  const shutdown = handle?.shutdown;
  if (!handle || typeof shutdown !== 'function') return false;
  handle.shutdown = function (this: StreamHandle, req: ShutdownRequest): number {
    observer.started();
    // Node's shutdown request objects exist only while a connection ends: warm-shapes.ts.
    keepLatest(SHUTDOWN_KIND, req);
    const complete = req.oncomplete;
    if (typeof complete === 'function') {
      req.oncomplete = function (this: unknown, status: number, ...rest: unknown[]): unknown {
        // Before Node's own callback, which emits 'finish': the pipe must know first.
        observer.done(typeof status === 'number' && status < 0 ? shutdownError(status) : undefined);
        return complete.call(this, status, ...rest);
      };
    }
    let err: number;
    try {
      err = shutdown.call(this, req);
    } catch (e) {
      observer.done();
      throw e;
    }
    // Completed at once, so oncomplete will not run: 1 is a success, a negative errno a failure
    // (net.Socket takes UV_ENOTCONN for a success too, yet no FIN was sent).
    if (typeof err === 'number' && err !== 0) observer.done(err < 0 ? shutdownError(err) : undefined);
    return err;
  };
  return true;
}

function shutdownError(status: number): NodeJS.ErrnoException {
  const code = ERRNO_NAMES.get(-status) ?? `E${-status}`;
  return Object.assign(new Error(`shutdown ${code}: the connection was gone before our end of stream could be sent (the peer reset it)`), {
    code, errno: status, syscall: 'shutdown',
  });
}
