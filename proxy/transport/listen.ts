// TCP listeners for traffic: half-open allowed (FIN is carried through), sockets paused on accept
// so no byte is read before the pipeline has somewhere safe to put it, and armed to reset on close
// (linger.ts) so that if this proxy dies the peer sees a reset, never a clean end. Accepted
// sockets get TCP keepalive when the listener's side has it configured (config/keepalive.ts).
import net from 'node:net';
import type { SocketAddr } from './addr.js';
import { armResetOnClose } from './linger.js';

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
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true }, (socket) => {
      armResetOnClose(socket);
      if (keepaliveMs !== undefined) socket.setKeepAlive(true, keepaliveMs);
      onConnection(socket);
    });
    server.once('error', reject);
    server.listen({ host: addr.ip, port: addr.port, ipv6Only: false }, () => {
      server.off('error', reject);
      server.on('error', onError);
      resolve(server);
    });
  });
}

export function boundAddr(server: net.Server): SocketAddr {
  const a = server.address() as net.AddressInfo;
  return { ip: a.address, port: a.port };
}
