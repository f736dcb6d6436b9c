// The inbound pipeline for one connection on the direct port, as a straight line:
// record → TLS + client identity + ALPN → transport header → local target → policy → connect →
// copy → close. A header with a name takes the gateway path instead (gateway.ts) when this proxy
// is a gateway. Policy (proxy/policy) authorizes the TCP peer IP and verified client identity
// against the policy of the header's target port; only an `Authorized` reaches forward(), and the
// connection stays registered in `live` so a policy change can cut it (reason policy_changed).
import net from 'node:net';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { IdentitySource } from '../identity/store.js';
import { ConnectionRecord } from '../connection.js';
import { ProxyError, classify } from '../errors.js';
import { formatAddr, normalizeIp, type SocketAddr } from '../transport/addr.js';
import { pipeBidirectional } from '../transport/copy.js';
import type { TransportHeader } from '../transport/header.js';
import type { Authorized } from '../policy/authorize.js';
import { admitInbound, terminated } from '../policy/enforce.js';
import type { LiveConnections } from '../policy/live.js';
import type { PolicySource } from '../policy/store.js';
import type { PolicyClient } from '../policy/types.js';
import { acceptDirect, type AcceptedDirect } from './direct.js';
import { handleGateway, type GatewayContext } from './gateway.js';

export interface InboundContext {
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly identity: IdentitySource;
  readonly detectTimeoutMs: number;
  readonly connectTimeoutMs: number;
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
}

export async function handleInbound(ctx: InboundContext, raw: net.Socket): Promise<void> {
  const record = new ConnectionRecord(ctx.metrics, ctx.log, 'inbound', raw);
  // Captured now: a destroyed socket forgets its peer address.
  const clientIp = peerIp(raw);
  // Until the pipe owns the sockets, a peer reset must not become an unhandled 'error'.
  raw.on('error', () => {});
  try {
    const accepted = await acceptDirect(raw, ctx.identity.current(), ctx.detectTimeoutMs);
    accepted.socket.on('error', () => {});
    record.clientId = accepted.clientId;
    if (accepted.header.name !== undefined && ctx.gateway) {
      countHeader(ctx, accepted.header, accepted.clientId);
      return await handleGateway(ctx.gateway, record, accepted);
    }
    const target = inboundTarget(ctx, raw, accepted.header);
    record.target = formatAddr(target);
    countHeader(ctx, accepted.header, accepted.clientId);
    record.openSrc(accepted.socket, {
      target_addr: formatAddr(target), target_ip: target.ip, target_port: String(target.port),
      tls: 'true', client_id: accepted.clientId,
    });
    const client: PolicyClient = { ip: clientIp, tls: { identity: accepted.clientId } };
    const authorized = admitInbound(ctx, target, client);
    await forward(ctx, record, accepted, target, authorized);
  } catch (err) {
    raw.destroy();
    record.close(classify(err, 'unexpected'));
  }
}

/**
 * Dial the application and copy bytes, for an authorized connection only. While it is open the
 * connection is registered for re-checks; a cut records policy_changed, not the copy's error.
 */
async function forward(ctx: InboundContext, record: ConnectionRecord, accepted: AcceptedDirect, target: SocketAddr, auth: Authorized): Promise<void> {
  const app = await connectLocal(target, ctx.connectTimeoutMs).catch((err: unknown) => {
    accepted.socket.destroy();
    throw err;
  });
  if (accepted.socket.destroyed) {
    app.destroy();
    throw new ProxyError('io', 'client closed the connection while the application was being dialled');
  }
  record.endpoint = formatAddr(target);
  record.openDst(app, { tls: 'no_identity', no_tls_reason: 'loopback' });
  let cut: ProxyError | undefined;
  const untrack = ctx.live.add({
    client: auth.client,
    port: target.port,
    terminate: (decision) => {
      cut = terminated(ctx, target, decision);
      accepted.socket.destroy();
      app.resetAndDestroy();
    },
  });
  try {
    const outcome = await pipeBidirectional(accepted.socket, app);
    record.close(cut ?? (outcome.ok ? undefined : classify(outcome.error)));
  } finally {
    untrack();
  }
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
  const local = raw.localAddress ?? '127.0.0.1';
  const ip = ctx.targetIp ?? normalizeIp(local.startsWith('::ffff:') ? local.slice(7) : local);
  return { ip, port: header.port };
}

function countHeader(ctx: InboundContext, header: TransportHeader, clientId: string): void {
  ctx.metrics.inboundTransportHeaderTotal.inc({
    session_protocol: header.sessionProtocol ?? '',
    target_port: String(header.port),
    target_name: header.name ?? '',
    client_id: clientId,
  });
}

function connectLocal(target: SocketAddr, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.ip, port: target.port, allowHalfOpen: true, noDelay: true });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ProxyError('connect_timeout', `connect to ${formatAddr(target)} timed out after ${timeoutMs}ms`));
    }, timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      socket.destroy();
      reject(classify(err, 'connect_failed'));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}
