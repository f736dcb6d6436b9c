// Composition root for `podwire proxy`: builds identity, discovery, metrics and the listeners
// from a Config, and owns the drain-then-exit shutdown. Tests start it in-process too, which is
// where an original-destination source can be supplied directly.
import type net from 'node:net';
import type http from 'node:http';
import type { Config } from './config.js';
import { environmentSnapshot } from './config.js';
import { networksBlockList, isLoopbackHost } from './config/parse.js';
import type { Logger } from './log.js';
import { Metrics } from './metrics.js';
import { Readiness } from './readiness.js';
import { createAdminServer, listenAdmin } from './admin.js';
import { FileIdentityStore } from './identity/store.js';
import { DestinationClient } from '../discovery-client/destination.js';
import { listen, boundAddr } from './transport/listen.js';
import { origDst, formatAddr, type SocketAddr } from './transport/addr.js';
import { unavailableOrigDst, type OrigDstSource } from './transport/orig-dst.js';
import { handleOutbound, type OutboundContext } from './outbound/handle.js';
import { EndpointPools } from './outbound/pool.js';
import { handleInbound, type InboundContext } from './inbound/handle.js';
import { ownInboundAddrs, type GatewayContext } from './inbound/gateway.js';
import { ProxyError } from './errors.js';
import { VERSION } from './version.js';

export interface ProxyOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly origDst?: OrigDstSource;
  /** Called when POST /shutdown is accepted (the CLI exits after the drain). */
  readonly onShutdownRequest?: () => void;
}

export interface RunningProxy {
  readonly inbound: SocketAddr;
  readonly outbound: readonly SocketAddr[];
  readonly forwards: readonly SocketAddr[];
  readonly admin: SocketAddr;
  readonly metrics: Metrics;
  /** Stop accepting, let live connections finish up to the grace period, then close the rest. */
  shutdown(): Promise<void>;
}

/** Live sockets, so shutdown can wait for them and then cut the stragglers. */
class ConnectionTracker {
  private readonly sockets = new Set<net.Socket>();
  private readonly idleWaiters: Array<() => void> = [];

