// GetProfile answers that come from linked clusters, after the local resolver in the chain:
//
// - a pod IP of a linked flat cluster (a link exporting anything remote-discovery or federated,
//   i.e. pods routable from here): the remote controller's own profile for that ip:port, when it
//   names an `endpoint` (the remote pod with its remote identity and opaque_transport, plus label
//   `cluster`), so a client can address one remote pod directly, as Raft-style peers do. The first
//   flat link (in topology order) that knows the IP answers. IPs the local topology knows are left
//   to the local resolver; a remote answer naming a service (a remote cluster IP) is not used, as
//   its fully_qualified_name would be resolved against the local cluster.
// - a multicluster name (mirror, federated, any clusterset.local name): {fully_qualified_name}.
// - the cluster IP of a mirror or federated name (`links[].services[].clusterIP`, the virtual IP
//   Kubernetes gives a mirror Service): {fully_qualified_name: that name}, on any port (the remote
//   service's ports are the remote's business), following topology edits.
//
// The remote is asked asynchronously: the lookup waits at most `waitMs` for links whose controller
// is answering (so a proxy's first connection to a remote pod already gets its identity), and not
// at all for links that are down; a later remote answer still reaches the open stream.
import type { ProfileSpec } from '../discovery-client/encode.js';
import { endpointToSpec } from '../discovery-client/encode.js';
import type { ProfileWatch } from '../discovery-client/destination.js';
import type { Profile } from '../discovery-client/types.js';
import type { SocketAddr } from '../proxy/transport/addr.js';
import { parseServiceHost, type ProfileTarget } from './destination-path.js';
import type { LinkClient } from './link-client.js';
import { CLUSTERSET_DOMAIN, CLUSTER_LABEL, classifyHost, isFlatLink, isLinkRequest, mirrorFqn } from './link-names.js';
import type { LinkRegistry } from './link-registry.js';
import { ComputedProfile, type ProfileResolveResult, type ProfileResolver } from './profile-view.js';
import { indexOf } from './topology-index.js';
import type { Topology } from './topology-types.js';

export const DEFAULT_PROFILE_WAIT_MS = 500;

export class LinkProfileResolver implements ProfileResolver {
  readonly name = 'links';

  constructor(
    private readonly links: LinkRegistry,
    private readonly waitMs = DEFAULT_PROFILE_WAIT_MS,
  ) {}

  async resolveProfile(target: ProfileTarget): Promise<ProfileResolveResult> {
    if (isLinkRequest(target.contextToken)) return 'pass';
    const topology = this.links.topology;
    if (target.kind === 'name') {
      const name = classifyHost(target.host, topology);
      if (name === 'pass') return 'pass';
      // Like Linkerd's default profile for any name in its domains; clusterset.local is one of ours.
      if (name === 'not_found' && !parseServiceHost(target.host, CLUSTERSET_DOMAIN)) return 'pass';
      return new ComputedProfile({ fullyQualifiedName: target.host });
    }
    const idx = indexOf(topology);
    if (idx.mirrorByClusterIp(target.ip)) return new MirrorIpProfile(this.links, target.ip);
    if (idx.workloadByIp(target.ip) || idx.serviceByClusterIp(target.ip)) return 'pass';
    if (!this.links.links().some((l) => isFlatLink(l.spec))) return 'pass';
    const view = new RemotePodProfile(this.links, { ip: target.ip, port: target.port });
    await view.answered(this.waitMs);
    return view;
  }
}

/** {fully_qualified_name} of the mirror that has this cluster IP in the current topology. */
function mirrorIpAnswer(topology: Topology, ip: string): ProfileSpec | undefined {
  const mirror = indexOf(topology).mirrorByClusterIp(ip);
  return mirror && { fullyQualifiedName: mirrorFqn(topology, mirror.link, mirror.service) };
}

/** A mirror cluster IP's answer, recomputed after every topology edit (the registry's 'change'). */
class MirrorIpProfile extends ComputedProfile {
  constructor(links: LinkRegistry, ip: string) {
    super(mirrorIpAnswer(links.topology, ip));
    const onLinks = (): void => this.set(mirrorIpAnswer(links.topology, ip));
    links.on('change', onLinks);
    this.once('close', () => links.off('change', onLinks));
  }
}

interface Held {
  readonly link: LinkClient;
  readonly watch: ProfileWatch;
}

/** The first flat link's answer for one address, following link changes and remote updates. */
class RemotePodProfile extends ComputedProfile {
  #held = new Map<string, Held>();
  readonly #onLinks = (): void => this.#sync();

  constructor(
    private readonly links: LinkRegistry,
    private readonly addr: SocketAddr,
  ) {
    super(undefined);
    this.#sync();
    links.on('change', this.#onLinks);
    this.once('close', () => {
      links.off('change', this.#onLinks);
      for (const h of this.#held.values()) h.watch.release();
      this.#held.clear();
    });
  }

  /** Resolves once every answering link has answered, or after `ms`. */
  async answered(ms: number): Promise<void> {
    const pending = [...this.#held.values()].filter((h) => h.link.up).map((h) => h.watch.answer(ms));
    await Promise.all(pending);
  }

  #sync(): void {
    const next = new Map<string, Held>();
    for (const link of this.links.links()) {
      if (!isFlatLink(link.spec)) continue;
      const key = `${link.cluster}#${link.instance}`;
      const held = this.#held.get(key);
      if (held) {
        next.set(key, held);
        continue;
      }
      const watch = link.profile(this.addr);
      if (!watch) continue;
      watch.on('change', () => this.#recompute());
      next.set(key, { link, watch });
    }
    for (const [key, h] of this.#held) if (!next.has(key)) h.watch.release();
    this.#held = next;
    this.#recompute();
  }

  #recompute(): void {
    for (const { link, watch } of this.#held.values()) {
      const answer = podAnswer(watch.current(), link.cluster);
      if (answer) return this.set(answer);
    }
    this.set(undefined);
  }
}

function podAnswer(p: Profile | undefined, cluster: string): ProfileSpec | undefined {
  if (!p?.endpoint) return undefined;
  const spec = endpointToSpec(p.endpoint);
  return {
    endpoint: { ...spec, labels: { ...spec.labels, [CLUSTER_LABEL]: cluster } },
    ...(p.opaqueProtocol && { opaqueProtocol: true }),
  };
}
