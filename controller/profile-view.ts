// The seam between the GetProfile stream and wherever profile answers come from.
//
// A ProfileResolver turns a target (an IP:port or a name:port) into a ProfileView whose current()
// is its answer right now, or undefined when it has nothing to say *yet* — an IP nobody knows may
// become a pod's IP after a topology edit, or a linked cluster's pod after a remote update. So the
// server asks every resolver, keeps all the views, and a ProfileChain serves the first defined
// answer in chain order, live: when an earlier view starts or stops answering, the stream gets the
// new profile. Unknown IPs get the empty profile and the stream stays open (spec §1.4).
import { EventEmitter } from 'node:events';
import type { ProfileSpec } from '../discovery-client/encode.js';
import type { ProfileTarget } from './destination-path.js';
import { signature } from './endpoint-view.js';

export interface ProfileView {
  /** The answer now ({} is a definite "nothing special"); undefined defers to later resolvers. */
  current(): ProfileSpec | undefined;
  on(event: 'change', listener: () => void): unknown;
  close(): void;
}

/** A view, or 'pass' for targets this resolver never answers (e.g. names outside its domain). */
export type ProfileResolveResult = ProfileView | 'pass';

export interface ProfileResolver {
  readonly name: string;
  resolveProfile(target: ProfileTarget): ProfileResolveResult | Promise<ProfileResolveResult>;
}

/** A ProfileView whose answer is set from outside; emits 'change' only when the answer differs. */
export class ComputedProfile extends EventEmitter implements ProfileView {
  #value: ProfileSpec | undefined;
  #sig: string;
  #closed = false;

  constructor(initial: ProfileSpec | undefined) {
    super();
    this.#value = initial;
    this.#sig = signature(initial ?? null);
  }

  current(): ProfileSpec | undefined {
    return this.#value;
  }

  set(value: ProfileSpec | undefined): void {
    const sig = signature(value ?? null);
    if (this.#closed || sig === this.#sig) return;
    this.#value = value;
    this.#sig = sig;
    this.emit('change');
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.emit('close');
    this.removeAllListeners();
  }
}

/**
 * The first defined answer of `views` (in order), else `fallback`. Emits 'change'(profile) when
 * that combined answer changes, de-duplicated like Linkerd's translators (no identical resends).
 */
export class ProfileChain extends EventEmitter {
  #sig: string;

  constructor(
    readonly views: readonly ProfileView[],
    private readonly fallback: ProfileSpec,
  ) {
    super();
    this.#sig = signature(this.current());
    for (const v of views) v.on('change', () => this.#recompute());
  }

  current(): ProfileSpec {
    for (const v of this.views) {
      const answer = v.current();
      if (answer !== undefined) return answer;
    }
    return this.fallback;
  }

  close(): void {
    for (const v of this.views) v.close();
    this.removeAllListeners();
  }

  #recompute(): void {
    const now = this.current();
    const sig = signature(now);
    if (sig === this.#sig) return;
    this.#sig = sig;
    this.emit('change', now);
  }
}
