// PODWIRE_MUX end to end: two real podwire processes, a test Destination server and real
// applications on loopback (ephemeral ports only). What it proves:
// - many sequential and concurrent connections arrive byte-exact as streams, all on at most two
//   pooled mTLS connections (pool and handshake metrics), one access-log line per application
//   connection on each side as without mux, both naming the stream with the same conn_id;
// - the ALPN fallback both ways: a mux outbound to an inbound without mux, and an outbound without
//   mux to a mux inbound, speak Linkerd's protocol and work;
// - half-close each way passes through a stream with every byte;
// - an application that refuses the connection: the stream is reset with CONNECT_FAILED;
// - a policy change cuts one live stream (reset) and leaves its mux connection serving others;
// - a certificate rotation on either side retires the mux connection: its live stream finishes,
//   the next stream gets a new, freshly verified connection;
// - connections opened continuously while the server rotates (and so drains its mux connections)
//   all complete byte-exact: the streams it refused unprocessed are replayed on a new connection
//   (outbound_mux_streams_retried_total), none is reset;
// - the gateway carries both of its legs over mux connections;
// - SIGKILL of either proxy mid-transfer: every application sees a reset, never an end, and the
//   survivor records the streams as failed;
// - SIGTERM of the client-side proxy: an in-flight stream finishes, then the mux connection ends;
// - SIGTERM of the server-side proxy: an in-flight stream finishes, a new connection fails; one
//   still open when the grace period ends is reset both ways and logged as `shutdown`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IDS, issueLeaf } from '../harness/pki.js';
import { startEchoServer, roundTrip, type TestServer } from '../harness/servers.js';
import { fetchText, metricValue, splitAddr, startPodwire } from '../harness/proxy-process.js';
import { writeLeafFiles } from '../../proxy/pki/files.js';
import { connectBulkClient, startBulkServer, watchBulk } from '../harness/bulk.js';
import {
  makeWorkdir, startClientProxy, startServerProxy, startDestinationServer, meshedEndpoint, identityEnv, identityPolicyYaml, SERVICE,
  type Workdir, type RunningPodwire,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';

// PODWIRE_MUX is off by default; every case sets it, so they keep testing what they say if the
// default changes, and the fallback cases turn it off on one side.
const MUX_ON = { PODWIRE_MUX: 'true' };
const MUX_OFF = { PODWIRE_MUX: 'false' };
const forwardTo = (svc: string) => `127.0.0.1:0=${svc}:80`;

const policyYaml = (port: number, allowed: string): string => identityPolicyYaml([port], allowed);

async function metricsOf(p: RunningPodwire): Promise<string> {
  return (await fetchText(p.addrs.admin, '/metrics')).body;
}

/** Connect through `port`, send `data` without half-closing, and resolve once it was all echoed. */
function openEcho(port: number): Promise<{ socket: net.Socket; echo(data: Buffer): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    socket.once('error', reject);
    socket.once('connect', () => {
      const echo = (data: Buffer) => new Promise<void>((ok, fail) => {
        const chunks: Buffer[] = [];
        let n = 0;
        const onData = (d: Buffer) => {
          chunks.push(d);
          n += d.length;
          if (n < data.length) return;
          socket.off('data', onData);
          Buffer.concat(chunks).equals(data) ? ok() : fail(new Error('echo differs from what was sent'));
        };
        socket.on('data', onData);
        socket.write(data);
      });
      resolve({ socket, echo });
    });
  });
}

