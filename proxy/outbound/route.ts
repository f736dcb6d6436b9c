// Decide where an outbound connection goes, from what the application asked for and what
// discovery says. The decision (decideRoute) is pure and table-tested; routeFor does the lookup,
// routeNow the same from an answer already cached, without waiting.
import type net from 'node:net';
import type { Profile, Endpoint } from '../../discovery-client/types.js';
import type { DestinationClient, ProfileAnswer } from '../../discovery-client/destination.js';
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
  const step = routeOrLookup(target, deps);
  if (step.kind !== 'lookup') return step;
  const watch = step.destination.profile(step.addr);
  try {
    return routeOfAnswer(step.addr, await watch.answer(deps.profileTimeoutMs), deps);
  } finally {
    watch.release();
  }
}

/**
 * routeFor without waiting: the route when it needs no lookup or the controller has already
 * answered for the address (the watch is cached: connections to the same destination follow each
 * other); undefined when routeFor would have to wait or would fail, or there is no discovery.
 */
export function routeNow(target: OutboundTarget, deps: RouteDeps): OutboundRoute | undefined {
  if (deps.destination === undefined) return undefined;
  const step = routeOrLookup(target, deps);
  if (step.kind !== 'lookup') return step;
  const watch = step.destination.profile(step.addr);
  const answer = watch.answerNow();
  watch.release();
  return answer === undefined || answer.kind === 'failed' ? undefined : routeOfAnswer(step.addr, answer, deps);
}

/** A target whose route depends on the controller's profile of its address. */
interface Lookup {
  readonly kind: 'lookup';
  readonly addr: SocketAddr;
  readonly destination: DestinationClient;
}

/** The route of a target that needs no profile lookup, or the lookup it needs. */
function routeOrLookup(target: OutboundTarget, deps: RouteDeps): OutboundRoute | Lookup {
  if (target.kind === 'name') {
    if (!deps.destination) throw new ProxyError('resolve_failed', 'no Destination service configured (LINKERD2_PROXY_DESTINATION_SVC_ADDR)');
    return { kind: 'balanced', authority: target.name };
  }
  const addr = target.addr;
  if (!deps.destination) return { kind: 'forward', addr, why: 'no Destination service configured' };
  if (!target.explicit && !inNetworks(deps.profileNetworks, addr.ip)) {
    return { kind: 'forward', addr, why: 'outside LINKERD2_PROXY_DESTINATION_PROFILE_NETWORKS' };
  }
  return { kind: 'lookup', addr, destination: deps.destination };
}

function routeOfAnswer(addr: SocketAddr, answer: ProfileAnswer, deps: RouteDeps): OutboundRoute {
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
}

function inNetworks(list: net.BlockList, ip: string): boolean {
  return list.check(ip, ip.includes(':') ? 'ipv6' : 'ipv4');
}
