// A real gRPC Destination server for tests (and local experiments), speaking the same protos and
// encoders as podwire's client. It behaves like linkerd-destination where tests depend on it
// (spec §1.4-1.5): on subscribe it sends the current snapshot as one add, and only if non-empty;
// later changes go out as add/remove diffs; unknown services get NotFound; IP or malformed Get paths
// get InvalidArgument. Tests can also inject failures (failTarget, killStreams) and raw messages.
import { EventEmitter } from 'node:events';
import net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { addrKey, formatAddr, isDnsName, normalizeIp, parseSocketAddr } from '../../proxy/transport/addr.js';
import {
  encodeAdd,
  encodeNoEndpoints,
  encodeProfile,
  encodeRemove,
  type ProfileSpec,
  type WeightedAddrSpec,
} from '../../discovery-client/encode.js';
import {
  destinationDefinitions,
  type PbDestinationProfile,
  type PbGetDestination,
  type PbUpdate,
} from '../../discovery-client/wire.js';

export type TestEndpoint = WeightedAddrSpec;
export type TestProfile = ProfileSpec;
export type DestinationMethod = 'Get' | 'GetProfile';

export interface RecordedRequest {
  readonly method: DestinationMethod;
  readonly path: string;
  readonly scheme: string;
  readonly contextToken: string;
  /** Date.now() when it arrived, to observe reconnect pacing. */
  readonly at: number;
  /** subjectaltname of the client certificate, when served over mTLS. */
  readonly peerSans?: string;
}

export interface DestinationServerTls {
  /** Served chain (leaf first) and its key. */
  readonly certPem: string;
  readonly keyPem: string;
  /** Roots for client certificates; with it, clients must present one. */
  readonly clientCaPem?: string;
}

export interface DestinationServerOptions {
  /** Usually '127.0.0.1' or '::1'; any local address for TLS tests. */
  readonly host?: string;
  readonly port?: number;
  readonly tls?: DestinationServerTls;
}

