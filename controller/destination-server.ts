// `io.linkerd.proxy.destination.Destination` served from resolver chains (spec §1.4-1.5), and a
// small helper to bind the controller's gRPC services to an address.
//
// Get: parse the path (IP hosts and malformed paths: InvalidArgument), ask the resolvers in order
// for an EndpointView, then stream it: the snapshot as one `add` only if it is non-empty, then each
// change as `add` (new or changed endpoints) followed by `remove` (gone addresses), exactly as
// linkerd-destination's translator orders them. A name some resolver owns but nobody knows gets
// NotFound; a name no resolver owns (other domain, trailing dot) gets InvalidArgument, as Linkerd
// answers names outside its cluster domain.
//
// GetProfile: every profile resolver is asked; the stream serves the first defined answer in chain
// order (ProfileChain), falling back to the empty profile for IPs and to {fully_qualified_name:
// <host>} for names (Linkerd serves a default profile for any name in its domain). The stream stays
// open and follows changes.
//
// Both streams hold a bounded number of bytes (destination-stream.ts): a client that does not keep
// up is reset and reconnects to a fresh snapshot, and the Linkerd overflow counters count it.
import * as grpc from '@grpc/grpc-js';
import {
  encodeAdd,
  encodeNoEndpoints,
  encodeProfile,
  encodeRemove,
  encodeWeightedAddr,
  type ProfileSpec,
  type WeightedAddrSpec,
} from '../discovery-client/encode.js';
import { destinationDefinitions, type PbDestinationProfile, type PbGetDestination, type PbUpdate } from '../discovery-client/wire.js';
import type { Logger } from '../proxy/log.js';
import { silentLogger } from '../proxy/log.js';
import { parseListenAddr } from '../proxy/config/parse.js';
import { formatAddr, type SocketAddr } from '../proxy/transport/addr.js';
import { PathError, parseGetTarget, parseProfileTarget, type GetTarget, type ProfileTarget } from './destination-path.js';
import { DestinationMetrics } from './destination-metrics.js';
import { acceptEncodedResponses, DEFAULT_STREAM_LIMITS, StreamSender, type StreamLimits } from './destination-stream.js';
import { StreamBudget } from './stream-budget.js';
import { ServingCertificate, type ServingPem } from './serving-tls.js';
import { ResolveError, type EndpointChange, type EndpointView, type Resolver } from './endpoint-view.js';
import { ProfileChain, type ProfileResolver, type ProfileView } from './profile-view.js';

export type DestinationMethod = 'Get' | 'GetProfile';

export interface DestinationServiceOptions {
  /** Tried in order for Get; the local-topology resolver first, link resolvers after it. */
  readonly resolvers: readonly Resolver[];
  /** All asked for GetProfile; the first defined answer (in this order) is served. */
  readonly profileResolvers: readonly ProfileResolver[];
  readonly log?: Logger;
  readonly metrics?: DestinationMetrics;
  /** Per-stream byte bound and stall timeout (DEFAULT_STREAM_LIMITS when absent). */
  readonly streamLimits?: StreamLimits;
  /** The byte budget shared with the controller's other streams (its own when absent). */
  readonly streamBudget?: StreamBudget;
  /**
   * Open a Get on a service that exists but has no endpoints (an authoritative view) with `no_endpoints{exists: true}`
   * (default true). The Destination proto asks for a message at the start of every subscription,
   * and Linkerd 2.14's destination service sends this one; without it a client cannot tell "no
   * endpoints" from "no answer yet" (podwire waits out its failfast timeout and says "discovery has
   * not answered"), and a client that reconnects after the service emptied keeps its stale
   * endpoints until the next add. Both podwire and linkerd2-proxy apply it as an empty reset.
   * Newer linkerd-destination releases send nothing here (spec §0.4): set false to match them.
   */
  readonly sendNoEndpoints?: boolean;
}

/** A gRPC service ready for grpc.Server#addService, with an optional shutdown hook. */
export interface GrpcServiceEntry {
  readonly definition: grpc.ServiceDefinition;
  readonly implementation: grpc.UntypedServiceImplementation;
  close?(): void;
}

