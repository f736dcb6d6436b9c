// The application every scenario ends at, run as its own process (`podwire bench backend`) so the
// load generator and the server don't share an event loop. One port, two protocols, told apart by
// the first bytes: "ECHO" starts a raw echo connection (the TCP request/response workload); anything
// else is HTTP/1.1: `GET /` answers `payload` bytes, `GET /bulk` streams bytes until the client
// closes (the throughput workload). So `podwire bench --target` works through any L4 path to it.
import http from 'node:http';
import net from 'node:net';

export const ECHO_PREAMBLE = Buffer.from('ECHO');
const BULK_CHUNK = Buffer.alloc(64 * 1024, 0x62);

export interface Backend {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export function startBackend(host: string, port: number, payload: number): Promise<Backend> {
  const body = Buffer.alloc(payload, 0x61);
  const httpServer = http.createServer({ keepAliveTimeout: 3_600_000 }, (req, res) => {
    req.resume();
    if (req.url === '/bulk') return streamBulk(res);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  httpServer.headersTimeout = 0;
  httpServer.requestTimeout = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ noDelay: true }, (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    s.once('data', (first: Buffer) => route(s, first, httpServer));
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`bench backend on ${host}:${port}: ${err.message}`)));
    server.listen({ host, port, backlog: 4096 }, () => {
      const bound = (server.address() as net.AddressInfo).port;
      resolve({
        host, port: bound,
        close: () => new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        }),
      });
    });
  });
}

/** First bytes decide: the echo preamble, or hand the connection (bytes put back) to the HTTP server. */
function route(s: net.Socket, first: Buffer, httpServer: http.Server): void {
  if (first.length >= ECHO_PREAMBLE.length && first.subarray(0, ECHO_PREAMBLE.length).equals(ECHO_PREAMBLE)) {
    const rest = first.subarray(ECHO_PREAMBLE.length);
    if (rest.length > 0) s.write(rest);
    s.pipe(s);
    return;
  }
  s.pause();
  s.unshift(first);
  httpServer.emit('connection', s);
  s.resume();
}

/** Write 64 KiB chunks, respecting backpressure, until the client goes away. */
function streamBulk(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  let open = true;
  res.on('close', () => (open = false));
  const pump = () => {
    while (open && res.write(BULK_CHUNK));
    if (open) res.once('drain', pump);
  };
  pump();
}
