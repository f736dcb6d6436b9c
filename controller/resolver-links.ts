// Get for the names linked clusters add (link-names.ts), after the local resolver in the chain:
//
// - flat mirror `<svc>-<cluster>` (remote-discovery): the remote controller's own answer for
//   `<svc>.<ns>.svc.<remote domain>:<port>` — remote pod IPs, remote identities, opaque_transport —
//   with per-address label `cluster` = <cluster> and set labels {service: <svc>-<cluster>, namespace};
// - gateway mirror `<svc>-<cluster>` (gateway): one endpoint per gateway address, gateway identity
//   without server_name, authority_override `<svc>.<ns>.svc.<remote domain>:<port>`, no
//   opaque_transport, set labels adding target_cluster / target_service / target_service_namespace;
// - `<svc>-federated`: the local service's endpoints plus every link's federated member's pods;
// - `<svc>.<ns>.svc.clusterset.local`: the local service plus every link exporting <svc> in <ns>:
//   its pods when exported remote-discovery or federated, its gateway when exported via gateway.
// In unions every address carries `cluster` and `cluster_locality` (local | remote), which the
// proxy's local-first failover reads.
//
// Nothing here waits on a remote that is down: a view is returned with whatever the link knows (the
// last endpoints while the remote is down, nothing before its first answer) and fills in as the
// remote answers. Only while the remote answers its probe does a new view wait, at most settleMs,
// for the remote's first answer, so a client's first snapshot already holds the remote pods. A stream whose name stops meaning the same thing (link removed or re-pointed,
// service no longer exported that way) is ended with OK, so the client re-resolves it.
// Requests that come from another cluster's link are not served here (one hop, no loops).
import type { GetTarget } from './destination-path.js';
import type { EndpointSet, Labels, ResolveResult, Resolver } from './endpoint-view.js';
import { gatewayTargetLabels } from './link-gateway.js';
import {
  CLUSTER_LABEL, FEDERATED_SUFFIX, LOCALITY_LABEL, classifyHost, clustersetMember, isFederatedMember, isLinkRequest, mirrorMode, remoteHost,
  type MulticlusterName,
} from './link-names.js';
import type { LinkRegistry } from './link-registry.js';
import { MemberUnion, RemotePodsSet, gatewayView, localMemberView, remotePodLabels, type Member } from './link-views.js';
import type { TopologySource } from './topology-watch.js';

type Mirror = Extract<MulticlusterName, { kind: 'mirror' }>;
type UnionName = Extract<MulticlusterName, { kind: 'federated' | 'clusterset' }>;

export const DEFAULT_SETTLE_MS = 500;

export class LinkEndpointResolver implements Resolver {
  readonly name = 'links';

  constructor(
    private readonly links: LinkRegistry,
    private readonly source: TopologySource,
    /** How long a new view waits for the first answer of remotes that are up. */
    private readonly settleMs = DEFAULT_SETTLE_MS,
  ) {}

  async resolve(target: GetTarget): Promise<ResolveResult> {
    if (isLinkRequest(target.contextToken)) return 'pass';
    const name = classifyHost(target.host, this.links.topology);
    if (name === 'pass' || name === 'not_found') return name;
    if (name.kind !== 'mirror') {
      const union = this.#union(name, target);
      await union.settled(this.settleMs);
      return union.set;
    }
    const view = this.#mirror(name, target);
    if (view instanceof RemotePodsSet) await view.settled(this.settleMs);
    return view;
  }

  #mirror(name: Mirror, target: GetTarget): EndpointSet | 'not_found' {
    const link = this.links.get(name.link.cluster);
    if (!link) return 'not_found';
    const { service, namespace, mode, instance } = name;
    const setLabels: Labels = {
      service: `${service}-${link.cluster}`,
      namespace,
      ...(mode === 'gateway' && gatewayTargetLabels(link.spec, service, namespace)),
    };
    const host = remoteHost(link.spec, service, namespace, instance);
    const view = mode === 'gateway'
      ? gatewayView(link, service, namespace, target.port, setLabels, {})
      : new RemotePodsSet(link, host, target.port, setLabels, remotePodLabels({ [CLUSTER_LABEL]: link.cluster }));
    this.#endWhen(view, target, () =>
      this.links.get(link.cluster) !== link ||
      mirrorMode(link.spec, service, namespace) !== mode ||
      remoteHost(link.spec, service, namespace, instance) !== host);
    return view;
  }

  #union(name: UnionName, target: GetTarget): MemberUnion {
    const { service, namespace } = name;
    const setLabels: Labels = { service: name.kind === 'federated' ? `${service}${FEDERATED_SUFFIX}` : service, namespace };
    const members = (): Member[] => {
      const out: Member[] = [{ key: 'local', make: () => localMemberView(this.source, service, namespace, target.port) }];
      for (const link of this.links.links()) {
        const how = name.kind === 'federated'
          ? (isFederatedMember(link.spec, service, namespace) ? 'pods' : undefined)
          : clustersetMember(link.spec, service, namespace);
        if (how === undefined) continue;
        const remote = { [CLUSTER_LABEL]: link.cluster, [LOCALITY_LABEL]: 'remote' };
        const id = `${link.cluster}#${link.instance}`;
        if (how === 'pods') {
          const host = remoteHost(link.spec, service, namespace);
          out.push({ key: `${id}:pods:${host}`, make: () => new RemotePodsSet(link, host, target.port, {}, remotePodLabels(remote)) });
        } else {
          const labels = { ...remote, ...gatewayTargetLabels(link.spec, service, namespace) };
          out.push({ key: `${id}:gateway`, make: () => gatewayView(link, service, namespace, target.port, {}, labels) });
        }
      }
      return out;
    };
    const union = new MemberUnion(setLabels, members());
    this.#endWhen(union.set, target, () => {
      const now = classifyHost(target.host, this.links.topology);
      if (typeof now === 'string' || now.kind !== name.kind) return true;
      // Still served: follow the membership (links added, removed, re-pointed, re-exported).
      union.sync(members());
      return false;
    });
    return union;
  }

  /**
   * After every link change: end the stream when `gone()` says the name no longer means what the
   * view serves (`gone` may also bring a still-valid view up to date).
   */
  #endWhen(view: EndpointSet, target: GetTarget, gone: () => boolean): void {
    const check = (): void => {
      if (gone()) view.end(`${target.host} changed meaning: a link or its exports changed`);
    };
    this.links.on('change', check);
    view.once('close', () => this.links.off('change', check));
  }
}
