// LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY and _REQUIRE_TLS, as one pure transformation of a
// port's *default* policy (set by Linkerd's injector from the pod annotation
// `config.linkerd.io/proxy-require-identity-inbound-ports`). On such a port:
// - REQUIRE_IDENTITY: the default becomes its authenticated variant (all-unauthenticated →
//   all-authenticated, cluster-unauthenticated → cluster-authenticated): plaintext, pass-through
//   TLS and mesh TLS without a client certificate are refused. Linkerd's policy controller does
//   exactly this for annotated ports no Server describes (`authenticated_only: true`); the older
//   linkerd2-proxy that ran without a controller used `all-authenticated` there (env.rs, Fixed
//   policy), which for a cluster-* default would have widened the networks, so we follow the
//   controller.
// - REQUIRE_TLS: unauthenticated authorizations become "mesh TLS, any or no identity"
//   (`all-tls-unauthenticated`, linkerd2-proxy's `all_mtls_unauthenticated`): plaintext and
//   pass-through TLS are refused. A port in both lists requires identity (the stricter one wins).
// `deny` stays deny and `audit` stays audit (it admits everything by definition, as in Linkerd's
// controller). Explicit policies — a Server from the policy API, a PODWIRE_POLICY_FILE rule — are
// the operator's word for that port and are left alone, as Linkerd applies the annotation only to
// ports without a Server. `required` marks the result so authorize() can name the requirement.
import type { Authentication, Authz, PortRequirement, ServerPolicy } from './types.js';

export type { PortRequirement } from './types.js';

export type PortRanges = ReadonlyArray<readonly [number, number]>;

export interface RequiredPorts {
  /** LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY, inclusive ranges. */
  readonly identity: PortRanges;
  /** LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_TLS, inclusive ranges. */
  readonly tls: PortRanges;
}

export const NO_REQUIRED_PORTS: RequiredPorts = { identity: [], tls: [] };

/** The variable that made a port's requirement, for log lines and denial reasons. */
export const REQUIREMENT_VAR: Readonly<Record<PortRequirement, string>> = {
  identity: 'LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY',
  tls: 'LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_TLS',
};

export function inRanges(ranges: PortRanges, port: number): boolean {
  return ranges.some(([lo, hi]) => lo <= port && port <= hi);
}

/** What `port` requires; identity wins over TLS. */
export function requirementFor(required: RequiredPorts, port: number): PortRequirement | undefined {
  if (inRanges(required.identity, port)) return 'identity';
  if (inRanges(required.tls, port)) return 'tls';
  return undefined;
}

const ANY_IDENTITY: Authentication = { kind: 'identities', identities: [], suffixes: [[]] };

/** Whether `policy` is a default policy (the proxy's own, or the policy controller's for a port no Server describes). */
export function isDefaultPolicy(policy: ServerPolicy): boolean {
  return policy.meta.kind === 'default';
}

/**
 * `policy` with `requirement` applied when it is a default policy; anything else (no requirement,
 * an explicit Server or file rule, deny, audit) is returned as it is.
 */
export function applyRequirement(policy: ServerPolicy, requirement: PortRequirement | undefined): ServerPolicy {
  if (requirement === undefined || !isDefaultPolicy(policy) || policy.audit || policy.meta.name === 'audit') return policy;
  // deny admits nobody already; its own reason ("no authorizations") is the clearer one.
  if (policy.authorizations.length === 0) return policy;
  if (policy.required === requirement || (policy.required === 'identity' && requirement === 'tls')) return policy;
  const meta = { ...policy.meta, name: renamed(policy.meta.name, requirement) };
  const authorizations = policy.authorizations.map((a): Authz => ({
    ...a,
    authentication: tightened(a.authentication, requirement),
    // The authz shares the server's default metadata, as defaults.ts builds it.
    meta: isDefaultAuthz(a, policy) ? meta : a.meta,
  }));
  return { ...policy, meta, authorizations, required: requirement };
}

function isDefaultAuthz(a: Authz, policy: ServerPolicy): boolean {
  return a.meta.kind === 'default' && a.meta.name === policy.meta.name;
}

function tightened(authn: Authentication, requirement: PortRequirement): Authentication {
  switch (authn.kind) {
    case 'unauthenticated':
      return requirement === 'identity' ? ANY_IDENTITY : { kind: 'tls-unauthenticated' };
    case 'tls-unauthenticated':
      return requirement === 'identity' ? ANY_IDENTITY : authn;
    case 'identities':
      return authn;
  }
}

/**
 * Linkerd's names: all-unauthenticated → all-authenticated | all-tls-unauthenticated,
 * cluster-unauthenticated → cluster-authenticated | cluster-tls-unauthenticated. Other names
 * (already authenticated, deny) are kept.
 */
function renamed(name: string, requirement: PortRequirement): string {
  if (requirement === 'identity') return name.replace(/-(tls-)?unauthenticated$/, '-authenticated');
  return name.endsWith('-tls-unauthenticated') ? name : name.replace(/-unauthenticated$/, '-tls-unauthenticated');
}
