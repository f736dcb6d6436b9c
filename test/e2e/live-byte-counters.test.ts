// tcp_read_bytes_total / tcp_write_bytes_total are current at every scrape, not only once a
// connection closes (issue 14): two real podwire processes carry one long-lived meshed connection
// between two applications, and /metrics on both proxies is read while it is open — after a known
// number of bytes crossed (exact figures), after more crossed (the counters advanced), and in the
// middle of a transfer stalled by a receiver that stopped reading (between what the receiving
// application got and what the sending one wrote). After the close the totals are exact and stay
// so: no byte is counted twice, whether scrapes happened during the connection or not.
// It runs over both transports between podwire peers: a stream of a pooled mux connection
// (PODWIRE_MUX=true) and one mTLS connection per application connection (Linkerd's
// protocol, PODWIRE_MUX=false). They differ in one figure: on the per-connection path the client
// proxy writes the transport header on the connection, so the header's bytes are counted on the
// meshed side (client proxy's dst writes, server proxy's src reads); a stream carries its header in
// its OPEN frame, outside the stream's bytes, so on mux those counters hold application bytes only.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import {
  makeWorkdir, meshedEndpoint, startClientProxy, startDestinationServer, startServerProxy, SERVICE,
  type RunningPodwire, type Workdir,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { pump, watchBulk, type BulkEnd } from '../harness/bulk.js';
import { fetchText, metricValue } from '../harness/proxy-process.js';
import { encodeHeader } from '../../proxy/transport/header.js';

const UP = 1000;
const DOWN_1 = 3 * 1024 * 1024;
const DOWN_2 = 5 * 1024 * 1024;
/** Pumped to a receiver that stopped reading. */
const STALLED = 64 * 1024 * 1024;

type Side = { direction: 'inbound' | 'outbound'; peer: 'src' | 'dst' };
const OUT_SRC: Side = { direction: 'outbound', peer: 'src' };
const OUT_DST: Side = { direction: 'outbound', peer: 'dst' };
const IN_SRC: Side = { direction: 'inbound', peer: 'src' };
const IN_DST: Side = { direction: 'inbound', peer: 'dst' };

async function bytes(p: RunningPodwire): Promise<(what: 'read' | 'write', side: Side) => number> {
  const text = (await fetchText(p.addrs.admin, '/metrics')).body;
  return (what, side) => metricValue(text, `tcp_${what}_bytes_total`, side);
}

/** An application server that writes only when told to, and counts what it is sent. */
function startQuietServer(): Promise<{ port: number; next: Promise<BulkEnd>; close: () => void }> {
  let accepted!: (e: BulkEnd) => void;
  const next = new Promise<BulkEnd>((r) => (accepted = r));
  const server = net.createServer({ allowHalfOpen: true }, (s) => accepted(watchBulk(s)));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: (server.address() as net.AddressInfo).port,
    next,
    close: () => server.close(),
  })));
}

const TRANSPORTS: Array<{ name: string; env: Record<string, string>; countsHeader: boolean; muxStreams: number }> = [
  { name: 'a mux stream (PODWIRE_MUX=true)', env: { PODWIRE_MUX: 'true' }, countsHeader: false, muxStreams: 1 },
  { name: 'one mTLS connection per connection (PODWIRE_MUX=false)', env: { PODWIRE_MUX: 'false' }, countsHeader: true, muxStreams: 0 },
];

