// The outbound listener for intercepted connections, run in-process so the original destination
// can be supplied directly (SO_ORIGINAL_DST itself arrives with transparent interception):
// GetProfile → service name → Get, GetProfile → single pod endpoint, unknown → plain TCP,
// outside the profile networks → no lookup at all, and the proxy's own address → refused.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { roundTrip, startEchoServer, type TestServer } from '../harness/servers.js';
import { metricValue } from '../harness/proxy-process.js';
import {
  makeWorkdir, startServerProxy, meshedEndpoint, startDestinationServer, identityEnv, SERVICE,
  type Workdir, type RunningPodwire,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { loadConfig } from '../../proxy/config.js';
import { startProxy, type RunningProxy } from '../../proxy/app.js';
import { silentLogger } from '../../proxy/log.js';
import { origDstFrom } from '../../proxy/transport/orig-dst.js';
import { formatAddr, type SocketAddr } from '../../proxy/transport/addr.js';

describe('outbound listener with supplied original destinations', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let echo: TestServer;
  let plain: TestServer;
  let plain6: TestServer;
  let server: RunningPodwire;
  let proxy: RunningProxy;
  /**
   * Where each client "meant" to connect, keyed by its source IP: each call dials from its own
   * 127.0.0.N, so the table is filled before the proxy accepts (no race with the accept callback).
   */
  const intended = new Map<string, SocketAddr>();
  let nextSource = 10;

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    [echo, plain, plain6] = await Promise.all([startEchoServer(), startEchoServer(), startEchoServer('::1')]);
    server = await startServerProxy(w);
    dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint(echo.port, server, IDS.server)]);
    dst.setProfile('10.96.0.10:80', { fullyQualifiedName: SERVICE });
    dst.setProfile('10.1.2.3:8080', { endpoint: meshedEndpoint(echo.port, server, IDS.server) });
    const config = loadConfig({
      ...identityEnv(w.pki.leaves.client, w.pki),
      LINKERD2_PROXY_INBOUND_LISTEN_ADDR: '127.0.0.1:0',
      LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR: '127.0.0.1:0',
      LINKERD2_PROXY_ADMIN_LISTEN_ADDR: '127.0.0.1:0',
      LINKERD2_PROXY_DESTINATION_SVC_ADDR: dst.addr,
      LINKERD2_PROXY_DESTINATION_PROFILE_NETWORKS: '10.0.0.0/8,127.0.0.0/8',
      LINKERD2_PROXY_OUTBOUND_TCP_FAILFAST_TIMEOUT: '1s',
    });
    proxy = await startProxy({
      config,
      log: silentLogger(),
      origDst: origDstFrom((s) => intended.get(s.remoteAddress ?? ''), 'test table'),
    });
  });

  afterAll(async () => {
    await proxy?.shutdown();
    await server?.proc.stop();
    await Promise.all([echo?.close(), plain?.close(), plain6?.close()]);
    await dst?.close();
    await w?.cleanup();
  });

  /** Connect to the outbound port as if the app dialled `target`, send, and collect the reply. */
  function dial(target: SocketAddr | undefined, payload: string): Promise<{ reply: string; error?: string }> {
    return new Promise((resolve) => {
      const out = proxy.outbound[0]!;
      const source = `127.0.0.${nextSource++}`;
      if (target) intended.set(source, target);
      const s = net.connect({ host: out.ip, port: out.port, localAddress: source, allowHalfOpen: true });
      let reply = '';
      s.on('connect', () => s.end(payload));
      s.on('data', (d) => (reply += d.toString()));
      s.on('error', (e: NodeJS.ErrnoException) => resolve({ reply, error: e.code ?? e.message }));
      s.on('end', () => resolve({ reply }));
    });
  }

  const profileLookups = (path: string) => dst.requests.filter((r) => r.method === 'GetProfile' && r.path === path).length;
  const metrics = async () => proxy.metrics.render();

  it('resolves a service address through GetProfile then Get, over mTLS', async () => {
    const before = echo.connections();
    expect((await dial({ ip: '10.96.0.10', port: 80 }, 'to the service')).reply).toBe('to the service');
    expect(echo.connections()).toBe(before + 1);
    expect(profileLookups('10.96.0.10:80')).toBeGreaterThanOrEqual(1);
    expect(dst.requests.some((r) => r.method === 'Get' && r.path === `${SERVICE}:80`)).toBe(true);
    expect(metricValue(await metrics(), 'tcp_open_total', { peer: 'dst', tls: 'true', server_id: IDS.server, authority: `${SERVICE}:80` })).toBeGreaterThanOrEqual(1);
  });

  it('uses the single endpoint a profile names (a pod IP)', async () => {
    expect((await dial({ ip: '10.1.2.3', port: 8080 }, 'to the pod')).reply).toBe('to the pod');
    expect(profileLookups('10.1.2.3:8080')).toBeGreaterThanOrEqual(1);
    expect(metricValue(await metrics(), 'tcp_open_total', { peer: 'dst', tls: 'true', target_addr: `127.0.0.1:${server.inboundPort}` })).toBeGreaterThanOrEqual(1);
  });

  it('forwards plain TCP to an address discovery does not know', async () => {
    const target = { ip: '127.0.0.1', port: plain.port };
    expect((await dial(target, 'plain')).reply).toBe('plain');
    expect(profileLookups(formatAddr(target))).toBeGreaterThanOrEqual(1);
    expect(metricValue(await metrics(), 'tcp_open_total', { peer: 'dst', no_tls_reason: 'not_provided_by_service_discovery', target_addr: formatAddr(target) })).toBe(1);
  });

  it('does not look up addresses outside the profile networks', async () => {
    const target = { ip: '::1', port: plain6.port };
    expect((await dial(target, 'v6 plain')).reply).toBe('v6 plain');
    expect(profileLookups(formatAddr(target))).toBe(0);
  });

  it('refuses a connection whose original destination is the proxy itself', async () => {
    const self = proxy.outbound[0]!;
    const result = await dial({ ip: self.ip, port: self.port }, 'loop');
    expect(result.reply).toBe('');
    expect(metricValue(await metrics(), 'outbound_tcp_errors_total', { reason: 'proxy_loop' })).toBe(1);
  });

  it('refuses a connection whose original destination is unknown', async () => {
    const result = await dial(undefined, 'where');
    expect(result.reply).toBe('');
    expect(metricValue(await metrics(), 'outbound_tcp_errors_total', { reason: 'no_original_dst' })).toBeGreaterThanOrEqual(1);
  });
});
