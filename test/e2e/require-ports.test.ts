// LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY / _REQUIRE_TLS on every inbound path a connection
// to such a port can take, with real listeners, real TLS and the real echo application:
// - application ports (in-process proxy; the original destination comes from a table, since a
//   loopback connection has no other way to carry one): plaintext, TLS passed through for another
//   SNI, mesh TLS terminated without and with a client certificate;
// - the direct port, in a spawned `podwire proxy` process: a transport header naming the port;
// - with policy from a spawned `podwire controller`: its default answer for a required port is
//   tightened too, while a port its topology gives an explicit Server keeps that Server's policy.
// Ports in neither list behave as before.
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, type TestLeaf } from '../harness/pki.js';
import { startEchoServer, type TestServer } from '../harness/servers.js';
import { selfSignedLocalhost } from '../harness/sockets.js';
import { makeWorkdir, startServerProxy, type RunningPodwire, type Workdir } from '../harness/mesh.js';
import { metricValue, fetchText, spawnPodwire, type ProxyProcess } from '../harness/proxy-process.js';
import {
  OrigDstTable, startAppPortProxy, plainFrom, tlsFrom, meshTls, readUntilClosed, type AppPortProxy,
} from '../harness/app-port-proxy.js';
import { encodeHeader, TRANSPORT_ALPN } from '../../proxy/transport/header.js';
import { makeCheckServerIdentity } from '../../proxy/identity/verify.js';

const IDENTITY_VAR = 'LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY';
const TLS_VAR = 'LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_TLS';

