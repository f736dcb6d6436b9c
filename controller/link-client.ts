// One linked cluster, live: the connection to its controller (podwire's DestinationClient, which
// verifies the remote identity, keeps the last endpoints while a stream is down and reconnects
// with backoff), a health probe, and the addresses of its gateway.
//
// Remote watches are shared: every local stream for one remote service uses one remote Get stream
// (DestinationClient's cache), so the state a link holds is bounded by the remote endpoint sets
// it mirrors, however many local subscribers there are and however fast the remote updates.
// While the probe says the remote is down, the endpoints those watches still hold are counted as
// stale (controller_link_stale_endpoints) and keep being served.
import { EventEmitter } from 'node:events';
import type { BackoffConfig } from '../discovery-client/backoff.js';
import { DestinationClient, type ProfileWatch, type Resolution, type ResolutionListener } from '../discovery-client/destination.js';
import type { Endpoint } from '../discovery-client/types.js';
import type { Logger } from '../proxy/log.js';
import type { SocketAddr } from '../proxy/transport/addr.js';
import { GatewayAddresses } from './link-gateway.js';
import { linkContextToken } from './link-names.js';
import { LinkProbe } from './link-probe.js';
import { tlsDigest, type LinkConnection } from './link-tls.js';
import type { LinkSpec } from './topology-types.js';

export interface LinkClientOptions {
  /** Sent in the context token, so the remote does not forward our lookups over its own links. */
  readonly localCluster: string;
  readonly log: Logger;
  readonly probePeriodMs: number;
  readonly probeTimeoutMs: number;
  /** Reconnect backoff of the remote discovery streams. */
  readonly backoff: BackoffConfig;
  /** How long an unused remote watch is kept (DestinationClient's idle cache). */
  readonly idleTimeoutMs: number;
  readonly gatewayRefreshMs: number;
}

/** A remote Get watch held by one local view. */
export interface RemoteWatch {
  endpoints(): ReadonlyMap<string, Endpoint>;
  onChange(cb: ResolutionListener): void;
  /** Resolves once the remote has answered at least once, or after `ms` (whichever is first). */
  settled(ms: number): Promise<void>;
  release(): void;
}

const NO_ENDPOINTS: ReadonlyMap<string, Endpoint> = new Map();
/** What a link that cannot dial its remote hands out: nothing, ever. */
const INERT_WATCH: RemoteWatch = { endpoints: () => NO_ENDPOINTS, onChange: () => {}, settled: async () => {}, release: () => {} };

let instances = 0;

export class LinkClient extends EventEmitter {
  /** Distinguishes a link replaced by a new connection from the one before it. */
  readonly instance = ++instances;
  readonly cluster: string;
  readonly gateway: GatewayAddresses;
  readonly #log: Logger;
  readonly #watches = new Set<Resolution>();
  readonly #dst: DestinationClient | undefined;
  readonly #probe: LinkProbe | undefined;
  #spec: LinkSpec;
  #conn: LinkConnection;
  #closed = false;

  constructor(spec: LinkSpec, conn: LinkConnection, opts: LinkClientOptions) {
    super();
    this.setMaxListeners(0);
    this.cluster = spec.cluster;
    this.#spec = spec;
    this.#conn = conn;
    this.#log = opts.log.child({ cluster: spec.cluster, remote: conn.addr });
    this.gateway = new GatewayAddresses(spec.gateway, this.#log, opts.gatewayRefreshMs);
    if (conn.error !== undefined) {
      this.#log.error({ err: conn.error }, 'link: cannot dial the remote controller; its mirrors serve no remote pods');
      return;
    }
    if (conn.insecure) this.#log.warn('link: PLAINTEXT to the remote controller (insecure: true), for tests and development only');
    const contextToken = linkContextToken(opts.localCluster);
    try {
      this.#dst = new DestinationClient({
        addr: conn.addr, serverName: conn.serverName, contextToken, tls: conn.tls,
        backoff: opts.backoff, idleTimeoutMs: opts.idleTimeoutMs, log: this.#log,
      });
      this.#probe = new LinkProbe({
        addr: conn.addr, serverName: conn.serverName, tls: conn.tls, contextToken,
        periodMs: opts.probePeriodMs, timeoutMs: opts.probeTimeoutMs,
      });
    } catch (err) {
      this.#dst?.close();
      this.#log.error({ err: (err as Error).message }, 'link: cannot dial the remote controller; its mirrors serve no remote pods');
      return;
    }
    this.#probe.on('state', (up: boolean, detail: string) => this.#onState(up, detail));
    this.#probe.start();
  }

  get spec(): LinkSpec {
    return this.#spec;
  }

  get connection(): LinkConnection {
    return this.#conn;
  }

  /** The remote controller answered the last probe. */
  get up(): boolean {
    return this.#probe?.up === true;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Remote endpoints served while the link is down (0 while it is up). */
  staleEndpoints(): number {
    if (this.up) return 0;
    const addrs = new Set<string>();
    for (const w of this.#watches) for (const key of w.endpoints().keys()) addrs.add(key);
    return addrs.size;
  }

  /** A new spec for the same remote (services, gateway, domains may change; the connection stays). */
  updateSpec(spec: LinkSpec): void {
    this.#spec = spec;
    this.gateway.update(spec.gateway);
    this.emit('spec');
  }

  /** Same remote, possibly rotated TLS material: move the channels over to it. */
  updateConnection(conn: LinkConnection): void {
    const rotated = tlsDigest(conn) !== tlsDigest(this.#conn);
    this.#conn = conn;
    if (!rotated || !conn.tls || this.#closed) return;
    this.#dst?.updateTls(conn.tls);
    this.#probe?.updateTls(conn.tls);
    this.#log.info('link: TLS material changed; reconnecting with it');
  }

  /** Watch `host:port` on the remote controller (shared with other holders of the same name). */
  watch(host: string, port: number): RemoteWatch {
    if (!this.#dst || this.#closed) return INERT_WATCH;
    const res = this.#dst.resolve({ name: host, port });
    this.#watches.add(res);
    return {
      endpoints: () => res.endpoints(),
      onChange: (cb) => void res.on('change', cb),
      settled: (ms) => firstAnswer(res, ms),
      release: () => {
        this.#watches.delete(res);
        res.release();
      },
    };
  }

  /** The remote controller's profile of a pod address, or undefined if the link cannot dial. */
  profile(addr: SocketAddr): ProfileWatch | undefined {
    if (!this.#dst || this.#closed) return undefined;
    return this.#dst.profile(addr);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#probe?.stop();
    this.#dst?.close();
    this.gateway.close();
    this.#watches.clear();
    this.emit('close');
    this.removeAllListeners();
  }

  #onState(up: boolean, detail: string): void {
    if (up) {
      this.#log.info('link: remote controller is answering');
    } else {
      this.#log.warn(
        { err: detail, staleEndpoints: this.staleEndpoints() },
        'link: remote controller is not answering; known remote endpoints stay served (stale) until it is back',
      );
    }
    this.emit('state', up);
  }
}

/** Wait for a resolution's first applied message (its state leaves 'pending'), at most `ms`. */
function firstAnswer(res: Resolution, ms: number): Promise<void> {
  if (res.state !== 'pending') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      res.off('change', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.on('change', done);
  });
}
