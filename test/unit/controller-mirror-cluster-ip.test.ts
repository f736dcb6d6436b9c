// `links[].services[].clusterIP`: the local virtual IP of a mirror (or federated) name, as
// Kubernetes gives a mirror Service one. A transparently intercepted client only knows the IP it
// dialled, so GetProfile <clusterIP>:<port> must name the mirror, and Get on that name gives the
// remote pods. Checked against two real controllers (east links west over TLS) driven by a client
// that only knows the spec's field numbers; the parser's refusals are checked with their paths.
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startController, type RunningController } from '../../controller/app.js';
import { linkContextToken } from '../../controller/link-names.js';
import { parseTopology, TopologyError } from '../../controller/topology.js';
import { makeCheckServerIdentity } from '../../proxy/identity/verify.js';
import { makeTestPki, type TestPki } from '../harness/pki.js';
import { RawDestinationClient } from '../harness/raw-destination-client.js';
import { captureLogger, clusterSections, controllerId, eventually, gatewayId, sample, scrape, writeAtomically } from '../harness/links.js';

// Addresses only this file uses (other test files run in parallel).
const EAST_CTL = '127.68.0.1:8086';
const WEST_CTL = '127.68.0.2:8086';
const EAST_WEB = '127.68.1.1';
const WEST_WEB = ['127.68.2.1', '127.68.2.2'];
const MIRROR_IP = { flat: '127.68.9.1', gateway: '127.68.9.2', federated: '127.68.9.3', moved: '127.68.9.4' };

const ipv4 = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);

function westTopology(sections: string): string {
  return `
cluster: {name: west, trustDomain: west.local}
${sections}
services:
  - {name: web, namespace: default, ports: [{port: 80, targetPort: 8080}]}
  - {name: api, namespace: default, ports: [{port: 80, targetPort: 8080}]}
workloads:
  - {pod: web-0, namespace: default, serviceAccount: web, ip: ${WEST_WEB[0]}, services: [web]}
  - {pod: web-1, namespace: default, serviceAccount: web, ip: ${WEST_WEB[1]}, services: [web]}
`;
}

function eastTopology(sections: string, flatIp: string): string {
  return `
cluster: {name: east, trustDomain: east.local}
${sections}
services:
  - {name: web, namespace: default, clusterIP: 127.68.1.100, ports: [{port: 80, targetPort: 8080}]}
workloads:
  - {pod: web-0, namespace: default, serviceAccount: web, ip: ${EAST_WEB}, services: [web]}
links:
  - cluster: west
    controller: {addr: ${WEST_CTL}, identity: ${controllerId('west')}}
    trustDomain: west.local
    gateway: {addr: 127.68.2.100, port: 4143, identity: ${gatewayId('west')}}
    services:
      - {name: web, namespace: default, mode: remote-discovery, clusterIP: ${flatIp}}
      - {name: api, namespace: default, mode: gateway, clusterIP: ${MIRROR_IP.gateway}}
      - {name: web, namespace: default, mode: federated, clusterIP: ${MIRROR_IP.federated}}
`;
}