describe('required ports on application ports', () => {
  let w: Workdir;
  let idApp: TestServer;
  let tlsOnlyApp: TestServer;
  let openApp: TestServer;
  /** A TLS application with its own certificate on a require-identity port: pass-through target. */
  let foreignTls: { port: number; certPem: string; close(): void };
  let proxy: AppPortProxy;
  const table = new OrigDstTable(40);

  beforeAll(async () => {
    w = await makeWorkdir();
    [idApp, tlsOnlyApp, openApp] = await Promise.all([startEchoServer(), startEchoServer(), startEchoServer()]);
    const cert = await selfSignedLocalhost();
    const server = tls.createServer({ key: cert.keyPem, cert: cert.certPem, allowHalfOpen: true }, (s) => {
      s.on('error', () => {});
      s.pipe(s);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    foreignTls = { port: (server.address() as net.AddressInfo).port, certPem: cert.certPem, close: () => server.close() };
    proxy = await startAppPortProxy(w, table, {
      LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'all-unauthenticated',
      [IDENTITY_VAR]: `${idApp.port},${foreignTls.port}`,
      // A range, as Linkerd's port-range syntax allows.
      [TLS_VAR]: `${tlsOnlyApp.port}-${tlsOnlyApp.port}`,
    });
  });

  afterAll(async () => {
    await proxy?.running.shutdown();
    await Promise.all([idApp?.close(), tlsOnlyApp?.close(), openApp?.close()]);
    foreignTls?.close();
    await w?.cleanup();
  });

  it('require-identity port: refuses plaintext, naming the variable; the application sees nothing', async () => {
    const seen = idApp.connections();
    const from = table.source(idApp.port);
    expect(await plainFrom(proxy, from, 'plaintext')).toBe('');
    const line = await proxy.accessLog(from);
    expect(line).toMatchObject({ reason: 'unauthorized', target: `127.0.0.1:${idApp.port}` });
    expect(line.error).toContain(`port requires a mesh client identity (${IDENTITY_VAR}); client has no mesh TLS`);
    expect(idApp.connections()).toBe(seen);
    expect(await proxy.metric('inbound_tcp_authz_deny_total', { srv_kind: 'default', srv_name: 'all-authenticated', target_port: String(idApp.port), tls: 'no_identity' })).toBe(1);
    expect(proxy.lines.find((l) => l.msg === 'connection denied by policy' && l.port === idApp.port)).toMatchObject({ client_ip: from });
  });

  it('require-identity port: refuses mesh TLS without a client certificate', async () => {
    const from = table.source(idApp.port);
    const { socket, reply } = await tlsFrom(proxy, from, meshTls(w));
    socket.end('anonymous');
    expect(await reply).toBe('');
    const line = await proxy.accessLog(from);
    expect(line).toMatchObject({ reason: 'unauthorized' });
    expect(line.error).toContain('client has mesh TLS without an identity');
    expect(await proxy.metric('inbound_tcp_authz_deny_total', { srv_name: 'all-authenticated', target_port: String(idApp.port), tls: 'true', client_id: '' })).toBe(1);
  });

  it('require-identity port: refuses TLS for another name (passed through, so not mesh TLS)', async () => {
    const from = table.source(foreignTls.port);
    const reply = await tlsFrom(proxy, from, { servername: 'localhost', ca: foreignTls.certPem }).then((c) => {
      c.socket.end('to the app');
      return c.reply;
    }, () => '');
    expect(reply).toBe('');
    expect(await proxy.accessLog(from)).toMatchObject({ reason: 'unauthorized', target: `127.0.0.1:${foreignTls.port}` });
    expect(await proxy.metric('inbound_tcp_authz_deny_total', { tls: 'opaque', sni: 'localhost', target_port: String(foreignTls.port) })).toBe(1);
  });

  it('require-identity port: admits mesh TLS with a client identity', async () => {
    const from = table.source(idApp.port);
    const { socket, reply } = await tlsFrom(proxy, from, meshTls(w, w.pki.leaves.client));
    socket.end('with identity');
    expect(await reply).toBe('with identity');
    expect(await proxy.accessLog(from)).toMatchObject({ reason: 'ok', client_id: IDS.client });
    expect(await proxy.metric('inbound_tcp_authz_allow_total', { srv_name: 'all-authenticated', client_id: IDS.client, target_port: String(idApp.port) })).toBe(1);
  });

  it('require-TLS port: refuses plaintext, admits mesh TLS with or without a client certificate', async () => {
    const plain = table.source(tlsOnlyApp.port);
    expect(await plainFrom(proxy, plain, 'plaintext')).toBe('');
    const refused = await proxy.accessLog(plain);
    expect(refused).toMatchObject({ reason: 'unauthorized' });
    expect(refused.error).toContain(`port requires mesh TLS (${TLS_VAR})`);

    for (const leaf of [undefined, w.pki.leaves.client]) {
      const from = table.source(tlsOnlyApp.port);
      const { socket, reply } = await tlsFrom(proxy, from, meshTls(w, leaf));
      socket.end('over mesh tls');
      expect(await reply).toBe('over mesh tls');
      expect(await proxy.accessLog(from)).toMatchObject({ reason: 'ok' });
    }
    expect(await proxy.metric('inbound_tcp_authz_allow_total', { srv_name: 'all-tls-unauthenticated', target_port: String(tlsOnlyApp.port) })).toBe(2);
  });

  it('other ports behave as before: plaintext admitted under all-unauthenticated', async () => {
    const from = table.source(openApp.port);
    expect(await plainFrom(proxy, from, 'plain still fine')).toBe('plain still fine');
    expect(await proxy.accessLog(from)).toMatchObject({ reason: 'ok' });
    expect(await proxy.metric('inbound_tcp_authz_allow_total', { srv_name: 'all-unauthenticated', target_port: String(openApp.port) })).toBe(1);
  });

  it('the direct path to a required port (original destination = the inbound port) admits a mesh identity', async () => {
    const from = table.source(proxy.running.inbound.port);
    const { socket, reply } = await tlsFrom(proxy, from, { ...meshTls(w, w.pki.leaves.client), ALPNProtocols: [TRANSPORT_ALPN] });
    socket.end(Buffer.concat([encodeHeader({ port: idApp.port }), Buffer.from('direct')]));
    expect(await reply).toBe('direct');
    expect(await proxy.accessLog(from)).toMatchObject({ reason: 'ok', client_id: IDS.client, target: `127.0.0.1:${idApp.port}` });
  });
});

describe('required ports on the direct port of a spawned proxy', () => {
  let w: Workdir;
  let app: TestServer;
  let other: TestServer;
  let server: RunningPodwire;

  beforeAll(async () => {
    w = await makeWorkdir();
    [app, other] = await Promise.all([startEchoServer(), startEchoServer()]);
    server = await startServerProxy(w, { LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'all-unauthenticated', [IDENTITY_VAR]: String(app.port) });
  });

  afterAll(async () => {
    await server?.proc.stop();
    await Promise.all([app?.close(), other?.close()]);
    await w?.cleanup();
  });

  /** TLS (mutual with `leaf`) with the transport header naming `port`; what comes back before the proxy closes. */
  async function direct(port: number, leaf: TestLeaf | undefined): Promise<string> {
    const socket = tls.connect({
      host: '127.0.0.1', port: server.inboundPort, servername: IDS.server, ca: w.pki.ca.anchorsPem,
      checkServerIdentity: makeCheckServerIdentity(IDS.server), ALPNProtocols: [TRANSPORT_ALPN],
      ...(leaf && { cert: leaf.chainPem, key: leaf.keyPem }),
    });
    socket.on('error', () => {});
    const reply = readUntilClosed(socket);
    await once(socket, 'secureConnect');
    socket.end(Buffer.concat([encodeHeader({ port }), Buffer.from(`to ${port}`)]));
    return reply;
  }

  it('logs the required ports at startup', async () => {
    const line = await server.proc.waitForLog((l) => l.msg === 'inbound ports requiring a client identity or mesh TLS: their default policy refuses other clients');
    expect(line).toMatchObject({ require_identity: String(app.port), require_tls: '' });
  });

  it('admits an mTLS client with an identity to the required port, and other ports as before', async () => {
    expect(await direct(app.port, w.pki.leaves.client)).toBe(`to ${app.port}`);
    expect(await direct(other.port, w.pki.leaves.client)).toBe(`to ${other.port}`);
    const metrics = (await fetchText(server.addrs.admin, '/metrics')).body;
    expect(metricValue(metrics, 'inbound_tcp_authz_allow_total', { srv_name: 'all-authenticated', target_port: String(app.port), client_id: IDS.client })).toBe(1);
    expect(metricValue(metrics, 'inbound_tcp_authz_allow_total', { srv_name: 'all-unauthenticated', target_port: String(other.port) })).toBe(1);
  });

  it('refuses plaintext and TLS without a client certificate', async () => {
    const plain = net.connect({ host: '127.0.0.1', port: server.inboundPort });
    plain.on('error', () => {});
    const reply = readUntilClosed(plain);
    await once(plain, 'connect');
    plain.end(Buffer.concat([encodeHeader({ port: app.port }), Buffer.from('plaintext')]));
    expect(await reply).toBe('');
    await server.proc.waitForAccessLog({ reason: 'tls_handshake_failed' });

    expect(await direct(app.port, undefined).catch(() => '')).toBe('');
    await server.proc.waitForAccessLog({ reason: 'no_client_identity' });
    expect(app.received.every((chunks) => !Buffer.concat(chunks).toString().includes('plaintext'))).toBe(true);
  });
});

describe('required ports with policy from the policy API', () => {
  // Addresses only this file uses, so the controller's fixed port can't collide with other tests.
  const CONTROLLER = '127.84.0.1';
  let w: Workdir;
  let defaulted: TestServer;
  let explicit: TestServer;
  let controller: ProxyProcess;
  let proxy: AppPortProxy;
  const table = new OrigDstTable(60);

  beforeAll(async () => {
    w = await makeWorkdir();
    [defaulted, explicit] = await Promise.all([startEchoServer(), startEchoServer()]);
    const file = path.join(w.dir, 'topology.yaml');
    // The controller's default differs from the proxy's (cluster- vs all-), so the metrics show
    // whose default is in force: the controller's, tightened.
    writeFileSync(file, `
cluster: { name: test }
controller: { listen: ${CONTROLLER}:8086 }
workloads:
  - { pod: web-0, namespace: default, serviceAccount: server, ip: 127.0.0.1 }
policy:
  default: cluster-unauthenticated
  clusterNetworks: [127.0.0.0/8]
  servers:
    - { name: open-explicit, namespace: default, pods: [web-0], port: ${explicit.port}, authentication: unauthenticated }
`);
    controller = spawnPodwire(['controller', '--topology', file, '--plaintext-listen', `${CONTROLLER}:8087`, '--admin', 'off', '--log-format', 'json'], { PATH: process.env.PATH ?? '' });
    await controller.waitForLog((l) => l.msg === 'podwire controller ready');
    proxy = await startAppPortProxy(w, table, {
      LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'all-unauthenticated',
      LINKERD2_PROXY_POLICY_SVC_ADDR: `${CONTROLLER}:8087`,
      LINKERD2_PROXY_POLICY_WORKLOAD: '{"ns":"default","pod":"web-0"}',
      LINKERD2_PROXY_INBOUND_PORTS: `${defaulted.port},${explicit.port}`,
      [IDENTITY_VAR]: `${defaulted.port},${explicit.port}`,
    });
  });

  /** Both ports are watched from startup; the controller's answers, once in force. */
  async function answered(): Promise<void> {
    await expect.poll(() => proxy.lines.filter((l) => l.msg === 'inbound policy from the policy API' && typeof l.port === 'number').length, { timeout: 15_000 }).toBe(2);
  }

  afterAll(async () => {
    await proxy?.running.shutdown();
    await controller?.stop();
    await Promise.all([defaulted?.close(), explicit?.close()]);
    await w?.cleanup();
  });

  it('tightens the controller\'s default answer: plaintext refused under cluster-authenticated, a mesh identity admitted', async () => {
    await answered();
    const from = table.source(defaulted.port);
    expect(await plainFrom(proxy, from, 'plaintext')).toBe('');
    expect(await proxy.accessLog(from)).toMatchObject({ reason: 'unauthorized' });
    expect(await proxy.metric('inbound_tcp_authz_deny_total', { srv_kind: 'default', srv_name: 'cluster-authenticated', target_port: String(defaulted.port) })).toBe(1);
    const meshed = table.source(defaulted.port);
    const { socket, reply } = await tlsFrom(proxy, meshed, meshTls(w, w.pki.leaves.client));
    socket.end('meshed');
    expect(await reply).toBe('meshed');
  });

  it('leaves an explicit Server alone, as Linkerd does: its policy admits plaintext on the required port', async () => {
    await answered();
    const from = table.source(explicit.port);
    expect(await plainFrom(proxy, from, 'server decides')).toBe('server decides');
    expect(await proxy.metric('inbound_tcp_authz_allow_total', { srv_kind: 'server', srv_name: 'open-explicit', target_port: String(explicit.port) })).toBe(1);
  });
});
