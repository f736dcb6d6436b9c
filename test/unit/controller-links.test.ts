// Linked clusters with two real controllers in-process (startController, the composition root):
// east links west over TLS with west's controller identity checked, and east's Destination API is
// driven by a client that only knows the spec's field numbers. Exact messages for the flat mirror,
// the gateway mirror, the federated union, clusterset names and remote pod profiles; edits on
// west stream through east; a wrong remote identity is refused while local names keep working.
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startController, type RunningController } from '../../controller/app.js';
import { linkContextToken } from '../../controller/link-names.js';
import { makeCheckServerIdentity } from '../../proxy/identity/verify.js';
import { makeTestPki, type TestPki } from '../harness/pki.js';
import { RawDestinationClient, type RawUpdate, type RawWeightedAddr } from '../harness/raw-destination-client.js';
import {
  captureLogger, clusterSections, controllerId, eventually, gatewayId, sample, scrape, workloadId, writeAtomically, type CapturedLog,
} from '../harness/links.js';

// Addresses only this file uses (other test files run in parallel).
const EAST_CTL = '127.63.0.1:8086';
const WEST_CTL = '127.63.0.2:8086';
const EAST_WEB = '127.63.1.1';
const WEST = { web0: '127.63.2.1', web1: '127.63.2.2', web2: '127.63.2.3', api: '127.63.2.4', gateway: '127.63.2.100' };

const ipv4 = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const WEST_WEB_ID = workloadId('web', 'default', 'west');
const EAST_WEB_ID = workloadId('web', 'default', 'east');

const westPod = (pod: string, ip: string, sa = 'web', services = '[web]') =>
  `  - {pod: ${pod}, namespace: default, serviceAccount: ${sa}, ip: ${ip}, services: ${services}}\n`;

function westTopology(sections: string, pods: string[]): string {
  return `
cluster: {name: west, trustDomain: west.local}
${sections}
services:
  - {name: web, namespace: default, clusterIP: 127.63.2.200, ports: [{port: 80, targetPort: 8080}]}
  - {name: api, namespace: default, ports: [{port: 80, targetPort: 8080}]}
workloads:
${pods.join('')}
links:
  # West links back to east: lookups must not bounce between the two.
  - cluster: east
    controller: {addr: ${EAST_CTL}, identity: ${controllerId('east')}}
    trustDomain: east.local
    services: [{name: web, namespace: default, mode: remote-discovery}]
`;
}

function eastTopology(sections: string, westIdentity = controllerId('west')): string {
  return `
cluster: {name: east, trustDomain: east.local}
${sections}
services:
  - {name: web, namespace: default, ports: [{port: 80, targetPort: 8080}]}
workloads:
  - {pod: web-0, namespace: default, serviceAccount: web, ip: ${EAST_WEB}, services: [web]}
links:
  - cluster: west
    controller: {addr: ${WEST_CTL}, identity: ${westIdentity}}
    trustDomain: west.local
    gateway: {addr: ${WEST.gateway}, port: 4143, identity: ${gatewayId('west')}}
    services:
      - {name: web, namespace: default, mode: remote-discovery}
      - {name: api, namespace: default, mode: gateway}
      - {name: web, namespace: default, mode: federated}
`;
}

/** What east serves for a west pod of `web` (port 8080), with extra per-address labels. */
function westWeb(pod: string, ip: string, extra: Record<string, string> = {}): RawWeightedAddr {
  return {
    addr: { ip: { ipv4: ipv4(ip) }, port: 8080 },
    weight: 10000,
    metric_labels: { pod, namespace: 'default', serviceaccount: 'web', zone: '', control_plane_ns: 'linkerd', cluster: 'west', ...extra },
    tls_identity: { dns_like_identity: { name: WEST_WEB_ID }, server_name: { name: WEST_WEB_ID } },
    protocol_hint: { opaque_transport: { inbound_port: 4143 } },
  };
}

