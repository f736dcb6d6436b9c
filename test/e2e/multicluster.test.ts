// Two linked clusters with real `podwire` processes on loopback: an east and a west controller
// (east links west over TLS, west's controller identity checked), west pods behind podwire
// proxies on their own pod IPs, a west gateway, and an east client proxy with forwards to two
// mirror names.
// - flat: `web-west` resolves (through east's controller, from west's) to the west pod itself;
//   bytes round-trip and the west pod's proxy sees the EAST client's own identity;
// - gateway: `api-west` resolves to the west gateway, which re-originates mTLS; the west pod's
//   proxy sees the GATEWAY's identity.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLeafFiles } from '../../proxy/pki/files.js';
import { issueLeaf, type TestLeaf } from '../harness/pki.js';
import { makeWorkdir, identityEnv, type Workdir } from '../harness/mesh.js';
import { roundTrip, startEchoServer, type TestServer } from '../harness/servers.js';
import { spawnPodwire, startPodwire, type ProxyProcess } from '../harness/proxy-process.js';

// Addresses only this file uses: east 127.61.x.y, west 127.62.x.y, so the real ports can be used.
const EAST = { controller: '127.61.0.1', client: '127.61.1.1' };
const WEST = { controller: '127.62.0.1', gateway: '127.62.0.9', web: '127.62.1.1', api: '127.62.1.2' };

const id = (sa: string, ns: string, cluster: string): string => `${sa}.${ns}.serviceaccount.identity.linkerd.${cluster}.local`;
const CONTROLLER_ID = (cluster: string): string => id('linkerd-destination', 'linkerd', cluster);
const GATEWAY_ID = id('linkerd-gateway', 'linkerd-multicluster', 'west');
const CLIENT_ID = id('client', 'default', 'east');
const WEB_ID = id('web', 'default', 'west');
const API_ID = id('api', 'default', 'west');

async function leaf(w: Workdir, name: string, identity: string): Promise<TestLeaf> {
  const bundle = await issueLeaf([identity]);
  const paths = writeLeafFiles(path.join(w.dir, 'mc', name), bundle);
  return { ...bundle, id: identity, dir: paths.dir, certFile: paths.certFile, keyFile: paths.keyFile };
}

function westTopology(controller: TestLeaf): string {
  return `
cluster: { name: west, trustDomain: west.local }
controller:
  listen: ${WEST.controller}:8086
  identity: { certFile: ${controller.certFile}, keyFile: ${controller.keyFile} }
services:
  - { name: web, namespace: default, ports: [{ port: 80, targetPort: 8080 }] }
  - { name: api, namespace: default, ports: [{ port: 80, targetPort: 8080 }] }
workloads:
  - { pod: web-0, namespace: default, serviceAccount: web, ip: ${WEST.web}, services: [web] }
  - { pod: api-0, namespace: default, serviceAccount: api, ip: ${WEST.api}, services: [api] }
`;
}

/** East has no issuer of its own here: the link names its TLS files (client certificate, anchors). */
function eastTopology(controller: TestLeaf, anchorsFile: string): string {
  return `
cluster: { name: east, trustDomain: east.local }
controller:
  listen: ${EAST.controller}:8086
  identity: { certFile: ${controller.certFile}, keyFile: ${controller.keyFile} }
links:
  - cluster: west
    controller: { addr: ${WEST.controller}:8086, identity: ${CONTROLLER_ID('west')} }
    tls: { certFile: ${controller.certFile}, keyFile: ${controller.keyFile}, trustAnchorsFile: ${anchorsFile} }
    trustDomain: west.local
    gateway: { addr: ${WEST.gateway}, port: 4143, identity: ${GATEWAY_ID} }
    services:
      - { name: web, namespace: default, mode: remote-discovery }
      - { name: api, namespace: default, mode: gateway }
`;
}

function startController(file: string, plaintext: string): ProxyProcess {
  return spawnPodwire(
    ['controller', '--topology', file, '--plaintext-listen', plaintext, '--admin', 'off', '--log-format', 'json'],
    { PATH: process.env.PATH ?? '' },
  );
}

/** A pod's proxy: inbound on <ip>:4143, admin on <ip>:4191; PODWIRE_INBOUND_TARGET_IP unset, so
 * traffic is delivered to the pod IP itself. */
function podEnv(ip: string, l: TestLeaf, w: Workdir): Record<string, string> {
  return {
    ...identityEnv(l, w.pki),
    LINKERD2_PROXY_INBOUND_LISTEN_ADDR: `${ip}:4143`,
    LINKERD2_PROXY_ADMIN_LISTEN_ADDR: `${ip}:4191`,
  };
}

