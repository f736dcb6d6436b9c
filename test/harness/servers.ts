// Plain TCP application servers for tests: an echo server and a "reply after EOF" server, each
// recording what it saw, bound to loopback on an ephemeral port.
import net from 'node:net';

export interface TestServer {
  readonly port: number;
  readonly host: string;
  /** Bytes received per accepted connection, in order. */
  readonly received: Buffer[][];
  connections(): number;
  close(): Promise<void>;
}

function start(host: string, onConn: (s: net.Socket, chunks: Buffer[]) => void, port = 0): Promise<TestServer> {
  const received: Buffer[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    const chunks: Buffer[] = [];
    received.push(chunks);
    onConn(s, chunks);
  });
  return new Promise((resolve) => {
    server.listen({ host, port }, () => {
      const bound = (server.address() as net.AddressInfo).port;
      resolve({
        port: bound, host, received,
        connections: () => received.length,
        close: () => new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        }),
      });
    });
  });
}

/** Echoes every byte back; ends its side when the client ends. */
export function startEchoServer(host = '127.0.0.1', port = 0): Promise<TestServer> {
  return start(host, (s, chunks) => {
    s.on('data', (d: Buffer) => {
      if (chunks.length < 64) chunks.push(d);
    });
    s.pipe(s);
  }, port);
}

/** Collects everything until EOF, then replies with "got <n> bytes" and closes. */
export function startReplyAfterEofServer(host = '127.0.0.1'): Promise<TestServer> {
  return start(host, (s, chunks) => {
    let n = 0;
    s.on('data', (d: Buffer) => {
      n += d.length;
      chunks.push(d);
    });
    s.on('end', () => s.end(`got ${n} bytes`));
  });
}

/** Connect, send `data`, half-close, and collect the reply until the server closes. */
export function roundTrip(port: number, data: Buffer | string, host = '127.0.0.1', timeoutMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port, allowHalfOpen: true });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`no complete reply from ${host}:${port} within ${timeoutMs}ms`));
    }, timeoutMs);
    s.on('data', (d: Buffer) => chunks.push(d));
    s.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    s.on('end', () => {
      clearTimeout(timer);
      s.end();
      resolve(Buffer.concat(chunks));
    });
    s.on('connect', () => s.end(data));
  });
}
