// Decide where an outbound connection goes, from what the application asked for and what
// discovery says. The decision (decideRoute) is pure and table-tested; routeFor does the lookup.
import type net from 'node:net';
import type { Profile, Endpoint } from '../../discovery-client/types.js';
import type { DestinationClient } from '../../discovery-client/destination.js';
import type { NameAddr, SocketAddr } from '../transport/addr.js';
import { formatAddr } from '../transport/addr.js';
import { ProxyError } from '../errors.js';

export type OutboundRoute =
  /** A logical service: balance over the endpoints of Get name:port. */
  | { readonly kind: 'balanced'; readonly authority: NameAddr }
  /** One endpoint discovery knows directly (e.g. a pod IP, local or in a flat remote cluster). */
  | { readonly kind: 'endpoint'; readonly endpoint: Endpoint }
  /** Unknown to discovery: plain TCP to where the application meant to go. */
  | { readonly kind: 'forward'; readonly addr: SocketAddr; readonly why: string };

export type OutboundTarget =
  | { readonly kind: 'name'; readonly name: NameAddr }
  /**
   * An address: an intercepted connection's original destination, or (explicit: true) the target of
   * an `IP:PORT` forward. LINKERD2_PROXY_DESTINATION_PROFILE_NETWORKS limits which intercepted
   * destinations are looked up; an explicit forward is always looked up when discovery is
   * configured, because its operator named that address to reach it through the mesh.
   */
  | { readonly kind: 'addr'; readonly addr: SocketAddr; readonly explicit?: boolean };

/** Turn a profile answer (or its absence) for `addr` into a route. */
export function decideRoute(addr: SocketAddr, profile: Profile | undefined): OutboundRoute {
  if (profile?.fullyQualifiedName) {
    return { kind: 'balanced', authority: { name: profile.fullyQualifiedName, port: addr.port } };
  }
  if (profile?.endpoint) return { kind: 'endpoint', endpoint: profile.endpoint };
  return { kind: 'forward', addr, why: profile ? 'discovery has no service or endpoint for it' : 'discovery does not know it' };
}

export interface RouteDeps {
  readonly destination: DestinationClient | undefined;
  /** Only addresses in these networks are looked up (LINKERD2_PROXY_DESTINATION_PROFILE_NETWORKS). */
  readonly profileNetworks: net.BlockList;
  readonly profileTimeoutMs: number;
}

export async function routeFor(target: OutboundTarget, deps: RouteDeps): Promise<OutboundRoute> {
  if (target.kind === 'name') {
    if (!deps.destination) throw new ProxyError('resolve_failed', 'no Destination service configured (LINKERD2_PROXY_DESTINATION_SVC_ADDR)');
    return { kind: 'balanced', authority: target.name };
  }
  const addr = target.addr;
  if (!deps.destination) return { kind: 'forward', addr, why: 'no Destination service configured' };
  if (!target.explicit && !inNetworks(deps.profileNetworks, addr.ip)) {
    return { kind: 'forward', addr, why: 'outside LINKERD2_PROXY_DESTINATION_PROFILE_NETWORKS' };
  }
  const watch = deps.destination.profile(addr);
  try {
    const answer = await watch.answer(deps.profileTimeoutMs);
    switch (answer.kind) {
      case 'timeout':
        // Discovery said nothing: we can't know whether the peer expects mTLS, so don't guess plaintext.
        throw new ProxyError('resolve_failed', `no profile for ${formatAddr(addr)} within ${deps.profileTimeoutMs}ms`);
      case 'failed':
        throw new ProxyError('resolve_failed', `discovery refused ${formatAddr(addr)}: ${answer.error.message}`);
      case 'no_profile':
        return decideRoute(addr, undefined);
      case 'profile':
        return decideRoute(addr, answer.profile);
    }
  } finally {
    watch.release();
  }
}

function inNetworks(list: net.BlockList, ip: string): boolean {
  return list.check(ip, ip.includes(':') ? 'ipv6' : 'ipv4');
}
