// The gateway role end to end, with real processes: client podwire → gateway podwire (a mirror
// endpoint with an authority override) → the gateway resolves the name through ITS OWN Destination
// server and re-originates mTLS with its own identity → server podwire → echo. Also: names outside
// the gateway suffixes and endpoints that would loop back into a gateway are refused, and a header
// without a name is still delivered locally by a gateway. Every proxy runs with PODWIRE_MUX=false
// (PER_CONNECTION), so both hops are Linkerd's protocol, as towards linkerd2-proxy peers, and the
// first case checks that they were; test/e2e/mux-pairs.test.ts runs a gateway with mux (the
// default) on both legs.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, issueLeaf, type TestLeaf } from '../harness/pki.js';
import { roundTrip, startEchoServer, type TestServer } from '../harness/servers.js';
import { fetchText, metricValue, startPodwire, splitAddr } from '../harness/proxy-process.js';
import {
  makeWorkdir, startClientProxy, startServerProxy, meshedEndpoint, startDestinationServer, forwardsFor, identityEnv,
  type Workdir, type RunningPodwire,
} from '../harness/mesh.js';
import type { TestDestinationServer, TestEndpoint } from '../harness/destination-server.js';
import { writeLeafFiles } from '../../proxy/pki/files.js';

/** Linkerd's protocol on every hop: this file tests the per-connection gateway path. */
const PER_CONNECTION = { PODWIRE_MUX: 'false' };
const GATEWAY_ID = 'linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.cluster.local';
const WEB = 'web.default.svc.cluster.local:80';
// What the client's (east) controller calls things: mirror services pointing at the west gateway.
const MIRRORS = ['web-west', 'bad-west', 'loopself-west', 'loopother-west', 'local-gw', 'not-a-gateway'].map((n) => `${n}.default.svc.cluster.local:80`);
const [WEB_WEST, BAD_WEST, LOOP_SELF, LOOP_OTHER, LOCAL_GW, NOT_A_GATEWAY] = MIRRORS as [string, string, string, string, string, string];

async function gatewayLeaf(w: Workdir): Promise<TestLeaf> {
  const bundle = await issueLeaf([GATEWAY_ID]);
  const paths = writeLeafFiles(path.join(w.dir, 'gateway'), bundle);
  return { ...bundle, id: GATEWAY_ID, dir: paths.dir, certFile: paths.certFile, keyFile: paths.keyFile };
}

/** Connect, send and half-close, and report what came back before the connection ended. */
function attempt(port: number, data: string): Promise<{ data: string; error?: string }> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    let got = '';
    s.on('data', (d) => (got += d.toString()));
    s.on('error', (err: NodeJS.ErrnoException) => resolve({ data: got, error: err.code ?? err.message }));
    s.on('close', () => resolve({ data: got }));
    s.on('connect', () => s.end(data));
  });
}

