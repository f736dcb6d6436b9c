// readTransportHeader on a tls.TLSSocket, the way the inbound direct port uses it: the header is
// read from decrypted TLS records and the application bytes behind it are left for the pipe.
import 'reflect-metadata';
import { once } from 'node:events';
import { webcrypto } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import * as x509 from '@peculiar/x509';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProxyError } from '../../proxy/errors.js';
import { TRANSPORT_ALPN, encodeHeader } from '../../proxy/transport/header.js';
import { readTransportHeader } from '../../proxy/transport/header-read.js';

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

/** A TLS pair negotiated with the transport ALPN; `server` is the accepted TLSSocket. */
async function tlsPair(): Promise<{ client: tls.TLSSocket; server: tls.TLSSocket }> {
  const listener = tls.createServer({
    allowHalfOpen: true,
    key: cert.keyPem,
    cert: cert.certPem,
    ALPNProtocols: [TRANSPORT_ALPN],
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  const accepted = once(listener, 'secureConnection') as Promise<[tls.TLSSocket]>;
  const { port } = listener.address() as net.AddressInfo;
  // allowHalfOpen is honoured by tls.connect but missing from @types/node's ConnectionOptions.
  const opts: tls.ConnectionOptions & { allowHalfOpen: boolean } = {
    port,
    host: '127.0.0.1',
    servername: 'localhost',
    ca: cert.certPem,
    ALPNProtocols: [TRANSPORT_ALPN],
    allowHalfOpen: true,
  };
  const client = tls.connect(opts);
  await once(client, 'secureConnect');
  const [server] = await accepted;
  client.on('error', () => {});
  server.on('error', () => {});
  cleanups.push(() => {
    client.destroy();
    server.destroy();
    listener.close();
  });
  expect(server.alpnProtocol).toBe(TRANSPORT_ALPN);
  return { client, server };
}

function collect(socket: net.Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.once('end', () => resolve(Buffer.concat(chunks)));
    socket.once('error', reject);
  });
}

describe('readTransportHeader over TLS', () => {
  it('reads a header split over several TLS records and keeps the bytes after it', async () => {
    const { client, server } = await tlsPair();
    const wire = encodeHeader({ port: 8080, name: 'web.ns.svc.cluster.local' });
    const reading = readTransportHeader(server, { timeoutMs: 5_000 });
    for (let i = 0; i < wire.length; i += 7) {
      client.write(wire.subarray(i, i + 7)); // each write is its own TLS record
      await sleep(2);
    }
    client.write('app bytes');
    expect(await reading).toEqual({ port: 8080, name: 'web.ns.svc.cluster.local' });
    const rest = collect(server);
    client.end(', then more');
    expect((await rest).toString()).toBe('app bytes, then more');
  });

  it('keeps application bytes that share a TLS record with the header', async () => {
    const { client, server } = await tlsPair();
    client.end(Buffer.concat([encodeHeader({ port: 443 }), Buffer.from('first bytes')]));
    expect(await readTransportHeader(server, { timeoutMs: 5_000 })).toEqual({ port: 443 });
    expect((await collect(server)).toString()).toBe('first bytes');
  });

  it('rejects non-header bytes at once', async () => {
    const { client, server } = await tlsPair();
    const reading = readTransportHeader(server, { timeoutMs: 5_000 });
    client.write('GET / HTTP/1.1\r\n');
    const err = await reading.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProxyError);
    expect((err as ProxyError).reason).toBe('header_missing');
  });
});
