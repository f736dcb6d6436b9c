// The outbound pipeline for one accepted application connection, as a straight line:
// record → route (discovery) → pick endpoint → dial (TCP, mTLS, header; another endpoint if that
// connect fails, balanced-connect.ts) → copy → close record. When the route is known now (a name,
// or an address whose profile is cached) and a pooled mux session can take the stream to its
// endpoint, the connect steps run at once, without an await (connectNow); anything else takes the
// general path from the start.
import type net from 'node:net';
import type tls from 'node:tls';
import type { Endpoint } from '../../discovery-client/types.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { AccessLog } from '../access-log.js';
import { dialledLabels, outboundServerLabels } from '../transport-labels.js';
import type { IdentitySource } from '../identity/store.js';
import { ConnectionRecord } from '../connection.js';
import { ProxyError, classify } from '../errors.js';
import { formatAddr, formatNameAddr, normalizeIp, type NameAddr, type SocketAddr } from '../transport/addr.js';
import { pipeBidirectional } from '../transport/copy.js';
import { routeFor, routeNow, type OutboundRoute, type OutboundTarget, type RouteDeps } from './route.js';
import { dialEndpoint, dialPooledNow, type Dialled } from './connect.js';
import { dialOptionsOf } from './dial-plan.js';
import { connectBalanced, connectBalancedNow, type BalancedConnectDeps } from './balanced-connect.js';
import type { EndpointPools } from './pool.js';
import type { MuxPool } from './mux-pool.js';
import type { MuxSession } from '../mux/index.js';

export interface OutboundContext {
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly accessLog: AccessLog;
  readonly identity: IdentitySource;
  readonly routeDeps: RouteDeps;
  readonly pools: EndpointPools | undefined;
  readonly connectTimeoutMs: number;
  /** TCP keepalive on dialled sockets (LINKERD2_PROXY_OUTBOUND_CONNECT_KEEPALIVE); undefined: off. */
  readonly connectKeepaliveMs?: number;
  /** Offer and keep TLS session tickets (outbound/tls-sessions.ts). */
  readonly resumeSessions?: boolean;
  /** PODWIRE_MUX: streams over pooled connections to podwire peers (mux-pool.ts). */
  readonly mux?: MuxPool;
  readonly failfastTimeoutMs: number;
  readonly localIps: ReadonlySet<string>;
}

export async function handleOutbound(ctx: OutboundContext, client: net.Socket, target: OutboundTarget): Promise<void> {
  const record = new ConnectionRecord(ctx, 'outbound', client);
  record.target = target.kind === 'name' ? formatNameAddr(target.name) : formatAddr(target.addr);
  record.openSrc(client, outboundServerLabels(appTarget(client, target)));
  // Until the pipe owns the socket, an application reset must not become an unhandled 'error'.
  let clientError: Error | undefined;
  client.on('error', (err) => (clientError ??= err));
  try {
    const known = routeNow(target, ctx.routeDeps);
    const { dialled, endpoint, authority } = (known && connectNow(ctx, known, record)) ?? (await connectTarget(ctx, target, record, known));
    if (client.destroyed) {
      dialled.socket.destroy();
      throw new ProxyError('io', `application closed the connection while it was being set up: ${clientError?.message ?? 'closed'}`);
    }
    record.endpoint = formatAddr(dialled.remote);
    if (dialled.serverId) record.serverId = dialled.serverId;
    if (dialled.tlsResumed !== undefined) ctx.metrics.outboundTlsHandshakesTotal.inc({ resumed: String(dialled.tlsResumed) });
    if (dialled.mux) {
      const { stream } = dialled.mux;
      record.muxStream(dialled.mux.connection, stream.id);
      // Carried again on another connection (mux/replay.ts): the log names where it really ran.
      stream.on('rehomed', (session: MuxSession) => record.muxStream(session.socket as tls.TLSSocket, stream.id, true));
    }
    record.openDst(dialled.socket, dialledLabels(dialled, authority && formatNameAddr(authority), endpoint));
    const outcome = await pipeBidirectional(client, dialled.socket);
    record.close(outcome.ok ? undefined : classify(outcome.error));
  } catch (err) {
    // A reset tells the application the connection failed; a clean FIN would look like success.
    client.resetAndDestroy();
    record.close(classify(err, 'unexpected'));
  }
}

