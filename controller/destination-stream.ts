// One server-streaming call of the controller (Destination Get/GetProfile, policy WatchPort) whose
// memory stays bounded whatever its client does.
//
// Every message is encoded here, once, so its size is known; the encoded bytes are what the
// service definition then sends (acceptEncodedResponses). Messages go straight to grpc-js while it
// accepts them; once its buffer is full (the client is slow, or updates arrive in a burst) they
// wait here. The bytes a stream holds are counted from the moment a message is queued until
// grpc-js reports it written to the HTTP/2 stream's flow-controlled output, i.e. both our queue and
// what grpc-js and nghttp2 hold for it. A stream is reset (RST_STREAM CANCEL, stream-reset.ts) when
// - those bytes exceed `limits.bufferBytes` (one message, however large, is always allowed, or a
//   big snapshot could never be served), or
// - it holds bytes and none were delivered for `limits.stallTimeoutMs` (a client granting no
//   HTTP/2 window), even when no new update arrives to trip the byte bound, or
// - all streams together hold more than their shared budget and it is the largest holder
//   (stream-budget.ts).
// A reset frees everything buffered for the stream at once; ending it with a status would not,
// since a status waits behind the buffered messages. The client reconnects and gets a fresh
// snapshot, as after linkerd-destination's queue overflow (whose counters the services keep).
import * as grpc from '@grpc/grpc-js';
import { StreamBudget, type BudgetedStream } from './stream-budget.js';
import { resetServerStream } from './stream-reset.js';

export interface StreamLimits {
  /** Encoded bytes a stream may hold (queued here and inside grpc-js) before it is reset. */
  readonly bufferBytes: number;
  /** A stream holding bytes with none delivered for this long is reset. */
  readonly stallTimeoutMs: number;
  /** Bytes all streams (Destination and policy) may hold together; the largest holders are reset past it. */
  readonly totalBytes: number;
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  // Room for over twenty full updates of a 200-endpoint service (~45 KB each), far more than a
  // client that reads ever falls behind, while 50 stuck clients cost at most ~50 MB.
  bufferBytes: 1024 * 1024,
  stallTimeoutMs: 30_000,
  // 128 stuck clients at the per-stream bound; a controller serving thousands of proxies whose
  // clients all stall at once still stops here.
  totalBytes: 128 * 1024 * 1024,
};

/** Why a stream was reset: too many bytes held, no progress for the stall timeout, or the largest holder when all streams together held too much. */
export type SlowStreamReason = 'buffer' | 'stalled' | 'total';

export interface StreamSenderOptions<T> {
  readonly limits: StreamLimits;
  /** The budget all streams share (limits.totalBytes); one of its own when absent. */
  readonly budget?: StreamBudget;
  /** The method's response serializer (the definition's own, before acceptEncodedResponses). */
  readonly encode: (msg: T) => Buffer;
  /** Every change in the bytes this stream holds, + when queued, - when written or dropped. */
  readonly onQueuedBytes?: (delta: number) => void;
  /** Called once if the stream is reset for not keeping up, with the bytes it held. */
  readonly onSlow: (reason: SlowStreamReason, heldBytes: number) => void;
  /** Called once when the stream is over for any reason (ended, cancelled, reset, failed). */
  readonly onDone: () => void;
}

export class StreamSender<T> implements BudgetedStream {
  readonly #queue: Buffer[] = [];
  /** Bytes in #queue plus bytes handed to grpc-js and not yet written out. */
  #heldBytes = 0;
  /** Messages handed to grpc-js and not yet written out. */
  #inFlight = 0;
  #blocked = false;
  /** end() was called: no more messages; the status follows what grpc-js still holds. */
  #ending = false;
  /** The call is over (closed, cancelled or reset): nothing is held any more. */
  #closed = false;
  #released = false;
  #lastProgress = 0;
  #stallTimer: NodeJS.Timeout | undefined;
  readonly #budget: StreamBudget;