export interface DestinationService extends GrpcServiceEntry {
  openStreams(method?: DestinationMethod): number;
  /** End every open stream with OK and answer later calls with UNAVAILABLE. */
  close(): void;
}

interface OpenStream {
  readonly method: DestinationMethod;
  end(): void;
}

export function createDestinationService(opts: DestinationServiceOptions): DestinationService {
  const log = opts.log ?? silentLogger();
  const metrics = opts.metrics ?? new DestinationMetrics();
  const limits = opts.streamLimits ?? DEFAULT_STREAM_LIMITS;
  const budget = opts.streamBudget ?? new StreamBudget(limits.totalBytes);
  const definitions = destinationDefinitions();
  const streams = new Set<OpenStream>();
  let closed = false;

  const fail = (method: DestinationMethod, call: grpc.ServerWritableStream<PbGetDestination, unknown>, code: grpc.status, details: string): void => {
    metrics.requests.inc({ method, code: grpc.status[code] });
    log.debug({ method, path: call.request.path, code: grpc.status[code], details }, 'destination: refused');
    call.emit('error', { code, details });
  };

  /** Register an open stream; returns the sender that cleans everything up when the stream ends. */
  const open = <T>(method: DestinationMethod, call: grpc.ServerWritableStream<PbGetDestination, T>, onOverflow: () => void, release: () => void): StreamSender<T> => {
    const entry: OpenStream = { method, end: () => sender.end(grpc.status.OK) };
    const definition = method === 'Get' ? definitions.get : definitions.getProfile;
    let reset = false;
    const sender: StreamSender<T> = new StreamSender(call, {
      limits,
      budget,
      encode: definition.responseSerialize as (msg: T) => Buffer,
      onQueuedBytes: (delta) => metrics.queuedBytes.inc({ method }, delta),
      onSlow: (reason, heldBytes) => {
        log.warn({ method, path: call.request.path, peer: call.getPeer(), reason, heldBytes, limitBytes: limits.bufferBytes, stallTimeoutMs: limits.stallTimeoutMs, totalBytes: budget.totalBytes },
          'destination: client is not keeping up; stream reset (it will reconnect to a fresh snapshot)');
        metrics.slowStreamsReset.inc({ method, reason });
        reset = true;
        if (reason !== 'stalled') onOverflow();
      },
      onDone: () => {
        streams.delete(entry);
        metrics.openStreams.dec({ method });
        metrics.requests.inc({ method, code: reset || call.cancelled ? 'CANCELLED' : 'OK' });
        release();
      },
    });
    streams.add(entry);
    metrics.openStreams.inc({ method });
    return sender;
  };

  const onGet = async (call: grpc.ServerWritableStream<PbGetDestination, PbUpdate>): Promise<void> => {
    if (closed) return fail('Get', call, grpc.status.UNAVAILABLE, 'controller is shutting down');
    let target: GetTarget;
    try {
      target = parseGetTarget(call.request.path ?? '', call.request.context_token ?? '');
    } catch (err) {
      return fail('Get', call, codeOf(err), (err as Error).message);
    }
    let view: EndpointView | undefined;
    let known = false;
    let failed: Error | undefined;
    for (const resolver of opts.resolvers) {
      let res: Awaited<ReturnType<Resolver['resolve']>>;
      try {
        res = await resolver.resolve(target);
      } catch (err) {
        if (err instanceof ResolveError) return fail('Get', call, err.code, err.message);
        // A broken source (say, one linked cluster) must not stop later resolvers from answering.
        log.warn({ resolver: resolver.name, path: target.path, err: (err as Error).message }, 'destination: resolver failed; skipped');
        failed = err as Error;
        continue;
      }
      if (res === 'not_found') known = true;
      else if (res !== 'pass') {
        view = res;
        break;
      }
    }
    if (view && (call.cancelled || closed)) return view.close();
    if (!view) {
      // Unknown only because a resolver failed: UNAVAILABLE, so the proxy retries rather than gives up.
      if (failed) return fail('Get', call, grpc.status.UNAVAILABLE, `resolving ${target.path} failed: ${failed.message}`);
      return known
        ? fail('Get', call, grpc.status.NOT_FOUND, `Service ${target.host} not found`)
        : fail('Get', call, grpc.status.INVALID_ARGUMENT, `Invalid authority: ${target.path}`);
    }
    streamEndpoints(call, target, view);
  };

  const streamEndpoints = (call: grpc.ServerWritableStream<PbGetDestination, PbUpdate>, target: GetTarget, view: EndpointView): void => {
    const sender = open('Get', call, () => metrics.endpointUpdatesQueueOverflow.inc({ service: target.path }), () => view.close());
    const labels = view.setLabels;
    const snapshot = view.snapshot();
    const first = addMessage(snapshot, labels, log);
    if (first) sender.send(first);
    else if (view.authoritative && opts.sendNoEndpoints !== false) sender.send(encodeNoEndpoints(true));
    view.on('change', (change: EndpointChange) => {
      const add = addMessage(change.added, labels, log);
      if (add) sender.send(add);
      if (change.removed.length > 0) sender.send(encodeRemove(change.removed));
    });
    view.on('end', (reason: string) => {
      log.debug({ path: target.path, reason }, 'destination: view ended the stream');
      sender.end(grpc.status.OK);
    });
  };

  const onGetProfile = async (call: grpc.ServerWritableStream<PbGetDestination, PbDestinationProfile>): Promise<void> => {
    if (closed) return fail('GetProfile', call, grpc.status.UNAVAILABLE, 'controller is shutting down');
    let target: ProfileTarget;
    try {
      target = parseProfileTarget(call.request.path ?? '', call.request.context_token ?? '');
    } catch (err) {
      return fail('GetProfile', call, codeOf(err), (err as Error).message);
    }
    const views: ProfileView[] = [];
    for (const resolver of opts.profileResolvers) {
      try {
        const res = await resolver.resolveProfile(target);
        if (res !== 'pass') views.push(res);
      } catch (err) {
        if (err instanceof ResolveError) {
          views.forEach((v) => v.close());
          return fail('GetProfile', call, err.code, err.message);
        }
        // One failing source (say, a linked cluster) must not take the local answer down with it.
        log.warn({ resolver: resolver.name, path: target.path, err: (err as Error).message }, 'destination: profile resolver failed; skipped');
      }
    }
    if (call.cancelled || closed) return views.forEach((v) => v.close());
    if (target.kind === 'name' && views.length === 0) {
      return fail('GetProfile', call, grpc.status.INVALID_ARGUMENT, `invalid service ${JSON.stringify(target.host)}: not in any served domain`);
    }
    const fallback: ProfileSpec = target.kind === 'name' ? { fullyQualifiedName: target.host } : {};
    const chain = new ProfileChain(views, fallback);
    const sender = open('GetProfile', call, () => countProfileOverflow(metrics, chain.current(), target), () => chain.close());
    const send = (p: ProfileSpec): void => {
      const msg = profileMessage(p, log);
      if (msg) sender.send(msg);
    };
    send(chain.current());
    chain.on('change', send);
  };

  const guard = <T>(method: DestinationMethod, handler: (call: grpc.ServerWritableStream<PbGetDestination, T>) => Promise<void>) =>
    (call: grpc.ServerWritableStream<PbGetDestination, T>): void => {
      handler(call).catch((err: unknown) => {
        log.error({ method, path: call.request.path, err: (err as Error).message }, 'destination: handler failed');
        if (!call.cancelled) fail(method, call, grpc.status.INTERNAL, 'internal error');
      });
    };

  return {
    definition: acceptEncodedResponses(definitions.service),
    implementation: { Get: guard('Get', onGet), GetProfile: guard('GetProfile', onGetProfile) },
    openStreams: (method) => [...streams].filter((s) => method === undefined || s.method === method).length,
    close: () => {
      closed = true;
      for (const s of [...streams]) s.end();
    },
  };
}

