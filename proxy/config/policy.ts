// The inbound-policy part of the configuration: the default policy and its inputs (cluster
// networks, opaque and required ports, PODWIRE_POLICY_FILE), and the policy API (spec §5/§6):
// LINKERD2_PROXY_POLICY_SVC_ADDR/_NAME (the
// controller serving io.linkerd.proxy.inbound.InboundServerPolicies), LINKERD2_PROXY_POLICY_WORKLOAD
// (who we are, sent as PortSpec.workload: `ns:pod` from Linkerd 2.14's injector, JSON from later
// ones) and LINKERD2_PROXY_INBOUND_PORTS (ports watched eagerly).
// config.ts owns the environment; this module reads through the accessor it is handed.
import type { ControlPlaneAddr } from '../config.js';
import type { EnvAccess } from './identity.js';
import { parseList, parseNetwork, parsePortRanges, type Network } from './parse.js';
import { DEFAULTS } from './vars.js';
import { parseDefaultPolicyName, needsClusterNetworks, type DefaultPolicyName } from '../policy/defaults.js';
import type { RequiredPorts } from '../policy/require.js';

/** Where inbound policy comes from when the policy API is configured. */
export interface PolicyApiConfig {
  readonly svc: ControlPlaneAddr;
  /** LINKERD2_PROXY_POLICY_WORKLOAD as given (trimmed): sent verbatim, as linkerd2-proxy does. */
  readonly workload: string;
  readonly namespace: string;
  readonly pod: string;
}

/** More eager watches than this is a misconfiguration (a range typo), not a plan. */
export const MAX_EAGER_PORTS = 1024;

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Both accepted forms, for error messages. */
export const WORKLOAD_FORMS = '`<namespace>:<pod>` (Linkerd 2.14, e.g. shop:web-0) or JSON {"ns":"<namespace>","pod":"<pod>"} (later releases)';

/**
 * LINKERD2_PROXY_POLICY_WORKLOAD in either form Linkerd's injector has written: `shop:web-0`
 * (2.14 and earlier: `$(_pod_ns):$(_pod_name)`) or `{"ns":"shop","pod":"web-0"}` (later). The
 * text itself is sent to the policy API unchanged; this only checks it names a namespace and a pod.
 */
export function parseWorkload(text: string): { namespace: string; pod: string } {
  const t = text.trim();
  // Kubernetes leaves `$(VAR)` as it is when VAR is not defined earlier in the container's env.
  const unresolved = /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/.exec(t);
  if (unresolved) {
    throw new Error(`contains the unresolved reference ${unresolved[0]}: define ${unresolved[1]} (fieldRef metadata.namespace / metadata.name) before this variable in the container's env`);
  }
  return t.startsWith('{') ? parseJsonWorkload(t) : parseColonWorkload(t);
}

