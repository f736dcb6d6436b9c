// TCP keepalive on the proxy's own sockets, read back from the kernel (`ss`, test/harness/tcp-timers.ts):
// with linkerd2-proxy's four variables set, each of the four sockets a proxied connection uses
// carries a keepalive timer counting down from its own variable's value (application → client
// proxy: OUTBOUND_ACCEPT; client proxy → server proxy: OUTBOUND_CONNECT; server proxy's accepted
// socket: INBOUND_ACCEPT; server proxy → application: INBOUND_CONNECT); with none set, as in
// Linkerd, none of them has one. The values are 100 s apart and the timer can only have run down
// for the test's own duration, so each reading identifies its variable.
// Both transports between podwire peers are covered: with mux (PODWIRE_MUX=true) the
// client proxy → server proxy socket is the pooled connection the stream rides, so its two ends
// must carry OUTBOUND_CONNECT and INBOUND_ACCEPT as a per-connection socket does (a pooled
// connection that lost its peer silently is what keepalive is for); PODWIRE_MUX=false is Linkerd's
// one connection per application connection.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { startEchoServer, type TestServer } from '../harness/servers.js';
import {
  makeWorkdir, startClientProxy, startServerProxy, meshedEndpoint, startDestinationServer, SERVICE,
  type Workdir, type RunningPodwire,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { establishedTcpSockets, findSocket, type TcpSocketInfo } from '../harness/tcp-timers.js';
import { fetchText, metricValue } from '../harness/proxy-process.js';

const SECONDS = { outboundAccept: 100, outboundConnect: 200, inboundAccept: 300, inboundConnect: 400 };
const WITH_KEEPALIVE = {
  LINKERD2_PROXY_OUTBOUND_ACCEPT_KEEPALIVE: `${SECONDS.outboundAccept}s`,
  LINKERD2_PROXY_OUTBOUND_CONNECT_KEEPALIVE: `${SECONDS.outboundConnect * 1000}ms`,
  LINKERD2_PROXY_INBOUND_ACCEPT_KEEPALIVE: `${SECONDS.inboundAccept}s`,
  LINKERD2_PROXY_INBOUND_CONNECT_KEEPALIVE: `${SECONDS.inboundConnect}s`,
};

interface Mesh {
  server: RunningPodwire;
  client: RunningPodwire & { forwardPort: number };
}

type Sockets = Record<keyof typeof SECONDS, TcpSocketInfo | undefined>;

/**
 * An open connection through both proxies (one echo exchanged), and the kernel's four sockets for
 * it. ss shows one timer per socket: a segment still waiting for its ACK (a delayed ACK, a mux
 * WINDOW_UPDATE or PING just sent) shows the retransmit timer (`on`) instead of keepalive's, so
 * the sockets are read again until none has one in flight (on loopback, milliseconds).
 */
async function openConnection(mesh: Mesh, echoPort: number): Promise<{ app: net.Socket; sockets: Sockets }> {
  const app = net.connect({ host: '127.0.0.1', port: mesh.client.forwardPort });
  app.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    app.once('error', reject);
    app.once('connect', () => app.write('ping'));
    app.once('data', () => resolve());
  });
  const deadline = Date.now() + 3_000;
  for (;;) {
    const sockets = await readSockets(mesh, app, echoPort);
    if (Object.values(sockets).every((s) => s?.timer !== 'on') || Date.now() > deadline) return { app, sockets };
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function readSockets(mesh: Mesh, app: net.Socket, echoPort: number): Promise<Sockets> {
  const all = await establishedTcpSockets();
  const appAddr = `127.0.0.1:${app.localPort}`;
  const serverInbound = `127.0.0.1:${mesh.server.inboundPort}`;
  const outboundConnect = all.find((s) => s.peer === serverInbound);
  const inboundAccept = outboundConnect && findSocket(all, serverInbound, outboundConnect.local);
  const echo = all.filter((s) => s.peer === `127.0.0.1:${echoPort}`);
  return {
    outboundAccept: findSocket(all, `127.0.0.1:${mesh.client.forwardPort}`, appAddr),
    outboundConnect,
    inboundAccept,
    // The server proxy's only connection to the echo server.
    inboundConnect: echo.length === 1 ? echo[0] : undefined,
  };
}

const TRANSPORTS: Array<{ name: string; env: Record<string, string>; muxStreams: number }> = [
  { name: 'a mux stream (PODWIRE_MUX=true)', env: { PODWIRE_MUX: 'true' }, muxStreams: 1 },
  { name: 'one mTLS connection per connection (PODWIRE_MUX=false)', env: { PODWIRE_MUX: 'false' }, muxStreams: 0 },
];

describe.each(TRANSPORTS)('TCP keepalive on proxied connections over $name', (t) => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let echoOn: TestServer;
  let echoOff: TestServer;
  let on: Mesh;
  let off: Mesh;

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    echoOn = await startEchoServer();
    echoOff = await startEchoServer();
    const onServer = await startServerProxy(w, { ...t.env, ...WITH_KEEPALIVE });
    const offServer = await startServerProxy(w, t.env);
    dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint(echoOn.port, onServer, IDS.server)]);
    dst.setEndpoints(`off.${SERVICE}:80`, [meshedEndpoint(echoOff.port, offServer, IDS.server)]);
    on = { server: onServer, client: await startClientProxy(w, dst, { ...t.env, ...WITH_KEEPALIVE }) };
    off = { server: offServer, client: await startClientProxy(w, dst, t.env, `127.0.0.1:0=off.${SERVICE}:80`) };
  });

  afterAll(async () => {
    for (const m of [on, off]) {
      await m?.client.proc.stop();
      await m?.server.proc.stop();
    }
    await echoOn?.close();
    await echoOff?.close();
    await dst?.close();
    await w?.cleanup();
  });

  it('arms each socket with its own variable\'s idle time', async () => {
    const { app, sockets } = await openConnection(on, echoOn.port);
    try {
      for (const [side, configured] of Object.entries(SECONDS) as Array<[keyof typeof SECONDS, number]>) {
        const s = sockets[side];
        expect(s, `${side} socket`).toBeDefined();
        expect(s!.timer, `${side}: ${JSON.stringify(s)}`).toBe('keepalive');
        expect(s!.timerSeconds!, side).toBeLessThanOrEqual(configured);
        expect(s!.timerSeconds!, side).toBeGreaterThan(configured - 100);
      }
      // The connection took the transport this case is about.
      const metrics = (await fetchText(on.client.addrs.admin, '/metrics')).body;
      expect(metricValue(metrics, 'outbound_mux_streams_total')).toBe(t.muxStreams);
    } finally {
      app.destroy();
    }
  });

  it('leaves keepalive off when the variables are unset, as Linkerd does', async () => {
    const { app, sockets } = await openConnection(off, echoOff.port);
    try {
      for (const side of Object.keys(SECONDS) as Array<keyof typeof SECONDS>) {
        expect(sockets[side], `${side} socket`).toBeDefined();
        expect(sockets[side]!.timer, side).not.toBe('keepalive');
      }
    } finally {
      app.destroy();
    }
  });
});
