// The set of live links, kept in step with the topology file: a new link is dialled, a removed one
// closed, a link whose remote address, identity or security mode changed is replaced by a new
// connection, rotated TLS material is handed to the existing connection, and anything else
// (exported services, gateway, domains) is updated in place. After every topology update it
// emits 'change', which views use to re-check that their name is still served.
//
// Also the link metrics, read at scrape time from the live links:
//   controller_link_up{cluster}               1 while the remote controller answers its probe
//   controller_link_stale_endpoints{cluster}  remote endpoints served while the link is down
import { EventEmitter } from 'node:events';
import client from 'prom-client';
import type { Logger } from '../proxy/log.js';
import { LinkClient, type LinkClientOptions } from './link-client.js';
import { linkConnection, sameRemote } from './link-tls.js';
import type { Topology } from './topology-types.js';
import type { TopologySource } from './topology-watch.js';

export type LinkRegistryOptions = Omit<LinkClientOptions, 'localCluster' | 'log'> & { readonly log: Logger };

export class LinkRegistry extends EventEmitter {
  readonly #source: TopologySource;
  readonly #opts: LinkRegistryOptions;
  /** In topology order: earlier links win when two serve the same address. */
  #links = new Map<string, LinkClient>();
  #topology: Topology;
  #closed = false;
  readonly #onUpdate = (t: Topology): void => this.#sync(t);

  constructor(source: TopologySource, opts: LinkRegistryOptions) {
    super();
    // One listener per open multicluster stream.
    this.setMaxListeners(0);
    this.#source = source;
    this.#opts = opts;
    this.#topology = source.current();
    this.#sync(this.#topology);
    source.on('update', this.#onUpdate);
  }

  /** The topology version the links were last synced to (views classify names against it). */
  get topology(): Topology {
    return this.#topology;
  }

  links(): LinkClient[] {
    return [...this.#links.values()];
  }

  get(cluster: string): LinkClient | undefined {
    return this.#links.get(cluster);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#source.off('update', this.#onUpdate);
    for (const link of this.#links.values()) link.close();
    this.#links.clear();
    this.emit('change');
    this.removeAllListeners();
  }

  #sync(topology: Topology): void {
    if (this.#closed) return;
    this.#topology = topology;
    const next = new Map<string, LinkClient>();
    for (const spec of topology.links) {
      const conn = linkConnection(topology, spec);
      const old = this.#links.get(spec.cluster);
      if (old && sameRemote(old.connection, conn) && old.connection.error === undefined) {
        old.updateSpec(spec);
        // Material that became unreadable after an edit: keep dialling with what worked.
        if (conn.error === undefined) old.updateConnection(conn);
        else this.#opts.log.error({ cluster: spec.cluster, err: conn.error }, 'link: keeping the previous TLS material');
        next.set(spec.cluster, old);
        continue;
      }
      if (old) this.#opts.log.info({ cluster: spec.cluster, addr: conn.addr }, 'link: connection settings changed; reconnecting');
      old?.close();
      next.set(spec.cluster, new LinkClient(spec, conn, { ...this.#opts, localCluster: topology.cluster.name, log: this.#opts.log }));
    }
    for (const [cluster, link] of this.#links) {
      if (next.has(cluster)) continue;
      this.#opts.log.info({ cluster }, 'link: removed');
      link.close();
    }
    this.#links = next;
    this.emit('change');
  }
}

/** Register the link gauges on `registry`; values are read from `links()` at scrape time. */
export function registerLinkMetrics(registry: client.Registry, links: () => readonly LinkClient[]): void {
  new client.Gauge({
    name: 'controller_link_up',
    help: 'Whether the linked cluster\'s controller answers its health probe (1) or not (0).',
    labelNames: ['cluster'],
    registers: [registry],
    collect() {
      this.reset();
      for (const l of links()) this.set({ cluster: l.cluster }, l.up ? 1 : 0);
    },
  });
  new client.Gauge({
    name: 'controller_link_stale_endpoints',
    help: 'Remote endpoints still served from a linked cluster whose controller is not answering.',
    labelNames: ['cluster'],
    registers: [registry],
    collect() {
      this.reset();
      for (const l of links()) this.set({ cluster: l.cluster }, l.staleEndpoints());
    },
  });
}
