// Table tests for the P2C / peak-EWMA balancer: fake clock and scripted randomness make every pick
// deterministic, so each case states exactly which endpoint must win and why.
import { describe, expect, it } from 'vitest';
import { PeakEwmaBalancer, type PeakEwmaOptions } from '../../proxy/outbound/balance.js';

/**
 * A balancer on a hand-driven clock whose random() is scripted: `draw(i, j)` makes the next pick
 * compare the endpoints at indexes i and j (insertion order) with i drawn first. Unscripted draws
 * return 0, i.e. index 0 versus index 1.
 */
function harness(opts: PeakEwmaOptions = {}) {
  let t = 1_000;
  const queue: number[] = [];
  const b = new PeakEwmaBalancer<string>({ ...opts, now: () => t, random: () => queue.shift() ?? 0 });
  return {
    b,
    advance(ms: number) {
      t += ms;
    },
    rawDraw(...values: number[]) {
      queue.push(...values);
    },
    draw(i: number, j: number) {
      const n = b.size();
      const jAmongRest = j < i ? j : j - 1;
      queue.push((i + 0.5) / n, (jAmongRest + 0.5) / (n - 1));
    },
  };
}

type Harness = ReturnType<typeof harness>;

function endpoints(...keys: string[]): Map<string, string> {
  return new Map(keys.map((k) => [k, `item-${k}`]));
}

/**
 * Start one connect on each endpoint while they are all fresh (equal load), like a burst of
 * connections, so each can then be completed with a chosen RTT. Drawing the target first wins:
 * it ties with any fresh endpoint and beats those that already have a pending connect.
 */
function ticketsForAll(h: Harness, keys: string[]) {
  return keys.map((key, i) => {
    if (keys.length > 1) h.draw(i, i === 0 ? 1 : 0);
    const p = h.b.pick()!;
    expect(p.key).toBe(key);
    return p;
  });
}

/** Record one RTT sample per endpoint, all taken at the current time. */
function samples(h: Harness, rtts: Record<string, number | 'failed'>): void {
  const keys = [...Object.keys(rtts)];
  const tickets = ticketsForAll(h, keys);
  tickets.forEach((p, i) => p.done(rtts[keys[i]!]!));
}

