// Per-endpoint failure cooldown: an endpoint whose connect failed (TCP refused or timed out, TLS or
// identity failure) is "not ready" for a while, so new connections go elsewhere — to another local
// endpoint, or to a remote one when no local endpoint is ready (failover.ts).
//
// Pure: the clock is injected. Rules (constants below):
// - the first failure cools an endpoint for COOLDOWN_INITIAL_MS (1 s); each further failure after
//   the cooldown ended doubles it, up to COOLDOWN_MAX_MS (30 s);
// - a failure reported while the endpoint is already cooling does not escalate: connects that were
//   in flight when it broke all fail together, and that is one outage, not N;
// - a successful connect forgets the endpoint's history (the next failure starts at 1 s again);
// - endpoints discovery removed are forgotten (an endpoint that comes back starts fresh).
// linkerd2-proxy has no breaker on the opaque path (spec §9.2); these numbers follow its HTTP
// failure-accrual backoff (1 s minimum, exponential) with a shorter ceiling so a recovered local
// endpoint gets traffic back within half a minute.

export const COOLDOWN_INITIAL_MS = 1_000;
export const COOLDOWN_MAX_MS = 30_000;

export interface CooldownOptions {
  readonly initialMs?: number;
  readonly maxMs?: number;
  /** Monotonic clock in ms. */
  readonly now: () => number;
}

interface Cooling {
  /** Consecutive failures not yet cancelled by a success. */
  failures: number;
  /** Not ready before this time. */
  until: number;
}

export class Cooldowns {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly now: () => number;
  private readonly state = new Map<string, Cooling>();

  constructor(opts: CooldownOptions) {
    this.initialMs = opts.initialMs ?? COOLDOWN_INITIAL_MS;
    this.maxMs = Math.max(opts.maxMs ?? COOLDOWN_MAX_MS, this.initialMs);
    if (!(this.initialMs > 0)) throw new RangeError(`cooldown initialMs must be positive, got ${this.initialMs}`);
    this.now = opts.now;
  }

  /** Record a failed connect to `key`; returns how long it now cools (0 when it already was). */
  failed(key: string): number {
    const now = this.now();
    const s = this.state.get(key);
    if (s && s.until > now) return 0;
    const failures = (s?.failures ?? 0) + 1;
    const ms = Math.min(this.initialMs * 2 ** Math.min(failures - 1, 30), this.maxMs);
    this.state.set(key, { failures, until: now + ms });
    return ms;
  }

  /** Record a successful connect to `key`: its history is forgotten. */
  succeeded(key: string): void {
    this.state.delete(key);
  }

  /** True while `key` is cooling down. */
  cooling(key: string): boolean {
    const s = this.state.get(key);
    return s !== undefined && s.until > this.now();
  }

  /** Milliseconds until `key` is ready again (0 when it is). */
  remainingMs(key: string): number {
    const s = this.state.get(key);
    return s ? Math.max(s.until - this.now(), 0) : 0;
  }

  /** Consecutive failures recorded for `key` (for metrics and tests). */
  failures(key: string): number {
    return this.state.get(key)?.failures ?? 0;
  }

  /** Forget every key not in `keys` (discovery removed them). */
  retain(keys: ReadonlySet<string> | ReadonlyMap<string, unknown>): void {
    for (const key of [...this.state.keys()]) if (!keys.has(key)) this.state.delete(key);
  }
}
