// PODWIRE_MUX end to end, a pair of real podwire proxies per case (test Destination server and
// applications on loopback, ephemeral ports only). What it proves:
// - two proxies left at their defaults carry connections as streams (PODWIRE_MUX is on by default);
// - the ALPN fallback both ways: a mux outbound to an inbound without mux, and an outbound without
//   mux to a mux inbound, speak Linkerd's protocol and work;
// - an application that refuses the connection: the stream is reset with CONNECT_FAILED;
// - the gateway carries both of its legs over mux connections;
// - SIGKILL of either proxy mid-transfer: every application sees a reset, never an end, and the
//   survivor records the streams as failed;
// - SIGTERM of the client-side proxy: an in-flight stream finishes, then the mux connection ends;
// - SIGTERM of the server-side proxy: an in-flight stream finishes, a new connection fails; one
//   still open when the grace period ends is reset both ways and logged as `shutdown`.
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IDS, issueLeaf } from '../harness/pki.js';
import { startEchoServer, roundTrip } from '../harness/servers.js';
import { fetchText, metricValue, splitAddr, startPodwire } from '../harness/proxy-process.js';
import { writeLeafFiles } from '../../proxy/pki/files.js';
import { connectBulkClient, startBulkServer, watchBulk } from '../harness/bulk.js';
import { makeWorkdir, startClientProxy, startServerProxy, startDestinationServer, meshedEndpoint, identityEnv, type Workdir } from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { MUX_ON, MUX_OFF, forwardTo, metricsOf, openEcho } from '../harness/mux-e2e.js';