/** Where a connection was dialled: the socket or stream, and what discovery said about it. */
interface Connected {
  readonly dialled: Dialled;
  readonly endpoint?: Endpoint;
  readonly authority?: NameAddr;
}

/**
 * connectTarget's common case with PODWIRE_MUX, without waiting: a route known now (routeNow: a
 * name, or an address whose profile the controller has already answered) to an endpoint that a
 * pooled mux session can take a stream to at once (connectBalancedNow for a service, dialPooledNow
 * for a pod address). Undefined otherwise, and connectTarget takes the connection from the start.
 */
function connectNow(ctx: OutboundContext, route: OutboundRoute, record: ConnectionRecord): Connected | undefined {
  if (ctx.mux === undefined) return undefined;
  if (route.kind === 'balanced') {
    const c = ctx.pools && connectBalancedNow(nowDepsOf(ctx, ctx.pools), route.authority);
    if (c === undefined) return undefined;
    record.connectAttempts = c.attempts;
    return { dialled: c.dialled, endpoint: c.endpoint, authority: route.authority };
  }
  if (route.kind === 'endpoint') {
    const dialled = dialPooledNow(route.endpoint, dialOptionsOf(ctx));
    return dialled && { dialled, endpoint: route.endpoint };
  }
  return undefined;
}

/** Route (unless `known` already: routeNow) and connect, waiting for discovery and the dial as needed. */
async function connectTarget(ctx: OutboundContext, target: OutboundTarget, record: ConnectionRecord, known: OutboundRoute | undefined): Promise<Connected> {
  const route = known ?? (await routeFor(target, ctx.routeDeps));
  const opts = dialOptionsOf(ctx);
  switch (route.kind) {
    case 'forward': {
      ctx.log.debug({ addr: formatAddr(route.addr), why: route.why }, 'forwarding without mTLS');
      const ep: Endpoint = { addr: route.addr, weight: 0, labels: {} };
      return { dialled: await dialEndpoint(ep, opts), endpoint: ep };
    }
    case 'endpoint':
      return { dialled: await dialEndpoint(route.endpoint, opts), endpoint: route.endpoint };
    case 'balanced': {
      if (!ctx.pools) throw new ProxyError('resolve_failed', 'no Destination service configured');
      const c = await connectBalanced(balancedDeps(ctx, ctx.pools, record), route.authority);
      return { dialled: c.dialled, endpoint: c.endpoint, authority: route.authority };
    }
  }
}

function balancedDeps(ctx: OutboundContext, pools: EndpointPools, record: ConnectionRecord): BalancedConnectDeps {
  return {
    pools, dial: dialOptionsOf(ctx), failfastTimeoutMs: ctx.failfastTimeoutMs, log: ctx.log, metrics: ctx.metrics,
    onAttempt: (n) => (record.connectAttempts = n),
  };
}

/** connectNow's deps per context, for the dial options in force (no onAttempt: it makes one attempt). */
const nowDeps = new WeakMap<OutboundContext, BalancedConnectDeps>();

function nowDepsOf(ctx: OutboundContext, pools: EndpointPools): BalancedConnectDeps {
  const dial = dialOptionsOf(ctx);
  let deps = nowDeps.get(ctx);
  if (deps === undefined || deps.dial !== dial) {
    deps = { pools, dial, failfastTimeoutMs: ctx.failfastTimeoutMs, log: ctx.log, metrics: ctx.metrics };
    nowDeps.set(ctx, deps);
  }
  return deps;
}

/**
 * Where the application was going, for the accepted side's target_* labels: the original
 * destination, or for a forward to a name (which has no address) the forward's own listener, the
 * address the application dialled.
 */
function appTarget(client: net.Socket, target: OutboundTarget): SocketAddr {
  if (target.kind === 'addr') return target.addr;
  const ip = client.localAddress ?? '127.0.0.1';
  return { ip: normalizeIp(ip.startsWith('::ffff:') ? ip.slice(7) : ip), port: client.localPort ?? 0 };
}