export interface TestDestinationServer {
  readonly host: string;
  readonly port: number;
  /** "127.0.0.1:PORT" or "[::1]:PORT", ready for DestinationClient's addr. */
  readonly addr: string;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Make `target` ("name:port") known with these endpoints; open Get streams receive the diff. */
  setEndpoints(target: string, endpoints: readonly TestEndpoint[], opts?: { setLabels?: Record<string, string> }): void;
  /** Forget `target`: later Gets get NotFound; open streams are left as they are. */
  deleteTarget(target: string): void;
  /** Send no_endpoints{exists} on open Get streams of `target` (the current controller never does). */
  sendNoEndpoints(target: string, exists: boolean): void;
  /** Send an arbitrary Update on open Get streams of `target` (for malformed-message tests). */
  sendRaw(target: string, update: PbUpdate): void;
  /** Profile for `target` ("ip:port"); open GetProfile streams receive it. undefined = empty profile. */
  setProfile(target: string, profile: TestProfile | undefined): void;
  /** Answer later requests for `target` with `code` (undefined to stop). Open streams are unaffected. */
  failTarget(target: string, code: grpc.status | undefined): void;
  /** End every open stream now with `code` (default UNAVAILABLE; OK ends them cleanly). */
  killStreams(code?: grpc.status): void;
  openStreams(method?: DestinationMethod): number;
  /** Resolves once at least `n` requests (optionally of one method) were received. */
  waitForRequests(n: number, opts?: { method?: DestinationMethod; timeoutMs?: number }): Promise<void>;
  /** Resolves once exactly `n` streams (optionally of one method) are open. */
  waitForOpenStreams(n: number, opts?: { method?: DestinationMethod; timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

interface OpenStream {
  readonly method: DestinationMethod;
  readonly target: string;
  readonly call: grpc.ServerWritableStream<PbGetDestination, PbUpdate | PbDestinationProfile>;
}

interface TargetState {
  endpoints: Map<string, TestEndpoint>;
  setLabels: Record<string, string>;
}

const DEFAULT_WAIT_MS = 5_000;

class DestinationServerImpl implements TestDestinationServer {
  readonly requests: RecordedRequest[] = [];
  host = '';
  port = 0;
  readonly #server = new grpc.Server();
  readonly #targets = new Map<string, TargetState>();
  readonly #profiles = new Map<string, TestProfile | undefined>();
  readonly #failures = new Map<string, grpc.status>();
  readonly #streams = new Set<OpenStream>();
  /** Fires on every request and every stream opening/closing, for the waitFor* helpers. */
  readonly #events = new EventEmitter();

  get addr(): string {
    return this.host.includes(':') ? `[${this.host}]:${this.port}` : `${this.host}:${this.port}`;
  }

  async listen(host: string, port: number, tls: DestinationServerTls | undefined): Promise<void> {
    const defs = destinationDefinitions();
    this.#server.addService(defs.service, {
      Get: (call: grpc.ServerWritableStream<PbGetDestination, PbUpdate>) => this.#onGet(call),
      GetProfile: (call: grpc.ServerWritableStream<PbGetDestination, PbDestinationProfile>) => this.#onGetProfile(call),
    });
    const bindAddr = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    this.port = await new Promise<number>((resolve, reject) => {
      this.#server.bindAsync(bindAddr, serverCredentials(tls), (err, p) => (err ? reject(err) : resolve(p)));
    });
    this.host = host;
  }

  setEndpoints(target: string, endpoints: readonly TestEndpoint[], opts: { setLabels?: Record<string, string> } = {}): void {
    const key = target.toLowerCase();
    const state = this.#targets.get(key) ?? { endpoints: new Map(), setLabels: {} };
    const next = new Map(endpoints.map((ep) => [addrKey({ ip: normalizeIp(ep.ip), port: ep.port }), ep] as const));
    const removed = [...state.endpoints.keys()].filter((k) => !next.has(k)).map((k) => state.endpoints.get(k)!);
    const labelsChanged = JSON.stringify(state.setLabels) !== JSON.stringify(opts.setLabels ?? {});
    const changed = [...next.entries()]
      .filter(([k, ep]) => labelsChanged || JSON.stringify(state.endpoints.get(k)) !== JSON.stringify(ep))
      .map(([, ep]) => ep);
    state.endpoints = next;
    state.setLabels = { ...opts.setLabels };
    this.#targets.set(key, state);
    if (removed.length > 0) this.#push('Get', key, encodeRemove(removed));
    if (changed.length > 0) this.#push('Get', key, encodeAdd(changed, state.setLabels));
  }

  deleteTarget(target: string): void {
    this.#targets.delete(target.toLowerCase());
  }

  sendNoEndpoints(target: string, exists: boolean): void {
    this.#push('Get', target.toLowerCase(), encodeNoEndpoints(exists));
  }

  sendRaw(target: string, update: PbUpdate): void {
    this.#push('Get', target.toLowerCase(), update);
  }

  setProfile(target: string, profile: TestProfile | undefined): void {
    const key = profileKey(target);
    this.#profiles.set(key, profile);
    this.#push('GetProfile', key, encodeProfile(profile ?? {}));
  }

  failTarget(target: string, code: grpc.status | undefined): void {
    const key = target.toLowerCase();
    if (code === undefined) this.#failures.delete(key);
    else this.#failures.set(key, code);
  }

  killStreams(code: grpc.status = grpc.status.UNAVAILABLE): void {
    for (const stream of [...this.#streams]) {
      this.#forget(stream);
      endCall(stream.call, code, 'stream killed by test');
    }
  }

  openStreams(method?: DestinationMethod): number {
    return [...this.#streams].filter((s) => method === undefined || s.method === method).length;
  }

  waitForRequests(n: number, opts: { method?: DestinationMethod; timeoutMs?: number } = {}): Promise<void> {
    const count = (): number => this.requests.filter((r) => opts.method === undefined || r.method === opts.method).length;
    return this.#waitFor(() => count() >= n, opts.timeoutMs, () => `${n} requests (have ${count()})`);
  }

  waitForOpenStreams(n: number, opts: { method?: DestinationMethod; timeoutMs?: number } = {}): Promise<void> {
    const count = (): number => this.openStreams(opts.method);
    return this.#waitFor(() => count() === n, opts.timeoutMs, () => `${n} open streams (have ${count()})`);
  }

  async close(): Promise<void> {
    this.#streams.clear();
    this.#server.forceShutdown();
  }

  #onGet(call: grpc.ServerWritableStream<PbGetDestination, PbUpdate>): void {
    const path = this.#record('Get', call);
    const refused = this.#failures.get(path.toLowerCase()) ?? validateGetPath(path);
    if (refused !== undefined) return endCall(call, refused, `refused ${path}`);
    const key = withDefaultPort(path).toLowerCase();
    const state = this.#targets.get(key);
    if (!state) return endCall(call, grpc.status.NOT_FOUND, `unknown service ${path}`);
    this.#open({ method: 'Get', target: key, call });
    // Like the controller: the snapshot as one add, and nothing at all for an empty service.
    if (state.endpoints.size > 0) call.write(encodeAdd([...state.endpoints.values()], state.setLabels));
  }

  #onGetProfile(call: grpc.ServerWritableStream<PbGetDestination, PbDestinationProfile>): void {
    const path = this.#record('GetProfile', call);
    const key = profileKey(path);
    const refused = this.#failures.get(key);
    if (refused !== undefined) return endCall(call, refused, `refused ${path}`);
    this.#open({ method: 'GetProfile', target: key, call });
    // Unknown addresses get an empty profile and an open stream, as the controller does for ports
    // it knows nothing about.
    call.write(encodeProfile(this.#profiles.get(key) ?? {}));
  }

  #record(method: DestinationMethod, call: grpc.ServerWritableStream<PbGetDestination, unknown>): string {
    const req = call.request;
    const path = req.path ?? '';
    const peerSans = call.getAuthContext()?.sslPeerCertificate?.subjectaltname;
    this.requests.push({
      method,
      path,
      scheme: req.scheme ?? '',
      contextToken: req.context_token ?? '',
      at: Date.now(),
      ...(peerSans !== undefined && { peerSans }),
    });
    this.#events.emit('change');
    return path;
  }

  #open(stream: OpenStream): void {
    this.#streams.add(stream);
    const forget = (): void => this.#forget(stream);
    stream.call.on('cancelled', forget);
    stream.call.on('close', forget);
    stream.call.on('error', forget);
    this.#events.emit('change');
  }

  #forget(stream: OpenStream): void {
    if (this.#streams.delete(stream)) this.#events.emit('change');
  }

  #push(method: DestinationMethod, target: string, msg: PbUpdate | PbDestinationProfile): void {
    for (const s of this.#streams) {
      if (s.method === method && s.target === target && !s.call.cancelled) s.call.write(msg);
    }
  }

