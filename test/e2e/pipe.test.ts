// The data path under stress, through two real proxies: half-close in both directions, a 256 MiB
// transfer that arrives intact, a slow reader that doesn't make the proxies buffer without bound,
// and a certificate rotation that keeps the live connection and serves new handshakes the new cert.
import crypto from 'node:crypto';
import net from 'node:net';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, issueLeaf } from '../harness/pki.js';
import { roundTrip, startEchoServer, startReplyAfterEofServer, type TestServer } from '../harness/servers.js';
import { fetchText, metricValue } from '../harness/proxy-process.js';
import { probe } from '../harness/tls-client.js';
import {
  makeWorkdir, startClientProxy, startServerProxy, meshedEndpoint, startDestinationServer, forwardsFor,
  type Workdir, type RunningPodwire,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { writeLeafFiles } from '../../proxy/pki/files.js';
import { TRANSPORT_ALPN, encodeHeader } from '../../proxy/transport/header.js';

const MiB = 1024 * 1024;
const SERVICES = ['echo', 'eof', 'hash', 'slow'].map((n) => `${n}.default.svc.cluster.local:80`);
const [ECHO, EOF_SVC, HASH, SLOW] = SERVICES as [string, string, string, string];

/** Hashes everything it receives and replies with the hex digest and byte count on EOF. */
function startHashServer(): Promise<{ port: number; close: () => void }> {
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    const h = crypto.createHash('sha256');
    let n = 0;
    s.on('data', (d: Buffer) => {
      h.update(d);
      n += d.length;
    });
    s.on('end', () => s.end(`${h.digest('hex')} ${n}`));
    s.on('error', () => {});
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ port: (server.address() as net.AddressInfo).port, close: () => server.close() })));
}

/** Accepts connections and doesn't read from them until release() is called. */
function startStalledServer(): Promise<{ port: number; received: () => number; release: () => void; ended: Promise<void>; close: () => void }> {
  let socket: net.Socket | undefined;
  let n = 0;
  let endedResolve!: () => void;
  const ended = new Promise<void>((r) => (endedResolve = r));
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (s) => {
    socket = s;
    s.on('data', (d: Buffer) => (n += d.length));
    s.on('end', () => {
      s.end();
      endedResolve();
    });
    s.on('error', () => {});
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({
    port: (server.address() as net.AddressInfo).port,
    received: () => n,
    release: () => socket?.resume(),
    ended,
    close: () => server.close(),
  })));
}

async function rss(admin: string): Promise<number> {
  return metricValue((await fetchText(admin, '/metrics')).body, 'process_resident_memory_bytes');
}

/** Write `chunk` repeatedly, honouring backpressure, until `total` bytes or a stall of `stallMs`. */
async function pushUntilStall(s: net.Socket, chunk: Buffer, total: number, stallMs: number): Promise<{ written: number; stalled: boolean }> {
  let written = 0;
  while (written < total) {
    written += chunk.length;
    if (!s.write(chunk)) {
      const drained = await new Promise<boolean>((r) => {
        const t = setTimeout(() => r(false), stallMs);
        s.once('drain', () => {
          clearTimeout(t);
          r(true);
        });
      });
      if (!drained) return { written, stalled: true };
    }
  }
  return { written, stalled: false };
}