const GATEWAY_TLS = { dns_like_identity: { name: gatewayId('west') } };

/** An update with its addresses in IP order (the order within an add carries no meaning). */
function sorted(u: RawUpdate): RawUpdate {
  if (!u.add?.addrs) return u;
  const key = (a: RawWeightedAddr): number => a.addr?.ip?.ipv4 ?? 0;
  return { ...u, add: { ...u.add, addrs: [...u.add.addrs].sort((a, b) => key(a) - key(b)) } };
}

describe('linked clusters: two controllers in-process', () => {
  let dir: string;
  let pki: TestPki;
  let west: RunningController;
  let east: RunningController;
  let eastLog: CapturedLog;
  let westFile: string;
  let westSections: string;
  let client: RawDestinationClient;

  const eastMetrics = async () => scrape(east.admin!);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'podwire-links-'));
    pki = await makeTestPki(dir);
    westSections = await clusterSections(dir, pki, 'west', WEST_CTL);
    const eastSections = await clusterSections(dir, pki, 'east', EAST_CTL);
    westFile = path.join(dir, 'west.yaml');
    writeFileSync(westFile, westTopology(westSections, [westPod('web-0', WEST.web0), westPod('web-1', WEST.web1), westPod('api-0', WEST.api, 'api', '[api]')]));
    const eastFile = path.join(dir, 'east.yaml');
    writeFileSync(eastFile, eastTopology(eastSections));
    west = await startController({ topologyFile: westFile, log: captureLogger().log });
    eastLog = captureLogger();
    east = await startController({ topologyFile: eastFile, log: eastLog.log, adminListen: { ip: '127.63.0.1', port: 0 } });
    const creds = grpc.credentials.createSsl(Buffer.from(pki.ca.anchorsPem), null, null, { checkServerIdentity: makeCheckServerIdentity(controllerId('east')) });
    client = new RawDestinationClient(EAST_CTL, creds, { 'grpc.ssl_target_name_override': controllerId('east') });
    await eventually(async () => sample(await eastMetrics(), 'controller_link_up', { cluster: 'west' }) === 1, 'the west link to come up');
  });

  afterAll(async () => {
    client?.close();
    await east?.close();
    await west?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('flat mirror: the remote pods with their own identities and inbound ports; remote edits stream through', async () => {
    const s = client.get('web-west.default.svc.cluster.local:80');
    expect(await s.next()).toEqual({
      add: { addrs: [westWeb('web-0', WEST.web0), westWeb('web-1', WEST.web1)], metric_labels: { service: 'web-west', namespace: 'default' } },
    });
    writeAtomically(westFile, westTopology(westSections, [westPod('web-1', WEST.web1), westPod('web-2', WEST.web2), westPod('api-0', WEST.api, 'api', '[api]')]));
    expect(await s.next()).toEqual({ add: { addrs: [westWeb('web-2', WEST.web2)], metric_labels: { service: 'web-west', namespace: 'default' } } });
    expect(await s.next()).toEqual({ remove: { addrs: [{ ip: { ipv4: ipv4(WEST.web0) }, port: 8080 }] } });
    // Back to web-0 + web-1 for the other tests.
    writeAtomically(westFile, westTopology(westSections, [westPod('web-0', WEST.web0), westPod('web-1', WEST.web1), westPod('api-0', WEST.api, 'api', '[api]')]));
    expect(await s.next()).toEqual({ add: { addrs: [westWeb('web-0', WEST.web0)], metric_labels: { service: 'web-west', namespace: 'default' } } });
    expect(await s.next()).toEqual({ remove: { addrs: [{ ip: { ipv4: ipv4(WEST.web2) }, port: 8080 }] } });
    s.cancel();
  });

  it('gateway mirror: the gateway address and identity (no server_name), an authority override, target labels, no opaque transport', async () => {
    const s = client.get('api-west.default.svc.cluster.local:80');
    expect(await s.next()).toEqual({
      add: {
        addrs: [{
          addr: { ip: { ipv4: ipv4(WEST.gateway) }, port: 4143 },
          weight: 10000,
          tls_identity: GATEWAY_TLS,
          authority_override: { authority_override: 'api.default.svc.cluster.local:80' },
        }],
        metric_labels: { service: 'api-west', namespace: 'default', target_cluster: 'west', target_service: 'api', target_service_namespace: 'default' },
      },
    });
    s.cancel();
  });

  it('federated: the local and remote pods in one set, each with its identity, cluster and locality', async () => {
    const s = client.get('web-federated.default.svc.cluster.local:80');
    const remote = { cluster_locality: 'remote' };
    // The first snapshot already holds the remote pods: a new view waits briefly for a remote that is up.
    expect(sorted(await s.next())).toEqual({
      add: {
        addrs: [
          {
            addr: { ip: { ipv4: ipv4(EAST_WEB) }, port: 8080 },
            weight: 10000,
            metric_labels: { pod: 'web-0', namespace: 'default', serviceaccount: 'web', zone: '', control_plane_ns: 'linkerd', cluster: 'east', cluster_locality: 'local' },
            tls_identity: { dns_like_identity: { name: EAST_WEB_ID }, server_name: { name: EAST_WEB_ID } },
            protocol_hint: { opaque_transport: { inbound_port: 4143 } },
          },
          westWeb('web-0', WEST.web0, remote),
          westWeb('web-1', WEST.web1, remote),
        ],
        metric_labels: { service: 'web-federated', namespace: 'default' },
      },
    });
    s.cancel();
  });

  it('clusterset: the local service plus every exporting link, pods for flat exports and the gateway for gateway exports', async () => {
    const web = client.get('web.default.svc.clusterset.local:80');
    const first = sorted(await web.next());
    expect(first.add?.metric_labels).toEqual({ service: 'web', namespace: 'default' });
    expect(first.add?.addrs?.map((a) => [a.addr?.ip?.ipv4, a.metric_labels?.['cluster'], a.metric_labels?.['cluster_locality']])).toEqual([
      [ipv4(EAST_WEB), 'east', 'local'], [ipv4(WEST.web0), 'west', 'remote'], [ipv4(WEST.web1), 'west', 'remote'],
    ]);
    web.cancel();
    const api = client.get('api.default.svc.clusterset.local:80');
    expect(await api.next()).toEqual({
      add: {
        addrs: [{
          addr: { ip: { ipv4: ipv4(WEST.gateway) }, port: 4143 },
          weight: 10000,
          metric_labels: { cluster: 'west', cluster_locality: 'remote', target_cluster: 'west', target_service: 'api', target_service_namespace: 'default' },
          tls_identity: GATEWAY_TLS,
          authority_override: { authority_override: 'api.default.svc.cluster.local:80' },
        }],
        metric_labels: { service: 'api', namespace: 'default' },
      },
    });
    api.cancel();
  });

  it('answers unknown multicluster names with NotFound and other domains with InvalidArgument', async () => {
    for (const name of ['nope-west', 'web-south', 'api-federated', 'nope-federated']) {
      expect((await client.get(`${name}.default.svc.cluster.local:80`).status).code).toBe(grpc.status.NOT_FOUND);
    }
    expect((await client.get('nope.default.svc.clusterset.local:80').status).code).toBe(grpc.status.NOT_FOUND);
    expect((await client.get('web.default.svc.example.org:80').status).code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('answers requests from another cluster\'s link from the local topology only (one hop, no loops)', async () => {
    const token = linkContextToken('west');
    expect((await client.get('web-west.default.svc.cluster.local:80', token).status).code).toBe(grpc.status.NOT_FOUND);
    expect((await client.get('web.default.svc.cluster.local:80', token).next()).add?.addrs?.[0]?.addr?.ip?.ipv4).toBe(ipv4(EAST_WEB));
    const p = client.getProfile(`${WEST.web1}:8080`, token);
    expect(await p.next()).toEqual({});
    p.cancel();
  });

  it('GetProfile: a remote pod IP gets that pod as endpoint; mirror and clusterset names get their FQDN', async () => {
    // The first answer already is the remote pod: the lookup waits briefly for links that are up.
    const pod = client.getProfile(`${WEST.web1}:8080`);
    expect(await pod.next()).toEqual({ endpoint: westWeb('web-1', WEST.web1) });
    pod.cancel();
    // An IP nobody knows: the empty profile, even though west links back to east (no ping-pong).
    const unknown = client.getProfile('192.0.2.77:80');
    expect(await unknown.next()).toEqual({});
    await unknown.expectQuiet(300);
    unknown.cancel();
    // A remote *service* IP is not served: its name would be resolved in the local cluster.
    const svcIp = client.getProfile('127.63.2.200:80');
    expect(await svcIp.next()).toEqual({});
    svcIp.cancel();
    for (const host of ['web-west.default.svc.cluster.local', 'web-federated.default.svc.cluster.local', 'web.default.svc.clusterset.local', 'zzz.default.svc.clusterset.local']) {
      const p = client.getProfile(`${host}:80`);
      expect(await p.next()).toEqual({ fully_qualified_name: host });
      p.cancel();
    }
  });

  it('GetProfile of a local pod never waits on links', async () => {
    const p = client.getProfile(`${EAST_WEB}:8080`);
    expect((await p.next()).endpoint?.tls_identity?.dns_like_identity?.name).toBe(EAST_WEB_ID);
    p.cancel();
  });
});

describe('linked clusters: a remote controller with the wrong identity', () => {
  it('is refused (logged, link down), and the local controller keeps serving', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'podwire-links-id-'));
    const pki = await makeTestPki(dir);
    const westFile = path.join(dir, 'west.yaml');
    writeFileSync(westFile, westTopology(await clusterSections(dir, pki, 'west', '127.63.0.12:8086'), [westPod('web-0', WEST.web0)]));
    const eastFile = path.join(dir, 'east.yaml');
    // East expects a west controller identity the west certificate does not carry.
    const eastText = eastTopology(await clusterSections(dir, pki, 'east', '127.63.0.11:8086'), controllerId('impostor'))
      .replace(WEST_CTL, '127.63.0.12:8086');
    writeFileSync(eastFile, eastText);
    const west = await startController({ topologyFile: westFile, log: captureLogger().log });
    const log = captureLogger();
    const east = await startController({ topologyFile: eastFile, log: log.log, adminListen: { ip: '127.63.0.11', port: 0 } });
    const creds = grpc.credentials.createSsl(Buffer.from(pki.ca.anchorsPem), null, null, { checkServerIdentity: makeCheckServerIdentity(controllerId('east')) });
    const client = new RawDestinationClient('127.63.0.11:8086', creds, { 'grpc.ssl_target_name_override': controllerId('east') });
    try {
      const refused = await log.waitFor((l) => String(l.msg).startsWith('link: remote controller is not answering'));
      expect(refused['cluster']).toBe('west');
      expect(String(refused['err'])).toContain(`does not match TLS identity: expected ${controllerId('impostor')}`);
      expect(sample(await scrape(east.admin!), 'controller_link_up', { cluster: 'west' })).toBe(0);
      // Local names are served as ever; the mirror is open but has nothing to say.
      expect((await client.get('web.default.svc.cluster.local:80').next()).add?.addrs?.[0]?.addr?.ip?.ipv4).toBe(ipv4(EAST_WEB));
      const mirror = client.get('web-west.default.svc.cluster.local:80');
      await mirror.expectQuiet(500);
      mirror.cancel();
    } finally {
      client.close();
      await east.close();
      await west.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