  #waitFor(done: () => boolean, timeoutMs = DEFAULT_WAIT_MS, what: () => string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`destination test server: timed out after ${timeoutMs}ms waiting for ${what()}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#events.off('change', check);
      };
      this.#events.on('change', check);
    });
  }
}

/** Mirror of the controller's Get path checks (spec §1.4): IPs and non-names are InvalidArgument. */
function validateGetPath(path: string): grpc.status | undefined {
  const withPort = withDefaultPort(path);
  const i = withPort.lastIndexOf(':');
  const host = withPort.slice(0, i);
  const port = Number(withPort.slice(i + 1));
  if (host.startsWith('[') || net.isIP(host)) return grpc.status.INVALID_ARGUMENT;
  if (!isDnsName(host.toLowerCase())) return grpc.status.INVALID_ARGUMENT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return grpc.status.INVALID_ARGUMENT;
  return undefined;
}

/** The controller assumes port 80 when a Get path has none. */
function withDefaultPort(path: string): string {
  return path.includes(':') ? path : `${path}:80`;
}

/** Canonical key for profile targets: normalized "ip:port" when it is one, else the path as is. */
function profileKey(target: string): string {
  try {
    return formatAddr(parseSocketAddr(target));
  } catch {
    return target.toLowerCase();
  }
}

function endCall(call: grpc.ServerWritableStream<PbGetDestination, unknown>, code: grpc.status, details: string): void {
  if (code === grpc.status.OK) call.end();
  else call.emit('error', { code, details });
}

function serverCredentials(tls: DestinationServerTls | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  const ca = tls.clientCaPem !== undefined ? Buffer.from(tls.clientCaPem) : null;
  return grpc.ServerCredentials.createSsl(ca, [{ cert_chain: Buffer.from(tls.certPem), private_key: Buffer.from(tls.keyPem) }], ca !== null);
}

export async function startDestinationServer(opts: DestinationServerOptions = {}): Promise<TestDestinationServer> {
  const server = new DestinationServerImpl();
  await server.listen(opts.host ?? '127.0.0.1', opts.port ?? 0, opts.tls);
  return server;
}
