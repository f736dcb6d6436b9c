// A minimal in-test proxy around pipeBidirectional for its unit tests: accept on loopback (plain
// TCP, or TLS 1.3 like the inbound direct port), dial the backend over plain TCP, pipe the two.
// Each piped connection is handed to the test, which asserts on its sockets and outcome.
import net from 'node:net';
import { pipeBidirectional, type PipeOutcome } from '../../proxy/transport/copy.js';
import { LOOPBACK, connect, connectTls, listen, listenTls, onCleanup, type TestCert } from './sockets.js';

/** One proxied connection as the proxy sees it: `client` was accepted, `server` was dialled. */
export interface Piped {
  readonly client: net.Socket;
  readonly server: net.Socket;
  readonly outcome: Promise<PipeOutcome>;
}

export interface PipeProxy {
  readonly port: number;
  /** The next connection, once it has been accepted, dialled through and handed to the pipe. */
  next(): Promise<Piped>;
}

export interface PipeProxyOptions {
  /** Terminate TLS with this certificate on the accepting side; plain TCP when absent. */
  readonly tls?: TestCert;
}

/** Accept, dial `targetPort`, pipe. Sockets are destroyed after the test. */
export async function startPipeProxy(targetPort: number, opts: PipeProxyOptions = {}): Promise<PipeProxy> {
  const waiting: Array<(p: Piped) => void> = [];
  const ready: Piped[] = [];
  const onClient = (client: net.Socket): void => {
    const server = net.connect({ port: targetPort, host: LOOPBACK, allowHalfOpen: true });
    server.once('connect', () => {
      const p: Piped = { client, server, outcome: pipeBidirectional(client, server) };
      const w = waiting.shift();
      if (w) w(p);
      else ready.push(p);
    });
    onCleanup(() => {
      client.destroy();
      server.destroy();
    });
  };
  const port = opts.tls ? await listenTls(opts.tls, { minVersion: 'TLSv1.3' }, onClient) : await listen(onClient);
  return {
    port,
    next(): Promise<Piped> {
      const p = ready.shift();
      return p ? Promise.resolve(p) : new Promise((r) => waiting.push(r));
    },
  };
}

/**
 * A backend served by `onBackendConnection`, the proxy in front of it, and one test client
 * connected through the proxy (over TLS when `opts.tls` is set), with the proxy's view of it.
 */
export async function pipedConnection(
  onBackendConnection: (s: net.Socket) => void,
  opts: PipeProxyOptions = {},
): Promise<{ client: net.Socket; piped: Piped }> {
  const proxy = await startPipeProxy(await listen(onBackendConnection), opts);
  const client = opts.tls ? await connectTls(proxy.port, opts.tls) : await connect(proxy.port);
  return { client, piped: await proxy.next() };
}
