// The last stage of every inbound pipeline (direct port and application ports alike): dial the
// local application and copy bytes, for an authorized connection only. While the copy runs the
// connection is registered in `live`, so a policy change can cut it (reason policy_changed).
import net from 'node:net';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { ConnectionRecord } from '../connection.js';
import { ProxyError, classify } from '../errors.js';
import { formatAddr, type SocketAddr } from '../transport/addr.js';
import { pipeBidirectional, abort, resetSocket, type PipeSocket } from '../transport/copy.js';
import type { Authorized } from '../policy/authorize.js';
import { terminated } from '../policy/enforce.js';
import type { LiveConnections } from '../policy/live.js';
import { armResetOnClose } from '../transport/linger.js';
import { tcpConnectOptions } from '../tcp-connect-options.js';
import { INBOUND_CLIENT_LABELS } from '../transport-labels.js';
import { MuxStream } from '../mux/index.js';
import { FramedReads } from '../mux/framed-reads.js';

export interface ForwardDeps {
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly connectTimeoutMs: number;
  /** TCP keepalive idle time towards the application (LINKERD2_PROXY_INBOUND_CONNECT_KEEPALIVE); undefined: off. */
  readonly connectKeepaliveMs?: number;
  readonly live: LiveConnections;
}

/**
 * Dial `target` and copy bytes between it and `client` (the accepted socket, or the TLS socket
 * terminated on it). Only an `Authorized` gets here; a cut records policy_changed, not the copy's
 * error. Resolves once both sides are closed and the record is written.
 */
export async function forwardAuthorized(
  deps: ForwardDeps,
  record: ConnectionRecord,
  client: PipeSocket,
  target: SocketAddr,
  auth: Authorized,
): Promise<void> {
  const app = await connectLocal(target, deps.connectTimeoutMs, deps.connectKeepaliveMs, client instanceof MuxStream).catch((err: unknown) => {
    // A mux stream is reset by its caller, with a code that says why (inbound/mux.ts).
    if (!(client instanceof MuxStream)) client.destroy();
    throw err;
  });
  if (client.destroyed) {
    app.destroy();
    throw new ProxyError('io', 'client closed the connection while the application was being dialled');
  }
  record.endpoint = formatAddr(target);
  record.openDst(app, INBOUND_CLIENT_LABELS);
  let cut: ProxyError | undefined;
  const untrack = deps.live.add({
    client: auth.client,
    port: target.port,
    terminate: (decision) => {
      cut = terminated(deps, target, decision);
      abort(client);
      // Not app.resetAndDestroy(): that fails (EINVAL, and no 'close' ever) while our FIN to the
      // application is in flight, which would leave the pipe unsettled.
      resetSocket(app);
    },
  });
  try {
    const outcome = await pipeBidirectional(client, app);
    record.close(cut ?? (outcome.ok ? undefined : classify(outcome.error)));
  } finally {
    untrack();
  }
}

/**
 * Dial the application. `forMux`: its reads feed a mux stream, so they are laid out for DATA frames
 * (framed-reads.ts: the frames go out without a copy).
 */
function connectLocal(target: SocketAddr, timeoutMs: number, keepaliveMs: number | undefined, forMux: boolean): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const framed = forMux ? new FramedReads() : undefined;
    const socket = net.connect(tcpConnectOptions(target.ip, target.port, framed?.onread));
    framed?.bind(socket);
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      socket.destroy();
      reject(new ProxyError('connect_timeout', `connect to ${formatAddr(target)} timed out after ${timeoutMs}ms`));
    }, timeoutMs);
    // on(), not once(), and the listeners stay (idle once settled): once() wraps each listener in
    // an object and a bound function, and removing a listener deletes a key from the socket's
    // listener table, which turns that table into a dictionary (a fresh shape per connection).
    // The copy (copy.ts) adds its own 'error' listener before any later error can arrive.
    socket.on('error', (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(classify(err, 'connect_failed'));
    });
    socket.on('connect', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      armResetOnClose(socket);
      if (keepaliveMs !== undefined) socket.setKeepAlive(true, keepaliveMs);
      resolve(socket);
    });
  });
}