function codeOf(err: unknown): grpc.status {
  return err instanceof PathError ? err.code : grpc.status.INVALID_ARGUMENT;
}

/** An add for the specs that encode; an endpoint that cannot be encoded is logged and skipped, as Linkerd does. */
function addMessage(specs: readonly WeightedAddrSpec[], labels: Readonly<Record<string, string>>, log: Logger): PbUpdate | undefined {
  const ok = specs.filter((spec) => {
    try {
      encodeWeightedAddr(spec);
      return true;
    } catch (err) {
      log.error({ ip: spec.ip, port: spec.port, err: (err as Error).message }, 'destination: skipping an endpoint that cannot be encoded');
      return false;
    }
  });
  return ok.length > 0 ? encodeAdd(ok, labels) : undefined;
}

function profileMessage(p: ProfileSpec, log: Logger): PbDestinationProfile | undefined {
  try {
    return encodeProfile(p);
  } catch (err) {
    log.error({ err: (err as Error).message }, 'destination: profile cannot be encoded; sending the empty profile');
    return encodeProfile({});
  }
}

function countProfileOverflow(metrics: DestinationMetrics, p: ProfileSpec, target: ProfileTarget): void {
  if (p.endpoint || p.fullyQualifiedName === undefined) metrics.endpointProfileUpdatesQueueOverflow.inc();
  else metrics.profileUpdatesQueueOverflow.inc({ fqn: p.fullyQualifiedName, port: String(target.port) });
}

