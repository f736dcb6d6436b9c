// The gateway role (spec §2.4, §8.4): a direct-port connection whose transport header carries a
// `name` is proxied onward to name:port. The name must lie under one of the allowed suffixes
// (Linkerd's "bad gateway domain" otherwise); it is resolved through this proxy's own Destination
// client and dialled exactly like an outbound connection — local-first balancing, mTLS with the
// gateway's own identity, SAN check, transport header with the endpoint's port — so the workload
// behind sees the gateway's identity. An endpoint that would bring the connection back into a
// gateway is refused (Linkerd's "gateway loop detected"): one carrying an authority_override (that
// is another gateway's mirror endpoint) or one whose dial address is our own inbound listener.
//
// Suffix matching and loop detection are pure and table-tested; handleGateway does the I/O.
import os from 'node:os';
import type { Endpoint } from '../../discovery-client/types.js';
import type { ConnectionRecord } from '../connection.js';
import type { Logger } from '../log.js';
import type { Metrics, TransportLabels } from '../metrics.js';
import { dialledLabels } from '../transport-labels.js';
import type { IdentitySource } from '../identity/store.js';
import { ProxyError, classify } from '../errors.js';
import { formatAddr, formatNameAddr, normalizeIp, type NameAddr, type SocketAddr } from '../transport/addr.js';
import { pipeBidirectional, abort, type PipeSocket } from '../transport/copy.js';
import type { TransportHeader } from '../transport/header.js';
import { dialOptionsOf, dialPlan } from '../outbound/dial-plan.js';
import { connectBalanced, connectBalancedNow, type BalancedConnectDeps } from '../outbound/balanced-connect.js';
import type { EndpointPools } from '../outbound/pool.js';
import type { MuxPool } from '../outbound/mux-pool.js';

export interface GatewayContext {
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly identity: IdentitySource;
  readonly pools: EndpointPools;
  /** Allowed suffixes, lower-case without trailing dot; "" admits every name (config.ts). */
  readonly suffixes: readonly string[];
  readonly connectTimeoutMs: number;
  /** TCP keepalive on dialled sockets (LINKERD2_PROXY_OUTBOUND_CONNECT_KEEPALIVE, as Linkerd's gateway). */
  readonly connectKeepaliveMs?: number;
  /** Offer and keep TLS session tickets (outbound/tls-sessions.ts). */
  readonly resumeSessions?: boolean;
  /** PODWIRE_MUX: the onward leg rides pooled mux connections to podwire peers too. */
  readonly mux?: MuxPool;
  readonly failfastTimeoutMs: number;
  readonly localIps: ReadonlySet<string>;
  /** "ip:port" addresses that reach our own inbound listener; filled in once it is bound. */
  ownInbound: ReadonlySet<string>;
}

/** Whether `name` equals `suffix` or ends with "." + suffix (whole labels); "" is the root. */
export function nameHasSuffix(name: string, suffix: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  const s = suffix.toLowerCase().replace(/\.$/, '');
  if (s === '') return true;
  return n === s || n.endsWith(`.${s}`);
}

/** The onward target for a gateway header, or gateway_domain_invalid. */
export function gatewayTarget(header: TransportHeader, suffixes: readonly string[]): NameAddr {
  const name = (header.name ?? '').replace(/\.$/, '');
  if (name === '' || !suffixes.some((s) => nameHasSuffix(name, s))) {
    const allowed = suffixes.map((s) => `${s}.`).join(', ');
    throw new ProxyError('gateway_domain_invalid', `bad gateway domain: ${header.name ?? '(none)'} is not under ${allowed}`);
  }
  return { name, port: header.port };
}

