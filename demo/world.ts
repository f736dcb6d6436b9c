// The demo's two clusters, as data: addresses on loopback (east 127.71/16, west 127.72/16), one
// trust anchor with an issuer per cluster (flat networks need a shared anchor), a certificate per
// workload, and each cluster's topology file. Everything is written under one temp directory.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createIssuer, createLeaf, createTrustAnchor, type CertKeyPair } from '../proxy/pki/certs.js';
import { writeLeafFiles } from '../proxy/pki/files.js';

export type ClusterName = 'east' | 'west';

export interface ClusterDef {
  readonly name: ClusterName;
  readonly trustDomain: string;
  readonly controllerIp: string;
}

export const CLUSTERS: Readonly<Record<ClusterName, ClusterDef>> = {
  east: { name: 'east', trustDomain: 'east.local', controllerIp: '127.71.0.1' },
  west: { name: 'west', trustDomain: 'west.local', controllerIp: '127.72.0.1' },
};

export interface PodDef {
  readonly name: string;
  readonly cluster: ClusterName;
  readonly ip: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Service this pod backs (its app echoes on APP_PORT), if any. */
  readonly service?: string;
  readonly gateway?: boolean;
}

export const APP_PORT = 8080;
export const INBOUND_PORT = 4143;
/** Each sidecar's admin server (/metrics, /ready), on its pod's own address. */
export const ADMIN_PORT = 4191;
/** Local forwards on the client pod, one per path the demo exercises. */
export const FORWARDS = {
  flat: { port: 9001, authority: `web-west.default.svc.cluster.local:${APP_PORT}` },
  gateway: { port: 9002, authority: `api-west.default.svc.cluster.local:${APP_PORT}` },
  federated: { port: 9003, authority: `fed-federated.default.svc.cluster.local:${APP_PORT}` },
} as const;

export const PODS: readonly PodDef[] = [
  { name: 'client-0', cluster: 'east', ip: '127.71.1.1', namespace: 'default', serviceAccount: 'client' },
  { name: 'fed-east-0', cluster: 'east', ip: '127.71.3.1', namespace: 'default', serviceAccount: 'fed', service: 'fed' },
  { name: 'web-0', cluster: 'west', ip: '127.72.1.1', namespace: 'default', serviceAccount: 'web', service: 'web' },
  { name: 'api-0', cluster: 'west', ip: '127.72.2.1', namespace: 'default', serviceAccount: 'api', service: 'api' },
  { name: 'fed-west-0', cluster: 'west', ip: '127.72.3.1', namespace: 'default', serviceAccount: 'fed', service: 'fed' },
  { name: 'gateway', cluster: 'west', ip: '127.72.0.100', namespace: 'linkerd-multicluster', serviceAccount: 'linkerd-gateway', gateway: true },
];

export function identityOf(sa: string, ns: string, cluster: ClusterName): string {
  return `${sa}.${ns}.serviceaccount.identity.linkerd.${CLUSTERS[cluster].trustDomain}`;
}

export function podIdentity(pod: PodDef): string {
  return identityOf(pod.serviceAccount, pod.namespace, pod.cluster);
}

export function controllerIdentity(cluster: ClusterName): string {
  return identityOf('linkerd-destination', 'linkerd', cluster);
}

export interface Files {
  readonly dir: string;
  readonly anchorsFile: string;
  readonly leaf: (name: string) => { certFile: string; keyFile: string };
  readonly topologyFile: (cluster: ClusterName) => string;
}

/** Write certificates and topology files for both clusters under `dir`. */
export async function buildWorld(dir: string): Promise<Files> {
  const anchor = await createTrustAnchor({ commonName: 'root.demo.podwire' });
  const issuers: Record<ClusterName, CertKeyPair> = {
    east: await createIssuer(anchor, { commonName: 'identity.linkerd.east.local' }),
    west: await createIssuer(anchor, { commonName: 'identity.linkerd.west.local' }),
  };
  const anchorsFile = path.join(dir, 'trust-anchors.pem');
  writeFileSync(anchorsFile, anchor.certPem);
  const leaves = new Map<string, { certFile: string; keyFile: string }>();
  const issue = async (name: string, cluster: ClusterName, identity: string) => {
    const bundle = await createLeaf(issuers[cluster], { identities: [identity] });
    leaves.set(name, writeLeafFiles(path.join(dir, 'certs', name), bundle));
  };
  await Promise.all([
    ...PODS.map((p) => issue(p.name, p.cluster, podIdentity(p))),
    issue('controller-east', 'east', controllerIdentity('east')),
    issue('controller-west', 'west', controllerIdentity('west')),
  ]);
  const files: Files = {
    dir,
    anchorsFile,
    leaf: (name) => {
      const l = leaves.get(name);
      if (!l) throw new Error(`no certificate for ${name}`);
      return l;
    },
    topologyFile: (cluster) => path.join(dir, `${cluster}.yaml`),
  };
  mkdirSync(dir, { recursive: true });
  for (const cluster of ['east', 'west'] as const) writeFileSync(files.topologyFile(cluster), topologyYaml(cluster, files));
  return files;
}

function workloadsYaml(cluster: ClusterName): string {
  return PODS.filter((p) => p.cluster === cluster && !p.gateway)
    .map((p) => `  - { pod: ${p.name}, namespace: ${p.namespace}, serviceAccount: ${p.serviceAccount}, ip: ${p.ip}, inboundPort: ${INBOUND_PORT}, services: [${p.service ?? ''}] }`)
    .join('\n');
}

function servicesYaml(cluster: ClusterName): string {
  const names = [...new Set(PODS.filter((p) => p.cluster === cluster && p.service).map((p) => p.service!))];
  return names.map((n) => `  - { name: ${n}, namespace: default, ports: [{ port: ${APP_PORT} }] }`).join('\n');
}

function topologyYaml(cluster: ClusterName, files: Files): string {
  const c = CLUSTERS[cluster];
  const controllerLeaf = files.leaf(`controller-${cluster}`);
  const base = `# podwire demo: cluster ${cluster}
cluster: { name: ${cluster}, trustDomain: ${c.trustDomain} }
controller:
  listen: ${c.controllerIp}:8086
  identity: { certFile: ${controllerLeaf.certFile}, keyFile: ${controllerLeaf.keyFile} }
services:
${servicesYaml(cluster)}
workloads:
${workloadsYaml(cluster)}
`;
  return cluster === 'east' ? base + eastLinks(files) : base;
}

/** East links to west: web pod-to-pod, api through west's gateway, fed federated. */
function eastLinks(files: Files): string {
  const gateway = PODS.find((p) => p.gateway)!;
  const leaf = files.leaf('controller-east');
  return `links:
  - cluster: west
    controller: { addr: ${CLUSTERS.west.controllerIp}:8086, identity: ${controllerIdentity('west')} }
    tls: { certFile: ${leaf.certFile}, keyFile: ${leaf.keyFile}, trustAnchorsFile: ${files.anchorsFile} }
    trustDomain: ${CLUSTERS.west.trustDomain}
    gateway: { addr: ${gateway.ip}, port: ${INBOUND_PORT}, identity: ${podIdentity(gateway)} }
    services:
      - { name: web, namespace: default, mode: remote-discovery }
      - { name: api, namespace: default, mode: gateway }
      - { name: fed, namespace: default, mode: federated }
`;
}
