// What every shared discovery watch has in common, whatever it watches (Get in resolution.ts,
// GetProfile in profile.ts). WatchCore is the one shared watch: it owns the recovering stream,
// holds the state callers see, and fans events out to its subscribers, logging (not propagating)
// a listener that throws. WatchHandle is one caller's view of a core, with its own listeners and an
// idempotent release() that gives the core back to DestinationClient's cache.
import type { DiscoveryLogger } from './log.js';
import type { RecoveringStream } from './recover.js';

export type WatchState = 'pending' | 'live' | 'failed';

/** One shared watch of `target`, fed `Msg`s by its stream and emitting `Event`s to subscribers. */
export abstract class WatchCore<Target, Msg, Event> {
  readonly target: Target;
  state: WatchState = 'pending';
  failure: Error | undefined;
  protected readonly log: DiscoveryLogger;
  readonly #listeners = new Set<(event: Event) => void>();
  #stream: RecoveringStream<Msg> | undefined;

  constructor(target: Target, log: DiscoveryLogger) {
    this.target = target;
    this.log = log;
  }

  /** Attach and start the stream (separate from the constructor so the hooks can refer to `this`). */
  run(stream: RecoveringStream<Msg>): void {
    this.#stream = stream;
    stream.start();
  }

  subscribe(cb: (event: Event) => void): void {
    this.#listeners.add(cb);
  }

  unsubscribe(cb: (event: Event) => void): void {
    this.#listeners.delete(cb);
  }

  stop(): void {
    this.#stream?.stop();
    this.#listeners.clear();
  }

  protected emit(event: Event): void {
    for (const cb of [...this.#listeners]) {
      try {
        cb(event);
      } catch (err) {
        this.listenerThrew(err);
      }
    }
  }

  /** Log a subscriber that threw; the other subscribers still get the event. */
  protected abstract listenerThrew(err: unknown): void;
}

/** A caller's view of a shared watch: released on its own, without affecting other callers. */
export abstract class WatchHandle<Target, Event, Core extends WatchCore<Target, unknown, Event>> {
  protected readonly core: Core;
  readonly #release: () => void;
  readonly #listeners = new Set<(event: Event) => void>();
  #released = false;

  constructor(core: Core, release: () => void) {
    this.core = core;
    this.#release = release;
    core.subscribe(this.#dispatch);
  }

  get target(): Target {
    return this.core.target;
  }

  get state(): WatchState {
    return this.core.state;
  }

  get failure(): Error | undefined {
    return this.core.failure;
  }

  protected get released(): boolean {
    return this.#released;
  }

  on(_event: 'change', cb: (event: Event) => void): this {
    if (!this.#released) this.#listeners.add(cb);
    return this;
  }

  off(_event: 'change', cb: (event: Event) => void): this {
    this.#listeners.delete(cb);
    return this;
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#listeners.clear();
    this.core.unsubscribe(this.#dispatch);
    this.onRelease();
    this.#release();
  }

  /** Runs once, inside the first release(): after the listeners are dropped, before the core goes back. */
  protected onRelease(): void {}

  // An arrow property so the same function object can be unsubscribed.
  readonly #dispatch = (event: Event): void => {
    for (const cb of [...this.#listeners]) cb(event);
  };
}
