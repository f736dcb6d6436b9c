// DestinationClient: podwire's client of Linkerd's Destination API (spec §1, §9.3).
// It owns the gRPC channel to the controller (a ControllerChannel, channel.ts) and a cache of
// shared watches: resolve() runs one Get stream per service path and profile() one GetProfile
// stream per address, however many callers hold them; watches nobody holds are closed after
// idleTimeoutMs. Requests are built the way
// linkerd2-proxy builds them (empty scheme, context token verbatim, no trailing dot, IPv6 in
// brackets) so a stock linkerd-destination answers them.
import * as grpc from '@grpc/grpc-js';
import { formatAddr, formatNameAddr, normalizeIp, type NameAddr, type SocketAddr } from '../proxy/transport/addr.js';
import { DEFAULT_BACKOFF, validateBackoff, type BackoffConfig } from './backoff.js';
import { ControllerChannel } from './channel.js';
import type { DestinationTls } from './credentials.js';
import { encodeGetDestination } from './encode.js';
import { IdleCache } from './idle-cache.js';
import type { DiscoveryLogger } from './log.js';
import { ProfileCore, ProfileHandle, type ProfileWatch } from './profile.js';
import { RecoveringStream } from './recover.js';
import { ResolutionCore, ResolutionHandle, type Resolution } from './resolution.js';
import { destinationDefinitions, type DestinationDefinitions, type PbGetDestination } from './wire.js';

export type { Resolution, ResolutionEvent, ResolutionListener, WatchState } from './resolution.js';
export type { ProfileAnswer, ProfileWatch, ProfileListener } from './profile.js';
export type { DestinationTls } from './credentials.js';
export type { DiscoveryLogger } from './log.js';

/** linkerd2-proxy evicts unused outbound discovery results after 5 s (spec §9.3). */
export const DEFAULT_IDLE_TIMEOUT_MS = 5_000;

export interface DestinationClientOptions {
  /** Controller address, "host:port" or "[v6]:port". */
  readonly addr: string;
  /** Controller identity the server certificate must name (needed with tls off loopback). */
  readonly serverName?: string;
  /** LINKERD2_PROXY_DESTINATION_CONTEXT, sent verbatim (trailing newline included). */
  readonly contextToken: string;
  readonly backoff?: BackoffConfig;
  readonly idleTimeoutMs?: number;
  readonly tls?: DestinationTls | undefined;
  readonly log: DiscoveryLogger;
}

export class DestinationClient {
  readonly #channel: ControllerChannel;
  readonly #addr: string;
  readonly #defs: DestinationDefinitions;
  readonly #contextToken: string;
  readonly #backoff: BackoffConfig;
  readonly #log: DiscoveryLogger;
  readonly #resolutions: IdleCache<ResolutionCore>;
  readonly #profiles: IdleCache<ProfileCore>;
  #closed = false;

  constructor(opts: DestinationClientOptions) {
    this.#defs = destinationDefinitions();
    this.#contextToken = opts.contextToken;
    this.#backoff = validateBackoff(opts.backoff ?? DEFAULT_BACKOFF);
    this.#log = opts.log;
    this.#addr = opts.addr;
    this.#channel = new ControllerChannel(opts.addr, opts.serverName, opts.tls, this.#backoff);
    const idle = opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.#resolutions = new IdleCache(idle);
    this.#profiles = new IdleCache(idle);
    this.#log.info({ addr: opts.addr, plaintext: this.#channel.plaintext, serverName: opts.serverName }, 'destination client created');
  }

  /** Endpoints of a service, e.g. {name: "web.ns.svc.cluster.local", port: 80}. Release when done. */
  resolve(target: NameAddr): Resolution {
    this.#assertOpen();
    const path = getPath(target);
    const lease = this.#resolutions.acquire(path, () => this.#startResolution(path, target));
    return new ResolutionHandle(lease.value, lease.release);
  }

  /** Profile of an original destination address. Release when done. */
  profile(target: SocketAddr): ProfileWatch {
    this.#assertOpen();
    // Canonical IP text so "FD00::1" and "fd00::1" share one watch and send the controller one form.
    const addr = { ip: normalizeIp(target.ip), port: target.port };
    const path = formatAddr(addr);
    const lease = this.#profiles.acquire(path, () => this.#startProfile(path, addr));
    return new ProfileHandle(lease.value, lease.release);
  }

  /**
   * Use new client credentials (our certificate rotated). Streams opened from now on use a new
   * channel; the old channel is closed, and streams still on it end and are recovered onto the new
   * one like any other stream failure (last endpoints kept meanwhile).
   */
  updateTls(tls: DestinationTls): void {
    this.#assertOpen();
    if (!this.#channel.updateTls(tls)) return;
    this.#log.info({ addr: this.#addr }, 'destination client credentials updated');
  }

  /** Number of Get / GetProfile watches currently cached (held or idle). */
  get watchCount(): { resolutions: number; profiles: number } {
    return { resolutions: this.#resolutions.size, profiles: this.#profiles.size };
  }

  /** Stop every watch and close the channel. Handles keep their last values but get no updates. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#resolutions.clear();
    this.#profiles.clear();
    this.#channel.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('destination client is closed');
  }

  #startResolution(path: string, target: NameAddr): ResolutionCore {
    const core = new ResolutionCore(target, this.#log);
    const method = this.#defs.get;
    core.run(
      new RecoveringStream({
        name: `Get ${path}`,
        backoff: this.#backoff,
        log: this.#log,
        open: () => this.#openStream(method, path),
        whenReconnected: (cb) => this.#channel.whenReconnected(cb),
        hooks: {
          onStreamStart: () => core.onStreamStart(),
          onMessage: (msg) => core.onMessage(msg),
          onFinal: (status) => core.onFinal(status),
        },
      }),
    );
    return core;
  }

  #startProfile(path: string, target: SocketAddr): ProfileCore {
    const core = new ProfileCore(target, this.#log);
    const method = this.#defs.getProfile;
    core.run(
      new RecoveringStream({
        name: `GetProfile ${path}`,
        backoff: this.#backoff,
        log: this.#log,
        open: () => this.#openStream(method, path),
        whenReconnected: (cb) => this.#channel.whenReconnected(cb),
        hooks: {
          onStreamStart: () => {},
          onMessage: (msg) => core.onMessage(msg),
          onRetry: (status) => core.onRetry(status),
          onFinal: (status) => core.onFinal(status),
        },
      }),
    );
    return core;
  }

  #openStream<Res>(method: grpc.MethodDefinition<PbGetDestination, Res>, path: string): grpc.ClientReadableStream<Res> {
    return this.#channel.serverStream(method, encodeGetDestination(path, this.#contextToken));
  }
}

/** Get's path: "name:port", never with a trailing dot (the controller's suffix match would fail). */
export function getPath(target: NameAddr): string {
  return formatNameAddr({ name: target.name.replace(/\.$/, ''), port: target.port });
}
