// Backoff pacing (spec §9.3) and the pure pieces of the Get stream contract (spec §1.5): EndpointSet's
// reset/ignore rules and the idle cache's sharing and eviction, without any network.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  Backoff,
  DEFAULT_BACKOFF,
  DEFAULT_BACKOFF_JITTER,
  DEFAULT_BACKOFF_MAX_MS,
  DEFAULT_BACKOFF_MIN_MS,
} from '../../discovery-client/backoff.js';
import { IdleCache } from '../../discovery-client/idle-cache.js';
import { EndpointSet } from '../../discovery-client/resolution.js';
import type { Endpoint } from '../../discovery-client/types.js';

describe('Backoff', () => {
  it('defaults to linkerd2-proxy values: 100 ms .. 60 s, jitter 0.1', () => {
    expect([DEFAULT_BACKOFF_MIN_MS, DEFAULT_BACKOFF_MAX_MS, DEFAULT_BACKOFF_JITTER]).toEqual([100, 60_000, 0.1]);
    expect(DEFAULT_BACKOFF).toEqual({ minMs: 100, maxMs: 60_000, jitter: 0.1 });
  });

  it('doubles from min up to max without jitter', () => {
    const b = new Backoff(DEFAULT_BACKOFF, () => 0);
    const delays = Array.from({ length: 12 }, () => b.next());
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 51_200, 60_000, 60_000]);
    expect(b.failures).toBe(12);
  });

  it('adds up to `jitter` of the base delay', () => {
    const b = new Backoff({ minMs: 100, maxMs: 1000, jitter: 0.1 }, () => 0.999_999);
    const delays = Array.from({ length: 5 }, () => b.next());
    const bases = [100, 200, 400, 800, 1000];
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThan(bases[i]!);
      expect(d).toBeLessThan(bases[i]! * 1.1);
    });
  });

  it('starts over after reset', () => {
    const b = new Backoff({ minMs: 10, maxMs: 1000, jitter: 0 });
    b.next();
    b.next();
    expect(b.next()).toBe(40);
    b.reset();
    expect([b.failures, b.next()]).toEqual([0, 10]);
  });

  it('stays finite after very many failures', () => {
    const b = new Backoff({ minMs: 1, maxMs: 5, jitter: 0 });
    for (let i = 0; i < 10_000; i++) b.next();
    expect(b.next()).toBe(5);
  });

  it.each([
    [{ minMs: 0, maxMs: 10, jitter: 0 }],
    [{ minMs: 10, maxMs: 5, jitter: 0 }],
    [{ minMs: 10, maxMs: 20, jitter: -0.1 }],
    [{ minMs: 10, maxMs: 20, jitter: 2 }],
    [{ minMs: Number.NaN, maxMs: 20, jitter: 0 }],
  ])('rejects %o', (config) => {
    expect(() => new Backoff(config)).toThrow(RangeError);
  });
});

function ep(ip: string, pod = ip): Endpoint {
  return { addr: { ip, port: 80 }, weight: 10_000, labels: { pod } };
}

