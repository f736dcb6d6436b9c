// Topology entities -> what the Destination API serves (spec §1.6), as discovery-client's
// WeightedAddrSpec / ProfileSpec so encode.ts does the protobuf. Pure functions: the same workload
// always translates to the same spec, which is what lets views diff snapshots by value.
//
// Deliberate differences from linkerd-destination, for an L4 mesh:
// - no `h2` protocol hint: podwire carries bytes and cannot serve linkerd2-proxy's HTTP/2 upgrade
//   (spec §0.3), so non-opaque ports get no protocol, only opaque_transport;
// - opaque_transport.inbound_port on every endpoint: the Helm default transport-header mode (§0.1);
// - `namespace` is also a per-address label (Linkerd puts it only in the set labels of Get and on
//   profile endpoints); the merged labels a proxy sees are the same.
import { DEFAULT_WEIGHT, type ProfileSpec, type WeightedAddrSpec } from '../discovery-client/encode.js';
import type { ClusterSettings, ServicePort, ServiceSpec, WorkloadSpec } from './topology-types.js';

/** What a workload identity is built from; a linked cluster supplies its own trust domain. */
export type IdentityNames = Pick<ClusterSettings, 'trustDomain' | 'controlPlaneNamespace'>;

/** `<sa>.<ns>.serviceaccount.identity.<cp-ns>.<trust-domain>`; an empty account counts as default. */
export function workloadIdentity(serviceAccount: string, namespace: string, names: IdentityNames): string {
  const sa = serviceAccount === '' ? 'default' : serviceAccount;
  return `${sa}.${namespace}.serviceaccount.identity.${names.controlPlaneNamespace}.${names.trustDomain}`;
}

/** `<svc>.<ns>.svc.<domain>`: no port, no trailing dot (fully_qualified_name, spec §1.2). */
export function serviceFqdn(svc: Pick<ServiceSpec, 'name' | 'namespace'>, domain: string): string {
  return `${svc.name}.${svc.namespace}.svc.${domain}`;
}

/** Set-level labels of a service's endpoint set (spec §1.6). */
export function serviceSetLabels(svc: Pick<ServiceSpec, 'name' | 'namespace'>): Record<string, string> {
  return { service: svc.name, namespace: svc.namespace };
}

/** Per-address labels: the workload's own labels, then the ones the controller owns. */
export function workloadLabels(w: WorkloadSpec, names: IdentityNames): Record<string, string> {
  return {
    ...w.labels,
    pod: w.pod,
    namespace: w.namespace,
    serviceaccount: w.serviceAccount,
    zone: w.zone,
    control_plane_ns: names.controlPlaneNamespace,
  };
}

/** The service port for a requested port. Like Linkerd, an undeclared port targets itself. */
export function servicePort(svc: ServiceSpec, port: number): ServicePort {
  return svc.ports.find((p) => p.port === port) ?? { port, targetPort: port, opaque: false };
}

/** One endpoint: the workload's IP and target port, identity, opaque hint and inbound port. */
export function translateWorkload(
  w: WorkloadSpec,
  target: Pick<ServicePort, 'targetPort' | 'opaque'>,
  names: IdentityNames,
): WeightedAddrSpec {
  const identity = workloadIdentity(w.serviceAccount, w.namespace, names);
  return {
    ip: w.ip,
    port: target.targetPort,
    weight: DEFAULT_WEIGHT,
    identity,
    serverName: identity,
    inboundPort: w.inboundPort,
    ...(target.opaque && { protocolHint: 'opaque' as const }),
    labels: workloadLabels(w, names),
  };
}

/** Is `targetPort` on this workload opaque according to any service that selects it? */
export function isOpaqueOnWorkload(w: WorkloadSpec, targetPort: number, services: readonly ServiceSpec[]): boolean {
  return services.some(
    (s) => s.namespace === w.namespace && w.services.includes(s.name) && s.ports.some((p) => p.targetPort === targetPort && p.opaque),
  );
}

/** GetProfile for a pod IP:port (spec §1.4): the endpoint itself, its labels incl. namespace. */
export function workloadProfile(w: WorkloadSpec, port: number, services: readonly ServiceSpec[], names: IdentityNames): ProfileSpec {
  const opaque = isOpaqueOnWorkload(w, port, services);
  return {
    endpoint: translateWorkload(w, { targetPort: port, opaque }, names),
    ...(opaque && { opaqueProtocol: true }),
  };
}

/** GetProfile for a service (by cluster IP or name): its FQDN, and opaque_protocol for opaque ports. */
export function serviceProfile(svc: ServiceSpec, port: number, domain: string): ProfileSpec {
  const opaque = svc.ports.some((p) => p.port === port && p.opaque);
  return { fullyQualifiedName: serviceFqdn(svc, domain), ...(opaque && { opaqueProtocol: true }) };
}