describe('PeakEwmaBalancer', () => {
  it('returns undefined with no endpoints', () => {
    const { b } = harness();
    expect(b.size()).toBe(0);
    expect(b.pick()).toBeUndefined();
  });

  it('always picks the only endpoint, without consulting random()', () => {
    let calls = 0;
    const b = new PeakEwmaBalancer<string>({ random: () => (calls++, 0.5) });
    b.setEndpoints(endpoints('a'));
    for (let i = 0; i < 5; i++) expect(b.pick()).toMatchObject({ key: 'a', item: 'item-a' });
    expect(calls).toBe(0);
  });

  it.each([0, 1, 2])('P2C never compares an endpoint with itself (first draw = index %i)', (i) => {
    // Make the first-drawn endpoint the only expensive one: whatever the second random value, the
    // pick must be another endpoint, which it can only be if the second draw excludes the first.
    const key = ['a', 'b', 'c'][i]!;
    for (const second of [0, 0.3, 0.5, 0.7, 0.999]) {
      const h = harness();
      h.b.setEndpoints(endpoints('a', 'b', 'c'));
      ticketsForAll(h, ['a', 'b', 'c']).forEach((p) => p.done(p.key === key ? 500 : 10));
      h.rawDraw((i + 0.5) / 3, second);
      expect(h.b.pick()!.key).not.toBe(key);
    }
  });

  it.each([
    { name: 'fast a vs slow b', rtts: { a: 5, b: 50 }, draw: [0, 1], want: 'a' },
    { name: 'fast a vs slow b, drawn in reverse', rtts: { a: 5, b: 50 }, draw: [1, 0], want: 'a' },
    { name: 'slow a vs fast b', rtts: { a: 80, b: 40 }, draw: [0, 1], want: 'b' },
    { name: 'slow a vs fast b, drawn in reverse', rtts: { a: 80, b: 40 }, draw: [1, 0], want: 'b' },
    { name: 'both above the default', rtts: { a: 120, b: 90 }, draw: [0, 1], want: 'b' },
  ])('picks the cheaper of two by RTT history: $name', ({ rtts, draw, want }) => {
    const h = harness();
    h.b.setEndpoints(endpoints('a', 'b'));
    // Samples below the 30 ms default blend with it; after 60 s the default has decayed away.
    h.advance(60_000);
    samples(h, rtts);
    h.draw(draw[0]!, draw[1]!);
    expect(h.b.pick()!.key).toBe(want);
  });

  it('a sample above the estimate replaces it at once (peak sensitivity)', () => {
    const h = harness();
    h.b.setEndpoints(endpoints('a'));
    samples(h, { a: 500 });
    expect(h.b.loadOf('a')!.rttMs).toBe(500);
  });

  it.each([
    // elapsed since the previous sample, new sample, expected estimate = old*w + new*(1-w)
    { elapsedMs: 0, sample: 10, want: 100 },
    { elapsedMs: 10_000, sample: 10, want: 100 * Math.exp(-1) + 10 * (1 - Math.exp(-1)) },
    { elapsedMs: 20_000, sample: 10, want: 100 * Math.exp(-2) + 10 * (1 - Math.exp(-2)) },
    { elapsedMs: 1_000_000, sample: 10, want: 10 },
  ])('a lower sample after $elapsedMs ms blends with w = exp(-elapsed/decay)', ({ elapsedMs, sample, want }) => {
    const h = harness();
    h.b.setEndpoints(endpoints('a'));
    samples(h, { a: 100 });
    h.advance(elapsedMs);
    samples(h, { a: sample });
    expect(h.b.loadOf('a')!.rttMs).toBeCloseTo(want, 6);
  });

  it('decayMs sets the time constant', () => {
    const h = harness({ decayMs: 1_000 });
    h.b.setEndpoints(endpoints('a'));
    samples(h, { a: 100 });
    h.advance(1_000);
    expect(h.b.loadOf('a')!.rttMs).toBeCloseTo(100 * Math.exp(-1), 6);
  });

  it.each([
    { elapsedMs: 0, want: 200 },
    { elapsedMs: 5_000, want: 200 * Math.exp(-0.5) },
    { elapsedMs: 10_000, want: 200 * Math.exp(-1) },
    { elapsedMs: 30_000, want: 200 * Math.exp(-3) },
  ])('with no samples the estimate decays toward 0: after $elapsedMs ms', ({ elapsedMs, want }) => {
    const h = harness();
    h.b.setEndpoints(endpoints('a'));
    samples(h, { a: 200 });
    h.advance(elapsedMs);
    expect(h.b.loadOf('a')!.rttMs).toBeCloseTo(want, 6);
  });

  it('decay is a pure function of time: looking at the load does not change it', () => {
    const h = harness();
    h.b.setEndpoints(endpoints('a'));
    samples(h, { a: 200 });
    for (let i = 0; i < 10; i++) {
      h.advance(1_000);
      h.b.loadOf('a');
    }
    expect(h.b.loadOf('a')!.rttMs).toBeCloseTo(200 * Math.exp(-1), 6);
  });

  it('a formerly slow endpoint wins again once its peak has decayed below the other', () => {
    const h = harness();
    h.b.setEndpoints(endpoints('a', 'b'));
    samples(h, { a: 300, b: 40 });
    h.draw(0, 1);
    expect(h.b.pick()!.key).toBe('b');
    // b keeps answering in 40 ms while a sees no traffic: a's 300 ms peak decays under 40 ms
    // after ~20 s (300 e^{-t/10s} < 40 when t > 10 s · ln 7.5).
    h.advance(25_000);
    samples(h, { b: 40 });
    expect(h.b.loadOf('a')!.rttMs).toBeCloseTo(300 * Math.exp(-2.5), 6);
    expect(h.b.loadOf('b')!.rttMs).toBeCloseTo(40, 6);
    h.draw(1, 0);
    expect(h.b.pick()!.key).toBe('a');
  });

  it.each([
    { name: 'new endpoints start at the 30 ms default', opts: {}, want: 30 },
    { name: 'a configured default is used', opts: { defaultRttMs: 75 }, want: 75 },
    { name: 'the default is floored at 1 ms', opts: { defaultRttMs: 0 }, want: 1 },
  ])('$name', ({ opts, want }) => {
    const h = harness(opts);
    h.b.setEndpoints(endpoints('a'));
    expect(h.b.loadOf('a')).toEqual({ rttMs: want, pending: 0, load: want });
  });

  it('an endpoint added later starts at the default, stamped when it appears', () => {
    const h = harness();
    h.b.setEndpoints(endpoints('a'));
    h.advance(10_000);
    h.b.setEndpoints(endpoints('a', 'b'));
    expect(h.b.loadOf('a')!.rttMs).toBeCloseTo(30 * Math.exp(-1), 6);
    expect(h.b.loadOf('b')!.rttMs).toBe(30);
  });

  it.each([
    { pending: 0, want: 30 },
    { pending: 1, want: 60 },
    { pending: 3, want: 120 },
  ])('load = estimate × (pending + 1): $pending pending → $want', ({ pending, want }) => {
    const h = harness();
    h.b.setEndpoints(endpoints('a'));
    for (let i = 0; i < pending; i++) h.b.pick();
    expect(h.b.loadOf('a')).toEqual({ rttMs: 30, pending, load: want });
  });

  it('pending connects steer P2C to the other endpoint, and done() releases them', () => {
    const h = harness();
    h.b.setEndpoints(endpoints('a', 'b'));
    h.draw(0, 1);
    const first = h.b.pick()!; // 30 vs 30: ties go to the first drawn
    expect(first.key).toBe('a');
    h.draw(0, 1);
    const second = h.b.pick()!; // a has a connect pending: 60 vs 30
    expect(second.key).toBe('b');
    h.draw(0, 1);
    const third = h.b.pick()!; // 60 vs 60
    expect(third.key).toBe('a');
    expect(h.b.loadOf('a')!.pending).toBe(2);
    first.done(30);
    third.done(30);
    expect(h.b.loadOf('a')!.pending).toBe(0);
    expect(h.b.loadOf('b')!.pending).toBe(1);
    h.draw(1, 0);
    expect(h.b.pick()!.key).toBe('a'); // b still has one pending
  });

  it('done() counts once even if called twice', () => {
    const h = harness();
    h.b.setEndpoints(endpoints('a'));
    const p1 = h.b.pick()!;
    h.b.pick();
    p1.done(10);
    p1.done(500);
    expect(h.b.loadOf('a')).toMatchObject({ pending: 1, rttMs: 30 });
  });

  it('setEndpoints keeps state for surviving keys (with their new items) and drops the rest', () => {
    const h = harness();
    h.b.setEndpoints(endpoints('a', 'b'));
    samples(h, { a: 250 });
    h.b.pick(); // one connect in flight on some endpoint
    const before = h.b.loadOf('a')!;
    h.b.setEndpoints(new Map([['a', 'new-item-a'], ['c', 'item-c']]));
    expect(h.b.size()).toBe(2);
    expect(h.b.loadOf('a')).toEqual(before);
    expect(h.b.loadOf('b')).toBeUndefined();
    expect(h.b.loadOf('c')).toEqual({ rttMs: 30, pending: 0, load: 30 });
    h.b.setEndpoints(new Map([['a', 'newest-item-a']]));
    expect(h.b.pick()!.item).toBe('newest-item-a');
  });

  it('a removed endpoint is forgotten: re-adding it starts fresh, and a late done() is harmless', () => {
    const h = harness();
    h.b.setEndpoints(endpoints('a', 'b'));
    const [, late] = ticketsForAll(h, ['a', 'b']);
    h.b.setEndpoints(endpoints('a'));
    expect(h.b.size()).toBe(1);
    expect(h.b.loadOf('b')).toBeUndefined();
    h.b.setEndpoints(endpoints('a', 'b'));
    late!.done('failed'); // belongs to the dropped 'b'
    expect(h.b.loadOf('b')).toEqual({ rttMs: 30, pending: 0, load: 30 });
  });

  it.each([
    { name: 'instant refusal costs the default penalty (1 s)', failAfterMs: 0, opts: {}, want: 1_000 },
    { name: 'a failure slower than the penalty costs its real duration', failAfterMs: 2_500, opts: {}, want: 2_500 },
    { name: 'the penalty is configurable', failAfterMs: 0, opts: { failurePenaltyMs: 300 }, want: 300 },
  ])('a failed connect is penalised: $name', ({ failAfterMs, opts, want }) => {
    const h = harness(opts);
    h.b.setEndpoints(endpoints('a'));
    const p = h.b.pick()!;
    h.advance(failAfterMs);
    p.done('failed');
    expect(h.b.loadOf('a')).toEqual({ rttMs: want, pending: 0, load: want });
  });

  it('an endpoint that fails fast does not look cheap to P2C', () => {
    const h = harness();
    h.b.setEndpoints(endpoints('a', 'b'));
    samples(h, { a: 'failed', b: 80 }); // a refused in 0 ms; b healthy but slowish
    for (const [i, j] of [[0, 1], [1, 0]] as const) {
      h.draw(i, j);
      const p = h.b.pick()!;
      expect(p.key).toBe('b');
      p.done(80);
    }
  });

  it('a non-finite RTT counts as a failure rather than poisoning the estimate', () => {
    const h = harness();
    h.b.setEndpoints(endpoints('a'));
    h.b.pick()!.done(Number.NaN);
    expect(h.b.loadOf('a')!.rttMs).toBe(1_000);
  });

  it('rejects a non-positive decay', () => {
    expect(() => new PeakEwmaBalancer({ decayMs: 0 })).toThrow(RangeError);
  });

  it('survives random() returning exactly 1', () => {
    const b = new PeakEwmaBalancer<string>({ random: () => 1 });
    b.setEndpoints(endpoints('a', 'b', 'c'));
    expect(['a', 'b', 'c']).toContain(b.pick()!.key);
  });

  it('with the default clock and random source every endpoint gets traffic', () => {
    const b = new PeakEwmaBalancer<number>();
    b.setEndpoints(new Map([['a', 1], ['b', 2], ['c', 3]]));
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = b.pick()!;
      seen.add(p.key);
      p.done(30);
    }
    expect(seen).toEqual(new Set(['a', 'b', 'c']));
  });
});
