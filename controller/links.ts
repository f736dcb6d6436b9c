// Linked clusters: the resolvers that answer mirror, federated and clusterset names from remote
// controllers. (Placeholder until links are built: no resolvers, so those names are NotFound.)
import type client from 'prom-client';
import type { Logger } from '../proxy/log.js';
import type { Resolver } from './endpoint-view.js';
import type { ProfileResolver } from './profile-view.js';
import type { TopologySource } from './topology-watch.js';

export interface Links {
  readonly resolvers: readonly Resolver[];
  readonly profileResolvers: readonly ProfileResolver[];
  close(): void;
}

export function startLinks(_source: TopologySource, _opts: { log: Logger; registry: client.Registry }): Links {
  return { resolvers: [], profileResolvers: [], close: () => {} };
}
