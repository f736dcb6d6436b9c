// Local-first failover end to end, with real processes: a federated service with one endpoint in
// this cluster (cluster_locality=local) and one in a linked cluster (remote), each a podwire in
// front of its own echo server on its own loopback address. All traffic goes local; when the local
// server proxy dies the next connections succeed through the remote one without a single failed
// client connection (the failed connect is retried on the remote endpoint before any byte moves);
// when a server proxy comes back on the local address, traffic returns to it after the cooldown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { roundTrip, startEchoServer, type TestServer } from '../harness/servers.js';
import { fetchText, metricValue } from '../harness/proxy-process.js';
import {
  makeWorkdir, startClientProxy, startServerProxy, startDestinationServer,
  type Workdir, type RunningPodwire,
} from '../harness/mesh.js';
import type { TestDestinationServer, TestEndpoint } from '../harness/destination-server.js';

const FEDERATED = 'web-federated.default.svc.cluster.local:80';
const LOCAL_IP = '127.0.10.1';
const REMOTE_IP = '127.0.20.1';

describe('local-first failover', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let nearEcho: TestServer;
  let farEcho: TestServer;
  let near: RunningPodwire;
  let far: RunningPodwire;
  let client: RunningPodwire & { forwardPort: number };

  const endpoint = (ip: string, echo: TestServer, proxy: RunningPodwire, identity: string, locality: string, cluster: string): TestEndpoint => ({
    ip, port: echo.port, identity, inboundPort: proxy.inboundPort,
    labels: { pod: `web-${cluster}`, namespace: 'default', cluster_locality: locality },
  });
  const serverAt = (ip: string, leaf: 'server' | 'other', port = 0) =>
    startServerProxy(w, { LINKERD2_PROXY_INBOUND_LISTEN_ADDR: `${ip}:${port}` }, w.pki.leaves[leaf]);

  /** Send `n` connections one after another; every one must round-trip. Returns which echo answered each. */
  async function send(n: number, tag: string): Promise<Array<'near' | 'far'>> {
    const landed: Array<'near' | 'far'> = [];
    for (let i = 0; i < n; i++) {
      const before = [nearEcho.connections(), farEcho.connections()];
      const msg = `${tag}-${i}`;
      const reply = await roundTrip(client.forwardPort, msg);
      expect(reply.toString()).toBe(msg);
      landed.push(nearEcho.connections() > before[0]! ? 'near' : farEcho.connections() > before[1]! ? 'far' : (() => {
        throw new Error(`connection ${msg} reached neither echo server`);
      })());
    }
    return landed;
  }

  const clientMetrics = async () => (await fetchText(client.addrs.admin, '/metrics')).body;

  beforeAll(async () => {
    w = await makeWorkdir();
    [dst, nearEcho, farEcho] = await Promise.all([startDestinationServer(), startEchoServer(), startEchoServer()]);
    [near, far] = await Promise.all([serverAt(LOCAL_IP, 'server'), serverAt(REMOTE_IP, 'other')]);
    dst.setEndpoints(FEDERATED, [
      endpoint(LOCAL_IP, nearEcho, near, IDS.server, 'local', 'east'),
      endpoint(REMOTE_IP, farEcho, far, IDS.other, 'remote', 'west'),
    ]);
    client = await startClientProxy(w, dst, { LINKERD2_PROXY_OUTBOUND_TCP_FAILFAST_TIMEOUT: '3s' }, `127.0.0.1:0=${FEDERATED}`);
  });

  afterAll(async () => {
    await client?.proc.stop();
    await near?.proc.stop();
    await far?.proc.stop();
    await nearEcho?.close();
    await farEcho?.close();
    await dst?.close();
    await w?.cleanup();
  });

  it('sends all traffic to the local endpoint while it is ready', async () => {
    expect(await send(10, 'steady')).toEqual(Array(10).fill('near'));
    expect(farEcho.connections()).toBe(0);
    const metrics = await clientMetrics();
    expect(metricValue(metrics, 'tcp_open_total', { peer: 'dst', dst_cluster_locality: 'local', server_id: IDS.server })).toBe(10);
  });

  it('fails over to the remote endpoint with no failed client connection when the local one dies', async () => {
    await near.proc.stop();
    const landed = await send(10, 'failover');
    expect(landed).toEqual(Array(10).fill('far'));
    const metrics = await clientMetrics();
    expect(metricValue(metrics, 'outbound_tcp_errors_total')).toBe(0);
    expect(metricValue(metrics, 'outbound_tcp_connect_attempt_failures_total', { reason: 'connect_refused', retried: 'true' })).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'outbound_tcp_failover_connections_total', { authority: FEDERATED })).toBe(10);
    expect(metricValue(metrics, 'tcp_open_total', { peer: 'dst', dst_cluster_locality: 'remote', server_id: IDS.other })).toBe(10);
    expect(client.proc.accessLogs({ direction: 'outbound' }).filter((l) => l.reason !== 'ok')).toEqual([]);
    // The access log says which connections needed a second dial.
    const retried = client.proc.accessLogs({ direction: 'outbound' }).filter((l) => l.connect_attempts !== undefined);
    expect(retried.length).toBeGreaterThanOrEqual(1);
    expect(retried.every((l) => l.connect_attempts === 2 && l.endpoint === `${REMOTE_IP}:${far.inboundPort}`)).toBe(true);
    // The remote side saw the client's own identity (pod to pod, no gateway in between).
    await far.proc.waitForAccessLog({ direction: 'inbound', client_id: IDS.client, reason: 'ok' });
  });

  it('returns to the local endpoint once a proxy is back on its address and the cooldown is over', async () => {
    near = await serverAt(LOCAL_IP, 'server', near.inboundPort);
    const landed: Array<'near' | 'far'> = [];
    const deadline = Date.now() + 40_000;
    while (landed.at(-1) !== 'near' && Date.now() < deadline) {
      landed.push(...(await send(1, 'recover')));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(landed.at(-1)).toBe('near');
    // Once back, local is preferred again for every new connection.
    expect(await send(5, 'back')).toEqual(Array(5).fill('near'));
    expect(metricValue(await clientMetrics(), 'outbound_tcp_errors_total')).toBe(0);
  });
});
