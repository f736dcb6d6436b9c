// Profile watch of one original-destination address (GetProfile, spec §1.4).
// Each message replaces the profile; an empty DestinationProfile{} means "nothing known" and
// reads as undefined. Stream failures keep the last profile and reconnect (same recovery as Get).
// first() lets a new connection wait briefly for the initial answer; NotFound counts as an answer
// ("no profile") so callers do not sit out their whole timeout for unknown addresses. The stream,
// listener and release plumbing shared with endpoint resolutions lives in watch.ts.
import * as grpc from '@grpc/grpc-js';
import { formatAddr, type SocketAddr } from '../proxy/transport/addr.js';
import { decodeProfile } from './decode.js';
import type { Profile } from './types.js';
import { WatchCore, WatchHandle, type WatchState } from './watch.js';
import type { PbDestinationProfile } from './wire.js';

export type ProfileListener = (profile: Profile | undefined) => void;

/** The controller's first answer for an address, as seen by a caller willing to wait a bounded time. */
export type ProfileAnswer =
  | { readonly kind: 'profile'; readonly profile: Profile }
  /** An empty profile or NotFound: the controller knows nothing about this address. */
  | { readonly kind: 'no_profile' }
  /** InvalidArgument / FailedPrecondition: the controller refused the lookup for good. */
  | { readonly kind: 'failed'; readonly error: Error }
  /** No answer within the timeout (or the watch was released first). */
  | { readonly kind: 'timeout' };

export interface ProfileWatch {
  readonly target: SocketAddr;
  readonly state: WatchState;
  readonly failure: Error | undefined;
  current(): Profile | undefined;
  /**
   * The profile once the controller first answered, or undefined when it answered "nothing" (empty
   * profile, NotFound), failed for good, or did not answer within timeoutMs.
   */
  first(timeoutMs: number): Promise<Profile | undefined>;
  /** Like first(), but says why there is no profile: a timeout is not the same as "no profile". */
  answer(timeoutMs: number): Promise<ProfileAnswer>;
  /**
   * The answer if the controller has already given one (a cached watch), without waiting;
   * undefined when it has not answered yet or this handle was released.
   */
  answerNow(): Exclude<ProfileAnswer, { kind: 'timeout' }> | undefined;
  on(event: 'change', cb: ProfileListener): this;
  off(event: 'change', cb: ProfileListener): this;
  /** Give the shared watch back; pending first() calls resolve with the current value. Idempotent. */
  release(): void;
}

/** One shared GetProfile watch. Created and stopped by DestinationClient's cache. */
export class ProfileCore extends WatchCore<SocketAddr, PbDestinationProfile, Profile | undefined> {
  #current: Profile | undefined;
  /** The controller has answered at least once (a message, NotFound, or a final failure). */
  #answered = false;
  /** Wake-ups for pending first() calls. */
  readonly #waiters = new Set<() => void>();

  get current(): Profile | undefined {
    return this.#current;
  }

  get answered(): boolean {
    return this.#answered;
  }

  /** Called once when the controller has answered (or immediately if it already has). */
  whenAnswered(wake: () => void): () => void {
    if (this.#answered) {
      wake();
      return () => {};
    }
    this.#waiters.add(wake);
    return () => this.#waiters.delete(wake);
  }

  override stop(): void {
    super.stop();
    this.#wakeAll();
  }

  onMessage(pb: PbDestinationProfile): void {
    this.state = 'live';
    this.#current = decodeProfile(pb);
    this.#markAnswered();
    this.emit(this.#current);
  }

  onRetry(status: grpc.StatusObject): void {
    // NotFound is the controller's "no such address": an answer, though we keep watching for one.
    if (status.code === grpc.status.NOT_FOUND) this.#markAnswered();
  }

  onFinal(status: grpc.StatusObject): void {
    this.state = 'failed';
    this.failure = new Error(`GetProfile ${formatAddr(this.target)} failed: ${grpc.status[status.code]}: ${status.details}`);
    this.#current = undefined;
    this.#markAnswered();
    this.emit(this.#current);
  }

  protected override listenerThrew(err: unknown): void {
    this.log.error({ target: formatAddr(this.target), err }, 'profile listener threw');
  }

  #markAnswered(): void {
    this.#answered = true;
    this.#wakeAll();
  }

  #wakeAll(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }
}

/** A caller's view of a shared profile watch. */
export class ProfileHandle extends WatchHandle<SocketAddr, Profile | undefined, ProfileCore> implements ProfileWatch {
  /** Wake-ups of this handle's pending first() calls, run on release. */
  readonly #pending = new Set<() => void>();

  current(): Profile | undefined {
    return this.released ? undefined : this.core.current;
  }

  first(timeoutMs: number): Promise<Profile | undefined> {
    return this.answer(timeoutMs).then((a) => (a.kind === 'profile' ? a.profile : undefined));
  }

  async answer(timeoutMs: number): Promise<ProfileAnswer> {
    const answered = await this.#waitAnswered(timeoutMs);
    return answered ? this.#answered() : { kind: 'timeout' };
  }

  answerNow(): Exclude<ProfileAnswer, { kind: 'timeout' }> | undefined {
    return !this.released && this.core.answered ? this.#answered() : undefined;
  }

  /** What the controller's answer says, once there is one. */
  #answered(): Exclude<ProfileAnswer, { kind: 'timeout' }> {
    if (this.core.failure) return { kind: 'failed', error: this.core.failure };
    const profile = this.core.current;
    return profile ? { kind: 'profile', profile } : { kind: 'no_profile' };
  }

  /** Resolves true once the controller has answered, false on timeout or release. */
  #waitAnswered(timeoutMs: number): Promise<boolean> {
    if (this.released) return Promise.resolve(false);
    if (this.core.answered) return Promise.resolve(true);
    return new Promise((resolve) => {
      let settled = false;
      let cancel = (): void => {};
      const done = (): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        cancel();
        this.#pending.delete(done);
        resolve(!this.released && this.core.answered);
      };
      const timer = setTimeout(done, timeoutMs);
      this.#pending.add(done);
      cancel = this.core.whenAnswered(done);
    });
  }

  /** Pending first() / answer() calls resolve with what is known now (released: no answer). */
  protected override onRelease(): void {
    for (const done of [...this.#pending]) done();
  }
}
