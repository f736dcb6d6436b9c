// detectTls over real loopback sockets: after 'tls' the same socket completes a real mTLS handshake
// (the put-back bytes replay the ClientHello exactly) or passes through untouched to another TLS
// server; after 'plaintext' every byte reaches the consumer intact; silent, slow and closing
// clients resolve 'timeout'/'closed' at the bound; every path removes its listeners and timer.
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCredentials, type Credentials } from '../../proxy/identity/credentials.js';
import { peerIdentities } from '../../proxy/identity/verify.js';
import { detectTls, type DetectTlsResult } from '../../proxy/inbound/detect.js';
import { IDS, makeTestPki, type TestPki } from '../harness/pki.js';
import { LOOPBACK, collect, listen, listenTls, onCleanup, runCleanups, selfSignedLocalhost, tcpPair } from '../harness/sockets.js';
import { captureClientHello } from '../harness/client-hello.js';

afterEach(runCleanups);

let pki: TestPki;
let server: Credentials;
beforeAll(async () => {
  pki = await makeTestPki(fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-detect-')));
  const s = pki.leaves.server;
  server = buildCredentials({ chainPem: s.chainPem, keyPem: s.keyPem, anchorsPem: pki.ca.anchorsPem, localId: IDS.server });
});

const LISTENED = ['readable', 'end', 'close', 'error', 'data'] as const;
const listenerCounts = (s: net.Socket): number[] => LISTENED.map((e) => s.listenerCount(e));

/** Run detectTls on `s` and check it removed every listener it added, whatever the outcome. */
async function detect(s: net.Socket, timeoutMs = 5000, maxBytes?: number): Promise<DetectTlsResult> {
  const before = listenerCounts(s);
  const r = await detectTls(s, maxBytes === undefined ? { timeoutMs } : { timeoutMs, maxBytes });
  expect(listenerCounts(s)).toEqual(before);
  return r;
}

/** A mesh client with the `client` leaf, connecting with SNI = the server's identity. */
function meshClient(port: number, extra: tls.ConnectionOptions = {}): tls.TLSSocket {
  const c = pki.leaves.client;
  const sock = tls.connect({ host: LOOPBACK, port, servername: IDS.server, ca: pki.ca.anchorsPem, cert: c.chainPem, key: c.keyPem, minVersion: 'TLSv1.3', ...extra });
  sock.on('error', () => {});
  onCleanup(() => sock.destroy());
  return sock;
}

describe('detectTls → tls', () => {
  /** Detect, then terminate TLS on the very same socket and echo; report what the server saw. */
  async function terminatingServer(pauseOnConnect: boolean): Promise<{ port: number; seen: Promise<{ result: DetectTlsResult; ids: string[] }> }> {
    let report!: (v: { result: DetectTlsResult; ids: string[] }) => void;
    const seen = new Promise<{ result: DetectTlsResult; ids: string[] }>((r) => (report = r));
    const srv = net.createServer({ pauseOnConnect }, (raw) => {
      raw.on('error', () => {});
      onCleanup(() => raw.destroy());
      void detect(raw).then((result) => {
        const t = new tls.TLSSocket(raw, { isServer: true, secureContext: server.serverContext, requestCert: true, rejectUnauthorized: false });
        t.on('error', () => {});
        t.once('secure', () => report({ result, ids: peerIdentities(t) }));
        t.pipe(t); // echo
      });
    });
    srv.listen(0, LOOPBACK);
    await once(srv, 'listening');
    onCleanup(() => srv.close());
    return { port: (srv.address() as net.AddressInfo).port, seen };
  }

  for (const pauseOnConnect of [false, true]) {
    it(`replays the ClientHello so a real mTLS handshake completes (pauseOnConnect=${pauseOnConnect})`, async () => {
      const { port, seen } = await terminatingServer(pauseOnConnect);
      const client = meshClient(port);
      await once(client, 'secureConnect');
      client.write('ping');
      const [echo] = (await once(client, 'data')) as [Buffer];
      expect(echo.toString()).toBe('ping');
      const { result, ids } = await seen;
      expect(result).toEqual({ kind: 'tls', sni: IDS.server });
      expect(ids).toEqual([IDS.client]);
    });
  }

  it('handles a ClientHello over 1 KiB (past a 512-byte peek) with ALPN', async () => {
    const alpn = Array.from({ length: 30 }, (_, i) => `p${i}-${'y'.repeat(40)}`);
    const { port, seen } = await terminatingServer(false);
    const client = meshClient(port, { ALPNProtocols: alpn });
    await once(client, 'secureConnect');
    const { result, ids } = await seen;
    expect(result).toEqual({ kind: 'tls', sni: IDS.server, alpn });
    expect(ids).toEqual([IDS.client]);
  });

  it('passes a foreign-SNI connection through untouched to another TLS server', async () => {
    const cert = await selfSignedLocalhost();
    const backend = await listenTls(cert, {}, (s) => s.pipe(s));
    let result: DetectTlsResult | undefined;
    const port = await listen((raw) => {
      void detect(raw).then((r) => {
        result = r;
        const up = net.connect({ host: LOOPBACK, port: backend });
        up.on('error', () => raw.destroy());
        onCleanup(() => up.destroy());
        raw.pipe(up).pipe(raw);
      });
    });
    const client = tls.connect({ host: LOOPBACK, port, servername: 'localhost', ca: cert.certPem });
    client.on('error', () => {});
    onCleanup(() => client.destroy());
    await once(client, 'secureConnect');
    client.write('through');
    const [echo] = (await once(client, 'data')) as [Buffer];
    expect(echo.toString()).toBe('through');
    expect(result).toEqual({ kind: 'tls', sni: 'localhost' });
  });
});

describe('detectTls → plaintext', () => {
  it('decides on the first byte and delivers every byte to the next consumer', async () => {
    const { client, server: s } = await tcpPair();
    const request = 'GET /path HTTP/1.1\r\nHost: app.example\r\n\r\n';
    client.write(request.slice(0, 1));
    const result = await detect(s);
    expect(result).toEqual({ kind: 'plaintext', reason: 'not_tls' });
    client.end(request.slice(1));
    expect((await collect(s)).toString()).toBe(request);
  });

  it('keeps TLS-looking but invalid bytes intact too', async () => {
    const { client, server: s } = await tcpPair();
    const bytes = Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x00, 0x30, 0x02]), Buffer.alloc(100, 0x41)]);
    client.write(bytes.subarray(0, 3));
    const detected = detect(s);
    await new Promise((r) => setTimeout(r, 50));
    client.end(bytes.subarray(3));
    expect(await detected).toEqual({ kind: 'plaintext', reason: 'not_tls' });
    expect(await collect(s)).toEqual(bytes);
  });

  it('reports a ClientHello larger than maxBytes as plaintext too_large, bytes intact', async () => {
    const hello = await captureClientHello({ servername: 'big.example', ALPNProtocols: Array.from({ length: 40 }, (_, i) => `q${i}-${'z'.repeat(40)}`) });
    const { client, server: s } = await tcpPair();
    client.write(hello);
    expect(await detect(s, 5000, 1024)).toEqual({ kind: 'plaintext', reason: 'too_large' });
    client.end();
    expect(await collect(s)).toEqual(hello);
  });
});