  track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => {
      this.sockets.delete(socket);
      if (this.sockets.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    });
  }

  get size(): number {
    return this.sockets.size;
  }

  idle(timeoutMs: number): Promise<boolean> {
    if (this.sockets.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Reset, not FIN: a connection cut by shutdown must not look like a clean end to the peer. */
  destroyAll(): void {
    for (const s of this.sockets) s.resetAndDestroy();
  }
}

export async function startProxy(opts: ProxyOptions): Promise<RunningProxy> {
  const { config, log } = opts;
  const metrics = new Metrics({ version: VERSION });
  const readiness = new Readiness();
  const listenersBound = readiness.register('listeners');
  const identityLoaded = readiness.register('identity');

  const identity = new FileIdentityStore({
    localId: config.identity.localName,
    certFile: config.identity.certFile,
    keyFile: config.identity.keyFile,
    ...(config.identity.trustAnchorsFile !== undefined && { anchorsFile: config.identity.trustAnchorsFile }),
    ...(config.identity.trustAnchorsPem !== undefined && { anchorsInline: config.identity.trustAnchorsPem }),
    log: log.child({ component: 'identity' }),
  });
  const creds = identity.load();
  recordCert(metrics, creds.notAfter);
  identity.on('rotate', (c) => recordCert(metrics, c.notAfter));
  identity.watch();
  identityLoaded();

  const destination = config.destination
    ? new DestinationClient({
        addr: config.destination.addr,
        ...(config.destination.name !== undefined && { serverName: config.destination.name }),
        contextToken: config.destination.context,
        backoff: config.controlBackoff,
        idleTimeoutMs: config.outbound.discoveryIdleTimeoutMs,
        // Linkerd talks plaintext to a loopback control plane (a local controller or port-forward).
        tls: config.destination.name !== undefined && !isLoopbackHost(config.destination.host)
          ? { caPem: creds.anchorsPem, certPem: creds.chainPem, keyPem: creds.keyPem }
          : undefined,
        log: log.child({ component: 'destination' }),
      })
    : undefined;
  if (destination && config.destination?.name !== undefined && !isLoopbackHost(config.destination.host)) {
    // The control-plane connection presents our workload certificate too: keep it current.
    identity.on('rotate', (c) => destination.updateTls({ caPem: c.anchorsPem, certPem: c.chainPem, keyPem: c.keyPem }));
  }
  const pools = destination ? new EndpointPools(destination, config.outbound.discoveryIdleTimeoutMs) : undefined;
  const tracker = new ConnectionTracker();
  const servers: net.Server[] = [];
  const origDstSource = opts.origDst ?? unavailableOrigDst;

  const outboundCtx: OutboundContext = {
    metrics, log: log.child({ component: 'outbound' }), identity,
    routeDeps: {
      destination,
      profileNetworks: networksBlockList(config.destination?.profileNetworks ?? []),
      profileTimeoutMs: config.outbound.failfastTimeoutMs,
    },
    pools,
    connectTimeoutMs: config.outbound.connectTimeoutMs,
    failfastTimeoutMs: config.outbound.failfastTimeoutMs,
    localIps: new Set(config.inbound.ips),
  };
  // config.ts guarantees a Destination service whenever the gateway role is on.
  const gateway: GatewayContext | undefined = config.gateway && pools
    ? {
        metrics, log: log.child({ component: 'gateway' }), identity, pools,
        suffixes: config.gateway.suffixes,
        connectTimeoutMs: config.outbound.connectTimeoutMs,
        failfastTimeoutMs: config.outbound.failfastTimeoutMs,
        localIps: new Set(config.inbound.ips),
        ownInbound: new Set(),
      }
    : undefined;
  const inboundCtx: InboundContext = {
    metrics, log: log.child({ component: 'inbound' }), identity,
    ...(gateway && { gateway }),
    detectTimeoutMs: config.inbound.detectTimeoutMs,
    connectTimeoutMs: config.inbound.connectTimeoutMs,
    targetIp: config.inbound.targetIp,
    inboundPort: config.inboundListen.port,
  };

  const bind = async (addr: SocketAddr, what: string, onConn: (s: net.Socket) => void) => {
    try {
      const server = await listen(
        addr,
        (s) => {
          tracker.track(s);
          onConn(s);
        },
        (err) => log.error({ listener: what, addr: formatAddr(addr), err: err.message }, 'listener error'),
      );
      servers.push(server);
      return boundAddr(server);
    } catch (err) {
      throw new Error(`cannot listen for ${what} on ${formatAddr(addr)}: ${(err as Error).message}`, { cause: err });
    }
  };

  let admin: http.Server | undefined;
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (): Promise<void> => (shuttingDown ??= drain());
  const drain = async () => {
    log.info({ live: tracker.size, grace_ms: config.shutdown.gracePeriodMs }, 'shutting down: no new connections');
    // close() stops accepting at once but only calls back when every connection is gone.
    const closed = Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    const drained = await tracker.idle(config.shutdown.gracePeriodMs);
    if (!drained) {
      log.warn({ live: tracker.size }, 'grace period over: closing remaining connections');
      tracker.destroyAll();
    }
    await closed;
    pools?.close();
    destination?.close();
    identity.close();
    await new Promise<void>((r) => (admin ? admin.close(() => r()) : r()));
  };

  try {
    const inbound = await bind(config.inboundListen, 'inbound', (s) => void handleInbound(inboundCtx, s));
    inboundCtx.inboundPort = inbound.port;
    if (gateway) gateway.ownInbound = ownInboundAddrs(inbound, config.inbound.ips);
    const listening: SocketAddr[] = [inbound];
    const isLoop = (dst: SocketAddr) => listening.some((l) => l.port === dst.port && (l.ip === dst.ip || l.ip === '0.0.0.0' || l.ip === '::'));
    const outbound: SocketAddr[] = [];
    for (const addr of config.outboundListen) {
      outbound.push(await bind(addr, 'outbound', (s) => {
        const dst = origDstSource.lookup(s);
        if (!dst || isLoop(dst)) return refuseOutbound(outboundCtx, s, dst);
        void handleOutbound(outboundCtx, s, { kind: 'addr', addr: dst });
      }));
    }
    const forwards: SocketAddr[] = [];
    for (const fwd of config.outbound.forwards) {
      const target = fwd.target.kind === 'name' ? { kind: 'name' as const, name: fwd.target.name } : { kind: 'addr' as const, addr: origDst(fwd.target.addr) };
      forwards.push(await bind(fwd.listen, `forward to ${fwd.target.kind === 'name' ? `${fwd.target.name.name}:${fwd.target.name.port}` : formatAddr(fwd.target.addr)}`, (s) => void handleOutbound(outboundCtx, s, target)));
    }
    listening.push(...outbound, ...forwards);
    admin = createAdminServer({
      registry: metrics.registry, readiness, env: environmentSnapshot(), shutdownEnabled: config.shutdown.endpointEnabled,
      onShutdown: () => (opts.onShutdownRequest ? opts.onShutdownRequest() : void shutdown()),
      log: log.child({ component: 'admin' }),
    });
    const adminAddr = await listenAdmin(admin, config.adminListen);
    listenersBound();
    log.info({
      inbound: formatAddr(inbound), outbound: outbound.map(formatAddr), forwards: forwards.map(formatAddr),
      admin: formatAddr(adminAddr), identity: creds.localId, orig_dst: origDstSource.description,
      ...(gateway && { gateway_suffixes: gateway.suffixes.map((s) => `${s}.`) }),
    }, 'podwire proxy ready');
    return { inbound, outbound, forwards, admin: adminAddr, metrics, shutdown };
  } catch (err) {
    await shutdown();
    throw err;
  }
}

function refuseOutbound(ctx: OutboundContext, socket: net.Socket, dst: SocketAddr | undefined): void {
  const err = dst
    ? new ProxyError('proxy_loop', `original destination ${formatAddr(dst)} is this proxy`)
    : new ProxyError('no_original_dst', 'original destination unknown (no SO_ORIGINAL_DST); use PODWIRE_OUTBOUND_FORWARDS');
  ctx.metrics.outboundTcpErrorsTotal.inc({ error: err.linkerdClass, reason: err.reason });
  ctx.log.warn({ reason: err.reason, client: `${socket.remoteAddress}:${socket.remotePort}` }, err.message);
  socket.resetAndDestroy();
}

function recordCert(metrics: Metrics, notAfter: Date): void {
  metrics.identityCertExpiration.set(notAfter.getTime() / 1000);
  metrics.identityCertRefresh.set(Date.now() / 1000);
  metrics.identityCertRefreshesTotal.inc({ result: 'ok' });
}
