// Inbound enforcement glue between the pure decision (authorize.ts) and a connection: counts
// inbound_tcp_authz_{allow,deny,terminate}_total with Linkerd's labels (spec §7.3), writes the one
// warn line per denial (client identity, client IP, port), and turns a denial into a ProxyError
// with reason `unauthorized` (or `policy_changed` for a live connection a new policy cuts).
import type { Logger } from '../log.js';
import type { AuthzLabels, Metrics } from '../metrics.js';
import { ProxyError } from '../errors.js';
import { addToSeries, LabelMemo } from '../metric-cells.js';
import { formatAddr, type SocketAddr } from '../transport/addr.js';
import type { Authorized, Denied } from './authorize.js';
import { decide } from './decision-memo.js';
import type { PolicySource } from './store.js';
import type { PolicyClient, ServerPolicy } from './types.js';

export interface EnforceDeps {
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly policy: PolicySource;
}

/** The TLS labels of a connection that isn't mesh TLS terminated here (pass-through, skipped ports). */
export type NoMeshTlsLabels = Pick<AuthzLabels, 'tls' | 'sni' | 'no_tls_reason'>;

/**
 * Authorize `client` for `target` (the policy of target.port); throws ProxyError('unauthorized').
 * `tlsLabels` overrides the TLS labels derived from `client` (e.g. tls="opaque" with sni).
 */
export function admitInbound(deps: EnforceDeps, target: SocketAddr, client: PolicyClient, tlsLabels?: NoMeshTlsLabels): Authorized {
  const decision = decide(deps.policy.policyFor(target.port), client);
  if (!decision.allowed) {
    deps.metrics.inboundTcpAuthzDenyTotal.inc(targetLabels(target, decision.policy, client, tlsLabels));
    deps.log.warn(denialFields(target, decision), 'connection denied by policy');
    throw new ProxyError('unauthorized', decision.reason);
  }
  addToSeries(deps.metrics.inboundTcpAuthzAllowTotal, allowLabels(target, decision, client, tlsLabels), 1);
  if (decision.auditDenial !== undefined) {
    deps.log.warn({ ...denialFields(target, decision), audit: true, why: decision.auditDenial }, 'policy audit: connection would be denied');
  }
  return decision;
}

/** Count and log a live connection cut by a policy change; the error to close it with. */
export function terminated(deps: Omit<EnforceDeps, 'policy'>, target: SocketAddr, decision: Denied): ProxyError {
  deps.metrics.inboundTcpAuthzTerminateTotal.inc(targetLabels(target, decision.policy, decision.client));
  deps.log.warn(denialFields(target, decision), 'live connection no longer allowed by the new policy');
  return new ProxyError('policy_changed', `policy changed: ${decision.reason}`);
}

function denialFields(target: SocketAddr, d: { policy: ServerPolicy; client: PolicyClient; reason?: string }) {
  return {
    // Absent for a client without a mesh identity, as in the access log.
    ...(d.client.tls?.identity !== undefined && { client_id: d.client.tls.identity }),
    client_ip: d.client.ip,
    port: target.port,
    server: `${d.policy.meta.kind}:${d.policy.meta.name}`,
    ...(d.reason !== undefined && { why: d.reason }),
  };
}

/**
 * inbound_tcp_authz_allow_total's set, reused for every connection the same authorization admits
 * to the same target with the same TLS (the sets go with the authorization when policy replaces it).
 */
const allowSets = new WeakMap<object, LabelMemo<AuthzLabels>>();

/**
 * The last set per decision, with the target and TLS-label objects it was made for: a remembered
 * decision (decision-memo.ts) for a remembered target (inbound/stream-targets.ts) finds its set here
 * without building allowSets' string key. Any other object falls through to allowSets.
 */
const lastAllowSet = new WeakMap<Authorized, { target: SocketAddr; tlsLabels: NoMeshTlsLabels | undefined; labels: AuthzLabels }>();

function allowLabels(target: SocketAddr, decision: Authorized, client: PolicyClient, tlsLabels?: NoMeshTlsLabels): AuthzLabels {
  const last = lastAllowSet.get(decision);
  if (last !== undefined && last.target === target && last.tlsLabels === tlsLabels) return last.labels;
  const labels = keyedAllowLabels(target, decision, client, tlsLabels);
  lastAllowSet.set(decision, { target, tlsLabels, labels });
  return labels;
}

function keyedAllowLabels(target: SocketAddr, decision: Authorized, client: PolicyClient, tlsLabels?: NoMeshTlsLabels): AuthzLabels {
  const { authz, policy } = decision;
  let memo = allowSets.get(authz);
  if (!memo) allowSets.set(authz, (memo = new LabelMemo<AuthzLabels>()));
  // The TLS part of the set: overridden labels, else mesh TLS with its identity, else plaintext.
  const tls = tlsLabels
    ? `given|${tlsLabels.tls}|${tlsLabels.sni ?? ''}|${tlsLabels.no_tls_reason ?? ''}`
    : client.tls ? `mesh|${client.tls.identity ?? ''}` : 'plain';
  const m = policy.meta;
  return memo.get(`${target.ip}|${target.port}|${m.group}|${m.kind}|${m.name}|${tls}`, () => ({
    ...targetLabels(target, policy, client, tlsLabels),
    authz_group: authz.meta.group, authz_kind: authz.meta.kind, authz_name: authz.meta.name,
  }));
}

function targetLabels(target: SocketAddr, policy: ServerPolicy, client: PolicyClient, tlsLabels?: NoMeshTlsLabels): AuthzLabels {
  const derived: AuthzLabels = client.tls
    ? { tls: 'true', client_id: client.tls.identity ?? '' }
    : { tls: 'no_identity', no_tls_reason: 'no_tls_from_remote' };
  return {
    target_addr: formatAddr(target), target_ip: target.ip, target_port: String(target.port),
    srv_group: policy.meta.group, srv_kind: policy.meta.kind, srv_name: policy.meta.name, srv_port: String(target.port),
    ...(tlsLabels ?? derived),
  };
}
