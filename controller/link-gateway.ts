// A linked cluster's gateway as endpoints (spec §8.4): where it is and what a mirror endpoint
// pointing at it looks like.
//
// Linkerd's service mirror resolves `gatewayAddress` through DNS and writes the IPs as the mirror's
// endpoints; GatewayAddresses does the same (an IP is used as is, a name is looked up now and every
// `refreshMs`, keeping the last good answer when a lookup fails). Liveness is kept simple: the
// gateway is an endpoint for as long as the link configures it (Linkerd probes it and withdraws the
// endpoints while it is down; a podwire client fails over or fails fast on connect errors instead).
import { EventEmitter } from 'node:events';
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { DEFAULT_WEIGHT, type WeightedAddrSpec } from '../discovery-client/encode.js';
import type { Logger } from '../proxy/log.js';
import { normalizeIp } from '../proxy/transport/addr.js';
import { remoteHost } from './link-names.js';
import type { Labels } from './endpoint-view.js';
import type { LinkSpec } from './topology-types.js';

type Gateway = NonNullable<LinkSpec['gateway']>;

/** The set labels of gateway-mirrored endpoints (port_publisher.go), shown by proxies as dst_target_*. */
export function gatewayTargetLabels(link: LinkSpec, service: string, namespace: string): Labels {
  return { target_cluster: link.cluster, target_service: service, target_service_namespace: namespace };
}

/**
 * One gateway endpoint for `<svc>.<ns>` on `port`: the gateway's inbound port, its identity as a
 * dns_like identity without server_name (so SNI = the identity), and the remote service as
 * authority_override; no opaque_transport (the gateway's port *is* its inbound port).
 */
export function gatewayEndpoint(link: LinkSpec, gateway: Gateway, ip: string, service: string, namespace: string, port: number, labels: Labels): WeightedAddrSpec {
  return {
    ip,
    port: gateway.port,
    weight: DEFAULT_WEIGHT,
    identity: gateway.identity,
    authorityOverride: `${remoteHost(link, service, namespace)}:${port}`,
    labels,
  };
}

/** The current IPs of a link's gateway; emits 'change' when they change. */
export class GatewayAddresses extends EventEmitter {
  #host: string | undefined;
  #ips: readonly string[] = [];
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** Bumped per configured host, so a slow lookup for an old host is ignored. */
  #generation = 0;

  constructor(
    gateway: Gateway | undefined,
    private readonly log: Logger,
    private readonly refreshMs = 30_000,
  ) {
    super();
    this.setMaxListeners(0);
    this.update(gateway);
  }

  ips(): readonly string[] {
    return this.#ips;
  }

  /** The link's gateway changed (or went away). */
  update(gateway: Gateway | undefined): void {
    const host = gateway?.addr;
    if (host === this.#host || this.#closed) return;
    this.#host = host;
    this.#generation++;
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (host === undefined) return this.#set([]);
    if (net.isIP(host)) return this.#set([normalizeIp(host)]);
    this.#set([]);
    void this.#lookup(host, this.#generation);
    this.#timer = setInterval(() => void this.#lookup(host, this.#generation), this.refreshMs);
    this.#timer.unref();
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    this.removeAllListeners();
  }

  async #lookup(host: string, generation: number): Promise<void> {
    try {
      const found = await lookup(host, { all: true });
      if (generation !== this.#generation || this.#closed) return;
      this.#set([...new Set(found.map((a) => normalizeIp(a.address)))].sort());
    } catch (err) {
      if (generation !== this.#generation || this.#closed) return;
      this.log.warn({ gateway: host, err: (err as Error).message, keeping: this.#ips }, 'link: gateway address lookup failed; keeping the last addresses');
    }
  }

  #set(ips: readonly string[]): void {
    if (ips.length === this.#ips.length && ips.every((ip, i) => ip === this.#ips[i])) return;
    this.#ips = ips;
    this.emit('change');
  }
}
