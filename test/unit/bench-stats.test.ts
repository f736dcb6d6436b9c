// The arithmetic under the bench report (bench/stats.ts): µs histogram percentiles, medians over
// rounds and ratios, including the missing-value cases a partial run produces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyRecorder, median, percentilesOrdered, ratio } from '../../bench/stats.js';

describe('LatencyRecorder', () => {
  it('gives percentiles of recorded µs values within the histogram precision', () => {
    const r = new LatencyRecorder();
    for (let us = 1; us <= 1000; us++) r.recordUs(us);
    const p = r.percentiles();
    expect(r.count).toBe(1000);
    expect(p.p50).toBeCloseTo(500, -1);
    expect(p.p90).toBeCloseTo(900, -1);
    expect(p.p99).toBeCloseTo(990, -1);
    expect(p.p99_9).toBeCloseTo(999, -1);
    expect(percentilesOrdered(p)).toBe(true);
  });

  it('records nanosecond differences as µs and never records zero', () => {
    const r = new LatencyRecorder();
    r.recordNs(250_000n);
    r.recordNs(10);
    expect(r.percentiles().p99_9).toBeCloseTo(250, -1);
    expect(r.percentiles().p50).toBe(1);
  });

  it('percentiles never decrease, whatever is recorded', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 300 }), (values) => {
      const r = new LatencyRecorder();
      for (const v of values) r.recordUs(v);
      return percentilesOrdered(r.percentiles());
    }));
  });
});

describe('median and ratio', () => {
  it('takes the middle value, or the mean of the middle two, ignoring missing values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([undefined, 5, Number.NaN])).toBe(5);
    expect(median([])).toBeUndefined();
  });

  it('divides when both sides exist and the divisor is not 0', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeUndefined();
    expect(ratio(undefined, 2)).toBeUndefined();
  });

  it('rejects unordered or zero percentiles', () => {
    expect(percentilesOrdered({ p50: 2, p90: 1, p99: 3, p99_9: 4 })).toBe(false);
    expect(percentilesOrdered({ p50: 0, p90: 1, p99: 3, p99_9: 4 })).toBe(false);
  });
});