describe('PODWIRE_MUX between two podwire proxies', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let app: TestServer;
  let server: RunningPodwire;
  let client: RunningPodwire & { forwardPort: number };
  let policyFile: string;

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    app = await startEchoServer();
    fs.mkdirSync(path.join(w.dir, 'policy'));
    policyFile = path.join(w.dir, 'policy', 'policy.yaml');
    fs.writeFileSync(policyFile, policyYaml(app.port, IDS.client));
    server = await startServerProxy(w, { ...MUX_ON, PODWIRE_POLICY_FILE: policyFile, LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'deny' });
    dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint(app.port, server, IDS.server)]);
    client = await startClientProxy(w, dst, MUX_ON);
  }, 60_000);

  /** Replace the server's policy file and wait until the server re-checked its live connections. */
  const setPolicy = async (yaml: string) => {
    const changes = () => server.proc.logs.filter((l) => l.msg === 'inbound policy changed: live connections re-checked').length;
    const before = changes();
    fs.writeFileSync(`${policyFile}.tmp`, yaml);
    fs.renameSync(`${policyFile}.tmp`, policyFile);
    await server.proc.waitFor(() => changes() > before, 'the new policy', 10_000);
  };

  afterAll(async () => {
    await client?.proc.stop();
    await server?.proc.stop();
    await app?.close();
    await dst?.close();
    await w?.cleanup();
  });

  it('carries sequential and concurrent connections byte-exact as streams on at most two pooled connections', async () => {
    const SEQUENTIAL = 20;
    const CONCURRENT = 40;
    for (let i = 0; i < SEQUENTIAL; i++) {
      const data = crypto.randomBytes(1 + i * 997);
      expect((await roundTrip(client.forwardPort, data)).equals(data), `sequential ${i}`).toBe(true);
    }
    const payloads = Array.from({ length: CONCURRENT }, (_, i) => crypto.randomBytes(64 * 1024 + i * 4099));
    const replies = await Promise.all(payloads.map((p) => roundTrip(client.forwardPort, p, '127.0.0.1', 30_000)));
    replies.forEach((r, i) => expect(r.equals(payloads[i]!), `concurrent ${i}: ${r.length} of ${payloads[i]!.length} bytes`).toBe(true));

    const total = SEQUENTIAL + CONCURRENT;
    const out = await metricsOf(client);
    expect(metricValue(out, 'outbound_mux_streams_total')).toBe(total);
    const pooled = metricValue(out, 'outbound_mux_pooled_connections');
    expect(pooled).toBeGreaterThanOrEqual(1);
    expect(pooled).toBeLessThanOrEqual(2);
    // Every TLS handshake the outbound made was one of those pooled connections.
    const handshakes = metricValue(out, 'outbound_tls_handshakes_total', { resumed: 'true' }) + metricValue(out, 'outbound_tls_handshakes_total', { resumed: 'false' });
    expect(handshakes).toBe(pooled);
    await server.proc.waitFor(
      () => server.proc.logs.filter((l) => l.msg === 'connection closed' && l.direction === 'inbound' && l.client_id === IDS.client && l.reason === 'ok').length >= total,
      `${total} inbound access-log lines`, 10_000,
    );
    // Both sides name each stream alike in their access logs: the connection's TLS id and the stream number.
    const idsOf = (p: RunningPodwire, direction: string) => new Set(p.proc.logs.filter((l) => l.msg === 'connection closed' && l.direction === direction).map((l) => String(l.conn_id)));
    const outIds = idsOf(client, 'outbound');
    expect(outIds.size).toBe(total);
    for (const id of outIds) expect(id).toMatch(/^[0-9a-f]{16}-\d+$/);
    const inIds = idsOf(server, 'inbound');
    expect([...outIds].filter((id) => !inIds.has(id))).toEqual([]);
    const inb = await metricsOf(server);
    expect(metricValue(inb, 'inbound_mux_streams_total')).toBe(total);
    expect(metricValue(inb, 'inbound_mux_connections')).toBe(pooled);
    expect(metricValue(out, 'outbound_mux_streams_open')).toBe(0);
  }, 60_000);

  it('passes a half-close from the client through a stream, then the whole reply and the server\'s end', async () => {
    const c = net.connect({ host: '127.0.0.1', port: client.forwardPort, allowHalfOpen: true });
    const ended = watchBulk(c);
    const chunks: Buffer[] = [];
    c.on('data', (d: Buffer) => chunks.push(d));
    const request = crypto.randomBytes(300 * 1024);
    c.end(request); // the echo server ends its side after echoing everything up to our FIN
    expect(await ended.ending).toBe('end');
    expect(Buffer.concat(chunks).equals(request)).toBe(true);
  });

  it('passes a half-close from the server through a stream while the client keeps sending', async () => {
    const greeting = crypto.randomBytes(100 * 1024);
    const upload = crypto.randomBytes(500 * 1024);
    const halfCloser = net.createServer({ allowHalfOpen: true }, (s) => {
      const got: Buffer[] = [];
      s.on('data', (d: Buffer) => got.push(d));
      s.on('end', () => {
        halfCloser.emit('uploaded', Buffer.concat(got));
        s.destroy();
      });
      s.end(greeting); // half-close first: the client may still send
    });
    await new Promise<void>((r) => halfCloser.listen(0, '127.0.0.1', () => r()));
    await setPolicy(identityPolicyYaml([app.port, (halfCloser.address() as net.AddressInfo).port], IDS.client));
    const svc = 'half.default.svc.cluster.local';
    dst.setEndpoints(`${svc}:80`, [meshedEndpoint((halfCloser.address() as net.AddressInfo).port, server, IDS.server)]);
    const halfClient = await startClientProxy(w, dst, MUX_ON, forwardTo(svc));
    try {
      const uploaded = new Promise<Buffer>((r) => halfCloser.once('uploaded', r));
      const c = net.connect({ host: '127.0.0.1', port: halfClient.forwardPort, allowHalfOpen: true });
      const ended = watchBulk(c);
      const chunks: Buffer[] = [];
      c.on('data', (d: Buffer) => chunks.push(d));
      expect(await ended.ending).toBe('end');
      expect(Buffer.concat(chunks).equals(greeting)).toBe(true);
      c.end(upload); // after the server's FIN arrived
      expect((await uploaded).equals(upload)).toBe(true);
      expect(metricValue(await metricsOf(halfClient), 'outbound_mux_streams_total')).toBe(1);
    } finally {
      await halfClient.proc.stop();
      await new Promise<void>((r) => halfCloser.close(() => r()));
      await setPolicy(policyYaml(app.port, IDS.client));
    }
  }, 30_000);

  it('a policy change cuts a live stream with a reset, and its mux connection keeps serving', async () => {
    const before = await metricsOf(server);
    const live = await openEcho(client.forwardPort);
    const ending = watchBulk(live.socket).ending;
    await live.echo(Buffer.from('still here'));

    await setPolicy(policyYaml(app.port, IDS.other));
    expect(await ending, 'the cut stream must reach the application as a reset').not.toBe('end');
    await server.proc.waitForAccessLog({ reason: 'policy_changed', client_id: IDS.client });
    // Denied now: refused per stream (the connection is not torn down for it).
    expect((await roundTrip(client.forwardPort, 'denied?').then((b) => b.toString(), () => ''))).toBe('');
    await server.proc.waitForAccessLog({ reason: 'unauthorized', client_id: IDS.client });

    await setPolicy(policyYaml(app.port, IDS.client));
    expect((await roundTrip(client.forwardPort, 'allowed again')).toString()).toBe('allowed again');
    const after = await metricsOf(server);
    expect(metricValue(after, 'inbound_mux_connections')).toBe(metricValue(before, 'inbound_mux_connections'));
  }, 30_000);
  it('a rotation on either side retires the mux connection: live streams finish, new ones get a freshly verified connection', async () => {
    const handshakes = async () => {
      const text = await metricsOf(client);
      return metricValue(text, 'outbound_tls_handshakes_total', { resumed: 'true' }) + metricValue(text, 'outbound_tls_handshakes_total', { resumed: 'false' });
    };
    const rotationsOf = (p: RunningPodwire) => p.proc.logs.filter((l) => l.msg === 'identity credentials rotated').length;
    for (const [side, leaf] of [[client, w.pki.leaves.client], [server, w.pki.leaves.server]] as const) {
      expect((await roundTrip(client.forwardPort, 'warm')).toString()).toBe('warm');
      const before = await handshakes();
      const live = await openEcho(client.forwardPort);
      const ending = watchBulk(live.socket).ending;
      await live.echo(Buffer.from('before'));
      const rotations = rotationsOf(side);
      writeLeafFiles(leaf.dir, await issueLeaf([leaf.id]), { overwrite: true });
      await side.proc.waitFor(() => rotationsOf(side) > rotations, 'the rotation', 15_000);
      // The server's GOAWAY reaches the client a moment after its rotation is logged.
      await new Promise((r) => setTimeout(r, 200));
      expect((await roundTrip(client.forwardPort, 'after')).toString()).toBe('after');
      expect(await handshakes(), `a new connection after the ${side === client ? 'client' : 'server'} rotated`).toBe(before + 1);
      await live.echo(Buffer.from('still on the old connection'));
      live.socket.end();
      expect(await ending).toBe('end');
    }
  }, 60_000);

  it('connections opened continuously while the server rotates its identity all complete: streams it refused unprocessed are replayed', async () => {
    const retried = async () => metricValue(await metricsOf(client), 'outbound_mux_streams_retried_total');
    const retriedBefore = await retried();
    const rotationsOf = (p: RunningPodwire) => p.proc.logs.filter((l) => l.msg === 'identity credentials rotated').length;
    // 16 applications each opening one connection after another: whenever the server drains its
    // mux connections (GOAWAY, on its rotation), some OPENs are already on the wire behind it.
    let stopped = false;
    let ok = 0;
    const failures: string[] = [];
    const loops = Array.from({ length: 16 }, async (_, i) => {
      for (let n = 0; !stopped; n++) {
        const payload = Buffer.from(`burst-${i}-${n};`.repeat(1 + (n % 40)));
        try {
          const reply = await roundTrip(client.forwardPort, payload, '127.0.0.1', 10_000);
          if (reply.equals(payload)) ok++;
          else failures.push(`burst-${i}-${n}: ${reply.length} of ${payload.length} bytes`);
        } catch (err) {
          failures.push(`burst-${i}-${n}: ${(err as Error).message}`);
        }
      }
    });
    try {
      for (let round = 0; round < 4; round++) {
        const target = ok + 60;
        await expect.poll(() => ok, { timeout: 15_000 }).toBeGreaterThanOrEqual(target);
        const rotations = rotationsOf(server);
        writeLeafFiles(w.pki.leaves.server.dir, await issueLeaf([w.pki.leaves.server.id]), { overwrite: true });
        await server.proc.waitFor(() => rotationsOf(server) > rotations, 'the rotation', 15_000);
      }
      const target = ok + 60;
      await expect.poll(() => ok, { timeout: 15_000 }).toBeGreaterThanOrEqual(target);
    } finally {
      stopped = true;
      await Promise.all(loops);
    }
    expect(failures).toEqual([]);
    expect(await retried()).toBeGreaterThan(retriedBefore);
  }, 90_000);
});

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

  it('two podwire proxies left at their defaults speak Linkerd\'s protocol (PODWIRE_MUX is off by default)', async () => {
    const m = await pair({}, {}, 'defaults.default.svc.cluster.local');
    expect(metricValue(m.client, 'outbound_mux_streams_total')).toBe(0);
    expect(metricValue(m.server, 'inbound_mux_streams_total')).toBe(0);
    expect(metricValue(m.server, 'inbound_tcp_transport_header_connections_total', { target_port: String(m.app.port), client_id: IDS.client })).toBe(3);
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
      const { server, client } = await proxiesFor(app.port, `kill-${victimSide}-${mode}.default.svc.cluster.local`, MUX_ON, MUX_ON);
      // Two transfers, streams on the same pooled connection: both must be reset.
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
