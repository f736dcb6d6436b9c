// P2C restricted to eligible endpoints (the hook locality tiers and cooldowns use) and cancelled
// picks: the filter decides who takes part, peak-EWMA still decides between the two drawn.
import { describe, expect, it } from 'vitest';
import { PeakEwmaBalancer } from '../../proxy/outbound/balance.js';

function balancer(keys: string[], draws: number[] = []) {
  let t = 0;
  const b = new PeakEwmaBalancer<string>({ now: () => t, random: () => draws.shift() ?? 0 });
  b.setEndpoints(new Map(keys.map((k) => [k, `item-${k}`])));
  return { b, advance: (ms: number) => (t += ms) };
}

describe('PeakEwmaBalancer.pick(eligible)', () => {
  it.each([
    { name: 'nothing eligible', eligible: [] as string[], want: undefined },
    { name: 'one eligible: it, whatever random says', eligible: ['c'], want: 'c' },
    { name: 'all eligible: as without a filter (index 0 vs 1)', eligible: ['a', 'b', 'c', 'd'], want: 'a' },
  ])('$name', ({ eligible, want }) => {
    const { b } = balancer(['a', 'b', 'c', 'd']);
    expect(b.pick((k) => eligible.includes(k))?.key).toBe(want);
  });

  it('never picks an ineligible endpoint, even the cheapest one', () => {
    const { b } = balancer(['fast', 'x', 'y']);
    // Make `fast` clearly the cheapest.
    for (const key of ['x', 'y', 'fast']) {
      const p = b.pick((k) => k === key)!;
      p.done(key === 'fast' ? 1 : 500);
    }
    for (let i = 0; i < 50; i++) {
      const p = b.pick((k) => k !== 'fast')!;
      expect(p.key).not.toBe('fast');
      p.cancel();
    }
  });

  it('compares loads among the eligible ones', () => {
    const { b } = balancer(['a', 'b', 'c']);
    for (const [key, rtt] of [['a', 5], ['b', 400], ['c', 40]] as const) b.pick((k) => k === key)!.done(rtt);
    // Among b and c (a excluded), c is cheaper whichever is drawn first.
    expect(b.pick((k) => k !== 'a')!.key).toBe('c');
  });

  it('passes the item to the filter', () => {
    const { b } = balancer(['a', 'b']);
    expect(b.pick((_k, item) => item === 'item-b')!.key).toBe('b');
  });
});

describe('cancelled picks', () => {
  it('release the pending count without recording a sample', () => {
    const { b } = balancer(['a']);
    const before = b.loadOf('a')!;
    const p = b.pick()!;
    expect(b.loadOf('a')!.pending).toBe(1);
    p.cancel();
    p.done(999); // ignored: the ticket is finished
    expect(b.loadOf('a')).toEqual(before);
  });
});
