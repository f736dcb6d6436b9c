// readTransportHeader on a tls.TLSSocket, the way the inbound direct port uses it: the header is
// read from decrypted TLS records and the application bytes behind it are left for the pipe.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProxyError } from '../../proxy/errors.js';
import { TRANSPORT_ALPN, encodeHeader } from '../../proxy/transport/header.js';
import { readTransportHeader } from '../../proxy/transport/header-read.js';
import { collect, runCleanups, selfSignedLocalhost, tlsPair, type TestCert } from '../harness/sockets.js';

afterEach(runCleanups);

let cert: TestCert;
beforeAll(async () => {
  cert = await selfSignedLocalhost();
});

/** A TLS pair negotiated with the transport ALPN; `server` is the accepted TLSSocket. */
async function transportPair() {
  const pair = await tlsPair(cert, { ALPNProtocols: [TRANSPORT_ALPN] });
  expect(pair.server.alpnProtocol).toBe(TRANSPORT_ALPN);
  return pair;
}

describe('readTransportHeader over TLS', () => {
  it('reads a header split over several TLS records and keeps the bytes after it', async () => {
    const { client, server } = await transportPair();
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
    const { client, server } = await transportPair();
    client.end(Buffer.concat([encodeHeader({ port: 443 }), Buffer.from('first bytes')]));
    expect(await readTransportHeader(server, { timeoutMs: 5_000 })).toEqual({ port: 443 });
    expect((await collect(server)).toString()).toBe('first bytes');
  });

  it('rejects non-header bytes at once', async () => {
    const { client, server } = await transportPair();
    const reading = readTransportHeader(server, { timeoutMs: 5_000 });
    client.write('GET / HTTP/1.1\r\n');
    const err = await reading.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProxyError);
    expect((err as ProxyError).reason).toBe('header_missing');
  });
});
