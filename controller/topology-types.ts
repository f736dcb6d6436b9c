// The typed, validated form of a topology file (see topology.ts for the YAML schema and
// TOPOLOGY.md for an annotated example). Everything here is produced by parseTopology with defaults
// applied, IPs in canonical text form (normalizeIp) and file paths absolute, and is deep-frozen:
// consumers may keep references across updates without copying.
import type { Network } from '../proxy/config/parse.js';
import type { DefaultPolicyName } from '../proxy/policy/defaults.js';
import type { Authz, PolicyMeta, ProxyProtocol } from '../proxy/policy/types.js';

/** The local cluster: names that go into identities and service FQDNs. */
export interface ClusterSettings {
  readonly name: string;
  /** Identity trust domain, e.g. "cluster.local". */
  readonly trustDomain: string;
  /** Cluster DNS domain of service names, e.g. "cluster.local" in web.ns.svc.cluster.local. */
  readonly domain: string;
  /** Namespace of the control plane; the <cp-ns> in <sa>.<ns>.serviceaccount.identity.<cp-ns>.<td>. */
  readonly controlPlaneNamespace: string;
}

export interface ServicePort {
  readonly port: number;
  /** Port on the pods; equals `port` when the file leaves it out. */
  readonly targetPort: number;
  /** Opaque ports get protocol_hint.opaque and opaque_protocol in profiles (spec §1.6). */
  readonly opaque: boolean;
}

export interface ServiceSpec {
  readonly name: string;
  readonly namespace: string;
  readonly clusterIP?: string;
  readonly ports: readonly ServicePort[];
}

export interface WorkloadSpec {
  readonly pod: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly ip: string;
  /** Extra per-address metric labels (Prometheus label names). */
  readonly labels: Readonly<Record<string, string>>;
  /** Topology zone; "" when unknown (the `zone` label is always sent, spec §1.6). */
  readonly zone: string;
  /** The workload proxy's inbound port: opaque_transport.inbound_port. */
  readonly inboundPort: number;
  /** Names of services in the workload's namespace that select it. */
  readonly services: readonly string[];
  /** Only ready workloads are endpoints of their services. */
  readonly ready: boolean;
}

/** Inputs of the Certify server (another module); paths are absolute and existed at parse time. */
export interface IdentitySettings {
  readonly trustAnchorsFile: string;
  readonly issuerCertFile: string;
  readonly issuerKeyFile: string;
  /** Certificate lifetime in ms (Linkerd duration in the file, default 24h). */
  readonly issuanceLifetimeMs: number;
  /** Allowed clock skew in ms (default 20s): NotBefore is backdated by this much. */
  readonly clockSkewMs: number;
  /** Token file (token -> workload); its content is read and checked by controller/tokens.ts. */
  readonly tokensFile: string;
}

export interface ControllerSettings {
  /** Where `podwire controller` serves gRPC: "127.0.0.1:8086" style (port 0 = pick one). */
  readonly listen: { readonly ip: string; readonly port: number };
  /** Serving certificate and key (PEM files). Without it the controller serves plaintext. */
  readonly identity?: { readonly certFile: string; readonly keyFile: string };
}

export type LinkServiceMode = 'remote-discovery' | 'gateway' | 'federated';

export interface LinkServiceSpec {
  readonly name: string;
  readonly namespace: string;
  readonly mode: LinkServiceMode;
  /**
   * The local virtual IP of the name this entry adds (`<svc>-<cluster>` or `<svc>-federated`), as
   * Kubernetes gives a mirror Service one: GetProfile <clusterIP>:<port> answers that name.
   */
  readonly clusterIP?: string;
}

/**
 * A linked cluster. Only the shape is validated here; the link machinery lives elsewhere and
 * builds its resolvers from these values.
 */
export interface LinkSpec {
  readonly cluster: string;
  /** The remote controller: "host:port" as written (IPv6 in brackets) and its TLS identity. */
  readonly controller: { readonly addr: string; readonly identity: string };
  /**
   * Reach the remote controller in plaintext (tests and development only; logged). Absent unless
   * the file says `insecure: true`: links normally use TLS with the remote identity checked.
   */
  readonly insecure?: boolean;
  /**
   * TLS material for dialling the remote controller (absolute paths). Each file falls back to the
   * local topology's: certFile/keyFile to controller.identity, trustAnchorsFile to identity's.
   */
  readonly tls?: { readonly certFile?: string; readonly keyFile?: string; readonly trustAnchorsFile?: string };
  readonly trustDomain: string;
  readonly domain: string;
  readonly gateway?: { readonly addr: string; readonly port: number; readonly identity: string };
  readonly services: readonly LinkServiceSpec[];
}

/** One `policy.servers[]` entry: a port policy for some pods of a namespace. */
export interface PolicyServerSpec {
  readonly namespace: string;
  /** Pod names; absent: every pod of the namespace (or those podSelector matches). */
  readonly pods?: readonly string[];
  /** Matched against workloads[].labels; every key must be equal. */
  readonly podSelector?: Readonly<Record<string, string>>;
  /** Inclusive port range. */
  readonly ports: readonly [number, number];
  /** Absent: opaque when the port is an opaque service targetPort of the pod, else detect. */
  readonly protocol?: ProxyProtocol;
  readonly meta: PolicyMeta;
  readonly authorizations: readonly Authz[];
}

/** The `policy` section: served by the inbound policy API (controller/policy-server.ts). */
export interface PolicySettings {
  /** Policy of a port no server covers. */
  readonly default: DefaultPolicyName;
  /** Needed by the cluster-* defaults. */
  readonly clusterNetworks: readonly Network[];
  /** In file order; for a pod and port the first matching server wins. */
  readonly servers: readonly PolicyServerSpec[];
}

export interface Topology {
  readonly cluster: ClusterSettings;
  readonly controller: ControllerSettings;
  readonly identity?: IdentitySettings;
  readonly services: readonly ServiceSpec[];
  readonly workloads: readonly WorkloadSpec[];
  readonly links: readonly LinkSpec[];
  /** Absent: the policy API serves the all-unauthenticated default for every port. */
  readonly policy?: PolicySettings;
}

/** One thing wrong with a topology, located by a path like `workloads[2].ip`. */
export interface TopologyProblem {
  readonly path: string;
  readonly message: string;
}

/** Every problem found in one parse, reported together so a user fixes them in one pass. */
export class TopologyError extends Error {
  constructor(
    readonly problems: readonly TopologyProblem[],
    readonly source?: string,
  ) {
    const where = source !== undefined ? ` ${source}` : '';
    const lines = problems.map((p) => `  - ${p.path ? `${p.path}: ` : ''}${p.message}`);
    super(`invalid topology${where} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'TopologyError';
  }
}
