// Endpoint selection for one outbound service: power-of-two-choices over peak-EWMA load, the
// balancer linkerd2-proxy uses for opaque TCP (shared/spec/linkerd-wire.md §9.1). The balanced
// "request" is establishing a connection (connect + TLS + header write), so the latency tracked is
// connect latency and "pending" counts connects in flight, not open connections.
//
// Pure: time and randomness are injected, so behaviour is table-testable and deterministic.
// pick() can be restricted to eligible endpoints: failover.ts uses that for locality tiers and
// failure cooldowns, so P2C only ever compares endpoints that may take the connection.
//
// Load model (tower's PeakEwma, as Linkerd configures it):
// - every endpoint starts at defaultRtt (30 ms, floored at 1 ms) stamped at the time it appeared;
// - the estimate decays toward 0 while no samples arrive: est(now) = rtt * exp(-elapsed / decay).
//   Tower gets this by treating each load read as a zero-latency sample; it lets an endpoint that
//   was slow a while ago be tried again. We evaluate it without mutating state, so the result
//   doesn't depend on how often the balancer looked (tower re-stamps on every read);
// - a sample above the stored estimate replaces it at once (peak sensitivity: one slow connect is
//   believed immediately); a lower sample is blended in: rtt = rtt * w + sample * (1 - w) with
//   w = exp(-elapsed / decay) since the previous sample, i.e. the EWMA of "old estimate until the
//   last sample, this sample since". So the estimate falls only as fast as time passes, and right
//   after a sample it is never below that sample. (The idle decay above is the same EWMA with
//   0 ms assumed since the last sample; a real sample replaces that optimistic assumption.)
// - load = est(now) * (pending + 1), so in-flight connects make an endpoint look busier.
//
// Failures: a failed connect records a penalty sample of max(time since pick, failurePenaltyMs),
// failurePenaltyMs defaulting to the outbound connect timeout (1 s). Tower records a failed future's
// (possibly tiny) latency like any other, so an endpoint that refuses connections instantly would
// look like the cheapest one and attract more connections; the penalty makes it expensive until
// the estimate decays again (about 46 s for 1 s to decay to 10 ms with a 10 s decay).

export interface PeakEwmaOptions {
  /** Seed RTT for new endpoints (ms). Default 30; floored at 1 (Linkerd's MIN_DEFAULT_RTT). */
  defaultRttMs?: number;
  /** Decay time constant (ms). Default 10 000. */
  decayMs?: number;
  /** RTT sample recorded for a failed connect at least (ms). Default 1000 (outbound connect timeout). */
  failurePenaltyMs?: number;
  /** Monotonic clock in ms. Default performance.now. */
  now?: () => number;
  /** Uniform random in [0, 1). Default Math.random. */
  random?: () => number;
}

export interface BalancerPick<T> {
  readonly key: string;
  readonly item: T;
  /** Report the connect outcome: its latency in ms, or 'failed'. Only the first call (of done/cancel) counts. */
  done(rttMs: number | 'failed'): void;
  /** The pick was not used (e.g. refused before dialling): drop the pending count, record no sample. */
  cancel(): void;
}

/** A snapshot of one endpoint's balancing state (for metrics, debugging, tests). */
export interface EndpointLoad {
  readonly rttMs: number;
  readonly pending: number;
  readonly load: number;
}

const DEFAULT_RTT_MS = 30;
const MIN_DEFAULT_RTT_MS = 1;
const DEFAULT_DECAY_MS = 10_000;
const DEFAULT_FAILURE_PENALTY_MS = 1_000;

interface EndpointState<T> {
  item: T;
  /** Stored estimate (ms) as of `stampMs`. */
  rttMs: number;
  stampMs: number;
  pending: number;
}

export class PeakEwmaBalancer<T> {
  private readonly defaultRttMs: number;
  private readonly decayMs: number;
  private readonly failurePenaltyMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly endpoints = new Map<string, EndpointState<T>>();
  /** Keys in a stable order for O(1) random choice; rebuilt only on setEndpoints. */
  private keys: string[] = [];

  constructor(opts: PeakEwmaOptions = {}) {
    this.defaultRttMs = Math.max(opts.defaultRttMs ?? DEFAULT_RTT_MS, MIN_DEFAULT_RTT_MS);
    this.decayMs = positive(opts.decayMs ?? DEFAULT_DECAY_MS, 'decayMs');
    this.failurePenaltyMs = Math.max(opts.failurePenaltyMs ?? DEFAULT_FAILURE_PENALTY_MS, 0);
    this.now = opts.now ?? (() => performance.now());
    this.random = opts.random ?? Math.random;
  }

