// The two clusters of the netns test bed, as data, and the files they need: one flat network
// (east pods 10.231.1.0/24, west pods 10.231.2.0/24, routed by the router namespace), a
// controller per cluster on its own node, the pods with their service accounts and services, the
// west gateway, each cluster's topology (east links west: `web` flat, `api` through the gateway,
// `fed` federated, each mirror with a local cluster IP) and a certificate per workload from
// podwire's own pki, with the keys readable by the proxy's uid.
import { chmodSync, chownSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeLeafFiles } from '../../../proxy/pki/files.js';
import { clusterSections, controllerId, gatewayId, workloadId } from '../../harness/links.js';
import { issueLeaf, makeTestPki } from '../../harness/pki.js';

export type ClusterName = 'east' | 'west';

/** The uid the sidecars run as; `podwire init` exempts it from redirection. */
export const PROXY_UID = 2102;
export const APP_PORT = 8080;
export const INBOUND_PORT = 4143;
export const ADMIN_PORT = 4191;
export const CONTROLLER_PORT = 8086;
export const CONTROLLER_ADMIN_PORT = 9996;
/** A plain (unmeshed) server on west's controller node, for the sniffer's positive control. */
export const PLAIN_PORT = 7000;

export const SUBNETS = {
  east: { prefix: '10.231.1', bridge: 'br-east' },
  west: { prefix: '10.231.2', bridge: 'br-west' },
} as const;

export interface NodeDef {
  readonly name: string;
  readonly cluster: ClusterName;
  /** Host number on the cluster's /24. */
  readonly host: number;
}

export interface PodDef extends NodeDef {
  readonly serviceAccount: string;
  readonly namespace: string;
  /** The service whose app this pod runs (greets with the pod name, then echoes), if any. */
  readonly service?: string;
  readonly gateway?: boolean;
  /** Inbound policy file for the app port: only these identities. */
  readonly allow?: readonly string[];
}

export const CONTROLLERS: Readonly<Record<ClusterName, NodeDef>> = {
  east: { name: 'east-ctl', cluster: 'east', host: 2 },
  west: { name: 'west-ctl', cluster: 'west', host: 2 },
};

export const ids = {
  client: workloadId('client', 'default', 'east'),
  rogue: workloadId('rogue', 'default', 'east'),
  gateway: gatewayId('west'),
};

export const PODS: readonly PodDef[] = [
  { name: 'client-0', cluster: 'east', host: 10, serviceAccount: 'client', namespace: 'default' },
  { name: 'rogue-0', cluster: 'east', host: 11, serviceAccount: 'rogue', namespace: 'default' },
  { name: 'fed-e0', cluster: 'east', host: 20, serviceAccount: 'fed', namespace: 'default', service: 'fed' },
  { name: 'web-0', cluster: 'west', host: 10, serviceAccount: 'web', namespace: 'default', service: 'web', allow: [ids.client] },
  { name: 'web-1', cluster: 'west', host: 11, serviceAccount: 'web', namespace: 'default', service: 'web', allow: [ids.client] },
  { name: 'api-0', cluster: 'west', host: 20, serviceAccount: 'api', namespace: 'default', service: 'api' },
  { name: 'fed-w0', cluster: 'west', host: 30, serviceAccount: 'fed', namespace: 'default', service: 'fed' },
  { name: 'gateway', cluster: 'west', host: 100, serviceAccount: 'linkerd-gateway', namespace: 'linkerd-multicluster', gateway: true },
];

/** Local virtual IPs (cluster IPs): west's services, and east's mirrors of them. */
export const VIPS = {
  westWeb: '10.231.200.1',
  westApi: '10.231.200.2',
  westFed: '10.231.200.3',
  eastFed: '10.231.100.3',
  /** web-west: flat (remote-discovery) mirror of west's web. */
  webWest: '10.231.101.1',
  /** api-west: west's api through the west gateway. */
  apiWest: '10.231.101.2',
  /** fed-federated: east's and west's fed pods, local first. */
  fedFederated: '10.231.101.3',
} as const;

