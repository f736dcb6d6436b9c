// Candidate "podwire-mux": podwire's own framing, podwire.mux/1 (proxy/mux/, branch i15-core), over
// one mTLS connection that negotiated MUX_ALPN. Each application connection is one MuxStream
// opened with a transport header {port} (the OPEN frame carries it; the server connects to
// --backend-host at that port). FIN is the half-close, RESET the reset; flow control is the
// session's defaults (256 KiB stream window, 64 KiB frames) except maxStreams, raised from 100
// to 65535 so the idle workload's 1,000 streams fit on the one connection.
// The client opens streams only after the server's SETTINGS arrived ('ready'): before that the
// session allows one. See common.ts for the command line.
import net from 'node:net';
import tls from 'node:tls';
import { MUX_ALPN, MuxSession } from '../../proxy/mux/index.js';
import { dialTunnel, join, listening, parsePairArgs, runMain, sessionHolder, tunnelServerOptions, type PairArgs } from './common.js';

const MAX_STREAMS = 65535;

function client(a: PairArgs): void {
  const getSession = sessionHolder(
    () => new Promise<MuxSession>((resolve, reject) => {
      const socket = dialTunnel(a, MUX_ALPN);
      socket.once('secureConnect', () => {
        socket.off('error', reject);
        const session = new MuxSession(socket, { role: 'client' });
        session.once('ready', () => resolve(session));
        session.once('close', (err) => reject(err ?? new Error('mux session closed before SETTINGS')));
      });
      socket.once('error', reject);
    }),
    (s) => s.state === 'open',
  );
  const port = a.target!.port;
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (plainIn) => {
    getSession().then(
      (session) => {
        if (!session.canOpen()) return void plainIn.destroy();
        join(plainIn, session.open({ port }));
      },
      () => plainIn.destroy(),
    );
  });
  void getSession().catch((err: Error) => process.stderr.write(`podwire-mux client: first connection failed: ${err.message}\n`));
  listening('podwire-mux client', server, a.listen);
}

function serverSide(a: PairArgs): void {
  const server = tls.createServer(tunnelServerOptions(a, MUX_ALPN), (socket) => {
    socket.setNoDelay(true);
    const session = new MuxSession(socket, { role: 'server', maxStreams: MAX_STREAMS });
    session.on('stream', (stream, header) => {
      const out = net.connect({ host: a.backendHost!, port: header.port, noDelay: true, allowHalfOpen: true });
      join(stream, out);
    });
  });
  listening('podwire-mux server', server, a.listen);
}

runMain('podwire-mux pair', () => {
  const a = parsePairArgs(process.argv.slice(2));
  if (a.role === 'client') client(a);
  else serverSide(a);
});