  /** Replace the endpoint set. Known keys keep their estimate and pending count (with the new item). */
  setEndpoints(items: ReadonlyMap<string, T>): void {
    const now = this.now();
    for (const key of [...this.endpoints.keys()]) {
      if (!items.has(key)) this.endpoints.delete(key);
    }
    for (const [key, item] of items) {
      const known = this.endpoints.get(key);
      if (known) known.item = item;
      else this.endpoints.set(key, { item, rttMs: this.defaultRttMs, stampMs: now, pending: 0 });
    }
    this.keys = [...this.endpoints.keys()];
  }

  size(): number {
    return this.keys.length;
  }

  /**
   * Choose an endpoint (P2C) and count a pending connect on it until `done` is called. With
   * `eligible`, only endpoints it accepts take part (locality tiers and cooldowns, failover.ts).
   */
  pick(eligible?: (key: string, item: T) => boolean): BalancerPick<T> | undefined {
    const keys = eligible ? this.eligibleKeys(eligible) : this.keys;
    const key = this.choose(keys);
    if (key === undefined) return undefined;
    const state = this.endpoints.get(key)!;
    state.pending += 1;
    return this.ticket(key, state, this.now());
  }

  /** The keys `eligible` accepts: all of them, uncopied, in the common case. */
  private eligibleKeys(eligible: (key: string, item: T) => boolean): readonly string[] {
    for (const key of this.keys) {
      if (!eligible(key, this.endpoints.get(key)!.item)) return this.keys.filter((k) => eligible(k, this.endpoints.get(k)!.item));
    }
    return this.keys;
  }

  /** Current balancing state of one endpoint, or undefined if it isn't in the set. */
  loadOf(key: string): EndpointLoad | undefined {
    const state = this.endpoints.get(key);
    if (!state) return undefined;
    const rttMs = this.decayed(state, this.now());
    return { rttMs, pending: state.pending, load: rttMs * (state.pending + 1) };
  }

  private choose(keys: readonly string[]): string | undefined {
    const n = keys.length;
    if (n <= 1) return keys[0];
    const i = this.randomIndex(n);
    let j = this.randomIndex(n - 1);
    if (j >= i) j += 1; // two distinct endpoints, each pair equally likely
    const ki = keys[i]!;
    const kj = keys[j]!;
    return this.loadOf(kj)!.load < this.loadOf(ki)!.load ? kj : ki;
  }

  private randomIndex(n: number): number {
    // Clamp: a random() returning exactly 1 (or a sloppy test stub) must not index past the end.
    return Math.min(Math.floor(this.random() * n), n - 1);
  }

  private ticket(key: string, state: EndpointState<T>, pickedAt: number): BalancerPick<T> {
    let finished = false;
    return {
      key,
      item: state.item,
      done: (rtt) => {
        if (finished) return;
        finished = true;
        // If the endpoint was removed (or replaced under the same key) meanwhile, this updates the
        // dropped state object, which no longer matters.
        state.pending -= 1;
        this.observe(state, this.sampleOf(rtt, pickedAt));
      },
      cancel: () => {
        if (finished) return;
        finished = true;
        state.pending -= 1;
      },
    };
  }

  private sampleOf(rtt: number | 'failed', pickedAt: number): number {
    if (rtt === 'failed' || !Number.isFinite(rtt)) {
      return Math.max(this.now() - pickedAt, this.failurePenaltyMs);
    }
    return Math.max(rtt, 0);
  }

  private observe(state: EndpointState<T>, sampleMs: number): void {
    const now = this.now();
    if (sampleMs > state.rttMs) {
      state.rttMs = sampleMs;
    } else {
      const w = this.weight(now - state.stampMs);
      state.rttMs = state.rttMs * w + sampleMs * (1 - w);
    }
    state.stampMs = now;
  }

  private decayed(state: EndpointState<T>, now: number): number {
    return state.rttMs * this.weight(now - state.stampMs);
  }

  /** Weight of the old estimate after `elapsedMs`; a clock going backwards counts as no time. */
  private weight(elapsedMs: number): number {
    return Math.exp(-Math.max(elapsedMs, 0) / this.decayMs);
  }
}

function positive(value: number, name: string): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}
