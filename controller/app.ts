// Composition root for `podwire controller`: watches the topology file and serves, on one gRPC
// server, Linkerd's Destination API (local services, then linked clusters through extra
// resolvers), the inbound policy API (InboundServerPolicies, from the topology's `policy`
// section) and, when the topology has an issuer, the Identity API. An admin HTTP port serves
// /live, /ready and /metrics like the proxy's.
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type http from 'node:http';
import client from 'prom-client';
import type { Logger } from '../proxy/log.js';
import { EVENT_LOOP_SAMPLE_MS } from '../proxy/metrics.js';
import { Readiness } from '../proxy/readiness.js';
import { formatAddr, type SocketAddr } from '../proxy/transport/addr.js';
import { TopologyWatcher } from './topology-watch.js';
import { TopologyMetrics } from './topology-metrics.js';
import type { Topology } from './topology.js';
import { createDestinationService, serveController, type ControllerServer, type GrpcServiceEntry } from './destination-server.js';
import { DestinationMetrics } from './destination-metrics.js';
import { LocalEndpointResolver, LocalProfileResolver } from './resolver-local.js';
import { createIdentityService, type IdentityService } from './identity-server.js';
import { loadTokens } from './tokens.js';
import { createAdminServer, listenAdmin } from '../proxy/admin.js';
import { startLinks, type Links } from './links.js';
import { createPolicyService } from './policy-server.js';
import { PolicyMetrics } from './policy-metrics.js';
import { DEFAULT_STREAM_LIMITS, type StreamLimits } from './destination-stream.js';
import { StreamBudget } from './stream-budget.js';

export interface ControllerOptions {
  readonly topologyFile: string;
  readonly log: Logger;
  /** Override the topology's controller.listen (e.g. port 0 in tests). */
  readonly listen?: SocketAddr;
  /** Plaintext addresses for co-located proxies (the main listen is TLS when configured). */
  readonly plaintextListen?: readonly SocketAddr[];
  /** Admin HTTP address; undefined = no admin server. */
  readonly adminListen?: SocketAddr;
  /** What one Destination or policy stream may hold for a slow client (defaults when absent). */
  readonly streamLimits?: StreamLimits;
}

export interface RunningController {
  readonly addr: string;
  readonly admin?: SocketAddr;
  readonly topology: () => Topology;
  close(): Promise<void>;
}

export async function startController(opts: ControllerOptions): Promise<RunningController> {
  const { log } = opts;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  const readiness = new Readiness();
  const serving = readiness.register('grpc');
  const watcher = await TopologyWatcher.start(opts.topologyFile, { log: log.child({ component: 'topology' }) });
  const topology = watcher.current();
  // The watcher logs each applied or rejected edit itself (once); here they are only counted.
  const topologyMetrics = new TopologyMetrics(registry);
  watcher.on('invalid', () => topologyMetrics.reloads.inc({ result: 'error' }));
  watcher.on('update', () => {
    topologyMetrics.reloads.inc({ result: 'ok' });
    topologyMetrics.lastReload.setToCurrentTime();
  });

  // One byte budget for every Destination and policy stream: what slow clients hold, together.
  const streamBudget = new StreamBudget((opts.streamLimits ?? DEFAULT_STREAM_LIMITS).totalBytes);
  const links: Links = startLinks(watcher, { log: log.child({ component: 'links' }), registry });
  const destination = createDestinationService({
    resolvers: [new LocalEndpointResolver(watcher), ...links.resolvers],
    profileResolvers: [new LocalProfileResolver(watcher), ...links.profileResolvers],
    log: log.child({ component: 'destination' }),
    metrics: new DestinationMetrics(registry),
    streamBudget,
    ...(opts.streamLimits && { streamLimits: opts.streamLimits }),
  });
  const identity = await startIdentity(watcher, log.child({ component: 'identity' }));
  const policy = createPolicyService({
    topology: watcher, log: log.child({ component: 'policy' }), metrics: new PolicyMetrics(registry), streamBudget,
    ...(opts.streamLimits && { streamLimits: opts.streamLimits }),
  });
  const services: GrpcServiceEntry[] = [destination, policy, ...(identity ? [identity] : [])];
  const controllerTls = topology.controller.identity
    ? { certPem: readFileSync(topology.controller.identity.certFile, 'utf8'), keyPem: readFileSync(topology.controller.identity.keyFile, 'utf8') }
    : undefined;
  let server: ControllerServer | undefined;
  let admin: http.Server | undefined;
  try {
    server = await serveController({
      listen: opts.listen ?? topology.controller.listen,
      ...(controllerTls && { tls: controllerTls }),
      ...(opts.plaintextListen && { plaintextListen: opts.plaintextListen }),
      services,
    });
    serving();
    if (controllerTls) followServingCertificate(watcher, server, `${controllerTls.certPem}${controllerTls.keyPem}`, log);
    let adminAddr: SocketAddr | undefined;
    if (opts.adminListen) {
      admin = createAdminServer({ registry, readiness, env: {}, shutdownEnabled: false, onShutdown: () => {}, log });
      adminAddr = await listenAdmin(admin, opts.adminListen);
    }
    log.info({
      cluster: topology.cluster.name, grpc: server.addr, tls: controllerTls !== undefined, identity: identity !== undefined,
      plaintext: (opts.plaintextListen ?? []).map(formatAddr),
      links: topology.links.map((l) => l.cluster), ...(adminAddr && { admin: formatAddr(adminAddr) }),
    }, 'podwire controller ready');
    const running = server;
    return {
      addr: running.addr,
      ...(adminAddr && { admin: adminAddr }),
      topology: () => watcher.current(),
      close: async () => {
        await running.close();
        links.close();
        watcher.close();
        await new Promise<void>((r) => (admin ? admin.close(() => r()) : r()));
      },
    };
  } catch (err) {
    await server?.close();
    links.close();
    watcher.close();
    throw err;
  }
}

