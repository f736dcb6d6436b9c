// The topology file of `podwire controller`: what the cluster looks like, read from YAML and
// validated into a frozen Topology (topology-types.ts). TOPOLOGY.md has an annotated example.
//
// Schema (defaults in brackets; relative paths are relative to the topology file's directory):
//
//   cluster:                          required
//     name: east                      required, DNS label
//     trustDomain: cluster.local      [cluster.local] identity trust domain
//     domain: cluster.local           [cluster.local] cluster DNS domain of service names
//     controlPlaneNamespace: linkerd  [linkerd] the <cp-ns> part of identities
//   controller:                       optional
//     listen: 127.0.0.1:8086          [127.0.0.1:8086] gRPC address (port 0 = any)
//     identity: {certFile, keyFile}   optional PEM cert/key to serve TLS with
//   identity:                         optional; what the Certify server needs
//     trustAnchorsFile, issuerCertFile, issuerKeyFile   required PEM files
//     issuanceLifetime: 24h           [24h] Linkerd duration (ms|s|m|h|d)
//     clockSkew: 20s                  [20s]
//     tokensFile: tokens.yaml         required; read by the Certify server (controller/tokens.ts)
//   services:                         [] list
//     - name: web                     required, DNS label
//       namespace: shop               required, DNS label
//       clusterIP: 127.20.0.1         optional; GetProfile on it answers with the service FQDN
//       ports:                        required, at least one
//         - port: 80                  required, 1..65535
//           targetPort: 8080          [port] the pods' port
//           opaque: false             [false] opaque protocol hint / opaque_protocol
//   workloads:                        [] list
//     - pod: web-0                    required, DNS label
//       namespace: shop               required
//       serviceAccount: web           [default]
//       ip: 127.1.0.2                 required pod IP (unique; not 0.0.0.0 or ::)
//       labels: {app: web}            [{}] extra per-address metric labels
//       zone: zone-a                  [""]
//       inboundPort: 4143             [4143] the pod proxy's inbound port, 1..65534
//       services: [web]               [] services of the same namespace that select this pod
//       ready: true                   [true] only ready pods are served by Get
//   links:                            [] linked clusters: {cluster, controller: {addr, identity}, tls?,
//                                      insecure?, trustDomain, domain, gateway?, services} (topology-links.ts)
//     - cluster: west
//       controller: {addr: 127.2.0.1:8086, identity: <remote controller identity>}
//       trustDomain: west.local       required
//       domain: cluster.local         [cluster.local]
//       gateway: {addr, port [4143], identity}    optional; required by mode gateway
//       services: [{name, namespace, mode: remote-discovery | gateway | federated, clusterIP?}]
//                                     clusterIP: optional local virtual IP of the mirror / federated
//                                     name (GetProfile on it answers that name), unique like pod IPs
//   policy:                           optional; the inbound policy API's answers (topology-policy.ts)
//     default: all-unauthenticated    [all-unauthenticated] for ports no server covers
//     clusterNetworks: [10.0.0.0/8]   required by the cluster-* defaults
//     servers: [{name, namespace, pods | podSelector, port, protocol, networks, authentication | authorizations}]
//
// Validation collects every problem with its path (`workloads[2].ip: "10.0.0" is not an IP
// address`) and throws one TopologyError; unknown fields are errors, since a typo would otherwise
// silently serve defaults.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { Topology } from './topology-types.js';
import { TopologyError } from './topology-types.js';
import { Problems, readMap, type ParseContext } from './topology-fields.js';
import { TOP_LEVEL_KEYS, parseCluster, parseController, parseIdentitySettings } from './topology-sections.js';
import { parseServices, parseWorkloads } from './topology-entities.js';
import { parseLinks } from './topology-links.js';
import { parsePolicySettings } from './topology-policy.js';

export * from './topology-types.js';
export { indexOf, TopologyIndex } from './topology-index.js';

export interface ParseOptions {
  /** Check that referenced files exist (default true). */
  readonly checkFiles?: boolean;
  /** Named in the error message, e.g. the file path. */
  readonly source?: string;
}

/** Parse topology YAML; relative paths resolve against baseDir. Throws TopologyError. */
export function parseTopology(text: string, baseDir: string, opts: ParseOptions = {}): Topology {
  const problems = new Problems();
  const doc = parseDocument(text, { uniqueKeys: true });
  for (const e of doc.errors) problems.add('', `YAML: ${e.message.split('\n')[0] ?? e.message}`);
  if (!problems.empty) throw new TopologyError(problems.list, opts.source);
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    throw new TopologyError([{ path: '', message: 'the topology is empty (it needs at least `cluster: {name: ...}`)' }], opts.source);
  }
  const ctx: ParseContext = { problems, baseDir: path.resolve(baseDir), checkFiles: opts.checkFiles ?? true };
  const top = readMap(raw, '', problems, TOP_LEVEL_KEYS);
  if (!top) throw new TopologyError(problems.list, opts.source);
  const cluster = parseCluster(top['cluster'], problems);
  const controller = parseController(top['controller'], ctx);
  const identity = parseIdentitySettings(top['identity'], ctx);
  const parsed = parseServices(top['services'], problems);
  const services = parsed.services;
  // Cluster IPs, pod IPs and mirror cluster IPs share one address space (GetProfile answers each).
  const taken = new Map(parsed.clusterIps);
  const workloads = parseWorkloads(top['workloads'], parsed, problems, taken);
  const links = parseLinks(top['links'], cluster.name, ctx, taken);
  const policy = parsePolicySettings(top['policy'], problems);
  if (!problems.empty) throw new TopologyError(problems.list, opts.source);
  return deepFreeze({ cluster, controller, services, workloads, links, ...(identity && { identity }), ...(policy && { policy }) });
}

/** Read and parse a topology file. Throws TopologyError (also for an unreadable file). */
export async function loadTopology(file: string, opts: Omit<ParseOptions, 'source'> = {}): Promise<Topology> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    throw new TopologyError([{ path: '', message: `cannot read ${abs}: ${(err as Error).message}` }], abs);
  }
  return parseTopology(text, path.dirname(abs), { ...opts, source: abs });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