function parseJsonWorkload(text: string): { namespace: string; pod: string } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(`not valid JSON; expected ${WORKLOAD_FORMS}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`expected ${WORKLOAD_FORMS}`);
  const o = v as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => k !== 'ns' && k !== 'pod');
  if (extra.length > 0) throw new Error(`unknown key ${JSON.stringify(extra[0])} (expected "ns" and "pod")`);
  if (typeof o['ns'] !== 'string' || !DNS_LABEL.test(o['ns'])) throw new Error('"ns" must be a namespace name (a lower-case DNS label)');
  if (typeof o['pod'] !== 'string' || o['pod'].trim() === '') throw new Error('"pod" must be a non-empty string');
  return { namespace: o['ns'], pod: o['pod'] };
}

function parseColonWorkload(text: string): { namespace: string; pod: string } {
  const parts = text.split(':');
  if (parts.length !== 2) throw new Error(`expected ${WORKLOAD_FORMS}`);
  const [namespace, pod] = parts as [string, string];
  if (!DNS_LABEL.test(namespace)) throw new Error(`namespace ${JSON.stringify(namespace)} is not a namespace name (a lower-case DNS label); expected ${WORKLOAD_FORMS}`);
  if (pod === '' || /\s/.test(pod)) throw new Error(`pod ${JSON.stringify(pod)} is not a pod name; expected ${WORKLOAD_FORMS}`);
  return { namespace, pod };
}

/** Ports and ranges ("8080,9000-9002"), expanded, without duplicates. */
export function parseEagerPorts(text: string): number[] {
  const ports = new Set<number>();
  for (const [lo, hi] of parsePortRanges(text)) {
    if (hi - lo + 1 + ports.size > MAX_EAGER_PORTS) throw new Error(`more than ${MAX_EAGER_PORTS} ports`);
    for (let p = lo; p <= hi; p++) ports.add(p);
  }
  return [...ports].sort((a, b) => a - b);
}

/**
 * The policy API settings, or undefined when LINKERD2_PROXY_POLICY_SVC_ADDR is unset. The address
 * and the workload go together; the API and PODWIRE_POLICY_FILE are alternatives.
 */
export function readPolicyApi(r: EnvAccess, readControlAddr: (base: string) => ControlPlaneAddr | undefined): PolicyApiConfig | undefined {
  const hasAddr = r.raw('LINKERD2_PROXY_POLICY_SVC_ADDR') !== undefined;
  const workloadText = r.raw('LINKERD2_PROXY_POLICY_WORKLOAD')?.trim();
  if (!hasAddr) {
    if (workloadText !== undefined) r.problem('LINKERD2_PROXY_POLICY_WORKLOAD', 'is only used with LINKERD2_PROXY_POLICY_SVC_ADDR, which is unset');
    if (r.raw('LINKERD2_PROXY_POLICY_SVC_NAME') !== undefined) r.problem('LINKERD2_PROXY_POLICY_SVC_NAME', 'is only used with LINKERD2_PROXY_POLICY_SVC_ADDR, which is unset');
    return undefined;
  }
  const svc = readControlAddr('LINKERD2_PROXY_POLICY_SVC');
  const workload = r.required('LINKERD2_PROXY_POLICY_WORKLOAD', parseWorkload, `required with LINKERD2_PROXY_POLICY_SVC_ADDR: ${WORKLOAD_FORMS}`);
  if (r.raw('PODWIRE_POLICY_FILE') !== undefined) {
    r.problem('PODWIRE_POLICY_FILE', 'cannot be combined with LINKERD2_PROXY_POLICY_SVC_ADDR: inbound policy comes either from the policy API or from the file');
  }
  if (!svc || !workload || workloadText === undefined) return undefined;
  return { svc, workload: workloadText, namespace: workload.namespace, pod: workload.pod };
}

/** Inbound policy (proxy/policy): the default, its inputs, and the optional per-port file. */
export interface PolicyConfig {
  readonly defaultPolicy: DefaultPolicyName;
  /** True when LINKERD2_PROXY_INBOUND_DEFAULT_POLICY was set (an unset one gets a startup warning). */
  readonly defaultExplicit: boolean;
  readonly clusterNetworks: readonly Network[];
  /** LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION, inclusive ranges. */
  readonly opaquePorts: ReadonlyArray<readonly [number, number]>;
  /** LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY / _REQUIRE_TLS, inclusive ranges (policy/require.ts). */
  readonly required: RequiredPorts;
  /** PODWIRE_POLICY_FILE. */
  readonly file?: string;
  /** LINKERD2_PROXY_POLICY_SVC_ADDR/_NAME + LINKERD2_PROXY_POLICY_WORKLOAD: policy from the API instead. */
  readonly api?: PolicyApiConfig;
  /** LINKERD2_PROXY_INBOUND_PORTS: ports whose API policy is watched from startup (sorted, unique). */
  readonly inboundPorts: readonly number[];
}


/** Every policy setting: the default, its inputs, the per-port file, and the policy API. */
export function readPolicy(r: EnvAccess, readControlAddr: (base: string) => ControlPlaneAddr | undefined): PolicyConfig {
  const api = readPolicyApi(r, readControlAddr);
  const inboundPorts = r.get('LINKERD2_PROXY_INBOUND_PORTS', parseEagerPorts, '') ?? [];
  const defaultExplicit = r.raw('LINKERD2_PROXY_INBOUND_DEFAULT_POLICY') !== undefined;
  const defaultPolicy = r.get('LINKERD2_PROXY_INBOUND_DEFAULT_POLICY', parseDefaultPolicyName, DEFAULTS.defaultPolicy) ?? DEFAULTS.defaultPolicy;
  const clusterNetworks = r.get('LINKERD2_PROXY_POLICY_CLUSTER_NETWORKS', (t) => parseList(t).map(parseNetwork), '') ?? [];
  if (needsClusterNetworks(defaultPolicy) && clusterNetworks.length === 0) {
    r.problem('LINKERD2_PROXY_POLICY_CLUSTER_NETWORKS', `required by LINKERD2_PROXY_INBOUND_DEFAULT_POLICY=${defaultPolicy} (e.g. 10.0.0.0/8,100.64.0.0/10,172.16.0.0/12,192.168.0.0/16,fd00::/8)`);
  }
  const opaquePorts = r.get('LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION', parsePortRanges, '') ?? [];
  const required: RequiredPorts = {
    identity: r.get('LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY', parsePortRanges, '') ?? [],
    tls: r.get('LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_TLS', parsePortRanges, '') ?? [],
  };
  const file = r.raw('PODWIRE_POLICY_FILE')?.trim();
  return { defaultPolicy, defaultExplicit, clusterNetworks, opaquePorts, required, inboundPorts, ...(file !== undefined && { file }), ...(api && { api }) };
}