function problemsOf(text: string): string[] {
  try {
    parseTopology(text, tmpdir(), { checkFiles: false });
  } catch (err) {
    if (err instanceof TopologyError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('links[].services[].clusterIP: parsing', () => {
  const link = (services: string) => `
cluster: {name: east}
services:
  - {name: web, namespace: default, clusterIP: 10.96.0.10, ports: [{port: 80}]}
workloads:
  - {pod: web-0, namespace: default, ip: 10.1.0.5, services: [web]}
links:
  - cluster: west
    controller: {addr: "10.2.0.1:8086", identity: ctl.linkerd.serviceaccount.identity.linkerd.west.local}
    trustDomain: west.local
    services: ${services}
`;

  it('keeps the address in canonical form and leaves it out when not given', () => {
    const t = parseTopology(link('[{name: web, namespace: default, mode: remote-discovery, clusterIP: "fd00:0::1"}, {name: web, namespace: default, mode: federated}]'), tmpdir());
    expect(t.links[0]!.services).toEqual([
      { name: 'web', namespace: 'default', mode: 'remote-discovery', clusterIP: 'fd00::1' },
      { name: 'web', namespace: 'default', mode: 'federated' },
    ]);
  });

  it('refuses non-addresses and addresses already used by a service, a pod or another mirror, with their paths', () => {
    expect(problemsOf(link(`
      - {name: a, namespace: default, mode: remote-discovery, clusterIP: 10.96.0.10}
      - {name: b, namespace: default, mode: remote-discovery, clusterIP: 10.1.0.5}
      - {name: c, namespace: default, mode: remote-discovery, clusterIP: 10.96.0.20}
      - {name: c, namespace: default, mode: federated, clusterIP: 10.96.0.20}
      - {name: d, namespace: default, mode: remote-discovery, clusterIP: "10.96.0"}
      - {name: e, namespace: default, mode: remote-discovery, clusterIP: 0.0.0.0}`))).toEqual([
      'links[0].services[0].clusterIP: 10.96.0.10 is already used by services[0]',
      'links[0].services[1].clusterIP: 10.1.0.5 is already used by workloads[0]',
      'links[0].services[3].clusterIP: 10.96.0.20 is already used by links[0].services[2]',
      'links[0].services[4].clusterIP: "10.96.0" is not an IP address',
      'links[0].services[5].clusterIP: "0.0.0.0" is the unspecified address, which cannot be dialled',
    ]);
  });
});

describe('links[].services[].clusterIP: GetProfile on a real controller', () => {
  let dir: string;
  let pki: TestPki;
  let west: RunningController;
  let east: RunningController;
  let eastFile: string;
  let eastSections: string;
  let client: RawDestinationClient;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'podwire-mirror-ip-'));
    pki = await makeTestPki(dir);
    const westFile = path.join(dir, 'west.yaml');
    writeFileSync(westFile, westTopology(await clusterSections(dir, pki, 'west', WEST_CTL)));
    eastSections = await clusterSections(dir, pki, 'east', EAST_CTL);
    eastFile = path.join(dir, 'east.yaml');
    writeFileSync(eastFile, eastTopology(eastSections, MIRROR_IP.flat));
    west = await startController({ topologyFile: westFile, log: captureLogger().log });
    east = await startController({ topologyFile: eastFile, log: captureLogger().log, adminListen: { ip: '127.68.0.1', port: 0 } });
    const creds = grpc.credentials.createSsl(Buffer.from(pki.ca.anchorsPem), null, null, { checkServerIdentity: makeCheckServerIdentity(controllerId('east')) });
    client = new RawDestinationClient(EAST_CTL, creds, { 'grpc.ssl_target_name_override': controllerId('east') });
    await eventually(async () => sample(await scrape(east.admin!), 'controller_link_up', { cluster: 'west' }) === 1, 'the west link to come up');
  });

  afterAll(async () => {
    client?.close();
    await east?.close();
    await west?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers the mirror name for a remote-discovery, a gateway and a federated cluster IP, on any port', async () => {
    const cases: [string, string][] = [
      [`${MIRROR_IP.flat}:80`, 'web-west.default.svc.cluster.local'],
      [`${MIRROR_IP.flat}:8080`, 'web-west.default.svc.cluster.local'],
      [`${MIRROR_IP.gateway}:80`, 'api-west.default.svc.cluster.local'],
      [`${MIRROR_IP.federated}:80`, 'web-federated.default.svc.cluster.local'],
    ];
    for (const [target, fqn] of cases) {
      const s = client.getProfile(target);
      expect(await s.next(), target).toEqual({ fully_qualified_name: fqn });
      s.cancel();
    }
    // The local service's own cluster IP still answers the local name.
    const local = client.getProfile('127.68.1.100:80');
    expect(await local.next()).toEqual({ fully_qualified_name: 'web.default.svc.cluster.local' });
    local.cancel();
  });

  it('the name it answers resolves to the remote pods (what an intercepting proxy does next)', async () => {
    const p = client.getProfile(`${MIRROR_IP.flat}:80`);
    const fqn = (await p.next()).fully_qualified_name;
    p.cancel();
    const g = client.get(`${fqn}:80`);
    const add = (await g.next()).add;
    expect(add?.addrs?.map((a) => a.addr?.ip?.ipv4).sort()).toEqual(WEST_WEB.map(ipv4).sort());
    g.cancel();
  });

  it('is not answered to another cluster\'s link (its names mean nothing there)', async () => {
    const s = client.getProfile(`${MIRROR_IP.flat}:80`, linkContextToken('west'));
    expect(await s.next()).toEqual({});
    s.cancel();
  });

  it('follows topology edits: a moved cluster IP stops answering on the old address and answers on the new one', async () => {
    const old = client.getProfile(`${MIRROR_IP.flat}:80`);
    expect(await old.next()).toEqual({ fully_qualified_name: 'web-west.default.svc.cluster.local' });
    writeAtomically(eastFile, eastTopology(eastSections, MIRROR_IP.moved));
    // No longer anyone's address: the empty profile, stream still open.
    expect(await old.next(10_000)).toEqual({});
    old.cancel();
    const moved = client.getProfile(`${MIRROR_IP.moved}:80`);
    expect(await moved.next()).toEqual({ fully_qualified_name: 'web-west.default.svc.cluster.local' });
    moved.cancel();
  });
});
