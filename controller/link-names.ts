// The names linked clusters add to the local cluster (spec §8), and what each one means:
//
//   <svc>-<cluster>.<ns>.svc.<domain>        mirror of <svc> exported by link <cluster> as
//                                            remote-discovery (the remote pods) or gateway (the
//                                            remote gateway); `<pod>.<svc>-<cluster>...` picks one
//                                            remote pod of a remote-discovery mirror
//   <svc>-federated.<ns>.svc.<domain>        the local <svc> plus every link's federated member
//   <svc>.<ns>.svc.clusterset.local          the local <svc> plus every link exporting <svc> in
//                                            any mode (Kubernetes Multi-Cluster Services)
//
// Pure functions of one topology version, so the Get resolver, the profile resolver and the views
// re-checking whether a name is still served all agree. Also: the labels the link machinery sets,
// and the context token that marks a request as coming from another cluster's link (so a remote
// never forwards it again: lookups cross exactly one link and cannot loop between clusters).
import { LOCALITY_LABEL } from '../proxy/outbound/failover.js';
import { parseServiceHost, type ContextToken } from './destination-path.js';
import { indexOf } from './topology-index.js';
import type { LinkServiceSpec, LinkSpec, Topology } from './topology-types.js';

export const CLUSTERSET_DOMAIN = 'clusterset.local';
export const FEDERATED_SUFFIX = '-federated';

/** Per-address label naming the cluster an endpoint lives in. */
export const CLUSTER_LABEL = 'cluster';
/** Per-address `cluster_locality` (local | remote): the proxy's local-first failover reads it. */
export { LOCALITY_LABEL };

export type MirrorMode = 'remote-discovery' | 'gateway';

export type MulticlusterName =
  | {
      readonly kind: 'mirror';
      readonly link: LinkSpec;
      readonly service: string;
      readonly namespace: string;
      readonly mode: MirrorMode;
      /** `<pod>.<svc>-<cluster>...`: one remote pod (remote-discovery only). */
      readonly instance?: string;
    }
  | { readonly kind: 'federated'; readonly service: string; readonly namespace: string }
  | { readonly kind: 'clusterset'; readonly service: string; readonly namespace: string };

/** How a link exports svc/ns under its mirror name, if it does. */
export function mirrorMode(link: LinkSpec, service: string, namespace: string): MirrorMode | undefined {
  for (const s of link.services) {
    if (s.name === service && s.namespace === namespace && s.mode !== 'federated') return s.mode;
  }
  return undefined;
}

export function isFederatedMember(link: LinkSpec, service: string, namespace: string): boolean {
  return link.services.some((s) => s.name === service && s.namespace === namespace && s.mode === 'federated');
}

/**
 * What a link contributes to a clusterset name: its pods when it exports the service
 * remote-discovery or federated (pod-to-pod works for it), else its gateway, else nothing.
 */
export function clustersetMember(link: LinkSpec, service: string, namespace: string): 'pods' | 'gateway' | undefined {
  if (isFederatedMember(link, service, namespace)) return 'pods';
  const mode = mirrorMode(link, service, namespace);
  return mode === 'remote-discovery' ? 'pods' : mode;
}

/** A link whose clusters share pod networking with us: it exports something pod-to-pod. */
export function isFlatLink(link: LinkSpec): boolean {
  return link.services.some((s) => s.mode === 'remote-discovery' || s.mode === 'federated');
}

/**
 * The local name a link service entry adds: `<svc>-<cluster>.<ns>.svc.<local domain>` for a mirror
 * (remote-discovery or gateway), `<svc>-federated.<ns>.svc.<local domain>` for a federated member.
 */
export function mirrorFqn(topology: Topology, link: LinkSpec, service: LinkServiceSpec): string {
  const suffix = service.mode === 'federated' ? FEDERATED_SUFFIX : `-${link.cluster}`;
  return `${service.name}${suffix}.${service.namespace}.svc.${topology.cluster.domain}`;
}

/** The service's name in the remote cluster: `[<pod>.]<svc>.<ns>.svc.<remote domain>`. */
export function remoteHost(link: LinkSpec, service: string, namespace: string, instance?: string): string {
  return `${instance === undefined ? '' : `${instance}.`}${service}.${namespace}.svc.${link.domain}`;
}

/**
 * - a MulticlusterName when the host is one of the names above and currently served;
 * - 'not_found' for other names in the local domain or the clusterset domain;
 * - 'pass' for everything else (other domains: not ours to answer).
 */
export function classifyHost(host: string, topology: Topology): MulticlusterName | 'not_found' | 'pass' {
  const set = parseServiceHost(host, CLUSTERSET_DOMAIN);
  if (set) {
    if (set.instance !== undefined) return 'not_found';
    const { service, namespace } = set;
    const local = indexOf(topology).service(namespace, service) !== undefined;
    const remote = topology.links.some((l) => clustersetMember(l, service, namespace) !== undefined);
    return local || remote ? { kind: 'clusterset', service, namespace } : 'not_found';
  }
  const name = parseServiceHost(host, topology.cluster.domain);
  if (!name) return 'pass';
  const { service, namespace, instance } = name;
  if (instance === undefined && service.endsWith(FEDERATED_SUFFIX)) {
    const base = service.slice(0, -FEDERATED_SUFFIX.length);
    if (base !== '' && topology.links.some((l) => isFederatedMember(l, base, namespace))) {
      return { kind: 'federated', service: base, namespace };
    }
  }
  for (const link of topology.links) {
    const suffix = `-${link.cluster}`;
    if (!service.endsWith(suffix) || service.length === suffix.length) continue;
    const base = service.slice(0, -suffix.length);
    const mode = mirrorMode(link, base, namespace);
    if (mode === undefined) continue;
    // A gateway mirror is the gateway, which has no per-pod names.
    if (instance !== undefined && mode === 'gateway') return 'not_found';
    return { kind: 'mirror', link, service: base, namespace, mode, ...(instance !== undefined && { instance }) };
  }
  return 'not_found';
}

const LINK_POD_PREFIX = 'podwire-link.';

/**
 * The context token a link sends with its requests (`pod` = podwire-link.<local cluster>): the
 * remote answers them from its own topology only, never through its own links.
 */
export function linkContextToken(localCluster: string): string {
  return JSON.stringify({ pod: `${LINK_POD_PREFIX}${localCluster}` });
}

export function isLinkRequest(token: ContextToken): boolean {
  return token.pod?.startsWith(LINK_POD_PREFIX) === true;
}
