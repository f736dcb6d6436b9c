// Loopback socket fixtures for unit tests: plain TCP and TLS listeners, clients and connected
// pairs on 127.0.0.1 (all half-open capable), a throwaway self-signed "localhost" certificate, and
// the per-test teardown list they register with (a test file runs it with `afterEach(runCleanups)`).
import { webcrypto } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import type { Readable } from 'node:stream';
import tls from 'node:tls';
import { x509 } from '../../proxy/pki/x509.js';

export const LOOPBACK = '127.0.0.1';

const cleanups: Array<() => void> = [];

/** Run `fn` when the current test ends (see runCleanups). */
export function onCleanup(fn: () => void): void {
  cleanups.push(fn);
}

/** Run and forget everything registered with onCleanup, oldest first. Use as `afterEach(runCleanups)`. */
export function runCleanups(): void {
  for (const c of cleanups.splice(0)) c();
}

/** Everything the socket delivers from now until EOF. */
/** Everything a socket (or any stream, e.g. a mux stream) delivers until EOF; rejects with its error. */
export function collect(socket: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.once('end', () => resolve(Buffer.concat(chunks)));
    socket.once('error', reject);
  });
}

export interface TestCert {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A throwaway self-signed P-256 certificate for "localhost". */
export async function selfSignedLocalhost(): Promise<TestCert> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const c = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=localhost',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3_600_000),
    keys,
    signingAlgorithm: alg,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }])],
  });
  const der = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: c.toString('pem'), keyPem: x509.PemConverter.encode(der, 'PRIVATE KEY') };
}

/** Listen on an ephemeral loopback port, close the server after the test, and return the port. */
async function serve(server: net.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, LOOPBACK, r));
  onCleanup(() => server.close());
  return (server.address() as net.AddressInfo).port;
}

/**
 * A plain TCP server; `onConnection` gets each accepted socket. Errors on accepted sockets are
 * swallowed: tests observe failures through what they are testing, not through the fixture.
 */
export function listen(onConnection: (s: net.Socket) => void): Promise<number> {
  return serve(
    net.createServer({ allowHalfOpen: true }, (s) => {
      s.on('error', () => {});
      onConnection(s);
    }),
  );
}

/** Like listen(), but terminating TLS with `cert`; `onConnection` gets each socket once secure. */
export function listenTls(cert: TestCert, options: tls.TlsOptions, onConnection: (s: tls.TLSSocket) => void): Promise<number> {
  const server = tls.createServer({ ...options, allowHalfOpen: true, key: cert.keyPem, cert: cert.certPem });
  server.on('secureConnection', (s: tls.TLSSocket) => {
    s.on('error', () => {});
    onConnection(s);
  });
  return serve(server);
}

/** A plain TCP client, connected; destroyed after the test. Its errors are the caller's to handle. */
export async function connect(port: number, options: { noDelay?: boolean } = {}): Promise<net.Socket> {
  const s = net.connect({ ...options, port, host: LOOPBACK, allowHalfOpen: true });
  onCleanup(() => s.destroy());
  await once(s, 'connect');
  return s;
}

/** A TLS client trusting only `cert`, handshake done; errors swallowed, destroyed after the test. */
export async function connectTls(port: number, cert: TestCert, options: tls.ConnectionOptions = {}): Promise<tls.TLSSocket> {
  // allowHalfOpen is honoured by tls.connect but missing from @types/node's ConnectionOptions.
  const opts: tls.ConnectionOptions & { allowHalfOpen: boolean } = {
    ...options,
    port,
    host: LOOPBACK,
    servername: 'localhost',
    ca: cert.certPem,
    allowHalfOpen: true,
  };
  const s = tls.connect(opts);
  s.on('error', () => {});
  onCleanup(() => s.destroy());
  await once(s, 'secureConnect');
  return s;
}

/** Resolves with the next value passed to `accept`. */
function nextAccepted<S>(): { accept: (s: S) => void; accepted: Promise<S> } {
  let accept!: (s: S) => void;
  const accepted = new Promise<S>((r) => (accept = r));
  return { accept, accepted };
}

/**
 * A connected loopback TCP pair with Nagle off on the client: `client` is ours to write; `server`
 * is the accepted side to read. Errors on both are swallowed; both are destroyed after the test.
 */
export async function tcpPair(): Promise<{ client: net.Socket; server: net.Socket }> {
  const { accept, accepted } = nextAccepted<net.Socket>();
  const port = await listen(accept);
  const client = await connect(port, { noDelay: true });
  client.on('error', () => {});
  const server = await accepted;
  onCleanup(() => server.destroy());
  return { client, server };
}

/**
 * A TLS pair with `cert` on the server side and `options` (e.g. ALPNProtocols) on both: `server` is
 * the accepted TLSSocket. Errors on both are swallowed; both are destroyed after the test.
 */
export async function tlsPair(
  cert: TestCert,
  options: { ALPNProtocols?: string[] } = {},
): Promise<{ client: tls.TLSSocket; server: tls.TLSSocket }> {
  const { accept, accepted } = nextAccepted<tls.TLSSocket>();
  const port = await listenTls(cert, options, accept);
  const client = await connectTls(port, cert, options);
  const server = await accepted;
  onCleanup(() => server.destroy());
  return { client, server };
}
