// Jittered exponential backoff for reconnecting discovery streams (spec §9.3).
// Same shape as linkerd2-proxy's ExponentialBackoff: the n-th consecutive failure waits
// min(max, min * 2^n) plus up to `jitter` of that again, chosen at random so that many proxies
// losing the controller at once do not reconnect in lockstep. Callers reset it once a stream works.

/** linkerd2-proxy's outbound connect backoff defaults, which discovery reuses. */
export const DEFAULT_BACKOFF_MIN_MS = 100;
export const DEFAULT_BACKOFF_MAX_MS = 60_000;
export const DEFAULT_BACKOFF_JITTER = 0.1;

export interface BackoffConfig {
  readonly minMs: number;
  readonly maxMs: number;
  /** Fraction of the base delay added at random, 0 for none. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffConfig = {
  minMs: DEFAULT_BACKOFF_MIN_MS,
  maxMs: DEFAULT_BACKOFF_MAX_MS,
  jitter: DEFAULT_BACKOFF_JITTER,
};

export function validateBackoff(c: BackoffConfig): BackoffConfig {
  if (!(Number.isFinite(c.minMs) && c.minMs > 0)) throw new RangeError(`backoff minMs must be > 0, got ${c.minMs}`);
  if (!(Number.isFinite(c.maxMs) && c.maxMs >= c.minMs)) {
    throw new RangeError(`backoff maxMs must be >= minMs (${c.minMs}), got ${c.maxMs}`);
  }
  if (!(Number.isFinite(c.jitter) && c.jitter >= 0 && c.jitter <= 1)) {
    throw new RangeError(`backoff jitter must be within 0..1, got ${c.jitter}`);
  }
  return c;
}

export class Backoff {
  #failures = 0;
  readonly #config: BackoffConfig;
  readonly #random: () => number;

  /** `random` returns [0, 1); injectable so tests can pin the jitter. */
  constructor(config: BackoffConfig = DEFAULT_BACKOFF, random: () => number = Math.random) {
    this.#config = validateBackoff(config);
    this.#random = random;
  }

  /** Consecutive failures since the last reset. */
  get failures(): number {
    return this.#failures;
  }

  /** Delay before the next attempt, and count this failure. */
  next(): number {
    const base = this.base(this.#failures);
    this.#failures++;
    return base + base * this.#config.jitter * this.#random();
  }

  /** Delay without jitter after `failures` consecutive failures. */
  base(failures: number): number {
    const { minMs, maxMs } = this.#config;
    // Cap the exponent: 2^64 is far past any max and keeps the arithmetic finite.
    const factor = 2 ** Math.min(failures, 64);
    return Math.min(maxMs, minMs * factor);
  }

  /** A stream worked: the next failure starts again from minMs. */
  reset(): void {
    this.#failures = 0;
  }
}

/**
 * Ceiling on grpc-js's own reconnect backoff for control-plane channels. The stream backoff above
 * may grow to a minute, but a channel that backs off that long keeps failing every new request
 * (grpc-js fails calls at once while it waits) for up to a minute after the controller is back, so
 * a first connection to a new name fails with `failfast`. Capped here, a returning controller is
 * found within about a second; a dead one costs one refused TCP connect per second per proxy.
 */
export const CHANNEL_RECONNECT_MAX_MS = 1_000;

/** grpc-js channel options pacing reconnects like `c`, within CHANNEL_RECONNECT_MAX_MS. */
export function channelReconnectOptions(c: Pick<BackoffConfig, 'minMs' | 'maxMs'>): {
  'grpc.initial_reconnect_backoff_ms': number;
  'grpc.max_reconnect_backoff_ms': number;
} {
  return {
    'grpc.initial_reconnect_backoff_ms': Math.min(c.minMs, CHANNEL_RECONNECT_MAX_MS),
    'grpc.max_reconnect_backoff_ms': Math.min(c.maxMs, CHANNEL_RECONNECT_MAX_MS),
  };
}
