// Endpoint resolution of one service name: the Get stream contract and the handles callers hold.
//
// EndpointSet applies linkerd2-proxy's per-stream rules (spec §1.5, recover.rs): the first add of
// every stream is a reset that replaces the whole set (so endpoints removed while we were
// disconnected disappear), a remove before anything else is ignored, and a stream failure keeps the
// last set untouched. ResolutionCore runs one recovering Get stream into an EndpointSet; each
// resolve() caller gets its own ResolutionHandle so release() and listeners are per caller (the
// stream, listener and release plumbing they share with profile watches lives in watch.ts).
import * as grpc from '@grpc/grpc-js';
import { addrKey, type NameAddr } from '../proxy/transport/addr.js';
import { decodeUpdate } from './decode.js';
import type { Endpoint, ResolutionUpdate } from './types.js';
import { WatchCore, WatchHandle, type WatchState } from './watch.js';
import type { PbUpdate } from './wire.js';

export type { WatchState } from './watch.js';

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
export class ResolutionCore extends WatchCore<NameAddr, PbUpdate, ResolutionEvent> {
  readonly #set = new EndpointSet();

  get endpoints(): ReadonlyMap<string, Endpoint> {
    return this.state === 'failed' ? EMPTY : this.#set.endpoints;
  }

  onStreamStart(): void {
    this.#set.streamStarted();
  }

  onMessage(pb: PbUpdate): void {
    this.state = 'live';
    const applied = this.#set.apply(decodeUpdate(pb));
    if (applied) this.emit(applied);
    else this.log.debug({ target: this.target, update: pb.update }, 'discovery update ignored');
  }

  onFinal(status: grpc.StatusObject): void {
    this.state = 'failed';
    this.failure = new Error(`Get ${this.target.name}:${this.target.port} failed: ${grpc.status[status.code]}: ${status.details}`);
    this.#set.clear();
    this.emit({ kind: 'failed', error: this.failure });
  }

  protected override listenerThrew(err: unknown): void {
    this.log.error({ target: this.target, err }, 'resolution listener threw');
  }
}

/** A caller's view of a shared resolution. */
export class ResolutionHandle extends WatchHandle<NameAddr, ResolutionEvent, ResolutionCore> implements Resolution {
  endpoints(): ReadonlyMap<string, Endpoint> {
    return this.released ? EMPTY : this.core.endpoints;
  }
}