/**
 * Serve the certificate the topology names, re-read whenever the watcher reports a new version
 * (which includes the certificate or key file being replaced). A pair that doesn't load is logged
 * and the current certificate keeps serving.
 */
function followServingCertificate(watcher: TopologyWatcher, server: ControllerServer, initial: string, log: Logger): void {
  let last = initial;
  watcher.on('update', (t: Topology) => {
    const files = t.controller.identity;
    if (!files) return;
    try {
      const pem = { certPem: readFileSync(files.certFile, 'utf8'), keyPem: readFileSync(files.keyFile, 'utf8') };
      createSecureContext({ cert: pem.certPem, key: pem.keyPem });
      if (pem.certPem + pem.keyPem === last) return;
      last = pem.certPem + pem.keyPem;
      server.updateTls(pem);
      log.info({ certFile: files.certFile }, 'serving certificate reloaded');
    } catch (err) {
      log.error({ err: (err as Error).message, certFile: files.certFile }, 'serving certificate reload failed; keeping the current one');
    }
  });
}

/** The Identity service, when the topology configures an issuer; reloaded on topology edits. */
async function startIdentity(watcher: TopologyWatcher, log: Logger): Promise<IdentityService | undefined> {
  const settings = watcher.current().identity;
  if (!settings) return undefined;
  const { cluster } = watcher.current();
  const read = (t: Topology) => {
    const s = t.identity!;
    return {
      issuer: { certPem: readFileSync(s.issuerCertFile, 'utf8'), keyPem: readFileSync(s.issuerKeyFile, 'utf8') },
      anchors: readFileSync(s.trustAnchorsFile, 'utf8'),
    };
  };
  const first = read(watcher.current());
  const service = await createIdentityService({
    issuer: first.issuer,
    trustAnchorsPem: first.anchors,
    issuanceLifetimeMs: settings.issuanceLifetimeMs,
    clockSkewMs: settings.clockSkewMs,
    trustDomain: cluster.trustDomain,
    controlPlaneNamespace: cluster.controlPlaneNamespace,
    tokens: loadTokens(settings.tokensFile),
    log,
  });
  watcher.on('update', (t: Topology) => {
    if (!t.identity) return;
    try {
      const next = read(t);
      service.setTokens(loadTokens(t.identity.tokensFile));
      service.setIssuer(next.issuer, next.anchors).catch((err: Error) => log.error({ err: err.message }, 'issuer reload refused; keeping the current issuer'));
    } catch (err) {
      log.error({ err: (err as Error).message }, 'identity reload failed; keeping the current issuer and tokens');
    }
  });
  return service;
}