export const ipOf = (n: NodeDef): string => `${SUBNETS[n.cluster].prefix}.${n.host}`;
export const podIdentity = (p: PodDef): string => (p.gateway ? ids.gateway : workloadId(p.serviceAccount, p.namespace, p.cluster));
export const pod = (name: string): PodDef => {
  const p = PODS.find((x) => x.name === name);
  if (!p) throw new Error(`no pod ${name}`);
  return p;
};

export interface WorldFiles {
  readonly dir: string;
  readonly anchorsFile: string;
  topologyFile(cluster: ClusterName): string;
  leaf(podName: string): { certFile: string; keyFile: string };
  policyFile(podName: string): string | undefined;
}

/** Write the PKI, leaves, policy files and both topologies under `dir` (made world-readable). */
export async function writeWorld(dir: string): Promise<WorldFiles> {
  // The sidecars run as PROXY_UID: they must be able to reach and read their files.
  chmodSync(dir, 0o755);
  const pki = await makeTestPki(dir);
  const leaves = new Map<string, { certFile: string; keyFile: string }>();
  const policies = new Map<string, string>();
  for (const p of PODS) {
    const leaf = writeLeafFiles(path.join(dir, 'pods', p.name), await issueLeaf([podIdentity(p)]));
    chownSync(leaf.keyFile, PROXY_UID, PROXY_UID);
    leaves.set(p.name, leaf);
    if (p.allow) {
      const file = path.join(dir, 'pods', p.name, 'policy.yaml');
      writeFileSync(file, `ports:\n  - port: ${APP_PORT}\n    name: ${p.service ?? 'app'}\n    authentication:\n      identities: [${p.allow.join(', ')}]\n`);
      policies.set(p.name, file);
    }
  }
  const files: WorldFiles = {
    dir,
    anchorsFile: pki.ca.anchorsFile,
    topologyFile: (c) => path.join(dir, `${c}.yaml`),
    leaf: (name) => {
      const l = leaves.get(name);
      if (!l) throw new Error(`no certificate for ${name}`);
      return l;
    },
    policyFile: (name) => policies.get(name),
  };
  for (const c of ['east', 'west'] as const) {
    const sections = await clusterSections(dir, pki, c, `${ipOf(CONTROLLERS[c])}:${CONTROLLER_PORT}`);
    writeFileSync(files.topologyFile(c), topology(c, sections));
  }
  return files;
}

function workloads(cluster: ClusterName): string {
  return PODS.filter((p) => p.cluster === cluster && !p.gateway)
    .map((p) => `  - {pod: ${p.name}, namespace: ${p.namespace}, serviceAccount: ${p.serviceAccount}, ip: ${ipOf(p)}, services: [${p.service ?? ''}]}\n`)
    .join('');
}

function topology(cluster: ClusterName, sections: string): string {
  const svc = (name: string, vip: string) => `  - {name: ${name}, namespace: default, clusterIP: ${vip}, ports: [{port: ${APP_PORT}}]}\n`;
  if (cluster === 'west') {
    return `cluster: {name: west, trustDomain: west.local}\n${sections}services:\n${svc('web', VIPS.westWeb)}${svc('api', VIPS.westApi)}${svc('fed', VIPS.westFed)}workloads:\n${workloads('west')}`;
  }
  const gw = PODS.find((p) => p.gateway)!;
  return `cluster: {name: east, trustDomain: east.local}
${sections}services:
${svc('fed', VIPS.eastFed)}workloads:
${workloads('east')}links:
  - cluster: west
    controller: {addr: "${ipOf(CONTROLLERS.west)}:${CONTROLLER_PORT}", identity: ${controllerId('west')}}
    trustDomain: west.local
    gateway: {addr: ${ipOf(gw)}, port: ${INBOUND_PORT}, identity: ${ids.gateway}}
    services:
      - {name: web, namespace: default, mode: remote-discovery, clusterIP: ${VIPS.webWest}}
      - {name: api, namespace: default, mode: gateway, clusterIP: ${VIPS.apiWest}}
      - {name: fed, namespace: default, mode: federated, clusterIP: ${VIPS.fedFederated}}
`;
}
