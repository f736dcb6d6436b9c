// The topology's `policy` section: what `podwire controller` serves on the inbound policy API
// (controller/policy-server.ts). Server entries reuse the vocabulary of the proxy's
// PODWIRE_POLICY_FILE (proxy/policy/policy-file.ts) — port or range, name, networks,
// authentication (unauthenticated | any-mesh-identity | {identities, identitySuffixes}) or a list of
// authorizations — parsed by that same parser, plus which pods they apply to and the protocol:
//
//   policy:
//     default: all-unauthenticated     [all-unauthenticated] default for ports no server covers
//     clusterNetworks: [10.0.0.0/8]    needed by cluster-authenticated / cluster-unauthenticated
//     servers:
//       - name: web-http               [port-<port>]
//         namespace: shop              required
//         pods: [web-0]                or podSelector: {app: web} (workload labels); neither = all pods of the namespace
//         port: 8080                   or "8000-8010"
//         protocol: opaque             [detect, or opaque on an opaque service targetPort] detect|opaque|tls|http1|http2|grpc
//         authentication: {identities: [...], identitySuffixes: ["*.shop.serviceaccount.identity.linkerd.cluster.local"]}
//         networks: [10.0.0.0/8]       [all]
import { parseNetwork, type Network } from '../proxy/config/parse.js';
import { DEFAULT_POLICY_NAMES, needsClusterNetworks, type DefaultPolicyName } from '../proxy/policy/defaults.js';
import { parsePolicyFile, PolicyFileError } from '../proxy/policy/policy-file.js';
import type { ProxyProtocol } from '../proxy/policy/types.js';
import type { PolicySettings, PolicyServerSpec } from './topology-types.js';
import { checkDnsLabel, field, item, readList, readMap, readString, show, type Problems, type RawMap } from './topology-fields.js';

export const DEFAULT_POLICY: DefaultPolicyName = 'all-unauthenticated';
const PROTOCOLS: readonly ProxyProtocol[] = ['detect', 'opaque', 'tls', 'http1', 'http2', 'grpc'];
const SERVER_KEYS = ['name', 'namespace', 'pods', 'podSelector', 'port', 'protocol', 'networks', 'authentication', 'authorizations'];
/** Keys handed to the policy-file parser. */
const FILE_KEYS = ['name', 'port', 'networks', 'authentication', 'authorizations'];

export function parsePolicySettings(value: unknown, p: Problems): PolicySettings | undefined {
  if (value === undefined || value === null) return undefined;
  const at = 'policy';
  const map = readMap(value, at, p, ['default', 'clusterNetworks', 'servers']);
  if (!map) return undefined;
  const dflt = readString(map, 'default', at, p, {
    default: DEFAULT_POLICY,
    check: (s) => (DEFAULT_POLICY_NAMES.includes(s as DefaultPolicyName) ? undefined : `${show(s)} is not one of ${DEFAULT_POLICY_NAMES.join(', ')}`),
  }) as DefaultPolicyName | undefined;
  const clusterNetworks: Network[] = [];
  readList(map, 'clusterNetworks', at, p).forEach((n, i) => {
    try {
      if (typeof n !== 'string') throw new Error(`expected a CIDR string, got ${show(n)}`);
      clusterNetworks.push(parseNetwork(n));
    } catch (err) {
      p.add(item(field(at, 'clusterNetworks'), i), (err as Error).message);
    }
  });
  if (dflt && needsClusterNetworks(dflt) && clusterNetworks.length === 0) {
    p.add(field(at, 'clusterNetworks'), `is required by default ${dflt}`);
  }
  const servers = readList(map, 'servers', at, p).map((s, i) => parseServer(s, item(field(at, 'servers'), i), p));
  if (!dflt || servers.some((s) => s === undefined)) return undefined;
  return { default: dflt, clusterNetworks, servers: servers as PolicyServerSpec[] };
}

function parseServer(value: unknown, at: string, p: Problems): PolicyServerSpec | undefined {
  const map = readMap(value, at, p, SERVER_KEYS);
  if (!map) return undefined;
  const namespace = readString(map, 'namespace', at, p, { required: true, check: checkDnsLabel });
  const pods = map['pods'] === undefined ? undefined : readPods(map, at, p);
  const podSelector = map['podSelector'] === undefined ? undefined : readSelector(map['podSelector'], field(at, 'podSelector'), p);
  if (pods && podSelector) p.add(at, 'give pods or podSelector, not both');
  let protocol: ProxyProtocol | undefined;
  if (map['protocol'] !== undefined) {
    protocol = PROTOCOLS.find((x) => x === map['protocol']);
    if (!protocol) p.add(field(at, 'protocol'), `${show(map['protocol'])} is not one of ${PROTOCOLS.join(', ')}`);
  }
  const rule = parseRule(map, at, p);
  if (!namespace || !rule || (map['protocol'] !== undefined && !protocol)) return undefined;
  return {
    namespace, ports: rule.ports, meta: rule.meta, authorizations: rule.authorizations,
    ...(pods && { pods }), ...(podSelector && { podSelector }), ...(protocol && { protocol }),
  };
}

/** The policy-file parser on this one entry; its problem paths are rewritten to ours. */
function parseRule(map: RawMap, at: string, p: Problems) {
  const entry = Object.fromEntries(Object.entries(map).filter(([k]) => FILE_KEYS.includes(k)));
  try {
    return parsePolicyFile(JSON.stringify({ ports: [entry] })).rules[0];
  } catch (err) {
    const problems = err instanceof PolicyFileError ? err.problems : [(err as Error).message];
    for (const text of problems) {
      const i = text.indexOf(': ');
      const path = i < 0 ? '' : text.slice(0, i).replace(/^ports\[0\]/, at);
      p.add(path || at, i < 0 ? text : text.slice(i + 2));
    }
    return undefined;
  }
}

function readPods(map: RawMap, at: string, p: Problems): string[] {
  const listAt = field(at, 'pods');
  const raw = readList(map, 'pods', at, p);
  if (Array.isArray(map['pods']) && raw.length === 0) p.add(listAt, 'an empty list selects nothing; omit pods for every pod of the namespace');
  return raw.flatMap((v, i) => {
    const why = typeof v === 'string' ? checkDnsLabel(v) : `expected a pod name, got ${show(v)}`;
    if (why !== undefined) {
      p.add(item(listAt, i), why);
      return [];
    }
    return [v as string];
  });
}

function readSelector(value: unknown, at: string, p: Problems): Record<string, string> | undefined {
  const map = readMap(value, at, p, Object.keys((value ?? {}) as object));
  if (!map) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) {
    if (typeof v !== 'string') p.add(field(at, k), `expected a string, got ${show(v)} (quote it)`);
    else out[k] = v;
  }
  if (Object.keys(out).length === 0) p.add(at, 'an empty selector; omit podSelector for every pod of the namespace');
  return out;
}
