// TCP listeners for traffic: half-open allowed (FIN is carried through), sockets paused on accept
// so no byte is read before the pipeline has somewhere safe to put it, with TCP_NODELAY, and armed
// to reset on close (linger.ts) so that if this proxy dies the peer sees a reset, never a clean
// end. Accepted sockets get TCP keepalive when the listener's side has it configured
// (config/keepalive.ts).
//
// TCP_NODELAY and the arming are set once, on the listening socket: Linux copies both to every
// connection it accepts, which saves two setsockopt calls per connection (Node's noDelay option
// and armResetOnClose would make them on each accepted socket). A connection whose handshake
// completed between listen() and that (microseconds, at startup) still has the kernel's defaults,
// so sockets accepted until the event loop has polled once more are given them one by one.
import net from 'node:net';
import type { SocketAddr } from './addr.js';
import { armListener, armResetOnClose } from './linger.js';

export interface ListenOptions {
  /** TCP keepalive idle time for accepted sockets; undefined leaves keepalive off. */
  readonly keepaliveMs?: number;
}

/**
 * Bind a traffic listener. Errors after binding go to `onError` instead of crashing the process.
 * Note that libuv hides EMFILE at accept (it accepts and closes pending connections with a spare
 * descriptor and reports nothing), so running out of descriptors is caught before that, in
 * accept-guard.ts; `onError` sees only what libuv does report.
 */
export function listen(
  addr: SocketAddr,
  onConnection: (socket: net.Socket) => void,
  onError: (err: Error) => void,
  opts: ListenOptions = {},
): Promise<net.Server> {
  const { keepaliveMs } = opts;
  return new Promise((resolve, reject) => {
    // Whether accepted sockets come with TCP_NODELAY and armed from the listener (above).
    let inherited = false;
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => {
      if (!inherited) {
        socket.setNoDelay(true);
        armResetOnClose(socket);
      }
      if (keepaliveMs !== undefined) socket.setKeepAlive(true, keepaliveMs);
      onConnection(socket);
    });
    server.once('error', reject);
    server.listen({ host: addr.ip, port: addr.port, ipv6Only: false }, () => {
      server.off('error', reject);
      server.on('error', onError);
      // An immediate queued from an immediate runs after the loop's next poll phase, which accepts
      // every connection already queued (those the listener's options may have missed).
      if (setListenerOptions(server)) setImmediate(() => setImmediate(() => (inherited = true)));
      resolve(server);
    });
  });
}

/** TCP_NODELAY and the reset-on-close arming on the listening socket; false if either failed. */
function setListenerOptions(server: net.Server): boolean {
  const handle = (server as unknown as { _handle?: { setNoDelay?(on: boolean): number } | null })._handle;
  if (typeof handle?.setNoDelay !== 'function' || handle.setNoDelay(true) !== 0) return false;
  return armListener(server);
}

export function boundAddr(server: net.Server): SocketAddr {
  const a = server.address() as net.AddressInfo;
  return { ip: a.address, port: a.port };
}
