// Candidate "http2": HBONE's shape with node:http2. One HTTP/2 connection over one mTLS connection
// (ALPN h2); each application connection is one CONNECT request (RFC 9113 §8.5, what HBONE uses:
// `:method CONNECT`, `:authority` = target HOST:PORT, no :path/:scheme/:protocol), whose
// request body is client→server bytes and whose response body (after `:status 200`) is
// server→client bytes. END_STREAM is the half-close; RST_STREAM(CANCEL) the reset.
// The server answers 200 once its TCP connection to the target is up (as ztunnel does), 502 if
// it fails. The client sends right away, without waiting for the 200.
// Flow control: node:http2 defaults to HTTP/2's 64 KiB stream and connection windows, which cap a
// stream at one window per round trip; both sides here advertise a 256 KiB stream window (the
// podwire-mux default) and a 16 MiB connection window (setLocalWindowSize), as HBONE
// implementations do; --defaults keeps node:http2's own (the `http2-defaults` candidate, to show
// what that costs). See common.ts for the command line.
import http2 from 'node:http2';
import net from 'node:net';
import { dialTunnel, join, listening, parsePairArgs, runMain, sessionHolder, tunnelServerOptions, type PairArgs } from './common.js';

const STREAM_WINDOW = 256 * 1024;
const CONNECTION_WINDOW = 16 * 1024 * 1024;
/** node:http2 refuses new streams (ENHANCE_YOUR_CALM) past this much buffered per session; default 10 MB. */
const MAX_SESSION_MEMORY_MB = 256;
const settings = (a: PairArgs): http2.Settings => (a.defaults ? { enablePush: false } : { initialWindowSize: STREAM_WINDOW, enablePush: false });
const { HTTP2_HEADER_METHOD, HTTP2_HEADER_AUTHORITY, HTTP2_HEADER_STATUS } = http2.constants;

function widenConnectionWindow(a: PairArgs, session: http2.Http2Session): void {
  if (a.defaults) return;
  try {
    session.setLocalWindowSize(CONNECTION_WINDOW);
  } catch {
    // not connected yet or already gone: the default window still works, only slower
  }
}

function client(a: PairArgs): void {
  const getSession = sessionHolder(
    () => new Promise<http2.ClientHttp2Session>((resolve, reject) => {
      const session = http2.connect(`https://${a.connect!.host}:${a.connect!.port}`, {
        createConnection: () => dialTunnel(a, 'h2'),
        settings: settings(a),
        maxSessionMemory: MAX_SESSION_MEMORY_MB,
      });
      session.once('connect', () => {
        widenConnectionWindow(a, session);
        session.off('error', reject);
        session.on('error', () => {});
        resolve(session);
      });
      session.once('error', reject);
    }),
    (s) => !s.closed && !s.destroyed,
  );
  const authority = `${a.target!.host}:${a.target!.port}`;
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (plainIn) => {
    getSession().then(
      (session) => {
        const req = session.request({ [HTTP2_HEADER_METHOD]: 'CONNECT', [HTTP2_HEADER_AUTHORITY]: authority }, { endStream: false });
        req.once('response', (headers) => {
          if (Number(headers[HTTP2_HEADER_STATUS]) !== 200) req.destroy(new Error(`CONNECT answered ${headers[HTTP2_HEADER_STATUS]}`));
        });
        join(plainIn, req);
      },
      () => plainIn.destroy(),
    );
  });
  void getSession().catch((err: Error) => process.stderr.write(`http2 client: first connection failed: ${err.message}\n`));
  listening('http2 client', server, a.listen);
}

function serverSide(a: PairArgs): void {
  const server = http2.createSecureServer({
    ...tunnelServerOptions(a, 'h2'), settings: settings(a), maxSessionMemory: MAX_SESSION_MEMORY_MB,
  });
  server.on('session', (session) => {
    session.on('error', () => {});
    if (session.connecting) session.once('connect', () => widenConnectionWindow(a, session));
    else widenConnectionWindow(a, session);
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    const m = /:(\d+)$/.exec(String(headers[HTTP2_HEADER_AUTHORITY] ?? ''));
    if (headers[HTTP2_HEADER_METHOD] !== 'CONNECT' || !m) {
      stream.respond({ [HTTP2_HEADER_STATUS]: 400 }, { endStream: true });
      return;
    }
    const out = net.connect({ host: a.backendHost!, port: Number(m[1]), noDelay: true, allowHalfOpen: true });
    out.once('connect', () => {
      out.off('error', failed);
      if (stream.destroyed) return out.destroy();
      stream.respond({ [HTTP2_HEADER_STATUS]: 200 });
      join(stream, out);
    });
    const failed = () => {
      if (!stream.destroyed && !stream.headersSent) stream.respond({ [HTTP2_HEADER_STATUS]: 502 }, { endStream: true });
    };
    out.once('error', failed);
  });
  listening('http2 server', server, a.listen);
}

runMain('http2 pair', () => {
  const a = parsePairArgs(process.argv.slice(2));
  if (a.role === 'client') client(a);
  else serverSide(a);
});
