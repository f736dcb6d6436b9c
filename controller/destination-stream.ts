// One server-streaming call with a bounded send queue, as linkerd-destination has per stream
// (DefaultStreamQueueCapacity = 100, spec §1.5). Messages go straight to grpc-js while it accepts
// them; once its buffer is full (the client is slow, or updates arrive in a burst) they wait here.
// If more than `capacity` wait, the client has fallen too far behind: the stream is ended with OK,
// the pending messages are dropped, and the client reconnects and starts again from a fresh
// snapshot. That bounds the controller's memory per stream whatever a source does.
import * as grpc from '@grpc/grpc-js';

export const DEFAULT_STREAM_QUEUE_CAPACITY = 100;

export interface StreamSenderOptions {
  readonly capacity: number;
  /** Called once when the queue overflows, just before the stream is ended. */
  readonly onOverflow: () => void;
  /** Called once when the stream is over for any reason (ended, cancelled, failed). */
  readonly onDone: () => void;
}

export class StreamSender<T> {
  readonly #queue: T[] = [];
  #blocked = false;
  #done = false;

  constructor(
    private readonly call: grpc.ServerWritableStream<unknown, T>,
    private readonly opts: StreamSenderOptions,
  ) {
    const finish = (): void => this.#finish();
    call.on('cancelled', finish);
    call.on('close', finish);
    call.on('error', finish);
  }

  get done(): boolean {
    return this.#done || this.call.cancelled;
  }

  /** Messages waiting for grpc-js to take them. */
  get queued(): number {
    return this.#queue.length;
  }

  send(msg: T): void {
    if (this.done) return;
    if (this.#blocked) {
      if (this.#queue.length >= this.opts.capacity) return this.#overflow();
      this.#queue.push(msg);
      return;
    }
    this.#write(msg);
  }

  /** End the stream: OK ends it cleanly (clients reconnect), other codes fail it. */
  end(code: grpc.status = grpc.status.OK, details = ''): void {
    if (this.done) return;
    this.#queue.length = 0;
    if (code === grpc.status.OK) this.call.end();
    else this.call.emit('error', { code, details });
    this.#finish();
  }

  #write(msg: T): void {
    if (this.call.write(msg)) return;
    this.#blocked = true;
    this.call.once('drain', () => this.#drain());
  }

  #drain(): void {
    this.#blocked = false;
    while (!this.#blocked && this.#queue.length > 0 && !this.done) this.#write(this.#queue.shift()!);
  }

  #overflow(): void {
    this.opts.onOverflow();
    this.end(grpc.status.OK);
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    this.#queue.length = 0;
    this.opts.onDone();
  }
}
