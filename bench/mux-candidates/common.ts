// What every multiplexing tunnel pair of the issue-15 measurement shares: the command line, the
// TLS settings (the same as bench/node-floor/pipe.ts and podwire: TLS 1.3, podwire's suites,
// client certificate required and verified, no session resumption) and the byte pipe between an
// application socket and a stream. Each candidate (http2-pair.ts, yamux-pair.ts,
// podwire-mux-pair.ts) supplies only how a stream is opened and accepted on its one connection.
//
//   --role client --listen IP:PORT --connect IP:PORT --target HOST:PORT --servername NAME  cert flags
//       plain TCP in on --listen; every accepted connection becomes one stream, over ONE long-lived
//       mTLS connection to --connect, that asks for --target (how the target travels is the
//       candidate's business); the connection is made at startup and again if it dies.
//   --role server --listen IP:PORT --backend-host IP  cert flags
//       mTLS in on --listen; every stream becomes one plain TCP connection to --backend-host at
//       the port the stream asked for.
//   cert flags: --cert FILE --key FILE --ca FILE
//   --defaults (both roles, http2 only): keep the library's default flow-control settings
import { readFileSync } from 'node:fs';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { parseArgs } from 'node:util';

/** podwire's TLS 1.3 suites in podwire's order, as bench/node-floor/pipe.ts. */
export const CIPHERSUITES = 'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256';

export interface HostPort {
  host: string;
  port: number;
}

export interface PairArgs {
  role: 'client' | 'server';
  listen: HostPort;
  /** client: the tunnel server. */
  connect?: HostPort;
  /** client: what each stream asks the server to connect to. */
  target?: HostPort;
  servername?: string;
  /** server: where streams are connected to (at the port each stream names). */
  backendHost?: string;
  /** Keep the library's default flow-control settings (http2: 64 KiB windows). */
  defaults: boolean;
  creds: { cert: Buffer; key: Buffer; ca: Buffer; minVersion: 'TLSv1.3'; ciphers: string };
}

export function hostPort(flag: string, text: string | undefined): HostPort {
  const m = text === undefined ? null : /^(.+):(\d+)$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new Error(`--${flag}: expected HOST:PORT, got ${JSON.stringify(text)}`);
  return { host: m[1]!, port: Number(m[2]) };
}

export function parsePairArgs(argv: string[]): PairArgs {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string' }, listen: { type: 'string' }, connect: { type: 'string' }, target: { type: 'string' },
      servername: { type: 'string' }, 'backend-host': { type: 'string' },
      cert: { type: 'string' }, key: { type: 'string' }, ca: { type: 'string' }, defaults: { type: 'boolean' },
    },
    strict: true,
  });
  for (const f of ['cert', 'key', 'ca'] as const) if (!v[f]) throw new Error(`--${f} FILE is required`);
  const creds = { cert: readFileSync(v.cert!), key: readFileSync(v.key!), ca: readFileSync(v.ca!), minVersion: 'TLSv1.3' as const, ciphers: CIPHERSUITES };
  const listen = hostPort('listen', v.listen);
  const defaults = v.defaults ?? false;
  if (v.role === 'client') {
    if (!v.servername) throw new Error('--servername NAME is required for --role client');
    return { role: 'client', listen, connect: hostPort('connect', v.connect), target: hostPort('target', v.target), servername: v.servername, creds, defaults };
  }
  if (v.role === 'server') {
    if (!v['backend-host']) throw new Error('--backend-host IP is required for --role server');
    return { role: 'server', listen, backendHost: v['backend-host'], creds, defaults };
  }
  throw new Error(`--role: expected client or server, got ${JSON.stringify(v.role)}`);
}

/** The client's one mTLS connection to the tunnel server (Nagle off, half-close allowed). */
export function dialTunnel(a: PairArgs, alpn: string): tls.TLSSocket {
  // tls.connect does not apply noDelay to the socket it makes: give it one with Nagle off (as
  // bench/node-floor/pipe.ts does); the TLS socket takes allowHalfOpen from it too.
  const raw = net.connect({ host: a.connect!.host, port: a.connect!.port, noDelay: true, allowHalfOpen: true });
  return tls.connect({ ...a.creds, socket: raw, servername: a.servername!, ALPNProtocols: [alpn] });
}

/** The server's mTLS listener options: client certificate required and verified. */
export function tunnelServerOptions(a: PairArgs, alpn: string): tls.TlsOptions {
  return { ...a.creds, requestCert: true, rejectUnauthorized: true, allowHalfOpen: true, noDelay: true, ALPNProtocols: [alpn] };
}

/**
 * Copy each way with half-close (pipe() ends the other side's write half when one side ends); an
 * error on either side tears down both (a stream's destroy() is its candidate's reset).
 */
export function join(a: Duplex, b: Duplex): void {
  const destroyBoth = () => {
    a.destroy();
    b.destroy();
  };
  a.on('error', destroyBoth);
  b.on('error', destroyBoth);
  a.pipe(b);
  b.pipe(a);
}

/** Start the plain listener (client) or report the tunnel listener (server), and exit on SIGTERM. */
export function listening(name: string, server: net.Server, at: HostPort): void {
  server.on('error', (err) => {
    process.stderr.write(`${name}: ${err.message}\n`);
    process.exit(1);
  });
  server.listen({ ...at, backlog: 4096 }, () => process.stdout.write(`${name} listening on ${at.host}:${at.port}\n`));
  process.once('SIGTERM', () => process.exit(0));
}

/** Run a pair's main, turning a startup error into a message and exit status 2. */
export function runMain(name: string, main: () => void | Promise<void>): void {
  Promise.resolve()
    .then(main)
    .catch((err: unknown) => {
      process.stderr.write(`${name}: ${(err as Error).message}\n`);
      process.exit(2);
    });
}

/**
 * The client's one long-lived session: made at startup, made again on first use after it died.
 * `open` resolves once the session can carry streams.
 */
export function sessionHolder<S>(open: () => Promise<S>, alive: (s: S) => boolean): () => Promise<S> {
  let current: Promise<S> | undefined;
  const get = (): Promise<S> => {
    if (current === undefined) {
      current = open();
      current.catch(() => (current = undefined));
      return current;
    }
    return current.then((s) => {
      if (alive(s)) return s;
      current = undefined;
      return get();
    });
  };
  return get;
}
