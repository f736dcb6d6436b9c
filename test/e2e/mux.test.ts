// PODWIRE_MUX end to end, one pair of proxies for every case: two real podwire processes with
// PODWIRE_MUX=true, a test Destination server and real applications on loopback (ephemeral ports
// only). What it proves:
// - many sequential and concurrent connections arrive byte-exact as streams, all on at most two
//   pooled mTLS connections (pool and handshake metrics), one access-log line per application
//   connection on each side as without mux, both naming the stream with the same conn_id;
// - connections to an address whose profile names the pod or a service (as an intercepted
//   connection's original destination is looked up) are streams on the same pooled connections;
// - half-close each way passes through a stream with every byte;
// - a policy change cuts one live stream (reset) and leaves its mux connection serving others;
// - a certificate rotation on either side retires the mux connection: its live stream finishes,
//   the next stream gets a new, freshly verified connection;
// - connections opened continuously while the server rotates (and so drains its mux connections)
//   all complete byte-exact: the streams it refused unprocessed are replayed on a new connection
//   (outbound_mux_streams_retried_total), none is reset.
// mux-pairs.test.ts has the cases that need a pair of their own (fallback, cuts, drain).
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, issueLeaf } from '../harness/pki.js';
import { startEchoServer, roundTrip, type TestServer } from '../harness/servers.js';
import { metricValue } from '../harness/proxy-process.js';
import { writeLeafFiles } from '../../proxy/pki/files.js';
import { watchBulk } from '../harness/bulk.js';
import { makeWorkdir, startClientProxy, startServerProxy, startDestinationServer, meshedEndpoint, identityPolicyYaml, SERVICE, type Workdir, type RunningPodwire } from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { MUX_ON, forwardTo, policyYaml, metricsOf, openEcho } from '../harness/mux-e2e.js';

/** A service address the Destination server profiles as SERVICE (nothing listens there). */
const SERVICE_IP = '127.0.0.2';

describe('PODWIRE_MUX between two podwire proxies', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let app: TestServer;
  let server: RunningPodwire;
  let client: RunningPodwire & { forwardPort: number; forwardPorts: number[] };
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
    // A forward to the service, and two to addresses (looked up as an intercepted connection's
    // original destination is): the app's own address, and a service address.
    client = await startClientProxy(w, dst, MUX_ON, [forwardTo(SERVICE), `127.0.0.1:0=127.0.0.1:${app.port}`, `127.0.0.1:0=${SERVICE_IP}:80`].join(','));
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

  it('carries connections to an address whose profile names the pod or a service as streams on the pooled connections', async () => {
    dst.setProfile(`127.0.0.1:${app.port}`, { endpoint: meshedEndpoint(app.port, server, IDS.server) });
    dst.setProfile(`${SERVICE_IP}:80`, { fullyQualifiedName: SERVICE });
    const streams = async () => metricValue(await metricsOf(client), 'outbound_mux_streams_total');
    const inboundOk = () => server.proc.logs.filter((l) => l.msg === 'connection closed' && l.direction === 'inbound' && l.client_id === IDS.client && l.reason === 'ok').length;
    const before = await streams();
    const okBefore = inboundOk();
    const EACH = 10;
    // After the first, each connection finds the address's profile answered and a session ready:
    // it is carried without waiting (outbound/handle.ts, connectNow).
    for (const port of client.forwardPorts.slice(1)) {
      for (let i = 0; i < EACH; i++) {
        const data = crypto.randomBytes(1 + i * 1009);
        expect((await roundTrip(port, data)).equals(data), `port ${port}, connection ${i}`).toBe(true);
      }
    }
    expect(await streams()).toBe(before + 2 * EACH);
    // One profile watch per address, shared by its connections.
    const lookups = dst.requests.filter((r) => r.method === 'GetProfile').map((r) => r.path).sort();
    expect(lookups).toEqual([`127.0.0.1:${app.port}`, `${SERVICE_IP}:80`].sort());
    // The server saw the client's identity on each: mTLS to the pod, not plain TCP to the address.
    await server.proc.waitFor(() => inboundOk() >= okBefore + 2 * EACH, 'the inbound access-log lines of the address connections', 10_000);
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
    // Denied now: refused per stream (the connection is not torn down for it), and not carried
    // again: the inbound's REFUSED follows its accept ack, so the outbound knows it was processed.
    const retriedBefore = metricValue(await metricsOf(client), 'outbound_mux_streams_retried_total');
    expect((await roundTrip(client.forwardPort, 'denied?').then((b) => b.toString(), () => ''))).toBe('');
    await server.proc.waitForAccessLog({ reason: 'unauthorized', client_id: IDS.client });
    expect(metricValue(await metricsOf(client), 'outbound_mux_streams_retried_total')).toBe(retriedBefore);

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
      // Four rotations, and more (up to twelve) until one caught an OPEN behind its GOAWAY: that
      // race is likely in each rotation, not certain (a fresh-clone CI run once saw none in four).
      for (let round = 0; round < 12 && (round < 4 || (await retried()) <= retriedBefore); round++) {
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
  }, 180_000);
});
