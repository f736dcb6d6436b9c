// The node-floor pipe: one side of the smallest Node mTLS tunnel, the bench's "platform's limit"
// reference. Deliberately no podwire code: node:net, node:tls and stream.pipe() only, so its figures
// are what Node itself allows for the path podwire builds (podwire can only add to them).
//   --role client: plain TCP in on --listen → TLS 1.3 with a client certificate to --connect,
//                  verifying the server's chain and name (--servername)
//   --role server: TLS 1.3 in on --listen, client certificate required and verified against --ca →
//                  plain TCP to --connect
// Both directions are half-close aware (allowHalfOpen everywhere; pipe() ends the other side's
// write half when one side ends), Nagle is off on every socket, and there is no session resumption
// (the client never offers a session), as between podwire and linkerd2-proxy peers.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { parseArgs } from 'node:util';

/** podwire's TLS 1.3 suites in podwire's order (AES-128-GCM first), repeated here to stay podwire-free. */
const CIPHERSUITES = 'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256';

function hostPort(flag: string, text: string | undefined): { host: string; port: number } {
  const m = text === undefined ? null : /^(.+):(\d+)$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new Error(`--${flag}: expected IP:PORT, got ${JSON.stringify(text)}`);
  return { host: m[1]!, port: Number(m[2]) };
}

/**
 * Copy each way; one side's end becomes the other side's end (pipe()), so each socket closes once
 * both its halves are done. An error (a reset, a failed handshake) on either tears down both.
 */
function join(a: net.Socket, b: net.Socket): void {
  const destroyBoth = () => {
    a.destroy();
    b.destroy();
  };
  a.on('error', destroyBoth);
  b.on('error', destroyBoth);
  a.pipe(b);
  b.pipe(a);
}

function main(): void {
  const { values: v } = parseArgs({
    options: {
      role: { type: 'string' }, listen: { type: 'string' }, connect: { type: 'string' },
      cert: { type: 'string' }, key: { type: 'string' }, ca: { type: 'string' }, servername: { type: 'string' },
    },
    strict: true,
  });
  const listen = hostPort('listen', v.listen);
  const upstream = hostPort('connect', v.connect);
  for (const f of ['cert', 'key', 'ca'] as const) if (!v[f]) throw new Error(`--${f} FILE is required`);
  const creds = { cert: readFileSync(v.cert!), key: readFileSync(v.key!), ca: readFileSync(v.ca!), minVersion: 'TLSv1.3' as const, ciphers: CIPHERSUITES };
  let server: net.Server;
  if (v.role === 'server') {
    server = tls.createServer({ ...creds, requestCert: true, rejectUnauthorized: true, allowHalfOpen: true }, (tlsIn) => {
      tlsIn.setNoDelay(true);
      const out = net.connect({ ...upstream, noDelay: true, allowHalfOpen: true });
      join(tlsIn, out);
    });
  } else if (v.role === 'client') {
    if (!v.servername) throw new Error('--servername NAME is required for --role client');
    // One context for every connection, as a server has: given cert/key/ca, tls.connect would
    // parse them again for each connection.
    const secureContext = tls.createSecureContext(creds);
    server = net.createServer({ allowHalfOpen: true, noDelay: true }, (plainIn) => {
      // tls.connect's own noDelay option is not applied to the socket it creates: give it a
      // socket that already has Nagle off (the TLS socket takes allowHalfOpen from it too).
      const raw = net.connect({ ...upstream, noDelay: true, allowHalfOpen: true });
      const out = tls.connect({ secureContext, socket: raw, servername: v.servername });
      join(plainIn, out);
    });
  } else {
    throw new Error(`--role: expected client or server, got ${JSON.stringify(v.role)}`);
  }
  server.on('error', (err) => {
    process.stderr.write(`node-floor ${v.role}: ${err.message}\n`);
    process.exit(1);
  });
  server.listen({ ...listen, backlog: 4096 }, () => process.stdout.write(`node-floor ${v.role} listening on ${listen.host}:${listen.port}\n`));
  process.once('SIGTERM', () => process.exit(0));
}

try {
  main();
} catch (err) {
  process.stderr.write(`node-floor: ${(err as Error).message}\n`);
  process.exit(2);
}
