// PODWIRE_MUX_CONNECTIONS_PER_PEER and PODWIRE_MUX_IDLE_TIMEOUT end to end, with two real podwire
// processes, a test Destination server and an echo application on loopback: concurrent
// connections to one peer share as many pooled mTLS connections as the setting allows (one TLS
// handshake each), connections that arrive one after another while the others stay open are
// spread over that many pooled connections, connections that arrive all at once are spread evenly
// over them too (and do not wait for a dial that stalls: a TCP relay in front of the server's
// inbound port holds the second connection, then resets it), and a pooled connection left without
// streams for the idle timeout is closed, after which the next connection dials a new one.
import crypto from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { startEchoServer, roundTrip, type TestServer } from '../harness/servers.js';
import { fetchText, metricValue } from '../harness/proxy-process.js';
import { eventually } from '../harness/links.js';
import { openEcho } from '../harness/mux-e2e.js';
import {
  makeWorkdir, startClientProxy, startServerProxy, startDestinationServer, meshedEndpoint, SERVICE,
  type Workdir, type RunningPodwire,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';

describe('the mux pool settings', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let app: TestServer;
  let server: RunningPodwire;
  let client: RunningPodwire & { forwardPort: number };
  let spreading: RunningPodwire & { forwardPort: number };
  let defaults: RunningPodwire & { forwardPort: number };
  let stalling: RunningPodwire & { forwardPort: number };
  let relay: Relay;
  let slowRelay: Relay;

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    app = await startEchoServer();
    server = await startServerProxy(w, { PODWIRE_MUX: 'true', LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'all-authenticated' });
    dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint(app.port, server, IDS.server)]);
    client = await startClientProxy(w, dst, { PODWIRE_MUX: 'true', PODWIRE_MUX_CONNECTIONS_PER_PEER: '1', PODWIRE_MUX_IDLE_TIMEOUT: '1s' });
    spreading = await startClientProxy(w, dst, { PODWIRE_MUX: 'true', PODWIRE_MUX_CONNECTIONS_PER_PEER: '3' });
    // Every dial to BURST takes 300 ms more, so that all of a burst's connections ask for a stream
    // before a pooled connection is ready, however busy the machine.
    slowRelay = await startRelay(server.inboundPort, () => ({ holdMs: 300 }));
    dst.setEndpoints(`${BURST}:80`, [meshedEndpoint(app.port, server, IDS.server, { inboundPort: slowRelay.port })]);
    defaults = await startClientProxy(w, dst, { PODWIRE_MUX: 'true' }, `127.0.0.1:0=${BURST}:80`);
    relay = await startRelay(server.inboundPort, (n) => (n === 2 ? { holdMs: 2_000, reset: true } : { holdMs: 0 }));
    dst.setEndpoints(`${STALLED}:80`, [meshedEndpoint(app.port, server, IDS.server, { inboundPort: relay.port })]);
    // A connect timeout longer than the stall, so that a stream still waiting for the stalled dial
    // when it fails would dial a third connection rather than give up.
    stalling = await startClientProxy(w, dst, { PODWIRE_MUX: 'true', LINKERD2_PROXY_OUTBOUND_CONNECT_TIMEOUT: '30s' }, `127.0.0.1:0=${STALLED}:80`);
  }, 60_000);

  afterAll(async () => {
    await client?.proc.stop();
    await spreading?.proc.stop();
    await defaults?.proc.stop();
    await stalling?.proc.stop();
    relay?.close();
    slowRelay?.close();
    await server?.proc.stop();
    await app?.close();
    await dst?.close();
    await w?.cleanup();
  });

  const outbound = async (name: string, labels: Record<string, string> = {}, proxy = client) =>
    metricValue((await fetchText(proxy.addrs.admin, '/metrics')).body, name, labels);
  const handshakes = async (proxy = client) =>
    (await outbound('outbound_tls_handshakes_total', { resumed: 'true' }, proxy)) + (await outbound('outbound_tls_handshakes_total', { resumed: 'false' }, proxy));

  it('carries concurrent connections on one pooled connection, closes it when idle, and dials again', async () => {
    const payloads = Array.from({ length: 24 }, (_, i) => crypto.randomBytes(8 * 1024 + i * 101));
    const replies = await Promise.all(payloads.map((p) => roundTrip(client.forwardPort, p)));
    replies.forEach((r, i) => expect(r.equals(payloads[i]!), `connection ${i}`).toBe(true));
    expect(await outbound('outbound_mux_streams_total')).toBe(24);
    expect(await outbound('outbound_mux_pooled_connections')).toBe(1);
    expect(await handshakes()).toBe(1);

    // Idle for PODWIRE_MUX_IDLE_TIMEOUT (1s): the pooled connection is closed.
    await eventually(async () => (await outbound('outbound_mux_pooled_connections')) === 0, 'the idle pooled connection to close', 5_000);

    const data = crypto.randomBytes(1000);
    expect((await roundTrip(client.forwardPort, data)).equals(data)).toBe(true);
    expect(await outbound('outbound_mux_pooled_connections')).toBe(1);
    expect(await handshakes()).toBe(2);
  });

  it('spreads connections that arrive one by one over the pooled connections the setting allows, then shares them', async () => {
    const open: Array<Awaited<ReturnType<typeof openEcho>>> = [];
    try {
      for (let i = 0; i < 6; i++) {
        const conn = await openEcho(spreading.forwardPort);
        open.push(conn);
        await conn.echo(crypto.randomBytes(1000 + i)); // carried (and so on its pooled connection) before the next one
      }
      // The first three each found every pooled connection busy and dialled one more; the next
      // three shared them (PODWIRE_MUX_CONNECTIONS_PER_PEER=3).
      expect(await outbound('outbound_mux_pooled_connections', {}, spreading)).toBe(3);
      expect(await handshakes(spreading)).toBe(3);
      expect(await outbound('outbound_mux_streams_open', {}, spreading)).toBe(6);
      for (const conn of open) await conn.echo(crypto.randomBytes(5000));
    } finally {
      for (const conn of open) conn.socket.destroy();
    }
  });

  it('spreads connections opened all at once evenly over the default two pooled connections', async () => {
    // All 16 ask for a stream before any pooled connection is ready (the relay delays the dials):
    // two dial, the other 14 wait, half for each dial (they used to ride the first connection
    // ready, 15 to 1).
    const open = await Promise.all(Array.from({ length: 16 }, () => openEcho(defaults.forwardPort)));
    try {
      await Promise.all(open.map((conn, i) => conn.echo(crypto.randomBytes(1000 + i))));
      expect(await outbound('outbound_mux_pooled_connections', {}, defaults)).toBe(2);
    } finally {
      for (const conn of open) conn.socket.end();
    }
    // A stream's conn_id is its pooled connection's id, '-', the stream number.
    const closed = await eventually(() => {
      const lines = defaults.proc.logs.filter((l) => l.msg === 'connection closed' && l['direction'] === 'outbound');
      return lines.length === 16 ? lines : undefined;
    }, 'an access-log line for each of the 16 connections');
    const perPooled = new Map<string, number>();
    for (const l of closed) {
      const pooledId = String(l['conn_id']).split('-')[0]!;
      perPooled.set(pooledId, (perPooled.get(pooledId) ?? 0) + 1);
    }
    expect([...perPooled.values()]).toEqual([8, 8]);
  });

  it('does not keep connections waiting for a pooled connection whose dial stalled: they share the one that is ready', async () => {
    // The relay holds the second dial's TCP connection for 2 s without passing it on, then resets
    // it: that handshake hangs, then fails. The streams that waited for it take the first pooled
    // connection once it has lagged the first dial long enough; had they waited for it to fail,
    // they would have dialled a third connection (the relay's third, and two pooled at the end).
    // The stream that dialled it falls back to the first pooled connection when its dial fails.
    const payloads = Array.from({ length: 16 }, (_, i) => crypto.randomBytes(2000 + i));
    const replies = await Promise.all(payloads.map((p) => roundTrip(stalling.forwardPort, p)));
    replies.forEach((r, i) => expect(r.equals(payloads[i]!), `connection ${i}`).toBe(true));
    expect(relay.accepted()).toBe(2);
    expect(await outbound('outbound_mux_streams_total', {}, stalling)).toBe(16);
    expect(await outbound('outbound_mux_pooled_connections', {}, stalling)).toBe(1);
  });
});

const STALLED = 'stalled.default.svc.cluster.local';
const BURST = 'burst.default.svc.cluster.local';

interface Relay {
  readonly port: number;
  /** Connections accepted so far. */
  accepted(): number;
  close(): void;
}

/**
 * A TCP relay to `upstreamPort` that holds its n-th connection (from 1) for `plan(n).holdMs`
 * without passing it on (what the client sends waits in the socket), then relays it, or resets it.
 */
function startRelay(upstreamPort: number, plan: (n: number) => { holdMs: number; reset?: boolean }): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const relay = (inbound: net.Socket) => {
    const upstream = net.connect({ host: '127.0.0.1', port: upstreamPort });
    sockets.add(upstream);
    upstream.on('error', () => inbound.destroy());
    inbound.on('close', () => upstream.destroy());
    upstream.on('close', () => inbound.destroy());
    inbound.pipe(upstream).pipe(inbound);
  };
  const server = net.createServer((inbound) => {
    sockets.add(inbound);
    inbound.on('error', () => {});
    const { holdMs, reset } = plan(++accepted);
    setTimeout(() => (reset ? inbound.resetAndDestroy() : relay(inbound)), holdMs).unref();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: (server.address() as net.AddressInfo).port,
    accepted: () => accepted,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  })));
}