describe('linked clusters with real processes', () => {
  let w: Workdir;
  const apps: TestServer[] = [];
  const procs: ProxyProcess[] = [];
  let webProxy: ProxyProcess;
  let apiProxy: ProxyProcess;
  let gateway: ProxyProcess;
  let client: ProxyProcess;
  let eastController: ProxyProcess;

  beforeAll(async () => {
    w = await makeWorkdir();
    const [westCtl, eastCtl, web, api, gw, cl] = await Promise.all([
      leaf(w, 'west-controller', CONTROLLER_ID('west')), leaf(w, 'east-controller', CONTROLLER_ID('east')),
      leaf(w, 'web', WEB_ID), leaf(w, 'api', API_ID), leaf(w, 'gateway', GATEWAY_ID), leaf(w, 'client', CLIENT_ID),
    ]);
    apps.push(await startEchoServer(WEST.web, 8080), await startEchoServer(WEST.api, 8080));
    const westFile = path.join(w.dir, 'west.yaml');
    writeFileSync(westFile, westTopology(westCtl));
    const eastFile = path.join(w.dir, 'east.yaml');
    writeFileSync(eastFile, eastTopology(eastCtl, w.pki.ca.anchorsFile));

    const westController = startController(westFile, `${WEST.controller}:8087`);
    procs.push(westController);
    await westController.waitForLog((l) => l.msg === 'podwire controller ready');
    eastController = startController(eastFile, `${EAST.controller}:8087`);
    procs.push(eastController);
    await eastController.waitForLog((l) => l.msg === 'podwire controller ready');
    await eastController.waitForLog((l) => l.msg === 'link: remote controller is answering' && l['cluster'] === 'west', 15_000);

    const started = await Promise.all([
      startPodwire(podEnv(WEST.web, web, w)),
      startPodwire(podEnv(WEST.api, api, w)),
      startPodwire({
        ...podEnv(WEST.gateway, gw, w),
        PODWIRE_GATEWAY: 'true',
        LINKERD2_PROXY_DESTINATION_SVC_ADDR: `${WEST.controller}:8087`,
      }),
      startPodwire({
        ...podEnv(EAST.client, cl, w),
        LINKERD2_PROXY_DESTINATION_SVC_ADDR: `${EAST.controller}:8087`,
        PODWIRE_OUTBOUND_FORWARDS: `${EAST.client}:9001=web-west.default.svc.cluster.local:80,${EAST.client}:9002=api-west.default.svc.cluster.local:80`,
        LINKERD2_PROXY_OUTBOUND_TCP_FAILFAST_TIMEOUT: '3s',
      }),
    ]);
    [webProxy, apiProxy, gateway, client] = started.map((s) => s.proc) as [ProxyProcess, ProxyProcess, ProxyProcess, ProxyProcess];
    procs.push(webProxy, apiProxy, gateway, client);
  });

  afterAll(async () => {
    for (const p of procs.reverse()) await p.stop();
    for (const a of apps) await a.close();
    await w?.cleanup();
  });

  it('flat: the east client reaches the west pod directly, and the west pod sees the east client\'s identity', async () => {
    expect((await roundTrip(9001, 'east to west, pod to pod', EAST.client)).toString()).toBe('east to west, pod to pod');
    const out = await client.waitForAccessLog({ direction: 'outbound', target: 'web-west.default.svc.cluster.local:80', reason: 'ok' });
    expect(out.server_id).toBe(WEB_ID);
    expect(out.endpoint).toBe(`${WEST.web}:4143`);
    const inbound = await webProxy.waitForAccessLog({ direction: 'inbound', reason: 'ok' });
    expect(inbound.client_id).toBe(CLIENT_ID);
    expect(inbound.target).toBe(`${WEST.web}:8080`);
    // Nothing went through the gateway.
    expect(gateway.accessLogs({ client_id: CLIENT_ID, target: 'web.default.svc.cluster.local:80' })).toHaveLength(0);
  });

  it('gateway: the east client reaches the west pod through the gateway, and the west pod sees the gateway\'s identity', async () => {
    expect((await roundTrip(9002, 'east to west via the gateway', EAST.client)).toString()).toBe('east to west via the gateway');
    const out = await client.waitForAccessLog({ direction: 'outbound', target: 'api-west.default.svc.cluster.local:80', reason: 'ok' });
    expect(out.server_id).toBe(GATEWAY_ID);
    expect(out.endpoint).toBe(`${WEST.gateway}:4143`);
    const gw = await gateway.waitForAccessLog({ direction: 'inbound', target: 'api.default.svc.cluster.local:80', reason: 'ok' });
    expect(gw.client_id).toBe(CLIENT_ID);
    expect(gw.server_id).toBe(API_ID);
    const inbound = await apiProxy.waitForAccessLog({ direction: 'inbound', reason: 'ok' });
    expect(inbound.client_id).toBe(GATEWAY_ID);
    expect(inbound.target).toBe(`${WEST.api}:8080`);
    expect(apiProxy.accessLogs({ client_id: CLIENT_ID })).toHaveLength(0);
  });
});
