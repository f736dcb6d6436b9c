// PODWIRE_MUX_CONNECTIONS_PER_PEER and PODWIRE_MUX_IDLE_TIMEOUT end to end, with two real podwire
// processes, a test Destination server and an echo application on loopback: concurrent
// connections to one peer share as many pooled mTLS connections as the setting allows (one TLS
// handshake each), connections that arrive one after another while the others stay open are
// spread over that many pooled connections, connections that arrive all at once are spread evenly
// over them too, and a pooled connection left without streams for the idle timeout is closed,
// after which the next connection dials a new one.
import crypto from 'node:crypto';
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

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    app = await startEchoServer();
    server = await startServerProxy(w, { PODWIRE_MUX: 'true', LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'all-authenticated' });
    dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint(app.port, server, IDS.server)]);
    client = await startClientProxy(w, dst, { PODWIRE_MUX: 'true', PODWIRE_MUX_CONNECTIONS_PER_PEER: '1', PODWIRE_MUX_IDLE_TIMEOUT: '1s' });
    spreading = await startClientProxy(w, dst, { PODWIRE_MUX: 'true', PODWIRE_MUX_CONNECTIONS_PER_PEER: '3' });
    defaults = await startClientProxy(w, dst, { PODWIRE_MUX: 'true' });
  }, 60_000);

  afterAll(async () => {
    await client?.proc.stop();
    await spreading?.proc.stop();
    await defaults?.proc.stop();
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
    // All 16 ask for a stream before any pooled connection is ready: two dial, the other 14 wait,
    // half for each dial (they used to ride the first connection ready, 15 to 1).
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
});
