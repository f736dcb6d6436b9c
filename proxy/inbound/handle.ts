// The inbound pipeline for one connection, as a straight line. First dispatch on the original
// destination: a connection redirected from an application port takes app-port.ts (TLS detection);
// one addressed to the inbound port itself (or whose original destination is unknown) is the
// direct port: record → TLS + client identity + ALPN → transport header → local target → policy →
// connect → copy → close. A header with a name takes the gateway path instead (gateway.ts) when
// this proxy is a gateway. Policy (proxy/policy) authorizes the TCP peer IP and verified client
// identity against the policy of the target port; only an `Authorized` reaches forwardAuthorized()
// (forward.ts), and the connection stays registered in `live` so a policy change can cut it.
// With PODWIRE_MUX a podwire client may instead open a multiplexed connection on the direct port:
// each of its streams carries a header and takes the same path from there (mux.ts).
import type net from 'node:net';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { AccessLog } from '../access-log.js';
import type { IdentitySource } from '../identity/store.js';
import { ConnectionRecord } from '../connection.js';
import { ProxyError, classify, ignoreError } from '../errors.js';
import { formatAddr, normalizeIp, type SocketAddr } from '../transport/addr.js';
import type { TransportHeader } from '../transport/header.js';
import type { OrigDstSource } from '../transport/orig-dst.js';
import { admitInbound, terminated } from '../policy/enforce.js';
import type { LiveConnections } from '../policy/live.js';
import type { PolicySource } from '../policy/store.js';
import type { PolicyClient } from '../policy/types.js';
import { isLoopbackHost } from '../config/parse.js';
import { acceptDirect } from './direct.js';
import { serveMux, type InboundMuxSessions } from './mux.js';
import type { PipeSocket } from '../transport/copy.js';
import { handleGateway, type GatewayContext, type TrackLive } from './gateway.js';
import { handleAppPort } from './app-port.js';
import { forwardAuthorized } from './forward.js';
import { inboundServerLabels, transportHeaderLabels } from '../transport-labels.js';
import { StreamTargets } from './stream-targets.js';
import { addToSeries } from '../metric-cells.js';

export interface InboundContext {
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly accessLog: AccessLog;
  readonly identity: IdentitySource;
  readonly detectTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** TCP keepalive towards the application (LINKERD2_PROXY_INBOUND_CONNECT_KEEPALIVE); undefined: off. */
  readonly connectKeepaliveMs?: number;
  /** Deliver to this IP instead of the accepted socket's local IP (e.g. 127.0.0.1 on a VM). */
  readonly targetIp: string | undefined;
  /** The port the direct server listens on: a header naming it would loop. */
  inboundPort: number;
  /** Inbound policy per target port (PODWIRE_POLICY_FILE or the default policy). */
  readonly policy: PolicySource;
  /** Authorized connections still open, re-checked on every policy change. */
  readonly live: LiveConnections;
  /** Present when this proxy is a gateway: named headers are proxied onward. */
  readonly gateway?: GatewayContext;
  /**
   * Where a redirected connection was going (SO_ORIGINAL_DST in a pod). A port other than
   * `inboundPort` is an application port; absent or unknown means the direct port.
   */
  readonly origDst?: OrigDstSource;
  /** LINKERD2_PROXY_INBOUND_IPS: the pod's IPs; empty accepts any destination IP. */
  readonly localIps: ReadonlySet<string>;
  /** PODWIRE_MUX: the direct port accepts multiplexed connections from podwire peers, tracked here. */
  readonly muxSessions?: InboundMuxSessions;
}

/** A direct-port connection (or mux stream) whose transport header has been read. */
interface HeaderConnection {
  readonly socket: PipeSocket;
  readonly clientId: string;
  readonly header: TransportHeader;
  /** The header's length on the wire, read before the application's first byte. */
  readonly headerBytes: number;
}

export async function handleInbound(ctx: InboundContext, raw: net.Socket): Promise<void> {
  const record = new ConnectionRecord(ctx, 'inbound', raw);
  // Captured now: a destroyed socket forgets its peer address.
  const clientIp = peerIp(raw);
  const path = inboundPath(ctx, ctx.origDst?.lookup(raw));
  // Until the pipe owns the sockets, a peer reset must not become an unhandled 'error'.
  raw.on('error', ignoreError);
  try {
    if (path.kind === 'refuse') throw path.error;
    if (path.kind === 'app') await handleAppPort(ctx, record, raw, clientIp, path.orig);
    else await handleDirect(ctx, record, raw, clientIp);
  } catch (err) {
    raw.destroy();
    record.close(classify(err, 'unexpected'));
  }
}

export type InboundPath =
  | { readonly kind: 'direct' }
  | { readonly kind: 'app'; readonly orig: SocketAddr }
  | { readonly kind: 'refuse'; readonly error: ProxyError };

