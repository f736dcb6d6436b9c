// One long-lived server-streaming watch that survives stream failures (spec §9.3, linkerd2-proxy's
// recover.rs): when a stream errors or ends — even with OK — it reopens it after a jittered
// exponential backoff. The backoff keeps growing across consecutive failures and is reset once a
// stream delivers a message, and cut short when the channel reconnects after the controller was
// unreachable (whenReconnected). InvalidArgument and FailedPrecondition are final: the request itself is
// wrong and retrying cannot help. The consumer keeps whatever state it had; this class only tells it
// when a new stream starts, what each message is, and when the watch gave up for good.
import * as grpc from '@grpc/grpc-js';
import { Backoff, type BackoffConfig } from './backoff.js';
import type { DiscoveryLogger } from './log.js';

/** Statuses after which linkerd2-proxy stops retrying a discovery request. */
export const FINAL_STATUS_CODES: ReadonlySet<grpc.status> = new Set([
  grpc.status.INVALID_ARGUMENT,
  grpc.status.FAILED_PRECONDITION,
]);

export function isFinalStatus(code: grpc.status): boolean {
  return FINAL_STATUS_CODES.has(code);
}

export interface RecoveringStreamHooks<Res> {
  /** A new stream was opened (initially and after every reconnect). */
  onStreamStart(): void;
  onMessage(msg: Res): void;
  /** A stream ended with a retryable status; a new one opens after `retryInMs`. */
  onRetry?(status: grpc.StatusObject, retryInMs: number): void;
  /** A stream ended with a final status; nothing more will happen. */
  onFinal(status: grpc.StatusObject): void;
}

export interface RecoveringStreamOptions<Res> {
  /** For logs, e.g. "Get web.ns.svc.cluster.local:80". */
  readonly name: string;
  readonly open: () => grpc.ClientReadableStream<Res>;
  readonly backoff: BackoffConfig;
  readonly log: DiscoveryLogger;
  readonly hooks: RecoveringStreamHooks<Res>;
  /**
   * Registers a callback for when the channel connects again (ControllerChannel.whenReconnected);
   * returns its cancel. A stream that failed with its connection then reopens as soon as the
   * controller is back instead of when its backoff, grown over a long outage, runs out.
   */
  readonly whenReconnected?: (cb: () => void) => () => void;
}

export class RecoveringStream<Res> {
  readonly #opts: RecoveringStreamOptions<Res>;
  readonly #backoff: Backoff;
  #call: grpc.ClientReadableStream<Res> | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Cancels the pending whenReconnected wake-up, if any. */
  #cancelWake: (() => void) | undefined;
  #stopped = false;
  /** Streams opened so far, for logs. */
  #attempt = 0;

  constructor(opts: RecoveringStreamOptions<Res>) {
    this.#opts = opts;
    this.#backoff = new Backoff(opts.backoff);
  }

  start(): void {
    if (!this.#stopped && !this.#call && !this.#timer) this.#open();
  }

  /** Cancel the current stream and any pending reconnect; no hook is called afterwards. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#cancelWake?.();
    this.#cancelWake = undefined;
    const call = this.#call;
    this.#call = undefined;
    call?.cancel();
  }

  #open(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#cancelWake?.();
    this.#cancelWake = undefined;
    this.#attempt++;
    let call: grpc.ClientReadableStream<Res>;
    try {
      call = this.#opts.open();
    } catch (err) {
      // e.g. a channel that was shut down underneath us: retry like any unavailable server.
      const details = err instanceof Error ? err.message : String(err);
      this.#ended({ code: grpc.status.UNAVAILABLE, details, metadata: new grpc.Metadata() });
      return;
    }
    this.#call = call;
    this.#safely('onStreamStart', () => this.#opts.hooks.onStreamStart());
    this.#watch(call);
  }

  #watch(call: grpc.ClientReadableStream<Res>): void {
    let sawMessage = false;
    let status: grpc.StatusObject | undefined;
    let ended = false;
    // grpc-js emits 'status' as soon as trailers arrive, possibly before buffered messages were
    // delivered; waiting for 'end' as well makes sure the last messages are applied first.
    const finish = (): void => {
      if (status && ended && this.#call === call) this.#ended(status);
    };
    call.on('data', (msg: Res) => {
      if (this.#call !== call) return;
      if (!sawMessage) {
        sawMessage = true;
        this.#backoff.reset();
      }
      this.#safely('onMessage', () => this.#opts.hooks.onMessage(msg));
    });
    call.on('status', (s: grpc.StatusObject) => {
      status = s;
      finish();
    });
    call.on('end', () => {
      ended = true;
      finish();
    });
    // The status event carries the same information; this listener only stops 'error' from throwing.
    call.on('error', () => {});
  }

  #ended(status: grpc.StatusObject): void {
    this.#call = undefined;
    const { name, log, hooks } = this.#opts;
    const fields = { stream: name, code: grpc.status[status.code], details: status.details };
    if (isFinalStatus(status.code)) {
      log.warn(fields, 'discovery stream failed permanently');
      this.#safely('onFinal', () => hooks.onFinal(status));
      return;
    }
    const retryInMs = this.#backoff.next();
    const level = status.code === grpc.status.OK ? 'debug' : 'info';
    log[level]({ ...fields, retryInMs: Math.round(retryInMs), attempt: this.#attempt }, 'discovery stream ended; reconnecting');
    this.#safely('onRetry', () => hooks.onRetry?.(status, retryInMs));
    if (this.#stopped) return;
    this.#timer = setTimeout(() => this.#open(), retryInMs);
    // A pending reconnect alone should not keep the process alive.
    this.#timer.unref();
    // If the connection is gone too (controller stopped, killed, unreachable), come back with it:
    // whichever is first of that and the timer. Over a working connection only the timer counts.
    if (this.#opts.whenReconnected) {
      this.#cancelWake = this.#opts.whenReconnected(() => {
        this.#cancelWake = undefined;
        if (this.#stopped || !this.#timer) return;
        log.debug({ stream: name, attempt: this.#attempt }, 'controller reachable again; reconnecting discovery stream now');
        this.#open();
      });
    }
  }

  /** A throwing consumer must not break the stream machinery. */
  #safely(hook: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#opts.log.error({ stream: this.#opts.name, hook, err }, 'discovery hook threw');
    }
  }
}
