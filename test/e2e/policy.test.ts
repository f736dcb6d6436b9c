// Inbound policy enforced on the direct port, end to end: a server-side podwire with a
// PODWIRE_POLICY_FILE (default deny), a client-side podwire meshed through the test Destination
// server, and hand-driven TLS probes for the identities the client proxy doesn't have (another
// identity, another trust domain, a SPIFFE id) and for the network rule, which needs a chosen
// source address (127.0.0.2) that a podwire client can't be told to bind.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, issueLeaf, type TestLeaf } from '../harness/pki.js';
import { startEchoServer, roundTrip, type TestServer } from '../harness/servers.js';
import { fetchText, metricValue } from '../harness/proxy-process.js';
import { probe } from '../harness/tls-client.js';
import {
  makeWorkdir, startClientProxy, startServerProxy, startDestinationServer, meshedEndpoint, SERVICE,
  type Workdir, type RunningPodwire,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { writeLeafFiles } from '../../proxy/pki/files.js';
import { encodeHeader, TRANSPORT_ALPN } from '../../proxy/transport/header.js';

const OTHER_TD = 'client.default.serviceaccount.identity.linkerd.other.local';

function policyYaml(ports: { ids: number; suffix: number; network: number }, allowed: string): string {
  return `ports:
  - port: ${ports.ids}
    name: ids
    authentication:
      identities: [${allowed}]
  - port: ${ports.suffix}
    name: suffix
    authentication:
      identitySuffixes: ["*.default.serviceaccount.identity.linkerd.cluster.local"]
  - port: ${ports.network}
    name: network
    networks: [{net: 127.0.0.0/8, except: [127.0.0.1/32]}]
    authentication: any-mesh-identity
`;
}

describe('inbound policy on the direct port', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let idsApp: TestServer;
  let suffixApp: TestServer;
  let networkApp: TestServer;
  let server: RunningPodwire;
  let client: RunningPodwire & { forwardPort: number };
  let otherTd: TestLeaf;
  let policyFile: string;
  let ports: { ids: number; suffix: number; network: number };

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    [idsApp, suffixApp, networkApp] = await Promise.all([startEchoServer(), startEchoServer(), startEchoServer()]);
    ports = { ids: idsApp.port, suffix: suffixApp.port, network: networkApp.port };
    fs.mkdirSync(path.join(w.dir, 'policy'));
    policyFile = path.join(w.dir, 'policy', 'policy.yaml');
    fs.writeFileSync(policyFile, policyYaml(ports, IDS.client));
    const otherTdBundle = await issueLeaf([OTHER_TD]);
    const otherTdFiles = writeLeafFiles(path.join(w.dir, 'other-td'), otherTdBundle);
    otherTd = { ...otherTdBundle, id: OTHER_TD, dir: otherTdFiles.dir, certFile: otherTdFiles.certFile, keyFile: otherTdFiles.keyFile };
    server = await startServerProxy(w, { PODWIRE_POLICY_FILE: policyFile, LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'deny' });
    dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint(idsApp.port, server, IDS.server)]);
    client = await startClientProxy(w, dst);
  });

  afterAll(async () => {
    await client?.proc.stop();
    await server?.proc.stop();
    await Promise.all([idsApp?.close(), suffixApp?.close(), networkApp?.close()]);
    await dst?.close();
    await w?.cleanup();
  });

  const metrics = async () => (await fetchText(server.addrs.admin, '/metrics')).body;

  /** One TLS connection to the direct port as `leaf`, header for `port`, send, read until close. */
  async function send(leaf: TestLeaf, port: number, data: string): Promise<string> {
    const p = await probe({ port: server.inboundPort, serverName: IDS.server, anchorsPem: w.pki.ca.anchorsPem, leaf, alpn: [TRANSPORT_ALPN] });
    p.socket.on('error', () => {});
    p.socket.end(Buffer.concat([encodeHeader({ port }), Buffer.from(data)]));
    return (await p.closed()).data.toString();
  }

  async function expectDenied(leaf: TestLeaf, port: number, srvName: string): Promise<void> {
    const before = metricValue(await metrics(), 'inbound_tcp_authz_deny_total', { client_id: leaf.id, srv_name: srvName });
    expect(await send(leaf, port, 'nope')).toBe('');
    const warn = await server.proc.waitForLog((l) => l.msg === 'connection denied by policy' && l.client_id === leaf.id && l.port === port);
    expect(warn.client_ip).toBe('127.0.0.1');
    expect(warn.server).toBe(`server:${srvName}`);
    await server.proc.waitForAccessLog({ reason: 'unauthorized', client_id: leaf.id, target: `127.0.0.1:${port}` });
    const after = await metrics();
    expect(metricValue(after, 'inbound_tcp_authz_deny_total', {
      target_addr: `127.0.0.1:${port}`, srv_group: 'policy.podwire.io', srv_kind: 'server', srv_name: srvName,
      srv_port: String(port), tls: 'true', client_id: leaf.id,
    })).toBe(before + 1);
    expect(metricValue(after, 'inbound_tcp_errors_total', { reason: 'unauthorized' })).toBeGreaterThanOrEqual(1);
  }

  it('admits an identity on the allow list, across two proxies, and counts it with Linkerd labels', async () => {
    expect((await roundTrip(client.forwardPort, 'allowed')).toString()).toBe('allowed');
    await server.proc.waitForAccessLog({ direction: 'inbound', client_id: IDS.client, reason: 'ok' });
    expect(metricValue(await metrics(), 'inbound_tcp_authz_allow_total', {
      target_addr: `127.0.0.1:${ports.ids}`, target_ip: '127.0.0.1', target_port: String(ports.ids),
      srv_group: 'policy.podwire.io', srv_kind: 'server', srv_name: 'ids', srv_port: String(ports.ids),
      authz_group: 'policy.podwire.io', authz_kind: 'authorization', authz_name: 'ids',
      tls: 'true', client_id: IDS.client,
    })).toBeGreaterThanOrEqual(1);
  });

  it('denies another identity, counted and logged, and never reaches the app', async () => {
    const seen = idsApp.connections();
    await expectDenied(w.pki.leaves.other, ports.ids, 'ids');
    expect(idsApp.connections()).toBe(seen);
  });

  it('denies the same name from another trust domain', async () => {
    await expectDenied(otherTd, ports.ids, 'ids');
  });

  it('suffix rule: admits identities under the suffix by whole labels, not another trust domain or a SPIFFE id', async () => {
    expect(await send(w.pki.leaves.other, ports.suffix, 'suffix')).toBe('suffix');
    await expectDenied(otherTd, ports.suffix, 'suffix');
    await expectDenied(w.pki.leaves.spiffeClient, ports.suffix, 'suffix');
  });

  it('ports outside the file fall under the default (deny)', async () => {
    const before = metricValue(await metrics(), 'inbound_tcp_authz_deny_total', { srv_kind: 'default', srv_name: 'deny' });
    // Port 1: in no rule of the file; denied before any dial.
    expect(await send(w.pki.leaves.client, 1, 'x')).toBe('');
    await expect.poll(async () => metricValue(await metrics(), 'inbound_tcp_authz_deny_total', { srv_kind: 'default', srv_name: 'deny' })).toBe(before + 1);
  });

  it('network rule: the client IP must be in the networks and not in except', async () => {
    await expectDenied(w.pki.leaves.client, ports.network, 'network');
    const leaf = w.pki.leaves.client;
    // Bind the TCP source to 127.0.0.2 (any 127/8 address works on loopback), then TLS over it.
    const tcp = net.connect({ host: '127.0.0.1', port: server.inboundPort, localAddress: '127.0.0.2' });
    const socket = tls.connect({
      socket: tcp, servername: IDS.server,
      ca: w.pki.ca.anchorsPem, cert: leaf.chainPem, key: leaf.keyPem, ALPNProtocols: [TRANSPORT_ALPN],
      checkServerIdentity: () => undefined,
    });
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', () => {
        socket.end(Buffer.concat([encodeHeader({ port: ports.network }), Buffer.from('from .2')]));
      });
      socket.once('error', reject);
      socket.once('close', () => resolve());
    });
    expect(Buffer.concat(chunks).toString()).toBe('from .2');
  });

  it('a policy edit closes a now-denied live connection (policy_changed) and admits a newly allowed client', async () => {
    const live = net.connect({ host: '127.0.0.1', port: client.forwardPort });
    live.on('error', () => {});
    const closed = new Promise<void>((r) => live.once('close', () => r()));
    const echoed = new Promise<string>((r) => live.once('data', (d: Buffer) => r(d.toString())));
    live.write('still here');
    expect(await echoed).toBe('still here');
    expect(await send(w.pki.leaves.other, ports.ids, 'before')).toBe('');

    fs.writeFileSync(`${policyFile}.tmp`, policyYaml(ports, IDS.other));
    fs.renameSync(`${policyFile}.tmp`, policyFile);

    await closed;
    await server.proc.waitForAccessLog({ reason: 'policy_changed', client_id: IDS.client });
    await server.proc.waitForLog((l) => l.msg === 'live connection no longer allowed by the new policy' && l.client_id === IDS.client);
    expect(metricValue(await metrics(), 'inbound_tcp_authz_terminate_total', { srv_name: 'ids', client_id: IDS.client })).toBe(1);
    expect(await send(w.pki.leaves.other, ports.ids, 'after')).toBe('after');
  });
});