/**
 * Which path a connection takes, from where it was going: an application port (a redirected
 * connection), or the direct port when the original destination is the inbound port itself or
 * unknown (Linkerd's rule too). With LINKERD2_PROXY_INBOUND_IPS set, only those destination IPs
 * (and loopback) are served, as in Linkerd.
 */
export function inboundPath(ctx: Pick<InboundContext, 'inboundPort' | 'localIps'>, orig: SocketAddr | undefined): InboundPath {
  if (!orig) return { kind: 'direct' };
  if (ctx.localIps.size > 0 && !ctx.localIps.has(orig.ip) && !isLoopbackHost(orig.ip)) {
    return { kind: 'refuse', error: new ProxyError('not_local_ip', `original destination ${formatAddr(orig)} is not one of LINKERD2_PROXY_INBOUND_IPS`) };
  }
  return orig.port === ctx.inboundPort ? { kind: 'direct' } : { kind: 'app', orig };
}

/** The direct port (4143): mutual TLS, transport header, then the header's target port. */
async function handleDirect(ctx: InboundContext, record: ConnectionRecord, raw: net.Socket, clientIp: string): Promise<void> {
  const mux = ctx.muxSessions;
  const accepted = await acceptDirect(raw, ctx.identity.current(), ctx.detectTimeoutMs, (session) => record.tlsSession(session), mux !== undefined);
  accepted.socket.on('error', ignoreError);
  // One per accepted connection: a mux connection's streams share it.
  const targets = new StreamTargets((header) => inboundTarget(ctx, raw, header), clientIp, accepted.clientId);
  if (accepted.kind === 'mux') {
    return await serveMux({ ...ctx, muxSessions: mux! }, record, accepted, (streamRecord, stream) => serveHeader(ctx, streamRecord, stream, raw, clientIp, targets));
  }
  await serveHeader(ctx, record, accepted, raw, clientIp, targets);
}

/** After the header: the gateway for a named header, else policy for the target port and forward. */
async function serveHeader(
  ctx: InboundContext, record: ConnectionRecord, accepted: HeaderConnection, raw: net.Socket, clientIp: string, targets: StreamTargets,
): Promise<void> {
  record.clientId = accepted.clientId;
  record.srcPrefixBytes = accepted.headerBytes;
  if (accepted.header.name !== undefined && ctx.gateway) {
    countHeader(ctx, accepted.header, accepted.clientId);
    // The gateway is a workload too: its own inbound port's policy decides who may use it (in
    // Linkerd, the Server and AuthorizationPolicy of the gateway's proxy port).
    const gatewayPort = { ip: localIp(raw), port: ctx.inboundPort };
    const authorized = admitInbound(ctx, gatewayPort, { ip: clientIp, tls: { identity: accepted.clientId } });
    const track: TrackLive = (cut) => ctx.live.add({
      client: authorized.client,
      port: gatewayPort.port,
      terminate: (decision) => cut(terminated(ctx, gatewayPort, decision)),
    });
    const labels = inboundServerLabels(gatewayPort, { tls: 'true', client_id: accepted.clientId }, authorized.policy.meta);
    return await handleGateway(ctx.gateway, record, { ...accepted, labels }, track);
  }
  const entry = targets.of(accepted.header);
  record.target = entry.targetText;
  addToSeries(ctx.metrics.inboundTransportHeaderTotal, targets.headerLabels(entry, accepted.header), 1);
  const authorized = admitInbound(ctx, entry.target, entry.client);
  // Counted once authorized, under the Server that admitted it, as linkerd2-proxy does.
  record.openSrc(accepted.socket, targets.srcLabels(entry, authorized.policy.meta));
  await forwardAuthorized(ctx, record, accepted.socket, entry.target, authorized);
}

function peerIp(raw: net.Socket): string {
  const ip = raw.remoteAddress ?? '';
  if (ip === '') return ip;
  return normalizeIp(ip.startsWith('::ffff:') ? ip.slice(7) : ip);
}

/** Where the header's port is delivered (pure apart from reading the socket's local address). */
export function inboundTarget(ctx: Pick<InboundContext, 'targetIp' | 'inboundPort'>, raw: net.Socket, header: TransportHeader): SocketAddr {
  if (header.name) {
    throw new ProxyError('gateway_unsupported', `header names ${header.name}:${header.port}; this proxy is not a gateway (PODWIRE_GATEWAY)`);
  }
  if (header.port === ctx.inboundPort) {
    throw new ProxyError('header_targets_inbound_port', `inbound connection must not target port ${header.port}`);
  }
  return { ip: ctx.targetIp ?? localIp(raw), port: header.port };
}

function localIp(raw: net.Socket): string {
  const local = raw.localAddress ?? '127.0.0.1';
  return normalizeIp(local.startsWith('::ffff:') ? local.slice(7) : local);
}

function countHeader(ctx: InboundContext, header: TransportHeader, clientId: string): void {
  addToSeries(ctx.metrics.inboundTransportHeaderTotal, transportHeaderLabels(header, clientId), 1);
}