export interface ServeControllerOptions {
  /** "127.0.0.1:8086", "[::1]:0", or a parsed address; port 0 picks a free port. */
  readonly listen: string | SocketAddr;
  /**
   * Serve TLS with this certificate chain (leaf first) and key (PEM). Client certificates are
   * not requested: proxies may present their workload certificate, but Linkerd's controller does
   * not require one, and neither do we.
   */
  readonly tls?: ServingPem;
  readonly services: readonly GrpcServiceEntry[];
  /**
   * Extra plaintext addresses serving the same services: a co-located proxy talks plaintext to a
   * loopback control plane (as Linkerd's does), while linked controllers use the TLS `listen`.
   */
  readonly plaintextListen?: readonly SocketAddr[];
}

export interface ControllerServer {
  readonly server: grpc.Server;
  readonly host: string;
  readonly port: number;
  /** "127.0.0.1:PORT" / "[::1]:PORT", ready to dial. */
  readonly addr: string;
  /** Serve a new certificate and key to connections accepted from now on (TLS servers only). */
  updateTls(pem: ServingPem): void;
  /** Close the services' streams, then shut down (forcefully after graceMs). */
  close(graceMs?: number): Promise<void>;
}

export async function serveController(opts: ServeControllerOptions): Promise<ControllerServer> {
  const listen = typeof opts.listen === 'string' ? parseListenAddr(opts.listen) : opts.listen;
  const server = new grpc.Server();
  for (const s of opts.services) server.addService(s.definition, s.implementation);
  const serving = opts.tls ? new ServingCertificate(opts.tls) : undefined;
  const creds = serving ? serving.credentials() : grpc.ServerCredentials.createInsecure();
  const bind = (addr: SocketAddr, c: grpc.ServerCredentials) =>
    new Promise<number>((resolve, reject) => {
      server.bindAsync(formatAddr(addr), c, (err, p) => (err ? reject(new Error(`cannot listen on ${formatAddr(addr)}: ${err.message}`)) : resolve(p)));
    });
  const port = await bind(listen, creds);
  for (const extra of opts.plaintextListen ?? []) await bind(extra, grpc.ServerCredentials.createInsecure());
  return {
    server,
    host: listen.ip,
    port,
    addr: formatAddr({ ip: listen.ip, port }),
    updateTls: (pem) => {
      if (!serving) throw new Error('this controller serves plaintext; there is no certificate to update');
      serving.update(pem);
    },
    close: async (graceMs = 1_000) => {
      for (const s of opts.services) s.close?.();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