describe('a pair of proxies per case: ALPN fallback, cuts and drain', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });
  afterAll(async () => {
    await dst?.close();
    await w?.cleanup();
  });

  /** A server proxy in front of `appPort`, announced as `svc`, and a client proxy forwarding to it. */
  const proxiesFor = async (appPort: number, svc: string, clientEnv: Record<string, string>, serverEnv: Record<string, string>) => {
    const server = await startServerProxy(w, serverEnv);
    stops.push(() => server.proc.stop());
    dst.setEndpoints(`${svc}:80`, [meshedEndpoint(appPort, server, IDS.server)]);
    const client = await startClientProxy(w, dst, clientEnv, forwardTo(svc));
    stops.push(() => client.proc.stop());
    return { server, client };
  };

  /** An echo application behind a server proxy and a client proxy, three round trips through them. */
  const pair = async (clientEnv: Record<string, string>, serverEnv: Record<string, string>, svc: string) => {
    const app = await startEchoServer();
    stops.push(() => app.close());
    const { server, client } = await proxiesFor(app.port, svc, clientEnv, serverEnv);
    for (let i = 0; i < 3; i++) expect((await roundTrip(client.forwardPort, `hello ${i}`)).toString()).toBe(`hello ${i}`);
    return { app, client: await metricsOf(client), server: await metricsOf(server) };
  };

  it('two podwire proxies left at their defaults carry connections as streams (PODWIRE_MUX is on by default)', async () => {
    const m = await pair({}, {}, 'defaults.default.svc.cluster.local');
    expect(metricValue(m.client, 'outbound_mux_streams_total')).toBe(3);
    expect(metricValue(m.server, 'inbound_mux_streams_total')).toBe(3);
    // Each stream's OPEN frame carries the transport header, counted as on the per-connection path.
    expect(metricValue(m.server, 'inbound_tcp_transport_header_connections_total', { target_port: String(m.app.port), client_id: IDS.client })).toBe(3);
    // Three connections, at most two handshakes (the pool's connections), not one each.
    const handshakes = metricValue(m.client, 'outbound_tls_handshakes_total', { resumed: 'false' }) + metricValue(m.client, 'outbound_tls_handshakes_total', { resumed: 'true' });
    expect(handshakes).toBeGreaterThanOrEqual(1);
    expect(handshakes).toBeLessThanOrEqual(2);
  });

  it('a mux outbound reaches an inbound without mux over transport.l5d.io/v1', async () => {
    const m = await pair(MUX_ON, MUX_OFF, 'fallback-a.default.svc.cluster.local');
    expect(metricValue(m.client, 'outbound_mux_streams_total')).toBe(0);
    expect(metricValue(m.client, 'outbound_mux_pooled_connections')).toBe(0);
    expect(metricValue(m.client, 'outbound_tls_handshakes_total', { resumed: 'false' }) + metricValue(m.client, 'outbound_tls_handshakes_total', { resumed: 'true' })).toBe(3);
    expect(metricValue(m.server, 'inbound_tcp_transport_header_connections_total', { target_port: String(m.app.port), client_id: IDS.client })).toBe(3);
  });

  it('an outbound without mux reaches a mux inbound over transport.l5d.io/v1', async () => {
    const m = await pair(MUX_OFF, MUX_ON, 'fallback-b.default.svc.cluster.local');
    expect(metricValue(m.server, 'inbound_mux_streams_total')).toBe(0);
    expect(metricValue(m.server, 'inbound_mux_connections')).toBe(0);
    expect(metricValue(m.server, 'inbound_tcp_transport_header_connections_total', { target_port: String(m.app.port), client_id: IDS.client })).toBe(3);
  });

  it('an application that refuses the connection resets the stream with CONNECT_FAILED', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const { server, client } = await proxiesFor(port, 'refused.default.svc.cluster.local', MUX_ON, MUX_ON);
    const reply = await roundTrip(client.forwardPort, 'anyone?').then((b) => b.toString(), (e: NodeJS.ErrnoException) => e.code ?? e.message);
    expect(reply).toBe('ECONNRESET');
    await server.proc.waitForAccessLog({ direction: 'inbound', reason: 'connect_refused' });
    const line = await client.proc.waitForAccessLog({ direction: 'outbound' });
    expect(String(line.error)).toMatch(/reset by peer: CONNECT_FAILED/);
    // The mux connection stays up for the next stream.
    expect(metricValue(await metricsOf(client), 'outbound_mux_pooled_connections')).toBe(1);
  });

  it('both legs of a gateway ride mux connections: client → gateway → server', async () => {
    const GATEWAY_ID = 'linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.cluster.local';
    const west = await startDestinationServer();
    stops.push(() => west.close());
    const app = await startEchoServer();
    stops.push(() => app.close());
    const server = await startServerProxy(w, MUX_ON);
    stops.push(() => server.proc.stop());
    const bundle = await issueLeaf([GATEWAY_ID]);
    const paths = writeLeafFiles(path.join(w.dir, 'gateway'), bundle);
    const gw = await startPodwire({
      ...identityEnv({ ...bundle, id: GATEWAY_ID, dir: paths.dir, certFile: paths.certFile, keyFile: paths.keyFile }, w.pki),
      ...MUX_ON,
      PODWIRE_GATEWAY: 'true',
      LINKERD2_PROXY_DESTINATION_SVC_ADDR: west.addr,
      LINKERD2_PROXY_OUTBOUND_TCP_FAILFAST_TIMEOUT: '1s',
      PODWIRE_INBOUND_TARGET_IP: '127.0.0.1',
    });
    stops.push(() => gw.proc.stop());
    west.setEndpoints('web.default.svc.cluster.local:80', [meshedEndpoint(app.port, server, IDS.server)]);
    const mirror = 'web-west.default.svc.cluster.local';
    dst.setEndpoints(`${mirror}:80`, [{
      ip: '127.0.0.1', port: splitAddr(gw.addrs.inbound).port, identity: GATEWAY_ID, authorityOverride: 'web.default.svc.cluster.local:80',
      labels: { target_cluster: 'west' },
    }]);
    const client = await startClientProxy(w, dst, MUX_ON, forwardTo(mirror));
    stops.push(() => client.proc.stop());
    for (let i = 0; i < 5; i++) {
      const data = crypto.randomBytes(10_000 * (i + 1));
      expect((await roundTrip(client.forwardPort, data)).equals(data), `round ${i}`).toBe(true);
    }
    const gwMetrics = (await fetchText(gw.addrs.admin, '/metrics')).body;
    expect(metricValue(gwMetrics, 'inbound_mux_streams_total')).toBe(5);
    expect(metricValue(gwMetrics, 'outbound_mux_streams_total')).toBe(5);
    expect(metricValue(await metricsOf(client), 'outbound_mux_pooled_connections')).toBe(1);
    expect(metricValue(await metricsOf(server), 'inbound_mux_connections')).toBe(1);
    await server.proc.waitForAccessLog({ direction: 'inbound', client_id: GATEWAY_ID, reason: 'ok' });
  }, 40_000);

  const kills = [['server', 'download'], ['server', 'upload'], ['client', 'download']] as const;
  for (const [victimSide, mode] of kills) {
    it(`SIGKILL of the ${victimSide}-side proxy during a ${mode}: both applications see a reset`, async () => {
      const app = await startBulkServer(mode);
      stops.push(() => app.close());
      // One pooled connection (else the second transfer would dial a second one): two transfers,
      // streams on the same connection, both must be reset.
      const oneConnection = { ...MUX_ON, PODWIRE_MUX_CONNECTIONS_PER_PEER: '1' };
      const { server, client } = await proxiesFor(app.port, `kill-${victimSide}-${mode}.default.svc.cluster.local`, oneConnection, MUX_ON);
      const transfers = [];
      for (let i = 0; i < 2; i++) {
        const clientApp = await connectBulkClient(client.forwardPort, mode);
        stops.push(async () => void clientApp.socket.destroy());
        const serverApp = await app.nextAccepted();
        transfers.push({ clientApp, serverApp });
      }
      for (const t of transfers) await (mode === 'download' ? t.clientApp : t.serverApp).receivedAtLeast(2 * 1024 * 1024);
      const before = await metricsOf(client);
      expect(metricValue(before, 'outbound_mux_streams_open')).toBe(2);
      expect(metricValue(before, 'outbound_mux_pooled_connections')).toBe(1);

      const [victim, survivor, direction] = victimSide === 'server' ? [server, client, 'outbound'] : [client, server, 'inbound'];
      victim.proc.child.kill('SIGKILL');
      for (const [i, t] of transfers.entries()) {
        const [clientEnding, serverEnding] = await Promise.all([t.clientApp.ending, t.serverApp.ending]);
        expect(clientEnding, `client application ${i} must not see a clean end`).not.toBe('end');
        expect(serverEnding, `server application ${i} must not see a clean end`).not.toBe('end');
      }
      // The survivor's records and tcp_close_total say the streams failed (an errno), as for a cut TCP connection.
      const closed = () => survivor.proc.logs.filter((l) => l.msg === 'connection closed' && l.direction === direction);
      await survivor.proc.waitFor(() => closed().length >= 2, 'both records', 5_000);
      expect(closed().map((l) => l.reason)).not.toContain('ok');
      const after = await metricsOf(survivor);
      expect(metricValue(after, 'tcp_close_total', { direction, errno: 'ECONNRESET' })).toBe(4); // two records, two sides each
      expect(metricValue(after, 'tcp_close_total', { direction, errno: '' })).toBe(0);
    }, 40_000);
  }

  it('SIGTERM of the server-side proxy: a stream still open when the grace period ends is reset, and logged as shutdown', async () => {
    const app = await startBulkServer('download');
    stops.push(() => app.close());
    const { server, client } = await proxiesFor(app.port, 'grace.default.svc.cluster.local', MUX_ON, { ...MUX_ON, LINKERD2_PROXY_SHUTDOWN_GRACE_PERIOD: '300ms' });
    const clientApp = await connectBulkClient(client.forwardPort, 'download');
    stops.push(async () => void clientApp.socket.destroy());
    const serverApp = await app.nextAccepted();
    await clientApp.receivedAtLeast(2 * 1024 * 1024);
    server.proc.child.kill('SIGTERM');
    expect(await server.proc.exit(10_000)).toBe(0);
    expect(await clientApp.ending).not.toBe('end');
    expect(await serverApp.ending).not.toBe('end');
    expect(server.proc.logs.some((l) => l.msg === 'connection closed' && l.direction === 'inbound' && l.reason === 'shutdown')).toBe(true);
  }, 30_000);

  it('SIGTERM of the client-side proxy: an in-flight stream finishes before it exits', async () => {
    const app = await startEchoServer();
    stops.push(() => app.close());
    const { server, client } = await proxiesFor(app.port, 'client-drain.default.svc.cluster.local', { ...MUX_ON, LINKERD2_PROXY_SHUTDOWN_GRACE_PERIOD: '10s' }, MUX_ON);
    const inFlight = await openEcho(client.forwardPort);
    const ended = watchBulk(inFlight.socket);
    await inFlight.echo(crypto.randomBytes(64 * 1024));
    client.proc.child.kill('SIGTERM');
    await client.proc.waitForLog((l) => l.msg === 'shutting down: no new connections');
    await inFlight.echo(crypto.randomBytes(256 * 1024));
    inFlight.socket.end();
    expect(await ended.ending).toBe('end');
    expect(await client.proc.exit(15_000)).toBe(0);
    await server.proc.waitForAccessLog({ direction: 'inbound', reason: 'ok' });
    // The client's GOAWAY ended the mux connection once its stream was done.
    for (let i = 0; i < 50 && metricValue(await metricsOf(server), 'inbound_mux_connections') !== 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(metricValue(await metricsOf(server), 'inbound_mux_connections')).toBe(0);
  }, 40_000);

  it('SIGTERM of the server-side proxy: an in-flight stream finishes, a new connection fails', async () => {
    const app = await startEchoServer();
    stops.push(() => app.close());
    const { server, client } = await proxiesFor(app.port, 'drain.default.svc.cluster.local', MUX_ON, { ...MUX_ON, LINKERD2_PROXY_SHUTDOWN_GRACE_PERIOD: '10s' });

    const inFlight = await openEcho(client.forwardPort);
    const ended = watchBulk(inFlight.socket);
    const replies: Buffer[] = [];
    inFlight.socket.on('data', (d: Buffer) => replies.push(d));
    const first = crypto.randomBytes(64 * 1024);
    await inFlight.echo(first);

    server.proc.child.kill('SIGTERM');
    await server.proc.waitForLog((l) => l.msg === 'shutting down: no new connections');
    // The stream keeps working during the drain.
    const second = crypto.randomBytes(256 * 1024);
    await inFlight.echo(second);
    // A new connection gets no service from the draining proxy: no echo, and no clean end.
    const fresh = await roundTrip(client.forwardPort, 'new?', '127.0.0.1', 5_000).then((b) => b.toString(), (e: Error) => e.message);
    expect(fresh).not.toBe('new?');

    inFlight.socket.end();
    expect(await ended.ending).toBe('end');
    expect(Buffer.concat(replies).equals(Buffer.concat([first, second]))).toBe(true);
    expect(await server.proc.exit(15_000)).toBe(0);
    await server.proc.waitFor(() => server.proc.logs.some((l) => l.msg === 'connection closed' && l.direction === 'inbound' && l.reason === 'ok'), 'the in-flight stream\'s access-log line', 5_000);
  }, 40_000);
});
