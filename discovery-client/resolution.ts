// Endpoint resolution of one service name: the Get stream contract and the handles callers hold.
//
// EndpointSet applies linkerd2-proxy's per-stream rules (spec §1.5, recover.rs): the first add of
// every stream is a reset that replaces the whole set (so endpoints removed while we were
// disconnected disappear), a remove before anything else is ignored, and a stream failure keeps the
// last set untouched. ResolutionCore runs one recovering Get stream into an EndpointSet; each
// resolve() caller gets its own ResolutionHandle so release() and listeners are per caller.
import * as grpc from '@grpc/grpc-js';
import { addrKey, type NameAddr } from '../proxy/transport/addr.js';
import { decodeUpdate } from './decode.js';
import type { DiscoveryLogger } from './log.js';
import type { RecoveringStream } from './recover.js';
import type { Endpoint, ResolutionUpdate } from './types.js';
import type { PbUpdate } from './wire.js';

export type WatchState = 'pending' | 'live' | 'failed';

/** What 'change' listeners receive: an applied update, or the resolution failing for good. */
export type ResolutionEvent = ResolutionUpdate | { readonly kind: 'failed'; readonly error: Error };
export type ResolutionListener = (event: ResolutionEvent) => void;

export interface Resolution {
  readonly target: NameAddr;
  /** pending until the first message; live afterwards (also while reconnecting); failed is final. */
  readonly state: WatchState;
  readonly failure: Error | undefined;
  /** Current endpoints keyed by addrKey(addr). Empty once failed or released. */
  endpoints(): ReadonlyMap<string, Endpoint>;
  on(event: 'change', cb: ResolutionListener): this;
  off(event: 'change', cb: ResolutionListener): this;
  /** Give the shared resolution back; listeners are dropped. Idempotent. */
  release(): void;
}

/** The endpoint set of one resolution and the rules for applying Get stream messages to it. */
export class EndpointSet {
  readonly #endpoints = new Map<string, Endpoint>();
  /** True until the current stream delivered its first effective update. */
  #initial = true;

  get endpoints(): ReadonlyMap<string, Endpoint> {
    return this.#endpoints;
  }

  /** A new stream was opened: its first add must replace the set. */
  streamStarted(): void {
    this.#initial = true;
  }

  /** Apply a decoded message; returns the update as applied, or undefined when it was ignored. */
  apply(update: ResolutionUpdate | undefined): ResolutionUpdate | undefined {
    if (!update) return undefined;
    const effective = this.#initial ? this.#asInitial(update) : update;
    if (!effective) return undefined;
    this.#initial = false;
    this.#mutate(effective);
    return effective;
  }

  clear(): void {
    this.#endpoints.clear();
  }

  #asInitial(update: ResolutionUpdate): ResolutionUpdate | undefined {
    if (update.kind === 'add') return { kind: 'reset', endpoints: update.endpoints };
    if (update.kind === 'remove') return undefined;
    return update;
  }

  #mutate(update: ResolutionUpdate): void {
    switch (update.kind) {
      case 'reset':
        this.#endpoints.clear();
        this.#put(update.endpoints);
        return;
      case 'add':
        // A known address gets its new metadata: the balancer rebuilds that endpoint.
        this.#put(update.endpoints);
        return;
      case 'remove':
        for (const addr of update.addrs) this.#endpoints.delete(addrKey(addr));
        return;
      case 'does_not_exist':
        this.#endpoints.clear();
        return;
    }
  }

  #put(endpoints: readonly Endpoint[]): void {
    for (const ep of endpoints) this.#endpoints.set(addrKey(ep.addr), ep);
  }
}

const EMPTY: ReadonlyMap<string, Endpoint> = new Map();

/** One shared Get watch. Created and stopped by DestinationClient's cache. */
export class ResolutionCore {
  readonly target: NameAddr;
  state: WatchState = 'pending';
  failure: Error | undefined;
  readonly #set = new EndpointSet();
  readonly #listeners = new Set<ResolutionListener>();
  readonly #log: DiscoveryLogger;
  #stream: RecoveringStream<PbUpdate> | undefined;

  constructor(target: NameAddr, log: DiscoveryLogger) {
    this.target = target;
    this.#log = log;
  }

  /** Attach and start the stream (separate from the constructor so the hooks can refer to `this`). */
  run(stream: RecoveringStream<PbUpdate>): void {
    this.#stream = stream;
    stream.start();
  }

  get endpoints(): ReadonlyMap<string, Endpoint> {
    return this.state === 'failed' ? EMPTY : this.#set.endpoints;
  }

  subscribe(cb: ResolutionListener): void {
    this.#listeners.add(cb);
  }

  unsubscribe(cb: ResolutionListener): void {
    this.#listeners.delete(cb);
  }

  stop(): void {
    this.#stream?.stop();
    this.#listeners.clear();
  }

  onStreamStart(): void {
    this.#set.streamStarted();
  }

  onMessage(pb: PbUpdate): void {
    this.state = 'live';
    const applied = this.#set.apply(decodeUpdate(pb));
    if (applied) this.#emit(applied);
    else this.#log.debug({ target: this.target, update: pb.update }, 'discovery update ignored');
  }

  onFinal(status: grpc.StatusObject): void {
    this.state = 'failed';
    this.failure = new Error(`Get ${this.target.name}:${this.target.port} failed: ${grpc.status[status.code]}: ${status.details}`);
    this.#set.clear();
    this.#emit({ kind: 'failed', error: this.failure });
  }

  #emit(event: ResolutionEvent): void {
    for (const cb of [...this.#listeners]) {
      try {
        cb(event);
      } catch (err) {
        this.#log.error({ target: this.target, err }, 'resolution listener threw');
      }
    }
  }
}

/** A caller's view of a shared resolution. */
export class ResolutionHandle implements Resolution {
  readonly #core: ResolutionCore;
  readonly #release: () => void;
  readonly #listeners = new Set<ResolutionListener>();
  #released = false;

  constructor(core: ResolutionCore, release: () => void) {
    this.#core = core;
    this.#release = release;
    core.subscribe(this.#dispatch);
  }

  get target(): NameAddr {
    return this.#core.target;
  }

  get state(): WatchState {
    return this.#core.state;
  }

  get failure(): Error | undefined {
    return this.#core.failure;
  }

  endpoints(): ReadonlyMap<string, Endpoint> {
    return this.#released ? EMPTY : this.#core.endpoints;
  }

  on(_event: 'change', cb: ResolutionListener): this {
    if (!this.#released) this.#listeners.add(cb);
    return this;
  }

  off(_event: 'change', cb: ResolutionListener): this {
    this.#listeners.delete(cb);
    return this;
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#listeners.clear();
    this.#core.unsubscribe(this.#dispatch);
    this.#release();
  }

  // An arrow property so the same function object can be unsubscribed.
  readonly #dispatch = (event: ResolutionEvent): void => {
    for (const cb of [...this.#listeners]) cb(event);
  };
}
