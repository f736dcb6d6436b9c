// When to ask the Identity service for the next certificate: linkerd2-proxy's rule
// (identity-client certify.rs `refresh_in`, wire spec §3.4). Refresh at 70% of the validity that is
// left, clamped to [min, max]; a certificate that has already expired (or none at all) means "as
// soon as the minimum allows". A failed attempt is retried on the same rule, computed from the
// certificate still held, so retries speed up as expiry nears but never spin faster than min.
// Pure functions: the schedule is table-tested without timers.

export interface RefreshBounds {
  /** LINKERD2_PROXY_IDENTITY_MIN_REFRESH (default 10s); also the floor for every retry. */
  readonly minMs: number;
  /** LINKERD2_PROXY_IDENTITY_MAX_REFRESH (default 24h). */
  readonly maxMs: number;
}

/** A certificate is renewed after 7/10 of its remaining lifetime (integer math: no 0.7 rounding). */
const REFRESH_NUMERATOR = 7;
const REFRESH_DENOMINATOR = 10;

/** setTimeout's limit (2^31-1 ms, ~24.8 days): a longer delay would fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Delay until the next Certify call, given the expiry of the certificate we hold (undefined when we
 * hold none). Used both after a success (the new certificate) and after a failure (the old one).
 */
export function refreshDelayMs(notAfter: Date | undefined, now: Date, bounds: RefreshBounds): number {
  if (notAfter === undefined) return bounds.minMs;
  const remaining = notAfter.getTime() - now.getTime();
  if (remaining <= 0) return bounds.minMs;
  const delay = Math.floor((remaining * REFRESH_NUMERATOR) / REFRESH_DENOMINATOR);
  return Math.min(Math.max(delay, bounds.minMs), bounds.maxMs, MAX_TIMER_MS);
}
