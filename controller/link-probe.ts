// Is a linked cluster's controller answering? The discovery streams cannot say: they keep their
// last endpoints and reconnect quietly (spec §9.3), and a hung remote looks like a quiet one. So a
// link probes, like Linkerd's service mirror probes a gateway: every `periodMs` one GetProfile for
// an address nobody owns (a TEST-NET-1 IP) must get its first answer within `timeoutMs`. Any answer
// counts; a refused connection, a failed TLS handshake (say, the wrong remote identity), an error
// status or silence until the deadline marks the link down.
//
// The probe has its own gRPC channel (same address, credentials and identity check as the link's
// DestinationClient), so a discovery stream stuck behind a flood does not hide a healthy remote, and
// a channel problem shows here first. Emits 'state'(up, detail) on every change, and only then.
import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { channelSetup, type DestinationTls } from '../discovery-client/credentials.js';
import { encodeGetDestination } from '../discovery-client/encode.js';
import { destinationDefinitions, type PbDestinationProfile } from '../discovery-client/wire.js';

/** RFC 5737 documentation address: never a pod, so every controller answers it at once. */
export const PROBE_PATH = '192.0.2.1:4191';

export interface LinkProbeOptions {
  readonly addr: string;
  readonly serverName: string;
  readonly tls: DestinationTls | undefined;
  readonly contextToken: string;
  readonly periodMs: number;
  readonly timeoutMs: number;
}

export class LinkProbe extends EventEmitter {
  readonly #opts: LinkProbeOptions;
  #tls: DestinationTls | undefined;
  #client: grpc.Client;
  #timer: NodeJS.Timeout | undefined;
  #call: grpc.ClientReadableStream<PbDestinationProfile> | undefined;
  #up: boolean | undefined;
  #detail = 'not probed yet';
  #stopped = false;

  constructor(opts: LinkProbeOptions) {
    super();
    this.#opts = opts;
    this.#tls = opts.tls;
    this.#client = this.#newClient();
  }

  /** Undefined until the first probe finished. */
  get up(): boolean | undefined {
    return this.#up;
  }

  /** The last result in words (the error of a failed probe). */
  get detail(): string {
    return this.#detail;
  }

  start(): void {
    if (this.#stopped || this.#timer) return;
    this.#probe();
    this.#timer = setInterval(() => this.#probe(), this.#opts.periodMs);
    this.#timer.unref();
  }

  /** New client credentials: later probes use a new channel. */
  updateTls(tls: DestinationTls | undefined): void {
    this.#tls = tls;
    const old = this.#client;
    const call = this.#call;
    this.#client = this.#newClient();
    this.#call = undefined;
    call?.cancel();
    old.close();
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    const call = this.#call;
    this.#call = undefined;
    call?.cancel();
    this.#client.close();
    this.removeAllListeners();
  }

  #newClient(): grpc.Client {
    const setup = channelSetup(this.#opts.addr, this.#opts.serverName, this.#tls);
    return new grpc.Client(this.#opts.addr, setup.credentials, {
      ...setup.options,
      // grpc-js would otherwise wait up to 2 minutes before redialling a remote that came back.
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': this.#opts.periodMs,
    });
  }

  #probe(): void {
    if (this.#stopped || this.#call) return;
    const method = destinationDefinitions().getProfile;
    let call: grpc.ClientReadableStream<PbDestinationProfile>;
    try {
      call = this.#client.makeServerStreamRequest(
        method.path, method.requestSerialize, method.responseDeserialize,
        encodeGetDestination(PROBE_PATH, this.#opts.contextToken),
        { deadline: Date.now() + this.#opts.timeoutMs },
      );
    } catch (err) {
      this.#result(false, (err as Error).message);
      return;
    }
    this.#call = call;
    let settled = false;
    const settle = (up: boolean, detail: string): void => {
      if (settled) return;
      settled = true;
      // Superseded (new credentials) or stopped: this call's fate says nothing about the remote.
      if (this.#call !== call) return;
      this.#call = undefined;
      this.#result(up, detail);
    };
    call.on('data', () => {
      settle(true, 'answered');
      call.cancel();
    });
    call.on('status', (s: grpc.StatusObject) => {
      const why = s.code === grpc.status.DEADLINE_EXCEEDED ? `no answer within ${this.#opts.timeoutMs}ms` : s.details;
      settle(false, `${grpc.status[s.code]}: ${why}`);
    });
    call.on('error', () => {});
  }

  #result(up: boolean, detail: string): void {
    if (this.#stopped) return;
    const changed = up !== this.#up;
    this.#up = up;
    this.#detail = detail;
    if (changed) this.emit('state', up, detail);
  }
}
