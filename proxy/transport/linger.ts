// Resets, not FINs, when a proxied connection is cut. A TCP FIN tells an application "the stream is
// complete", and for a protocol without its own length framing that is a lie when the proxy died
// mid-transfer (SIGKILL, a crash, the end of a shutdown grace period). Node can't tell a TLS
// peer's close_notify from a bare FIN, so a podwire peer can't spot such a cut after the fact.
//
// Sending side: every proxied socket is *armed* as soon as it exists — SO_LINGER on with a zero
// timeout — so any close, including the kernel closing a dead process's descriptors, sends an RST.
// When a connection finishes cleanly (both directions ended, copy.ts), each socket is *disarmed*
// just before Node closes it, so a clean close is still the normal FIN handshake.
//
// Receiving side: libuv reports an RST that arrives behind unread data as a clean EOF (EPOLLHUP
// after a short read counts as end of stream), so at each EOF copy.ts asks the kernel for the
// socket's pending error (SO_ERROR): a reset found there is a failure, not an end.
//
// The cost is a syscall per socket at start (none for accepted sockets, which inherit it from their
// armed listener: listen.ts), at EOF and at a clean end; nothing per chunk. Without
// the native addon these do nothing and podwire behaves as before (app.ts logs why at startup).
// A mux stream (mux/stream.ts) has no descriptor: these are no-ops for it, and its reset is an
// explicit RESET frame (copy.ts).
import { constants } from 'node:os';
import type { Duplex } from 'node:stream';
import { nativeAddon, socketFd } from './native-addon.js';

/** Whether sockets can be armed here, and if not why (for the startup log line). */
export function lingerSupport(): { available: true } | { available: false; reason: string } {
  const n = nativeAddon();
  return n.available ? { available: true } : { available: false, reason: n.reason };
}

/** From now on, closing `socket` (by us, or by the kernel because we died) resets the connection. */
export function armResetOnClose(socket: Duplex): void {
  setLinger(socket, 0);
}

/**
 * Arm a listening socket: Linux copies SO_LINGER (and TCP_NODELAY) to every connection it accepts
 * afterwards, so they arrive armed without a setsockopt each. False when it could not be done
 * (no addon, no descriptor): arm each accepted socket then.
 */
export function armListener(server: object): boolean {
  return setLinger(server, 0);
}

/** The connection ended cleanly: let its close be an ordinary FIN again. */
export function disarmResetOnClose(socket: Duplex): void {
  setLinger(socket, -1);
}

/** Whether it was set: not without the addon or a descriptor, nor on a socket closed under us. */
function setLinger(socket: object, seconds: number): boolean {
  const n = nativeAddon();
  const fd = socketFd(socket);
  if (!n.available || fd === undefined) return false;
  try {
    n.addon.setLinger(fd, seconds);
    return true;
  } catch {
    // The socket was closed or reset under us: nothing left to arm or disarm.
    return false;
  }
}

const ERRNO_NAMES = new Map(Object.entries(constants.errno).map(([name, n]) => [n, name]));

/**
 * At an EOF: the reset hiding behind it, as the error a read would have given (code ECONNRESET…),
 * or undefined when the stream really ended (or the kernel can't be asked).
 */
export function resetBehindEof(socket: Duplex): NodeJS.ErrnoException | undefined {
  const n = nativeAddon();
  const fd = socketFd(socket);
  if (!n.available || fd === undefined) return undefined;
  let errno: number;
  try {
    errno = n.addon.socketError(fd);
  } catch {
    return undefined;
  }
  if (errno === 0) return undefined;
  const code = ERRNO_NAMES.get(errno) ?? `E${errno}`;
  return Object.assign(new Error(`read ${code}: the peer reset the connection (reported by the kernel after an apparent end of stream)`), { code, errno: -errno, syscall: 'read' });
}
