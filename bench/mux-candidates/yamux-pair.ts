// Candidate "yamux": the npm package yamux-js 0.2.0 (a port of hashicorp/yamux) over one mTLS
// connection (ALPN "yamux"), with the fixes of yamux-compat.ts without which it cannot carry a
// TCP connection. Each application connection is one yamux stream (client-opened, odd ids); the
// target travels as the stream's first bytes: one length byte, then "HOST:PORT" in ASCII (the
// server uses only the port, connecting to --backend-host). FIN is the half-close, RST the reset.
// Settings: keepalive pings off (the other candidates send none), accept backlog raised from 256
// to 65535 (yamux-js resets every stream past 256 open ones), stream window 256 KiB (its default,
// as podwire-mux). See common.ts for the command line.
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { Client, Server, type Config } from 'yamux-js';
import { dialTunnel, join, listening, parsePairArgs, runMain, sessionHolder, tunnelServerOptions, type PairArgs } from './common.js';
import { FrameAligner, patchYamux } from './yamux-compat.js';

const ALPN = 'yamux';
const CONFIG: Config = { enableKeepAlive: false, acceptBacklog: 65535, maxStreamWindowSize: 256 * 1024, logger: () => {} };

/** Wire the session between the TLS socket's two directions; the session dies with the socket. */
function attach(socket: tls.TLSSocket, session: Client | Server): void {
  socket.pipe(new FrameAligner()).pipe(session).pipe(socket);
  session.on('error', () => socket.destroy());
  socket.on('error', () => session.close());
  socket.on('close', () => session.close());
}

function client(a: PairArgs): void {
  const getSession = sessionHolder(
    () => new Promise<Client>((resolve, reject) => {
      const socket = dialTunnel(a, ALPN);
      socket.once('secureConnect', () => {
        socket.off('error', reject);
        const session = new Client(CONFIG);
        attach(socket, session);
        resolve(session);
      });
      socket.once('error', reject);
    }),
    (s) => !s.isClosed(),
  );
  const target = Buffer.from(`${a.target!.host}:${a.target!.port}`, 'ascii');
  const preamble = Buffer.concat([Buffer.from([target.length]), target]);
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (plainIn) => {
    getSession().then(
      (session) => {
        const stream = session.open();
        stream.write(preamble);
        join(plainIn, stream);
      },
      () => plainIn.destroy(),
    );
  });
  void getSession().catch((err: Error) => process.stderr.write(`yamux client: first connection failed: ${err.message}\n`));
  listening('yamux client', server, a.listen);
}

/** Read the length-prefixed target off the stream, put back what follows it, and hand the port over. */
function readTarget(stream: Duplex, then: (port: number) => void): void {
  let buf = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    if (buf.length < 1 || buf.length < 1 + buf[0]!) return;
    stream.off('data', onData);
    stream.pause();
    const end = 1 + buf[0]!;
    const m = /:(\d+)$/.exec(buf.subarray(1, end).toString('ascii'));
    if (end < buf.length) stream.unshift(buf.subarray(end));
    if (!m) return void stream.destroy();
    then(Number(m[1]));
  };
  stream.on('data', onData);
}

function serverSide(a: PairArgs): void {
  const server = tls.createServer(tunnelServerOptions(a, ALPN), (socket) => {
    socket.setNoDelay(true);
    const session = new Server((stream) => {
      stream.on('error', () => {});
      readTarget(stream, (port) => {
        const out = net.connect({ host: a.backendHost!, port, noDelay: true, allowHalfOpen: true });
        join(stream, out);
      });
    }, CONFIG);
    attach(socket, session);
  });
  listening('yamux server', server, a.listen);
}

runMain('yamux pair', () => {
  patchYamux();
  const a = parsePairArgs(process.argv.slice(2));
  if (a.role === 'client') client(a);
  else serverSide(a);
});
