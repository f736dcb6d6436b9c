// Linked clusters (spec §8): the resolvers that answer mirror, federated and clusterset names and
// remote pod IPs from remote controllers, and the links they use. app.ts appends the resolvers to
// the chains after the local ones; the links follow the topology file (added, removed, re-pointed).
//
// Separate failure domains (§8.5): nothing a remote does can stop the local controller serving its
// own names. Local names never reach these resolvers' remote paths (the local resolver answers them
// first, and remote pod profiles are only looked up for IPs the local topology does not know);
// these resolvers never wait on a remote for Get, and for GetProfile only briefly and only while
// the remote is answering; a remote that is down leaves its last known endpoints served (counted
// as stale) until the link recovers; a flooding remote costs work per update, while the state kept
// is bounded by the remote endpoint sets (maps keyed by address, one shared remote stream per
// name) and every local stream has a bounded send queue (destination-stream.ts).
import type client from 'prom-client';
import { DEFAULT_BACKOFF_MIN_MS, type BackoffConfig } from '../discovery-client/backoff.js';
import { DEFAULT_IDLE_TIMEOUT_MS } from '../discovery-client/destination.js';
import type { Logger } from '../proxy/log.js';
import type { Resolver } from './endpoint-view.js';
import type { ProfileResolver } from './profile-view.js';
import { LinkRegistry, registerLinkMetrics } from './link-registry.js';
import { LinkEndpointResolver } from './resolver-links.js';
import { DEFAULT_PROFILE_WAIT_MS, LinkProfileResolver } from './resolver-link-profile.js';
import type { TopologySource } from './topology-watch.js';

export interface Links {
  readonly resolvers: readonly Resolver[];
  readonly profileResolvers: readonly ProfileResolver[];
  /** The live links (for tests and diagnostics). */
  readonly registry: LinkRegistry;
  close(): void;
}

export interface LinksOptions {
  readonly log: Logger;
  /** Where controller_link_up / controller_link_stale_endpoints are registered. */
  readonly registry: client.Registry;
  /** Health probe period and deadline (defaults 2 s and 2 s). */
  readonly probePeriodMs?: number;
  readonly probeTimeoutMs?: number;
  /** Reconnect backoff of remote discovery streams (default 100 ms .. 3 s, jitter 0.1). */
  readonly backoff?: BackoffConfig;
  /** Longest a GetProfile of an unknown IP waits for answering links (default 500 ms). */
  readonly profileWaitMs?: number;
  /** How long an unused remote watch is kept (default 5 s, as a proxy's discovery cache). */
  readonly idleTimeoutMs?: number;
  /** DNS refresh period of gateway names (default 30 s). */
  readonly gatewayRefreshMs?: number;
}

export const DEFAULT_PROBE_PERIOD_MS = 2_000;
export const DEFAULT_PROBE_TIMEOUT_MS = 2_000;
/**
 * A proxy backs off up to 60 s (thousands of proxies must not stampede a controller); a controller
 * has a handful of links, and a linked cluster coming back should be served again within seconds.
 */
export const DEFAULT_LINK_BACKOFF: BackoffConfig = { minMs: DEFAULT_BACKOFF_MIN_MS, maxMs: 3_000, jitter: 0.1 };

export function startLinks(source: TopologySource, opts: LinksOptions): Links {
  const registry = new LinkRegistry(source, {
    log: opts.log,
    probePeriodMs: opts.probePeriodMs ?? DEFAULT_PROBE_PERIOD_MS,
    probeTimeoutMs: opts.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
    backoff: opts.backoff ?? DEFAULT_LINK_BACKOFF,
    idleTimeoutMs: opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    gatewayRefreshMs: opts.gatewayRefreshMs ?? 30_000,
  });
  registerLinkMetrics(opts.registry, () => registry.links());
  return {
    resolvers: [new LinkEndpointResolver(registry, source)],
    profileResolvers: [new LinkProfileResolver(registry, opts.profileWaitMs ?? DEFAULT_PROFILE_WAIT_MS)],
    registry,
    close: () => registry.close(),
  };
}