  constructor(
    private readonly call: grpc.ServerWritableStream<unknown, T>,
    private readonly opts: StreamSenderOptions<T>,
  ) {
    this.#budget = opts.budget ?? new StreamBudget(opts.limits.totalBytes);
    this.#budget.join(this);
    const closed = (): void => this.#close();
    call.on('cancelled', closed);
    call.on('close', closed);
    // An error status end() emits queues behind what grpc-js holds, like OK: until the call closes,
    // those bytes are still held and the stall timeout still applies.
    call.on('error', () => {
      if (!this.#ending) this.#close();
    });
  }

  get done(): boolean {
    return this.#ending || this.#closed || this.call.cancelled;
  }

  /** Encoded bytes this stream holds (our queue and grpc-js's). */
  get heldBytes(): number {
    return this.#heldBytes;
  }

  send(msg: T): void {
    if (this.done) return;
    const bytes = this.opts.encode(msg);
    const pending = this.#queue.length + this.#inFlight;
    this.#hold(bytes.length);
    // The shared budget may have reset this very stream.
    if (this.#closed) return;
    if (this.#heldBytes > this.opts.limits.bufferBytes && pending > 0) return this.#reset('buffer');
    if (this.#blocked) this.#queue.push(bytes);
    else this.#write(bytes);
  }

  resetForBudget(): void {
    this.#reset('total');
  }

  /**
   * End the stream: OK ends it cleanly (clients reconnect), other codes fail it. Messages not yet
   * handed to grpc-js are dropped; the status follows those it holds, and if the client never
   * takes them the stall timeout resets the stream instead.
   */
  end(code: grpc.status = grpc.status.OK, details = ''): void {
    if (this.done) return;
    this.#ending = true;
    this.#dropQueue();
    if (code === grpc.status.OK) this.call.end();
    else this.call.emit('error', { code, details });
    this.#release();
  }

  #write(bytes: Buffer): void {
    this.#inFlight++;
    const ok = this.call.write(bytes as unknown as T, () => this.#written(bytes.length));
    if (ok) return;
    this.#blocked = true;
    this.call.once('drain', () => this.#drain());
  }

  #drain(): void {
    this.#blocked = false;
    while (!this.#blocked && this.#queue.length > 0 && !this.done) this.#write(this.#queue.shift()!);
  }

  /** grpc-js wrote a message to the HTTP/2 stream: progress. */
  #written(length: number): void {
    if (this.#closed) return;
    this.#inFlight--;
    this.#lastProgress = Date.now();
    this.#hold(-length);
  }

  #hold(delta: number): void {
    if (this.#heldBytes === 0 && delta > 0) this.#lastProgress = Date.now();
    this.#heldBytes += delta;
    this.opts.onQueuedBytes?.(delta);
    this.#budget.charge(delta);
    if (this.#heldBytes > 0) this.#armStallTimer();
  }

  #armStallTimer(): void {
    if (this.#stallTimer || this.#closed) return;
    const wait = Math.max(0, this.#lastProgress + this.opts.limits.stallTimeoutMs - Date.now());
    this.#stallTimer = setTimeout(() => {
      this.#stallTimer = undefined;
      if (this.#closed || this.#heldBytes === 0) return;
      if (Date.now() - this.#lastProgress >= this.opts.limits.stallTimeoutMs) this.#reset('stalled');
      else this.#armStallTimer();
    }, wait);
    // A stalled client alone must not keep the controller's process alive.
    this.#stallTimer.unref();
  }

  #reset(reason: SlowStreamReason): void {
    if (this.#closed) return;
    this.opts.onSlow(reason, this.#heldBytes);
    resetServerStream(this.call as grpc.ServerWritableStream<unknown, unknown>);
    this.#close();
  }

  #dropQueue(): void {
    const dropped = this.#queue.reduce((n, b) => n + b.length, 0);
    this.#queue.length = 0;
    if (dropped > 0) this.#hold(-dropped);
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#stallTimer);
    this.#stallTimer = undefined;
    this.#queue.length = 0;
    // grpc-js never completes the writes of a cancelled call: what it held is freed with it.
    const held = this.#heldBytes;
    this.#heldBytes = 0;
    this.#budget.leave(this);
    if (held !== 0) {
      this.opts.onQueuedBytes?.(-held);
      this.#budget.charge(-held);
    }
    this.#inFlight = 0;
    this.#release();
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    this.opts.onDone();
  }
}

/**
 * A copy of `service` whose response serializers pass already-encoded messages (Buffers) through,
 * so StreamSender can encode each message once and count its bytes. Unary answers (objects) are
 * still encoded as before.
 */
export function acceptEncodedResponses(service: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const out: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(service)) {
    const serialize = method.responseSerialize;
    out[name] = { ...method, responseSerialize: (msg: unknown) => (Buffer.isBuffer(msg) ? msg : serialize(msg)) };
  }
  return out as grpc.ServiceDefinition;
}
