// Default inbound policies (linkerd2-proxy `policy/defaults.rs`, spec §5), chosen by
// LINKERD2_PROXY_INBOUND_DEFAULT_POLICY. Each is one authorization named like the policy, with
// `meta.Metadata{default: "<name>"}` on both server and authz so metrics read
// `srv_kind="default",srv_name="all-unauthenticated"`. Ports listed in
// LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION get the same policy with protocol opaque;
// ports in LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY/_TLS get its tightened variant (require.ts).
import type { Network } from '../config/parse.js';
import { ALL_NETWORKS } from './networks.js';
import { applyRequirement, inRanges, NO_REQUIRED_PORTS, requirementFor, type PortRanges, type RequiredPorts } from './require.js';
import { defaultMeta, type Authentication, type ClientNetwork, type PortRequirement, type ProxyProtocol, type ServerPolicy } from './types.js';

export const DEFAULT_POLICY_NAMES = [
  'all-unauthenticated', 'all-authenticated', 'cluster-authenticated', 'cluster-unauthenticated', 'deny', 'audit',
] as const;

export type DefaultPolicyName = (typeof DEFAULT_POLICY_NAMES)[number];

export function parseDefaultPolicyName(text: string): DefaultPolicyName {
  const t = text.trim().toLowerCase();
  const found = DEFAULT_POLICY_NAMES.find((n) => n === t);
  if (!found) throw new Error(`expected one of ${DEFAULT_POLICY_NAMES.join(', ')}`);
  return found;
}

/** Whether the policy needs LINKERD2_PROXY_POLICY_CLUSTER_NETWORKS (config.ts enforces it). */
export function needsClusterNetworks(name: DefaultPolicyName): boolean {
  return name === 'cluster-authenticated' || name === 'cluster-unauthenticated';
}

const ANY_IDENTITY: Authentication = { kind: 'identities', identities: [], suffixes: [[]] };

/** The default ServerPolicy `name` for one port; `clusterNetworks` is required by the cluster-* ones. */
export function defaultPolicy(name: DefaultPolicyName, clusterNetworks: readonly Network[], protocol: ProxyProtocol = 'detect'): ServerPolicy {
  const meta = defaultMeta(name);
  const cluster: ClientNetwork[] = clusterNetworks.map((net) => ({ net, except: [] }));
  const one = (networks: readonly ClientNetwork[], authentication: Authentication): ServerPolicy => ({
    protocol, meta, authorizations: [{ networks, authentication, meta }],
  });
  switch (name) {
    case 'all-unauthenticated':
      return one(ALL_NETWORKS, { kind: 'unauthenticated' });
    case 'all-authenticated':
      return one(ALL_NETWORKS, ANY_IDENTITY);
    case 'cluster-authenticated':
      return one(cluster, ANY_IDENTITY);
    case 'cluster-unauthenticated':
      return one(cluster, { kind: 'unauthenticated' });
    case 'deny':
      return { protocol, meta, authorizations: [] };
    case 'audit':
      // Admits everything, but authorize() reports what it would have denied (nothing matches
      // an empty authorization list, so every connection is a logged would-be denial).
      return { protocol, meta, authorizations: [], audit: true };
  }
}

export interface PortDefaultsOptions {
  readonly defaultPolicy: DefaultPolicyName;
  readonly clusterNetworks: readonly Network[];
  /** LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION, inclusive ranges. */
  readonly opaquePorts: PortRanges;
  /** LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY / _REQUIRE_TLS. */
  readonly required?: RequiredPorts;
}

/**
 * The default policy of each port: the configured default, opaque on opaque ports, tightened on
 * required ports (require.ts). At most six distinct values, built once each, so every port with
 * the same default shares one object.
 */
export class PortDefaults {
  readonly #opts: PortDefaultsOptions;
  readonly #required: RequiredPorts;
  readonly #built = new Map<string, ServerPolicy>();

  constructor(opts: PortDefaultsOptions) {
    this.#opts = opts;
    this.#required = opts.required ?? NO_REQUIRED_PORTS;
  }

  requirement(port: number): PortRequirement | undefined {
    return requirementFor(this.#required, port);
  }

  forPort(port: number): ServerPolicy {
    const protocol: ProxyProtocol = inRanges(this.#opts.opaquePorts, port) ? 'opaque' : 'detect';
    const requirement = this.requirement(port);
    const key = `${protocol}/${requirement ?? ''}`;
    let policy = this.#built.get(key);
    if (!policy) {
      policy = applyRequirement(defaultPolicy(this.#opts.defaultPolicy, this.#opts.clusterNetworks, protocol), requirement);
      this.#built.set(key, policy);
    }
    return policy;
  }
}