/** Why dialling `ep` would loop back into a gateway, or undefined when it wouldn't. */
export function gatewayLoop(ep: Endpoint, localIps: ReadonlySet<string>, ownInbound: ReadonlySet<string>): string | undefined {
  if (ep.authorityOverride) {
    return `gateway loop detected: endpoint ${formatAddr(ep.addr)} is another gateway (authority override ${formatNameAddr(ep.authorityOverride)})`;
  }
  const remote = dialPlan(ep, localIps).remote;
  const key = formatAddr({ ip: normalizeIp(remote.ip), port: remote.port });
  if (ownInbound.has(key)) return `gateway loop detected: endpoint ${formatAddr(ep.addr)} is dialled at ${key}, this gateway's own inbound port`;
  return undefined;
}

/**
 * Addresses that reach our inbound listener bound at `bound`: itself, our pod IPs on its port, and,
 * when it is bound to the unspecified address, every interface address of the host on its port.
 */
export function ownInboundAddrs(bound: SocketAddr, podIps: readonly string[], interfaceIps: readonly string[] = hostIps()): Set<string> {
  const unspecified = bound.ip === '0.0.0.0' || bound.ip === '::';
  const ips = [bound.ip, ...podIps, ...(unspecified ? interfaceIps : [])].filter((ip) => ip !== '0.0.0.0' && ip !== '::');
  return new Set(ips.map((ip) => formatAddr({ ip: normalizeIp(ip), port: bound.port })));
}

function hostIps(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address.replace(/%.*$/, '')));
}

/**
 * Keep a gateway connection under the policy that admitted it: `track` registers `cut` with the
 * live connections (handle.ts), which call it with the error to record when a policy change no
 * longer admits the client; it returns the registration's removal.
 */
export type TrackLive = (cut: (err: ProxyError) => void) => () => void;

/** Proxy an accepted direct connection whose header names `header.name` onward (see above). */
export async function handleGateway(
  ctx: GatewayContext,
  record: ConnectionRecord,
  /** `labels`: the accepted side's transport labels (the gateway port and its Server). */
  accepted: { socket: PipeSocket; clientId: string; header: TransportHeader; labels: TransportLabels },
  track?: TrackLive,
): Promise<void> {
  const { socket } = accepted;
  try {
    const target = gatewayTarget(accepted.header, ctx.suffixes);
    record.target = formatNameAddr(target);
    record.openSrc(socket, accepted.labels);
    const deps: BalancedConnectDeps = {
      pools: ctx.pools,
      dial: dialOptionsOf(ctx),
      failfastTimeoutMs: ctx.failfastTimeoutMs,
      log: ctx.log,
      metrics: ctx.metrics,
      vet: (ep) => {
        const loop = gatewayLoop(ep, ctx.localIps, ctx.ownInbound);
        if (loop) throw new ProxyError('gateway_loop', loop);
      },
      onAttempt: (n) => (record.connectAttempts = n),
    };
    // A pooled mux session to a ready endpoint takes the stream at once, as on the outbound.
    const c = (ctx.mux && connectBalancedNow(deps, target)) || (await connectBalanced(deps, target));
    if (socket.destroyed) {
      c.dialled.socket.destroy();
      throw new ProxyError('io', 'client closed the connection while the gateway was dialling');
    }
    record.endpoint = formatAddr(c.dialled.remote);
    if (c.dialled.serverId) record.serverId = c.dialled.serverId;
    if (c.dialled.tlsResumed !== undefined) ctx.metrics.outboundTlsHandshakesTotal.inc({ resumed: String(c.dialled.tlsResumed) });
    // The onward side is an outbound connection, labelled as linkerd2-proxy's outbound stack labels it.
    record.openDst(c.dialled.socket, dialledLabels(c.dialled, formatNameAddr(target), c.endpoint));
    // A policy change that no longer admits the client cuts the onward connection too.
    let cut: ProxyError | undefined;
    const untrack = track?.((err) => {
      cut ??= err;
      abort(socket);
      abort(c.dialled.socket);
    });
    try {
      const outcome = await pipeBidirectional(socket, c.dialled.socket);
      record.close(cut ?? (outcome.ok ? undefined : classify(outcome.error)));
    } finally {
      untrack?.();
    }
  } catch (err) {
    socket.destroy();
    throw err;
  }
}

