// Endpoint views built from linked clusters (see endpoint-view.ts for the EndpointView contract):
//
// - RemotePodsSet: a remote controller's Get, re-served unchanged (remote pod IP:port, the remote
//   workload's own identity and server_name, opaque_transport, hints), with labels adjusted. It
//   follows the remote watch update by update (reset / add / remove), so a flood costs work per
//   update but no state beyond the endpoint set itself (a map keyed by address).
// - gatewayView: the link's gateway addresses as mirror endpoints, recomputed when they change.
// - localMemberView: the local cluster's endpoints of a service, as a member of a union.
// - MemberUnion: a union whose members come and go (links added, removed, re-exported) while the
//   stream stays open; an address served by several members is taken from the first.
import type { WeightedAddrSpec } from '../discovery-client/encode.js';
import { endpointToSpec } from '../discovery-client/encode.js';
import type { ResolutionEvent } from '../discovery-client/destination.js';
import type { Endpoint } from '../discovery-client/types.js';
import { addrKey, normalizeIp } from '../proxy/transport/addr.js';
import { EndpointSet, type EndpointView, type Labels } from './endpoint-view.js';
import type { LinkClient, RemoteWatch } from './link-client.js';
import { gatewayEndpoint } from './link-gateway.js';
import { CLUSTER_LABEL, LOCALITY_LABEL } from './link-names.js';
import { localEndpoints } from './resolver-local.js';
import type { Topology } from './topology-types.js';
import type { TopologySource } from './topology-watch.js';

/** Per-address labels for a remote pod: the remote's own, plus `extra`. */
export type LabelMapper = (labels: Labels) => Labels;

/**
 * The remote's per-address labels without `service`: decoding merged the remote *set* labels into
 * each address, and the local name (mirror, federated, clusterset) has its own `service` set label.
 */
export function remotePodLabels(extra: Labels): LabelMapper {
  return (labels) => {
    const { service: _service, ...own } = labels;
    return { ...own, ...extra };
  };
}

function remoteSpec(ep: Endpoint, mapLabels: LabelMapper): WeightedAddrSpec {
  const spec = endpointToSpec(ep);
  return { ...spec, labels: mapLabels(ep.labels) };
}

/** A view of `host:port` on the link's remote controller. Closing it releases the remote watch. */
export class RemotePodsSet extends EndpointSet {
  readonly #watch: RemoteWatch;
  readonly #link: LinkClient;

  constructor(link: LinkClient, host: string, port: number, setLabels: Labels, mapLabels: LabelMapper) {
    const watch = link.watch(host, port);
    const toSpecs = (eps: Iterable<Endpoint>): WeightedAddrSpec[] => [...eps].map((ep) => remoteSpec(ep, mapLabels));
    super(setLabels, toSpecs(watch.endpoints().values()));
    this.#watch = watch;
    this.#link = link;
    watch.onChange((ev: ResolutionEvent) => {
      switch (ev.kind) {
        case 'reset':
          this.replace(toSpecs(ev.endpoints));
          return;
        case 'add':
          this.upsert(toSpecs(ev.endpoints));
          return;
        case 'remove':
          this.remove(ev.addrs);
          return;
        case 'does_not_exist':
        case 'failed':
          // The remote refused the name for good (e.g. a domain mismatch in the link): serve nothing.
          this.replace([]);
          return;
      }
    });
    this.once('close', () => watch.release());
  }

  /**
   * Resolves once the remote answered, waiting at most `ms` and only while the link is up: a first
   * snapshot then already holds the remote pods, and a remote that is down delays nothing.
   */
  settled(ms: number): Promise<void> {
    return this.#link.up ? this.#watch.settled(ms) : Promise.resolve();
  }
}

/** The gateway endpoints of `<svc>.<ns>` on `port` through `link`, following gateway and spec changes. */
export function gatewayView(link: LinkClient, service: string, namespace: string, port: number, setLabels: Labels, labels: Labels): EndpointSet {
  const compute = (): WeightedAddrSpec[] => {
    const gw = link.spec.gateway;
    return gw ? link.gateway.ips().map((ip) => gatewayEndpoint(link.spec, gw, ip, service, namespace, port, labels)) : [];
  };
  const set = new EndpointSet(setLabels, compute());
  const refresh = (): void => void set.replace(compute());
  link.gateway.on('change', refresh);
  link.on('spec', refresh);
  set.once('close', () => {
    link.gateway.off('change', refresh);
    link.off('spec', refresh);
  });
  return set;
}

/** The local cluster's ready endpoints of `<svc>.<ns>` on `port`, labelled, following topology edits. */
export function localMemberView(source: TopologySource, service: string, namespace: string, port: number): EndpointSet {
  const compute = (t: Topology): WeightedAddrSpec[] =>
    localEndpoints(t, { host: `${service}.${namespace}.svc.${t.cluster.domain}`, port }).map((spec) => ({
      ...spec,
      labels: { ...spec.labels, [CLUSTER_LABEL]: t.cluster.name, [LOCALITY_LABEL]: 'local' },
    }));
  const set = new EndpointSet({}, compute(source.current()));
  const onUpdate = (t: Topology): void => void set.replace(compute(t));
  source.on('update', onUpdate);
  set.once('close', () => source.off('update', onUpdate));
  return set;
}

export interface Member {
  /** Stable while the member is the same source (e.g. `west#3:pods`); a new key replaces it. */
  readonly key: string;
  readonly make: () => EndpointView;
}

/** A union over members that can change while the stream is open. */
export class MemberUnion {
  readonly set: EndpointSet;
  #members = new Map<string, EndpointView>();

  constructor(setLabels: Labels, members: readonly Member[]) {
    this.set = new EndpointSet(setLabels);
    this.sync(members);
    this.set.once('close', () => {
      for (const m of this.#members.values()) m.close();
      this.#members.clear();
    });
  }

  /** Make the members exactly `wanted` (in this order), keeping the ones whose key is unchanged. */
  sync(wanted: readonly Member[]): void {
    if (this.set.closed) return;
    const next = new Map<string, EndpointView>();
    for (const m of wanted) {
      const existing = this.#members.get(m.key);
      if (existing) {
        next.set(m.key, existing);
        continue;
      }
      const view = m.make();
      view.on('change', () => this.#recompute());
      next.set(m.key, view);
    }
    for (const [key, view] of this.#members) if (!next.has(key)) view.close();
    this.#members = next;
    this.#recompute();
  }

  /** Resolves once every remote member settled (see RemotePodsSet.settled). */
  async settled(ms: number): Promise<void> {
    await Promise.all([...this.#members.values()].map((m) => (m instanceof RemotePodsSet ? m.settled(ms) : undefined)));
  }

  #recompute(): void {
    const seen = new Map<string, WeightedAddrSpec>();
    for (const view of this.#members.values()) {
      for (const spec of view.snapshot()) {
        const key = addrKey({ ip: normalizeIp(spec.ip), port: spec.port });
        if (!seen.has(key)) seen.set(key, spec);
      }
    }
    this.set.replace([...seen.values()]);
  }
}