describe.each(TRANSPORTS)('live byte counters over $name', (t) => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let server: RunningPodwire;
  let client: RunningPodwire & { forwardPort: number };
  let app: Awaited<ReturnType<typeof startQuietServer>>;

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    app = await startQuietServer();
    server = await startServerProxy(w, t.env);
    dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint(app.port, server, IDS.server)]);
    client = await startClientProxy(w, dst, t.env);
  });
  afterAll(async () => {
    app?.close();
    await client?.proc.stop();
    await server?.proc.stop();
    await dst?.close();
    await w?.cleanup();
  });

  it('are current while a connection is open, exact at its close, and never count a byte twice', async () => {
    const clientApp = watchBulk(net.connect({ host: '127.0.0.1', port: client.forwardPort, allowHalfOpen: true }));
    clientApp.socket.write(Buffer.alloc(UP, 0x41));
    const serverApp = await app.next;
    await serverApp.receivedAtLeast(UP);
    // Per connection, the header the client proxy wrote is the first thing the server proxy read
    // from it; a mux stream's header is in its OPEN frame (see the top of the file).
    const header = t.countsHeader ? encodeHeader({ port: app.port }).length : 0;

    // 1. A known amount crossed; the connection is open. Every counter says exactly that.
    serverApp.socket.write(Buffer.alloc(DOWN_1, 0x5a));
    await clientApp.receivedAtLeast(DOWN_1);
    let c = await bytes(client);
    let s = await bytes(server);
    expect(c('read', OUT_SRC)).toBe(UP);
    expect(c('write', OUT_DST)).toBe(header + UP);
    expect(c('read', OUT_DST)).toBe(DOWN_1);
    expect(c('write', OUT_SRC)).toBe(DOWN_1);
    expect(s('read', IN_SRC)).toBe(header + UP);
    expect(s('write', IN_DST)).toBe(UP);
    expect(s('read', IN_DST)).toBe(DOWN_1);
    expect(s('write', IN_SRC)).toBe(DOWN_1);

    // 2. More crossed: the counters advanced by exactly that, the scrape before counted nothing twice.
    serverApp.socket.write(Buffer.alloc(DOWN_2, 0x5a));
    await clientApp.receivedAtLeast(DOWN_1 + DOWN_2);
    c = await bytes(client);
    s = await bytes(server);
    expect(c('read', OUT_DST)).toBe(DOWN_1 + DOWN_2);
    expect(c('write', OUT_SRC)).toBe(DOWN_1 + DOWN_2);
    expect(s('read', IN_DST)).toBe(DOWN_1 + DOWN_2);
    expect(s('write', IN_SRC)).toBe(DOWN_1 + DOWN_2);

    // 3. A download stalled mid-way (the receiving application stopped reading): what the proxies
    // moved so far is already counted, and lies between what was received and what was sent.
    clientApp.socket.pause();
    const before = DOWN_1 + DOWN_2;
    pump(serverApp.socket, STALLED);
    await waitUntilStalled(serverApp.socket);
    for (let scrape = 0; scrape < 2; scrape++) {
      c = await bytes(client);
      s = await bytes(server);
      const received = clientApp.received();
      const sent = serverApp.socket.bytesWritten - serverApp.socket.writableLength;
      for (const counted of [c('read', OUT_DST), c('write', OUT_SRC), s('read', IN_DST), s('write', IN_SRC)]) {
        expect(counted).toBeGreaterThan(before);
        expect(counted).toBeGreaterThanOrEqual(received);
        expect(counted).toBeLessThanOrEqual(sent);
      }
    }
    // Mid-way for the receiving application: it has not had the whole download.
    expect(clientApp.received()).toBeLessThan(before + STALLED);

    // 4. The receiver drains everything, both applications end: the connection closes cleanly.
    clientApp.socket.resume();
    await clientApp.receivedAtLeast(before + STALLED, 60_000);
    serverApp.socket.end();
    clientApp.socket.end();
    expect(await clientApp.ending).toBe('end');
    expect(await serverApp.ending).toBe('end');
    const down = before + STALLED;
    await server.proc.waitForAccessLog({ direction: 'inbound' });
    await client.proc.waitForAccessLog({ direction: 'outbound' });
    for (let scrape = 0; scrape < 2; scrape++) {
      c = await bytes(client);
      s = await bytes(server);
      expect([c('read', OUT_SRC), c('write', OUT_DST), c('read', OUT_DST), c('write', OUT_SRC)]).toEqual([UP, header + UP, down, down]);
      expect([s('read', IN_SRC), s('write', IN_DST), s('read', IN_DST), s('write', IN_SRC)]).toEqual([header + UP, UP, down, down]);
    }
    const clientMetrics = (await fetchText(client.addrs.admin, '/metrics')).body;
    expect(metricValue(clientMetrics, 'tcp_open_connections', { direction: 'outbound' })).toBe(0);
    // The connection took the transport this case is about.
    expect(metricValue(clientMetrics, 'outbound_mux_streams_total')).toBe(t.muxStreams);
  }, 120_000);
});

/**
 * Resolves once the sender's output stopped growing: the receiver stopped reading and every buffer
 * on the way that would take more is full (or the pump wrote everything into them).
 */
async function waitUntilStalled(socket: net.Socket, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const now = socket.bytesWritten - socket.writableLength;
    if (now === last) return;
    if (Date.now() > deadline) throw new Error(`the transfer never stalled (${now} bytes out)`);
    last = now;
    await new Promise((r) => setTimeout(r, 300));
  }
}