describe('the data path under stress', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let echo: TestServer;
  let eof: TestServer;
  let server: RunningPodwire;
  let client: RunningPodwire & { forwardPorts: number[] };
  const port = (svc: string) => client.forwardPorts[SERVICES.indexOf(svc)]!;

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    [echo, eof] = await Promise.all([startEchoServer(), startReplyAfterEofServer()]);
    server = await startServerProxy(w);
    dst.setEndpoints(ECHO, [meshedEndpoint(echo.port, server, IDS.server)]);
    dst.setEndpoints(EOF_SVC, [meshedEndpoint(eof.port, server, IDS.server)]);
    client = await startClientProxy(w, dst, {}, forwardsFor(SERVICES));
  });

  afterAll(async () => {
    await client?.proc.stop();
    await server?.proc.stop();
    await Promise.all([echo?.close(), eof?.close()]);
    await dst?.close();
    await w?.cleanup();
  });

  it('carries a half-close through: the client shuts its write side and still gets the reply', async () => {
    const reply = await roundTrip(port(EOF_SVC), 'x'.repeat(100_000));
    expect(reply.toString()).toBe('got 100000 bytes');
  });

  it('carries the server half-close back while the client keeps writing', async () => {
    // The server ends first; the client's later bytes must still reach it.
    const s = net.connect({ host: '127.0.0.1', port: port(ECHO), allowHalfOpen: true });
    await new Promise((r) => s.once('connect', r));
    s.write('first');
    const got: Buffer[] = [];
    s.on('data', (d: Buffer) => got.push(d));
    await new Promise((r) => setTimeout(r, 200));
    s.end('second');
    await new Promise((r) => s.once('end', r));
    expect(Buffer.concat(got).toString()).toBe('firstsecond');
    s.destroy();
  });

  it('moves 256 MiB over one connection intact', async () => {
    const hashServer = await startHashServer();
    dst.setEndpoints(HASH, [meshedEndpoint(hashServer.port, server, IDS.server)]);
    try {
      const s = net.connect({ host: '127.0.0.1', port: port(HASH), allowHalfOpen: true });
      await new Promise((r) => s.once('connect', r));
      const reply: Buffer[] = [];
      s.on('data', (d: Buffer) => reply.push(d));
      const done = new Promise((r) => s.once('end', r));
      const expected = crypto.createHash('sha256');
      const seed = crypto.randomBytes(MiB);
      for (let i = 0; i < 256; i++) {
        const chunk = Buffer.from(seed);
        chunk.writeUInt32BE(i, 0); // every MiB differs, so reordering or loss changes the digest
        expected.update(chunk);
        if (!s.write(chunk)) await new Promise((r) => s.once('drain', r));
      }
      s.end();
      await done;
      expect(Buffer.concat(reply).toString()).toBe(`${expected.digest('hex')} ${256 * MiB}`);
      s.destroy();
    } finally {
      hashServer.close();
    }
  }, 180_000);

  it('applies backpressure to a fast writer when the application reads slowly', async () => {
    const stalled = await startStalledServer();
    dst.setEndpoints(SLOW, [meshedEndpoint(stalled.port, server, IDS.server)]);
    try {
      const rssBefore = [await rss(client.addrs.admin), await rss(server.addrs.admin)];
      const s = net.connect({ host: '127.0.0.1', port: port(SLOW), allowHalfOpen: true });
      s.on('error', () => {});
      await new Promise((r) => s.once('connect', r));
      const { written, stalled: didStall } = await pushUntilStall(s, Buffer.alloc(MiB, 7), 512 * MiB, 1500);
      // Kernel socket buffers on three loopback hops hold some tens of MiB; an unbounded proxy takes all 512.
      expect(didStall).toBe(true);
      expect(written).toBeLessThan(96 * MiB);
      const rssAfter = [await rss(client.addrs.admin), await rss(server.addrs.admin)];
      expect(rssAfter[0]! - rssBefore[0]!).toBeLessThan(64 * MiB);
      expect(rssAfter[1]! - rssBefore[1]!).toBeLessThan(64 * MiB);
      // Nothing was lost: once the application reads, every accepted byte arrives.
      stalled.release();
      await new Promise<void>((r) => (s.writableNeedDrain ? s.once('drain', () => r()) : r()));
      s.end();
      await stalled.ended;
      expect(stalled.received()).toBe(written);
      s.destroy();
    } finally {
      stalled.close();
    }
  }, 120_000);

  it('rotates the server certificate mid-traffic without dropping the live connection', async () => {
    const live = net.connect({ host: '127.0.0.1', port: port(ECHO), allowHalfOpen: true });
    const got: Buffer[] = [];
    live.on('data', (d: Buffer) => got.push(d));
    await new Promise((r) => live.once('connect', r));
    live.write('before;');
    await waitFor(() => Buffer.concat(got).toString() === 'before;');

    const fresh = await issueLeaf([IDS.server]);
    writeLeafFiles(w.pki.leaves.server.dir, fresh, { overwrite: true });
    await server.proc.waitForLog((l) => l.msg === 'identity credentials rotated', 15_000);

    live.write('after;');
    await waitFor(() => Buffer.concat(got).toString() === 'before;after;');
    // New handshakes get the new certificate at once.
    const p = await probe({ port: server.inboundPort, serverName: IDS.server, anchorsPem: w.pki.ca.anchorsPem, leaf: w.pki.leaves.client, alpn: [TRANSPORT_ALPN] });
    expect(p.socket.getPeerX509Certificate()?.fingerprint256).toBe(new X509Certificate(fresh.certPem).fingerprint256);
    p.socket.end(Buffer.concat([encodeHeader({ port: echo.port }), Buffer.from('new')]));
    expect((await p.closed()).data.toString()).toBe('new');
    // And the old connection still closes cleanly.
    live.end();
    await new Promise((r) => live.once('end', r));
    live.destroy();
  }, 60_000);
});

async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
