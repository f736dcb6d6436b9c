// pipeBidirectional with a tls.TLSSocket on one side (as on the inbound direct port: TLS from the
// peer, plain TCP to the app): data integrity, half-close carried through TLS close_notify in both
// directions, and failure propagation when the plain side resets.
import 'reflect-metadata';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import * as x509 from '@peculiar/x509';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pipeBidirectional, type PipeOutcome } from '../../proxy/transport/copy.js';

const MiB = 1024 * 1024;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

let cert: { certPem: string; keyPem: string };

/** A throwaway self-signed P-256 certificate for "localhost". */
async function selfSigned(): Promise<{ certPem: string; keyPem: string }> {
  x509.cryptoProvider.set(webcrypto);
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

beforeAll(async () => {
  cert = await selfSigned();
});

async function listenPlain(onConnection: (s: net.Socket) => void): Promise<number> {
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    s.on('error', () => {});
    onConnection(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => server.close());
  return (server.address() as net.AddressInfo).port;
}

/** TLS-terminating proxy to a plain backend; yields each piped connection. */
async function startTlsProxy(targetPort: number) {
  const piped: Array<{ client: tls.TLSSocket; server: net.Socket; outcome: Promise<PipeOutcome> }> = [];
  const waiters: Array<() => void> = [];
  const server = tls.createServer({ allowHalfOpen: true, key: cert.keyPem, cert: cert.certPem, minVersion: 'TLSv1.3' });
  server.on('secureConnection', (client) => {
    const upstream = net.connect({ port: targetPort, host: '127.0.0.1', allowHalfOpen: true });
    upstream.once('connect', () => {
      piped.push({ client, server: upstream, outcome: pipeBidirectional(client, upstream) });
      waiters.shift()?.();
    });
    cleanups.push(() => {
      client.destroy();
      upstream.destroy();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => server.close());
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    async next() {
      if (piped.length === 0) await new Promise<void>((r) => waiters.push(r));
      return piped.shift()!;
    },
  };
}

async function connectTls(port: number): Promise<tls.TLSSocket> {
  // allowHalfOpen is honoured by tls.connect but missing from @types/node's ConnectionOptions.
  const opts: tls.ConnectionOptions & { allowHalfOpen: boolean } = {
    port,
    host: '127.0.0.1',
    servername: 'localhost',
    ca: cert.certPem,
    allowHalfOpen: true,
  };
  const s = tls.connect(opts);
  s.on('error', () => {});
  cleanups.push(() => s.destroy());
  await once(s, 'secureConnect');
  return s;
}

function collect(socket: net.Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.once('end', () => resolve(Buffer.concat(chunks)));
    socket.once('error', reject);
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('pipeBidirectional with TLS on the client side', () => {
  it('moves 32 MiB each way intact', async () => {
    const echo = await listenPlain((s) => s.pipe(s));
    const proxy = await startTlsProxy(echo);
    const client = await connectTls(proxy.port);
    const p = await proxy.next();
    const data = randomBytes(32 * MiB);
    const echoed = collect(client);
    client.end(data);
    const got = await echoed;
    expect(got.length).toBe(data.length);
    expect(sha(got)).toBe(sha(data));
    expect(await p.outcome).toEqual({ ok: true });
  });

  it('carries the TLS client half-close to the plain server and the reply back', async () => {
    const backend = await listenPlain((s) => {
      let n = 0;
      s.on('data', (c: Buffer) => (n += c.length));
      s.on('end', () => setTimeout(() => s.end(`got ${n}`), 30));
    });
    const proxy = await startTlsProxy(backend);
    const client = await connectTls(proxy.port);
    const p = await proxy.next();
    const reply = collect(client);
    client.end('request body');
    expect((await reply).toString()).toBe('got 12');
    expect(await p.outcome).toEqual({ ok: true });
  });

  it('carries the plain server half-close to the TLS client, which keeps sending', async () => {
    let received: Promise<Buffer> | undefined;
    const backend = await listenPlain((s) => {
      received = collect(s);
      s.end('bye first');
    });
    const proxy = await startTlsProxy(backend);
    const client = await connectTls(proxy.port);
    const p = await proxy.next();
    expect((await collect(client)).toString()).toBe('bye first');
    client.write('more ');
    await sleep(20);
    client.end('data');
    expect((await received!).toString()).toBe('more data');
    expect(await p.outcome).toEqual({ ok: true });
  });

  it('a plain-side RST tears down the TLS side and names the server', async () => {
    const backend = await listenPlain((s) => s.once('data', () => s.resetAndDestroy()));
    const proxy = await startTlsProxy(backend);
    const client = await connectTls(proxy.port);
    const p = await proxy.next();
    const torn = endOrClose(client);
    client.write('x');
    expect(await p.outcome).toMatchObject({ ok: false, side: 'server' });
    // A TLSSocket can't be RST through public API, so the peer sees the transport end without a
    // close_notify (Node reports that as a plain 'end'; rustls as an unexpected-EOF error).
    expect(await torn).not.toBe('still open');
  });

  it('a TLS client that disappears without close_notify is seen as a half-close (Node limitation)', async () => {
    let backendSaw: Promise<string> | undefined;
    const backend = await listenPlain((s) => {
      backendSaw = new Promise((r) => {
        s.on('end', () => {
          r('eof');
          s.end('late reply');
        });
        s.on('error', (e: NodeJS.ErrnoException) => r(e.code ?? 'error'));
      });
      s.resume();
    });
    const proxy = await startTlsProxy(backend);
    const client = await connectTls(proxy.port);
    const p = await proxy.next();
    client.write('x');
    await sleep(20);
    client.destroy(); // TCP FIN without close_notify: the TLS stream is truncated
    expect(await backendSaw!).toBe('eof');
    const outcome = await p.outcome;
    console.log('TLS client vanished →', outcome.ok ? 'ok' : `${outcome.side}: ${outcome.error.message}`);
  });
});

/** 'end' or 'close' (whichever first), or 'still open' after 2 s. */
function endOrClose(socket: net.Socket): Promise<string> {
  socket.resume();
  return Promise.race([
    once(socket, 'end').then(() => 'end'),
    once(socket, 'close').then(() => 'close'),
    sleep(2_000, 'still open'),
  ]);
}
