// InboundPolicyClient: podwire's client of Linkerd's inbound policy API, one
// `InboundServerPolicies/WatchPort` stream per port (spec §5, linkerd2-proxy policy/api.rs).
// Each watch is a RecoveringStream: a failed or ended stream reopens after a jittered backoff, the
// last policy decoded stays with the caller meanwhile, and InvalidArgument / FailedPrecondition are
// final (the request is wrong). A Server that does not decode is logged and skipped, so a bad
// message never replaces a good policy. The channel is the Destination client's kind (channel.ts):
// plaintext only when the caller passes no TLS (loopback), else mTLS with our certificate and the
// controller verified by SAN (LINKERD2_PROXY_POLICY_SVC_NAME), following certificate rotations.
import * as grpc from '@grpc/grpc-js';
import type { ServerPolicy } from '../proxy/policy/types.js';
import { DEFAULT_BACKOFF, validateBackoff, type BackoffConfig } from './backoff.js';
import { ControllerChannel } from './channel.js';
import type { DestinationTls } from './credentials.js';
import type { DiscoveryLogger } from './log.js';
import { decodeServer } from './policy-codec.js';
import { inboundPolicyDefinitions, type PbPortSpec, type PbServer } from './policy-wire.js';
import { RecoveringStream } from './recover.js';

export interface InboundPolicyClientOptions {
  /** Controller address, "host:port" or "[v6]:port". */
  readonly addr: string;
  /** Controller identity its certificate must name (required with tls). */
  readonly serverName?: string;
  /** LINKERD2_PROXY_POLICY_WORKLOAD, sent verbatim as PortSpec.workload. */
  readonly workload: string;
  readonly tls?: DestinationTls | undefined;
  readonly backoff?: BackoffConfig;
  readonly log: DiscoveryLogger;
}

export interface PortWatchHooks {
  /** A new policy for the port arrived (every decodable Server, also repeats). */
  onPolicy(policy: ServerPolicy): void;
  /** A stream failed and is reopened after `retryInMs` (the last policy stays with the caller). */
  onRetry?(status: grpc.StatusObject, retryInMs: number): void;
  /** The controller refused the request for good (InvalidArgument / FailedPrecondition). */
  onFinal?(status: grpc.StatusObject): void;
}

export interface PortWatch {
  stop(): void;
}

/** What an API-fed policy source needs from a client (tests may substitute their own). */
export interface PortPolicyWatcher {
  watch(port: number, hooks: PortWatchHooks): PortWatch;
  updateTls?(tls: DestinationTls): void;
  close(): void;
}

export class InboundPolicyClient implements PortPolicyWatcher {
  readonly #channel: ControllerChannel;
  readonly #watches = new Set<RecoveringStream<PbServer>>();
  readonly #opts: InboundPolicyClientOptions;
  readonly #backoff: BackoffConfig;
  #closed = false;

  constructor(opts: InboundPolicyClientOptions) {
    this.#opts = opts;
    this.#backoff = validateBackoff(opts.backoff ?? DEFAULT_BACKOFF);
    this.#channel = new ControllerChannel(opts.addr, opts.serverName, opts.tls, this.#backoff);
    opts.log.info({ addr: opts.addr, plaintext: this.#channel.plaintext, serverName: opts.serverName, workload: opts.workload }, 'policy client created');
  }

  /** Watch one port's policy until stop(); hooks are called for every decoded Server. */
  watch(port: number, hooks: PortWatchHooks): PortWatch {
    if (this.#closed) throw new Error('policy client is closed');
    const { log, workload } = this.#opts;
    const name = `WatchPort ${port}`;
    const stream: RecoveringStream<PbServer> = new RecoveringStream<PbServer>({
      name,
      backoff: this.#backoff,
      log,
      open: () => this.#open({ workload, port }),
      whenReconnected: (cb) => this.#channel.whenReconnected(cb),
      hooks: {
        onStreamStart: () => {},
        onMessage: (msg) => {
          let policy: ServerPolicy;
          try {
            policy = decodeServer(msg);
          } catch (err) {
            log.error({ stream: name, err: (err as Error).message }, 'policy: undecodable Server; keeping the last policy');
            return;
          }
          hooks.onPolicy(policy);
        },
        onRetry: (status, retryInMs) => hooks.onRetry?.(status, retryInMs),
        onFinal: (status) => {
          this.#watches.delete(stream);
          hooks.onFinal?.(status);
        },
      },
    });
    this.#watches.add(stream);
    stream.start();
    return {
      stop: () => {
        this.#watches.delete(stream);
        stream.stop();
      },
    };
  }

  /** Our certificate rotated: new streams use a new channel; live ones move over (policy kept). */
  updateTls(tls: DestinationTls): void {
    if (this.#closed) return;
    this.#channel.updateTls(tls);
  }

  get watchCount(): number {
    return this.#watches.size;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#watches) w.stop();
    this.#watches.clear();
    this.#channel.close();
  }

  #open(req: PbPortSpec): grpc.ClientReadableStream<PbServer> {
    return this.#channel.serverStream(inboundPolicyDefinitions().watchPort, req);
  }
}