describe('EndpointSet (Get stream contract)', () => {
  const keys = (s: EndpointSet): string[] => [...s.endpoints.keys()].sort();

  it('turns the first add of each stream into a reset', () => {
    const s = new EndpointSet();
    expect(s.apply({ kind: 'add', endpoints: [ep('10.0.0.1'), ep('10.0.0.2')] })?.kind).toBe('reset');
    expect(s.apply({ kind: 'add', endpoints: [ep('10.0.0.3')] })?.kind).toBe('add');
    expect(keys(s)).toEqual(['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80']);
    s.streamStarted();
    expect(s.apply({ kind: 'add', endpoints: [ep('10.0.0.2')] })).toEqual({ kind: 'reset', endpoints: [ep('10.0.0.2')] });
    expect(keys(s)).toEqual(['10.0.0.2:80']);
  });

  it('ignores removes until the stream delivered something else', () => {
    const s = new EndpointSet();
    s.apply({ kind: 'add', endpoints: [ep('10.0.0.1')] });
    s.streamStarted();
    expect(s.apply({ kind: 'remove', addrs: [{ ip: '10.0.0.1', port: 80 }] })).toBeUndefined();
    expect(s.apply({ kind: 'remove', addrs: [{ ip: '10.0.0.1', port: 80 }] })).toBeUndefined();
    expect(keys(s)).toEqual(['10.0.0.1:80']);
    expect(s.apply({ kind: 'add', endpoints: [ep('10.0.0.1')] })?.kind).toBe('reset');
    expect(s.apply({ kind: 'remove', addrs: [{ ip: '10.0.0.1', port: 80 }] })?.kind).toBe('remove');
    expect(keys(s)).toEqual([]);
  });

  it('applies reset and does_not_exist as the first message too', () => {
    const s = new EndpointSet();
    s.apply({ kind: 'add', endpoints: [ep('10.0.0.1')] });
    s.streamStarted();
    expect(s.apply({ kind: 'does_not_exist' })).toEqual({ kind: 'does_not_exist' });
    expect(keys(s)).toEqual([]);
    expect(s.apply({ kind: 'add', endpoints: [ep('10.0.0.5')] })?.kind).toBe('add');
  });

  it('replaces the metadata of a known address', () => {
    const s = new EndpointSet();
    s.apply({ kind: 'add', endpoints: [ep('10.0.0.1', 'old')] });
    s.apply({ kind: 'add', endpoints: [ep('10.0.0.1', 'new')] });
    expect(s.endpoints.get('10.0.0.1:80')?.labels).toEqual({ pod: 'new' });
    expect(s.endpoints.size).toBe(1);
  });

  it('ignores dropped (undefined) updates without leaving the initial state', () => {
    const s = new EndpointSet();
    expect(s.apply(undefined)).toBeUndefined();
    expect(s.apply({ kind: 'add', endpoints: [ep('10.0.0.1')] })?.kind).toBe('reset');
  });
});

describe('IdleCache', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function counter(): { stops: number; stop(): void } {
    return {
      stops: 0,
      stop() {
        this.stops++;
      },
    };
  }

  it('shares one value per key and stops it idleTimeoutMs after the last release', () => {
    const cache = new IdleCache<ReturnType<typeof counter>>(5_000);
    let created = 0;
    const make = () => (created++, counter());
    const a = cache.acquire('k', make);
    const b = cache.acquire('k', make);
    expect(a.value).toBe(b.value);
    expect(created).toBe(1);
    a.release();
    a.release();
    vi.advanceTimersByTime(10_000);
    expect([cache.size, a.value.stops]).toEqual([1, 0]);
    b.release();
    vi.advanceTimersByTime(4_999);
    expect(cache.has('k')).toBe(true);
    vi.advanceTimersByTime(1);
    expect([cache.has('k'), a.value.stops]).toEqual([false, 1]);
  });

  it('keeps a value picked up again before it went idle', () => {
    const cache = new IdleCache<ReturnType<typeof counter>>(5_000);
    const first = cache.acquire('k', counter);
    first.release();
    vi.advanceTimersByTime(4_000);
    const again = cache.acquire('k', counter);
    expect(again.value).toBe(first.value);
    vi.advanceTimersByTime(10_000);
    expect(first.value.stops).toBe(0);
    again.release();
    vi.advanceTimersByTime(5_000);
    expect(first.value.stops).toBe(1);
  });

  it('stops everything on clear', () => {
    const cache = new IdleCache<ReturnType<typeof counter>>(5_000);
    const held = cache.acquire('a', counter);
    const idle = cache.acquire('b', counter);
    idle.release();
    cache.clear();
    expect([held.value.stops, idle.value.stops, cache.size]).toEqual([1, 1, 0]);
    held.release();
    vi.advanceTimersByTime(10_000);
    expect(held.value.stops).toBe(1);
  });
});
