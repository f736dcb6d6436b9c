// Composition root for `podwire proxy`: builds identity, discovery, metrics and the listeners
// from a Config, and owns the drain-then-exit shutdown. Tests start it in-process too, which is
// where an original-destination source can be supplied directly.
import type net from 'node:net';
import type http from 'node:http';
import { ConfigError, type Config, type ConfigProblem } from './config.js';
import { environmentSnapshot } from './config.js';
import { networksBlockList, isLoopbackHost } from './config/parse.js';
import type { Logger } from './log.js';
import { Metrics } from './metrics.js';
import { Readiness } from './readiness.js';
import { createAdminServer, listenAdmin } from './admin.js';
import { startIdentity } from './identity/setup.js';
import type { Credentials } from './identity/credentials.js';
import { DestinationClient, type DestinationTls } from '../discovery-client/destination.js';
import { listen, boundAddr } from './transport/listen.js';
import { AcceptGuard } from './transport/accept-guard.js';
import { processDescriptors, descriptorReserve } from './transport/descriptors.js';
import { startMemoryUpkeep } from './memory-release.js';
import { applyGcSettings } from './gc-settings.js';
import { listenProblem } from './transport/listen-problem.js';
import { origDst, formatAddr, formatNameAddr, type SocketAddr } from './transport/addr.js';
import { origDstFrom, unavailableOrigDst, type OrigDstSource } from './transport/orig-dst.js';
import { nativeOrigDst } from './transport/orig-dst-native.js';
import { lingerSupport } from './transport/linger.js';
import { handleOutbound, type OutboundContext } from './outbound/handle.js';
import type { OutboundTarget } from './outbound/route.js';
import { EndpointPools } from './outbound/pool.js';
import { MuxPool } from './outbound/mux-pool.js';
import { InboundMuxSessions } from './inbound/mux.js';
import { handleInbound, type InboundContext } from './inbound/handle.js';
import { ownInboundAddrs, type GatewayContext } from './inbound/gateway.js';
import { ProxyError } from './errors.js';
import { createPolicySource } from './policy/setup.js';
import { LiveConnections } from './policy/live.js';
import { ConnectionRecord, recordOf, type Direction } from './connection.js';
import { VERSION } from './version.js';
import { createAccessLog } from './access-log.js';