describe('detectTls → timeout / closed', () => {
  it('times out a silent client at the bound and leaves the socket usable', async () => {
    const { client, server: s } = await tcpPair();
    const start = Date.now();
    expect(await detect(s, 300)).toEqual({ kind: 'timeout' });
    expect(Date.now() - start).toBeGreaterThanOrEqual(290);
    client.end('late');
    expect((await collect(s)).toString()).toBe('late');
  });

  it('times out a client trickling a real ClientHello one byte per 100 ms, putting back what it read', async () => {
    const hello = await captureClientHello({ servername: IDS.server });
    const { client, server: s } = await tcpPair();
    let sent = 0;
    const trickle = setInterval(() => {
      if (sent < hello.length) client.write(hello.subarray(sent, ++sent));
    }, 100);
    onCleanup(() => clearInterval(trickle));
    client.write(hello.subarray(0, ++sent));
    const start = Date.now();
    expect(await detect(s, 1000)).toEqual({ kind: 'timeout' });
    const elapsed = Date.now() - start;
    clearInterval(trickle);
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(sent).toBeLessThan(hello.length); // decided at the bound, not when the hello finished
    const putBack = s.read() as Buffer | null;
    expect(putBack).not.toBeNull();
    expect(hello.subarray(0, putBack!.length)).toEqual(putBack);
  });

  it('reports closed when the client ends before sending anything', async () => {
    const { client, server: s } = await tcpPair();
    const detected = detect(s);
    client.end();
    expect(await detected).toEqual({ kind: 'closed' });
  });

  it('reports closed when the client ends in the middle of a ClientHello', async () => {
    const hello = await captureClientHello({ servername: IDS.server });
    const { client, server: s } = await tcpPair();
    const detected = detect(s);
    client.end(hello.subarray(0, 40));
    expect(await detected).toEqual({ kind: 'closed' });
  });

  it('reports closed with the error when the client resets', async () => {
    const { client, server: s } = await tcpPair();
    client.write(Buffer.from([0x16, 0x03]));
    const detected = detect(s);
    await new Promise((r) => setTimeout(r, 50));
    client.resetAndDestroy();
    const r = await detected;
    expect(r.kind).toBe('closed');
  });

  it('reports closed at once for an already destroyed socket', async () => {
    const { server: s } = await tcpPair();
    s.destroy();
    expect(await detect(s)).toEqual({ kind: 'closed' });
  });
});
