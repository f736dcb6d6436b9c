// Latency recording and the arithmetic of the report: a microsecond hdr histogram per measurement,
// its percentiles, medians over rounds, and ratios. Pure functions apart from the histogram.
import * as hdr from 'hdr-histogram-js';

export const PERCENTILES = [50, 90, 99, 99.9] as const;

/** Percentiles in microseconds, keyed p50, p90, p99, p99_9. */
export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p99_9: number;
}
export const PERCENTILE_KEYS = ['p50', 'p90', 'p99', 'p99_9'] as const satisfies ReadonlyArray<keyof Percentiles>;

/** Latencies in µs: 1 µs resolution, 3 significant digits, up to an hour. */
export class LatencyRecorder {
  private readonly h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, autoResize: true });

  /** Record a latency given in nanoseconds (process.hrtime.bigint() differences). */
  recordNs(ns: bigint | number): void {
    this.recordUs(Number(ns) / 1000);
  }

  recordUs(us: number): void {
    // 0 would be lost below lowestDiscernibleValue; nothing on a real path takes under 1 µs.
    this.h.recordValue(Math.max(1, Math.round(us)));
  }

  get count(): number {
    return this.h.totalCount;
  }

  percentiles(): Percentiles {
    return {
      p50: this.h.getValueAtPercentile(50),
      p90: this.h.getValueAtPercentile(90),
      p99: this.h.getValueAtPercentile(99),
      p99_9: this.h.getValueAtPercentile(99.9),
    };
  }
}

/** Median of the finite numbers in `xs` (mean of the middle two for an even count); undefined if none. */
export function median(xs: readonly (number | undefined)[]): number | undefined {
  const v = xs.filter((x): x is number => x !== undefined && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** a / b, or undefined when either is missing or b is 0. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  return a / b;
}

/** True when the percentiles are positive and never decrease from p50 to p99.9. */
export function percentilesOrdered(p: Percentiles): boolean {
  const v = PERCENTILE_KEYS.map((k) => p[k]);
  return v.every((x) => Number.isFinite(x) && x > 0) && v.every((x, i) => i === 0 || x >= v[i - 1]!);
}

/** How far the lowest and highest of a figure's rounds lie from their median, in % of it. */
export interface Spread {
  readonly median: number;
  readonly lowPct: number;
  readonly highPct: number;
  readonly rounds: number;
}

/** Spread of the finite values in `xs`, or undefined with fewer than two of them or a median of 0. */
export function spread(xs: readonly (number | undefined)[]): Spread | undefined {
  const v = xs.filter((x): x is number => x !== undefined && Number.isFinite(x));
  const m = median(v);
  if (v.length < 2 || m === undefined || m === 0) return undefined;
  return { median: m, lowPct: (100 * (Math.min(...v) - m)) / m, highPct: (100 * (Math.max(...v) - m)) / m, rounds: v.length };
}

/** The larger of a spread's two sides, in %: "within ±20%" means this is at most 20. */
export function spreadHalfWidth(s: Spread): number {
  return Math.max(-s.lowPct, s.highPct);
}