describe('gateway role', () => {
  let w: Workdir;
  let east: TestDestinationServer;
  let west: TestDestinationServer;
  let echo: TestServer;
  let server: RunningPodwire;
  let gateway: RunningPodwire;
  let client: RunningPodwire & { forwardPorts: number[] };
  let gatewayPolicy: string;
  const port = (svc: string) => client.forwardPorts[MIRRORS.indexOf(svc)]!;

  /** The mirror endpoint east's controller hands out for a gateway-exported service. */
  const viaGateway = (authorityOverride: string): TestEndpoint => ({
    ip: '127.0.0.1', port: gateway.inboundPort, identity: GATEWAY_ID, authorityOverride,
    labels: { target_cluster: 'west', target_service: 'web', target_service_namespace: 'default' },
  });

  beforeAll(async () => {
    w = await makeWorkdir();
    [east, west, echo] = await Promise.all([startDestinationServer(), startDestinationServer(), startEchoServer()]);
    server = await startServerProxy(w, PER_CONNECTION);
    const leaf = await gatewayLeaf(w);
    // No rules yet (the default policy admits everyone); the last test restricts the gateway port.
    gatewayPolicy = path.join(w.dir, 'gateway-policy.yaml');
    fs.writeFileSync(gatewayPolicy, 'ports: []\n');
    const { proc, addrs } = await startPodwire({
      ...identityEnv(leaf, w.pki),
      PODWIRE_GATEWAY: 'true',
      LINKERD2_PROXY_DESTINATION_SVC_ADDR: west.addr,
      LINKERD2_PROXY_OUTBOUND_TCP_FAILFAST_TIMEOUT: '1s',
      PODWIRE_INBOUND_TARGET_IP: '127.0.0.1',
      PODWIRE_POLICY_FILE: gatewayPolicy,
      ...PER_CONNECTION,
    });
    gateway = { proc, addrs, inboundPort: splitAddr(addrs.inbound).port };
    // West's controller: the real service behind the gateway, and two names that would loop.
    west.setEndpoints(WEB, [meshedEndpoint(echo.port, server, IDS.server)]);
    west.setEndpoints('loopself.default.svc.cluster.local:80', [
      { ip: '127.0.0.1', port: 8080, identity: GATEWAY_ID, inboundPort: gateway.inboundPort },
    ]);
    west.setEndpoints('loopother.default.svc.cluster.local:80', [
      { ip: '127.0.0.1', port: server.inboundPort, identity: IDS.server, authorityOverride: 'web.default.svc.far.local:80' },
    ]);
    east.setEndpoints(WEB_WEST, [viaGateway(WEB)]);
    east.setEndpoints(BAD_WEST, [viaGateway('web.default.example.com:80')]);
    east.setEndpoints(LOOP_SELF, [viaGateway('loopself.default.svc.cluster.local:80')]);
    east.setEndpoints(LOOP_OTHER, [viaGateway('loopother.default.svc.cluster.local:80')]);
    east.setEndpoints(LOCAL_GW, [meshedEndpoint(echo.port, gateway, GATEWAY_ID)]);
    // A mirror pointing straight at the server proxy, which is not a gateway.
    east.setEndpoints(NOT_A_GATEWAY, [{ ...viaGateway(WEB), port: server.inboundPort, identity: IDS.server }]);
    client = await startClientProxy(w, east, PER_CONNECTION, forwardsFor(MIRRORS));
  });

  afterAll(async () => {
    await client?.proc.stop();
    await gateway?.proc.stop();
    await server?.proc.stop();
    await echo?.close();
    await east?.close();
    await west?.close();
    await w?.cleanup();
  });

  it('carries bytes client → gateway → server, each hop seeing the identity of the hop before', async () => {
    const reply = await roundTrip(port(WEB_WEST), 'hello across the gateway');
    expect(reply.toString()).toBe('hello across the gateway');

    // The client dialled the gateway and verified its identity.
    const out = await client.proc.waitForAccessLog({ direction: 'outbound', target: WEB_WEST, reason: 'ok' });
    expect(out.server_id).toBe(GATEWAY_ID);
    expect(out.endpoint).toBe(`127.0.0.1:${gateway.inboundPort}`);
    // The gateway saw the client, proxied to the name, and verified the pod's identity.
    const gw = await gateway.proc.waitForAccessLog({ direction: 'inbound', target: WEB, reason: 'ok' });
    expect(gw.client_id).toBe(IDS.client);
    expect(gw.server_id).toBe(IDS.server);
    expect(gw.endpoint).toBe(`127.0.0.1:${server.inboundPort}`);
    // The server saw the gateway, not the client: the gateway re-originates mTLS.
    const inbound = await server.proc.waitForAccessLog({ direction: 'inbound', reason: 'ok' });
    expect(inbound.client_id).toBe(GATEWAY_ID);
    expect(inbound.target).toBe(`127.0.0.1:${echo.port}`);
    expect(server.proc.accessLogs({ client_id: IDS.client })).toHaveLength(0);

    // The gateway resolved the name through its own controller, not the client's.
    expect(west.requests.some((r) => r.method === 'Get' && r.path === WEB)).toBe(true);
    expect(east.requests.some((r) => r.method === 'Get' && r.path === WEB)).toBe(false);
    const metrics = (await fetchText(gateway.addrs.admin, '/metrics')).body;
    expect(metricValue(metrics, 'inbound_tcp_transport_header_connections_total', {
      target_name: 'web.default.svc.cluster.local', target_port: '80', client_id: IDS.client,
    })).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'tcp_open_total', { peer: 'dst', tls: 'true', server_id: IDS.server, authority: WEB })).toBeGreaterThanOrEqual(1);
    // With PODWIRE_MUX=false both legs are Linkerd's protocol, one mTLS connection each;
    // test/e2e/mux-pairs.test.ts runs the gateway with mux on both legs.
    expect(metricValue(metrics, 'inbound_mux_streams_total')).toBe(0);
    expect(metricValue(metrics, 'outbound_mux_streams_total')).toBe(0);
    expect(metricValue((await fetchText(server.addrs.admin, '/metrics')).body, 'inbound_mux_streams_total')).toBe(0);
  });

  it('refuses a name outside its suffixes (bad gateway domain)', async () => {
    const result = await attempt(port(BAD_WEST), 'should go nowhere');
    expect(result.data).toBe('');
    const line = await gateway.proc.waitForAccessLog({ reason: 'gateway_domain_invalid' });
    expect(line.client_id).toBe(IDS.client);
    expect(String(line.error)).toContain('web.default.example.com');
    expect(west.requests.some((r) => r.path.includes('example.com'))).toBe(false);
    const metrics = (await fetchText(gateway.addrs.admin, '/metrics')).body;
    expect(metricValue(metrics, 'inbound_tcp_errors_total', { error: 'gateway domain invalid', reason: 'gateway_domain_invalid' })).toBeGreaterThanOrEqual(1);
  });

  it('refuses a name that resolves back to this gateway', async () => {
    const result = await attempt(port(LOOP_SELF), 'round and round');
    expect(result.data).toBe('');
    const line = await gateway.proc.waitForAccessLog({ reason: 'gateway_loop', target: 'loopself.default.svc.cluster.local:80' });
    expect(String(line.error)).toContain(`127.0.0.1:${gateway.inboundPort}`);
    expect(gateway.proc.accessLogs({ client_id: GATEWAY_ID })).toHaveLength(0);
  });

  it('refuses a name that resolves to another gateway', async () => {
    const before = server.proc.accessLogs().length;
    const result = await attempt(port(LOOP_OTHER), 'to the next gateway');
    expect(result.data).toBe('');
    const line = await gateway.proc.waitForAccessLog({ reason: 'gateway_loop', target: 'loopother.default.svc.cluster.local:80' });
    expect(String(line.error)).toContain('web.default.svc.far.local:80');
    expect(server.proc.accessLogs()).toHaveLength(before);
    const metrics = (await fetchText(gateway.addrs.admin, '/metrics')).body;
    expect(metricValue(metrics, 'inbound_tcp_errors_total', { error: 'gateway loop', reason: 'gateway_loop' })).toBe(2);
  });

  it('still delivers a header without a name locally', async () => {
    const reply = await roundTrip(port(LOCAL_GW), 'to the gateway pod itself');
    expect(reply.toString()).toBe('to the gateway pod itself');
    const line = await gateway.proc.waitForAccessLog({ reason: 'ok', target: `127.0.0.1:${echo.port}` });
    expect(line.client_id).toBe(IDS.client);
  });

  it('a proxy that is not a gateway keeps refusing named headers', async () => {
    const result = await attempt(port(NOT_A_GATEWAY), 'not a gateway');
    expect(result.data).toBe('');
    const line = await server.proc.waitForAccessLog({ reason: 'gateway_unsupported' });
    expect(line.client_id).toBe(IDS.client);
  });

  // Last: it closes the gateway to this client.
  it("applies the gateway's own inbound policy before proxying onward, and to connections already open", async () => {
    const servedBefore = server.proc.accessLogs({ direction: 'inbound' }).length;
    // A connection through the gateway, open while the policy changes.
    const live = net.connect(port(WEB_WEST), '127.0.0.1');
    const echoed = new Promise<string>((r) => live.once('data', (d) => r(d.toString())));
    const closed = new Promise<void>((r) => live.once('close', () => r()));
    live.on('error', () => {});
    live.write('still here');
    expect(await echoed).toBe('still here');
    fs.writeFileSync(`${gatewayPolicy}.tmp`, `ports:\n  - port: ${gateway.inboundPort}\n    name: gateway\n    authentication:\n      identities: [${IDS.other}]\n`);
    fs.renameSync(`${gatewayPolicy}.tmp`, gatewayPolicy);
    await gateway.proc.waitForLog((l) => typeof l.msg === 'string' && l.msg.includes('inbound policy changed'));
    // The open connection is cut, and its record says why.
    await closed;
    const cut = await gateway.proc.waitForAccessLog({ reason: 'policy_changed' });
    expect(cut.client_id).toBe(IDS.client);
    // The server's side of the cut connection is recorded too (asynchronously): wait for it, so
    // the count below sees only what the denied attempt could add.
    const served = servedBefore + 1;
    await server.proc.waitForLog(() => server.proc.accessLogs({ direction: 'inbound' }).length >= served);
    const result = await attempt(port(WEB_WEST), 'not allowed through');
    expect(result.data).toBe('');
    const line = await gateway.proc.waitForAccessLog({ reason: 'unauthorized' });
    expect(line.client_id).toBe(IDS.client);
    expect(server.proc.accessLogs({ direction: 'inbound' })).toHaveLength(served);
    const metrics = (await fetchText(gateway.addrs.admin, '/metrics')).body;
    expect(metricValue(metrics, 'inbound_tcp_authz_deny_total', { target_port: String(gateway.inboundPort), client_id: IDS.client })).toBe(1);
    expect(metricValue(metrics, 'inbound_tcp_authz_terminate_total', { target_port: String(gateway.inboundPort), client_id: IDS.client })).toBe(1);
  });
});