export interface ProxyOptions {
  readonly config: Config;
  readonly log: Logger;
  readonly origDst?: OrigDstSource;
  /**
   * Original destinations of inbound connections (SO_ORIGINAL_DST in a pod): a port other than the
   * inbound port takes the application-port path. Default: unknown, i.e. everything is direct.
   */
  readonly inboundOrigDst?: OrigDstSource;
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
  destroyAll(): Promise<void>[] {
    const recorded: Promise<void>[] = [];
    for (const s of this.sockets) {
      const record = recordOf(s);
      if (record) {
        recorded.push(record.cutByShutdown());
      }
      s.resetAndDestroy();
    }
    return recorded;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export async function startProxy(opts: ProxyOptions): Promise<RunningProxy> {
  const { config, log } = opts;
  // First: the settings hold for everything the proxy allocates from here on.
  const v8Flags = applyGcSettings(config.runtime);
  const metrics = new Metrics({ version: VERSION });
  const readiness = new Readiness();
  const listenersBound = readiness.register('listeners');
  const identityLoaded = readiness.register('identity');

  // Before identity: a bad policy file fails startup with nothing to clean up.
  const policy = createPolicySource(config, { log: log.child({ component: 'policy' }), readiness, metrics });
  const live = new LiveConnections();
  policy.on('change', () => {
    const cut = live.recheck(policy);
    log.info({ live: live.size, closed: cut }, 'inbound policy changed: live connections re-checked');
  });

  // Files: loaded before anything binds (a bad file is a startup error). Certify: listeners bind at
  // once and the first certificate arrives later; until then /ready lists `identity`, inbound TLS
  // is refused and meshed endpoints fail fast with identity_not_ready (inbound/direct.ts,
  // outbound/connect.ts read identity.current()).
  const identity = await startIdentity(config.identity, metrics, log.child({ component: 'identity' }), config.controlBackoff, readiness);
  if (identity.source.current()) identityLoaded();
  identity.source.on('rotate', identityLoaded);
  // A policy API off loopback is reached over mTLS with our certificate, once we hold one.
  policy.useIdentity(identity.source);

  const tracker = new ConnectionTracker();
  const servers: net.Server[] = [];
  // Transparent interception: SO_ORIGINAL_DST on both listeners unless a caller supplies its own.
  const native = nativeOrigDst();
  if (!native.available) log.warn({ reason: native.reason }, 'transparent interception unavailable: only explicit forwards (PODWIRE_OUTBOUND_FORWARDS) carry outbound traffic');
  const linger = lingerSupport();
  if (!linger.available) log.warn({ reason: linger.reason }, 'connections cut by a crash or a kill will reach peers as a clean end (FIN), not a reset: the native addon is missing');
  const origDstSource = opts.origDst ?? (native.available ? native.source : unavailableOrigDst(native.reason));
  const inboundOrigDst = opts.inboundOrigDst ?? (native.available ? native.source : UNKNOWN_INBOUND_ORIG_DST);
  const profileNetworks = networksBlockList(config.destination?.profileNetworks ?? []);

  const accessLog = createAccessLog(config.log.accessLog);
  // PODWIRE_MUX: streams over pooled connections between podwire peers, both ways. A rotation of our
  // identity or trust anchors retires every mux connection made under the old ones (the outbound
  // dials new ones; the inbound's GOAWAY makes its clients do so and verify us afresh).
  const { mux } = config.outbound;
  const muxPool = mux.enabled
    ? new MuxPool({ metrics, log: log.child({ component: 'outbound' }), maxPerPeer: mux.connectionsPerPeer, idleTimeoutMs: mux.idleTimeoutMs })
    : undefined;
  const muxSessions = mux.enabled ? new InboundMuxSessions() : undefined;
  identity.source.on('rotate', (c) => {
    muxPool?.rotated(c);
    muxSessions?.drainAll();
  });
  const outboundCtx: Mutable<OutboundContext> = {
    metrics, log: log.child({ component: 'outbound' }), accessLog, identity: identity.source,
    routeDeps: { destination: undefined, profileNetworks, profileTimeoutMs: config.outbound.failfastTimeoutMs },
    pools: undefined,
    connectTimeoutMs: config.outbound.connectTimeoutMs,
    connectKeepaliveMs: config.keepalive.outboundConnectMs,
    resumeSessions: config.outbound.tlsResumption,
    ...(muxPool && { mux: muxPool }),
    failfastTimeoutMs: config.outbound.failfastTimeoutMs,
    localIps: new Set(config.inbound.ips),
  };
  const inboundCtx: Mutable<InboundContext> = {
    metrics, log: log.child({ component: 'inbound' }), accessLog, identity: identity.source,
    detectTimeoutMs: config.inbound.detectTimeoutMs,
    connectTimeoutMs: config.inbound.connectTimeoutMs,
    connectKeepaliveMs: config.keepalive.inboundConnectMs,
    targetIp: config.inbound.targetIp,
    inboundPort: config.inboundListen.port,
    policy, live,
    origDst: inboundOrigDst,
    localIps: new Set(config.inbound.ips),
    ...(muxSessions && { muxSessions }),
  };

  // Discovery. The control-plane connection presents our workload certificate unless it is
  // loopback (plaintext, as Linkerd does), so off loopback the client starts with the first
  // certificate and follows every rotation.
  let destination: DestinationClient | undefined;
  let pools: EndpointPools | undefined;
  let gateway: Mutable<GatewayContext> | undefined;
  let ownInbound: ReadonlySet<string> = new Set();
  const dst = config.destination;
  const dstTls = dst?.name !== undefined && !isLoopbackHost(dst.host);
  const tlsOf = (c: Credentials): DestinationTls => ({ caPem: c.anchorsPem, certPem: c.chainPem, keyPem: c.keyPem });
  const startDiscovery = (creds: Credentials | undefined) => {
    if (!dst) return;
    destination = new DestinationClient({
      addr: dst.addr,
      ...(dst.name !== undefined && { serverName: dst.name }),
      contextToken: dst.context,
      backoff: config.controlBackoff,
      idleTimeoutMs: config.outbound.discoveryIdleTimeoutMs,
      tls: dstTls && creds ? tlsOf(creds) : undefined,
      log: log.child({ component: 'destination' }),
    });
    pools = new EndpointPools(destination, config.outbound.discoveryIdleTimeoutMs);
    outboundCtx.routeDeps = { ...outboundCtx.routeDeps, destination };
    outboundCtx.pools = pools;
    // config.ts guarantees a Destination service whenever the gateway role is on.
    if (config.gateway) {
      gateway = {
        metrics, log: log.child({ component: 'gateway' }), identity: identity.source, pools,
        suffixes: config.gateway.suffixes,
        connectTimeoutMs: config.outbound.connectTimeoutMs,
        connectKeepaliveMs: config.keepalive.outboundConnectMs,
        resumeSessions: config.outbound.tlsResumption,
        ...(muxPool && { mux: muxPool }),
        failfastTimeoutMs: config.outbound.failfastTimeoutMs,
        localIps: new Set(config.inbound.ips),
        ownInbound,
      };
      inboundCtx.gateway = gateway;
    }
  };
  if (dst && (!dstTls || identity.source.current())) startDiscovery(identity.source.current());
  else if (dst) log.info({ addr: dst.addr }, 'destination client starts once the identity service has certified us');
  if (dstTls) {
    identity.source.on('rotate', (c) => (destination ? destination.updateTls(tlsOf(c)) : startDiscovery(c)));
  }

  /** Without a Destination client yet, a target discovery would decide about can't be routed. */
  const onOutbound = (s: net.Socket, target: OutboundTarget) => {
    if (dst && !destination && needsDiscovery(target, profileNetworks)) return refuseAwaitingIdentity(outboundCtx, s, target);
    void handleOutbound(outboundCtx, s, target);
  };

  // Memory back to the kernel after load and once quiet: see memory-release.ts and idle-heap.ts.
  // Load is proxied connections' sockets (memory-release.ts's LoadGauge), not accepted sockets.
  const stopMemoryUpkeep = startMemoryUpkeep({ incrementalMarking: config.runtime.incrementalMarking, load: metrics.liveBytes, log: log.child({ component: 'memory' }) });
  const descriptors = processDescriptors();
  const guards: AcceptGuard[] = [];
  // Every address that can't be bound is collected (with the variable that set it) and reported
  // together once all were tried, like the environment's problems.
  const bindProblems: ConfigProblem[] = [];
  const bind = async (addr: SocketAddr, what: string, direction: Direction, variable: string, keepaliveMs: number | undefined, onConn: (s: net.Socket) => void) => {
    try {
      let guard: AcceptGuard | undefined;
      const server = await listen(
        addr,
        (s) => {
          if (guard && !guard.admit(s)) return;
          tracker.track(s);
          onConn(s);
        },
        (err) => guard?.listenerError(err),
        { keepaliveMs },
      );
      guard = new AcceptGuard({
        listener: what, listenAddr: formatAddr(boundAddr(server)), log: log.child({ component: 'listen' }),
        counter: direction === 'inbound' ? metrics.inboundTcpAcceptErrorsTotal : metrics.outboundTcpAcceptErrorsTotal,
        ...(descriptors && { descriptors }), reserve: descriptors ? descriptorReserve(descriptors.limit) : 0,
        logEveryMs: ACCEPT_ERROR_LOG_EVERY_MS,
      });
      guards.push(guard);
      servers.push(server);
      return boundAddr(server);
    } catch (err) {
      bindProblems.push(listenProblem(variable, addr, what, err));
      return undefined;
    }
  };

  let admin: http.Server | undefined;
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (): Promise<void> => (shuttingDown ??= drain(true));
  /** `announce` is false when a failed start cleans up: nothing was served, so nothing drains. */
  const drain = async (announce: boolean) => {
    if (announce) log.info({ live: tracker.size, grace_ms: config.shutdown.gracePeriodMs }, 'shutting down: no new connections');
    // close() stops accepting at once but only calls back when every connection is gone.
    const closed = Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    // Mux connections: GOAWAY both ways, so no new stream starts and the open ones finish.
    muxPool?.close();
    muxSessions?.stop();
    const drained = await tracker.idle(config.shutdown.gracePeriodMs);
    let recorded: Promise<void>[] = [];
    if (!drained) {
      log.warn({ live: tracker.size }, 'grace period over: closing remaining connections');
      recorded = [...(muxSessions?.cutByShutdown() ?? []), ...tracker.destroyAll()];
    }
    await closed;
    // The cut connections' records are written a few ticks after their sockets close; wait (briefly)
    // so their access-log lines say `shutdown` before the process exits.
    await Promise.race([Promise.all(recorded), new Promise((r) => setTimeout(r, RECORD_FLUSH_MS).unref())]);
    for (const g of guards) g.close();
    stopMemoryUpkeep();
    pools?.close();
    policy.close();
    destination?.close();
    identity.close();
    await new Promise<void>((r) => (admin ? admin.close(() => r()) : r()));
    // The access log writes asynchronously: the process must not exit with a line in flight.
    if (!(await accessLog.drain(ACCESS_LOG_DRAIN_MS))) log.warn({ waited_ms: ACCESS_LOG_DRAIN_MS }, 'access log: lines still unwritten at exit (is stderr being read?)');
  };

  try {
    const inbound = await bind(config.inboundListen, 'inbound', 'inbound', 'LINKERD2_PROXY_INBOUND_LISTEN_ADDR', config.keepalive.inboundAcceptMs, (s) => void handleInbound(inboundCtx, s));
    if (inbound) {
      inboundCtx.inboundPort = inbound.port;
      ownInbound = ownInboundAddrs(inbound, config.inbound.ips);
      if (gateway) gateway.ownInbound = ownInbound;
    }
    const listening: SocketAddr[] = inbound ? [inbound] : [];
    const isLoop = (to: SocketAddr) => listening.some((l) => l.port === to.port && (l.ip === to.ip || l.ip === '0.0.0.0' || l.ip === '::'));
    const outbound: SocketAddr[] = [];
    const outboundVar = config.outboundListen.length > 1 ? 'LINKERD2_PROXY_OUTBOUND_LISTEN_ADDRS' : 'LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR';
    for (const addr of config.outboundListen) {
      const bound = await bind(addr, 'outbound', 'outbound', outboundVar, config.keepalive.outboundAcceptMs, (s) => {
        const orig = origDstSource.lookup(s);
        if (!orig || isLoop(orig)) return refuseOutbound(outboundCtx, s, orig);
        onOutbound(s, { kind: 'addr', addr: orig });
      });
      if (bound) outbound.push(bound);
    }
    const forwards: SocketAddr[] = [];
    for (const fwd of config.outbound.forwards) {
      const target = fwd.target.kind === 'name' ? { kind: 'name' as const, name: fwd.target.name } : { kind: 'addr' as const, addr: origDst(fwd.target.addr), explicit: true };
      const what = `forward to ${fwd.target.kind === 'name' ? `${fwd.target.name.name}:${fwd.target.name.port}` : formatAddr(fwd.target.addr)}`;
      const bound = await bind(fwd.listen, what, 'outbound', 'PODWIRE_OUTBOUND_FORWARDS', config.keepalive.outboundAcceptMs, (s) => onOutbound(s, target));
      if (bound) forwards.push(bound);
      if (fwd.target.kind === 'addr' && !dst) {
        log.warn({ listen: formatAddr(fwd.listen), target: formatAddr(fwd.target.addr) }, 'forward without a Destination service: plain TCP, no mTLS (set LINKERD2_PROXY_DESTINATION_SVC_ADDR to reach meshed peers over mTLS)');
      }
    }
    listening.push(...outbound, ...forwards);
    admin = createAdminServer({
      registry: metrics.registry, readiness, env: environmentSnapshot(), shutdownEnabled: config.shutdown.endpointEnabled,
      onShutdown: () => (opts.onShutdownRequest ? opts.onShutdownRequest() : void shutdown()),
      log: log.child({ component: 'admin' }),
    });
    const adminAddr = await listenAdmin(admin, config.adminListen).catch((err: unknown) => {
      bindProblems.push(listenProblem('LINKERD2_PROXY_ADMIN_LISTEN_ADDR', config.adminListen, 'admin', err));
      admin = undefined;
      return undefined;
    });
    if (bindProblems.length > 0 || !inbound || !adminAddr) throw new ConfigError(bindProblems);
    listenersBound();
    const details = {
      inbound: formatAddr(inbound), outbound: outbound.map(formatAddr), forwards: forwards.map(formatAddr),
      admin: formatAddr(adminAddr), identity: config.identity.localName, identity_mode: identity.mode,
      orig_dst: origDstSource.description, inbound_orig_dst: inboundOrigDst.description,
      ...(gateway && { gateway_suffixes: gateway.suffixes.map((s) => `${s}.`) }),
      ...(v8Flags.length > 0 && { v8_flags: v8Flags.join(' ') }),
    };
    // Bound, not necessarily ready: tools read the addresses here, and `waiting_for` says what
    // /ready still waits for.
    log.info({ ...details, certified: identity.source.current() !== undefined, waiting_for: readiness.pending() }, 'podwire proxy listening');
    // Written when /ready turns 200 (certificate held, policy loaded): what an operator waiting for
    // "ready" means. Never before, and not by a proxy already stopping.
    readiness.onceReady(() => {
      if (!shuttingDown) log.info(details, 'podwire proxy ready');
    });
    return { inbound, outbound, forwards, admin: adminAddr, metrics, shutdown };
  } catch (err) {
    await (shuttingDown ??= drain(false));
    throw err;
  }
}

/** How long a stopping proxy waits for the records of the connections it cut. */
const RECORD_FLUSH_MS = 1_000;
/** How long shutdown waits for the access log's last lines to reach stderr. */
const ACCESS_LOG_DRAIN_MS = 2_000;
/** A listener refusing connections logs at most one warning per this long (accept-guard.ts). */
const ACCEPT_ERROR_LOG_EVERY_MS = 10_000;

/** Without SO_ORIGINAL_DST every inbound connection is taken to be for the inbound port itself. */
const UNKNOWN_INBOUND_ORIG_DST = origDstFrom(() => undefined, 'unknown: every inbound connection takes the direct-port path');

function refuseOutbound(ctx: OutboundContext, socket: net.Socket, dst: SocketAddr | undefined): void {
  const err = dst
    ? new ProxyError('proxy_loop', `original destination ${formatAddr(dst)} is this proxy`)
    : new ProxyError('no_original_dst', 'original destination unknown (SO_ORIGINAL_DST unavailable or failed); use PODWIRE_OUTBOUND_FORWARDS');
  ctx.metrics.outboundTcpErrorsTotal.inc({ error: err.linkerdClass, reason: err.reason });
  ctx.log.warn({ reason: err.reason, client: `${socket.remoteAddress}:${socket.remotePort}` }, err.message);
  socket.resetAndDestroy();
}

function needsDiscovery(target: OutboundTarget, profileNetworks: net.BlockList): boolean {
  if (target.kind === 'name' || target.explicit) return true;
  return profileNetworks.check(target.addr.ip, target.addr.ip.includes(':') ? 'ipv6' : 'ipv4');
}

/**
 * Before the first certificate, with a TLS control plane, there is no discovery to say whether the
 * target is meshed: fail at once with identity_not_ready rather than guess plaintext.
 */
function refuseAwaitingIdentity(ctx: OutboundContext, socket: net.Socket, target: OutboundTarget): void {
  const record = new ConnectionRecord(ctx, 'outbound', socket);
  record.target = target.kind === 'name' ? formatNameAddr(target.name) : formatAddr(target.addr);
  socket.resetAndDestroy();
  record.close(new ProxyError('identity_not_ready', 'discovery starts once our identity is certified (the control-plane connection uses it)'));
}
