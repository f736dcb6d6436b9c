// End to end: client app → podwire (forward, Destination API, mTLS + transport header) →
// podwire inbound 4143 → echo server, with two real podwire processes on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { roundTrip } from '../harness/servers.js';
import { fetchText, metricValue } from '../harness/proxy-process.js';
import type { RunningPodwire } from '../harness/mesh.js';
import { startEchoMesh, type EchoMesh } from '../harness/echo-mesh.js';

describe('core mTLS path between two podwire processes', () => {
  let mesh: EchoMesh;
  let server: RunningPodwire;
  let client: RunningPodwire & { forwardPort: number };

  beforeAll(async () => {
    mesh = await startEchoMesh();
    ({ server, client } = mesh);
  });

  afterAll(async () => mesh?.close());

  it('round-trips bytes through both proxies', async () => {
    const reply = await roundTrip(client.forwardPort, 'hello through the mesh');
    expect(reply.toString()).toBe('hello through the mesh');
  });

  it('shows the server the client workload identity and the header port', async () => {
    await roundTrip(client.forwardPort, 'who am i');
    const line = await server.proc.waitForAccessLog({ direction: 'inbound', client_id: IDS.client, reason: 'ok' });
    expect(line.target).toBe(`127.0.0.1:${mesh.echo.port}`);
    const metrics = (await fetchText(server.addrs.admin, '/metrics')).body;
    expect(metricValue(metrics, 'inbound_tcp_transport_header_connections_total', {
      target_port: String(mesh.echo.port), client_id: IDS.client,
    })).toBeGreaterThanOrEqual(1);
  });

  it('records the verified server identity on the client side', async () => {
    await roundTrip(client.forwardPort, 'x');
    const line = await client.proc.waitForAccessLog({ direction: 'outbound', server_id: IDS.server, reason: 'ok' });
    expect(line.endpoint).toBe(`127.0.0.1:${server.inboundPort}`);
    const metrics = (await fetchText(client.addrs.admin, '/metrics')).body;
    expect(metricValue(metrics, 'tcp_open_total', { direction: 'outbound', peer: 'dst', tls: 'true', server_id: IDS.server, dst_pod: 'web-0' })).toBeGreaterThanOrEqual(1);
  });

  it('is ready and live on the admin port', async () => {
    expect(await fetchText(client.addrs.admin, '/live')).toEqual({ status: 200, body: 'live\n' });
    expect(await fetchText(client.addrs.admin, '/ready')).toEqual({ status: 200, body: 'ready\n' });
  });
});
