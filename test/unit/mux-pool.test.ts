// The outbound mux pool's choices (outbound/mux-pool.ts): which pooled session carries the next
// stream, when to dial another mux connection, wait for one being dialled, or fall back to a plain
// Linkerd-protocol connection; and that rotated credentials never reach a pooled session again.
// Sessions on real sockets are covered by test/e2e/mux.test.ts and mux-pairs.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chooseSession, leastAwaited, nextStep, spreadNow, MuxPool, WAIT_FOR_SIBLING_FLOOR_MS, MUX_FALLBACK_MEMORY_MS, MUX_MAX_CONNECTIONS_PER_PEER, MUX_OVERFLOW_LIMIT } from '../../proxy/outbound/mux-pool.js';
import { Metrics } from '../../proxy/metrics.js';
import { silentLogger } from '../../proxy/log.js';
import type { Credentials } from '../../proxy/identity/credentials.js';

const session = (openStreams: number, canOpen = true) => ({ openStreams, canOpen: () => canOpen, name: `s${openStreams}${canOpen ? '' : 'x'}` });
const KEY = { addr: '10.0.0.1:4143', serverName: 'web.default.serviceaccount.identity.linkerd.cluster.local', identity: 'web.default.serviceaccount.identity.linkerd.cluster.local' };

describe('chooseSession', () => {
  it.each([
    { sessions: [], want: undefined },
    { sessions: [session(3)], want: 's3' },
    { sessions: [session(5), session(2), session(4)], want: 's2' },
    { sessions: [session(0, false), session(7)], want: 's7' },
    { sessions: [session(1, false), session(2, false)], want: undefined },
    { sessions: [session(2), session(2)], want: 's2' },
  ])('$sessions.length sessions → $want', ({ sessions, want }) => {
    expect(chooseSession(sessions)?.name).toBe(want);
  });
});

describe('spreadNow: dial another connection although a pooled one could take the stream', () => {
  it.each([
    { case: 'no session yet', best: undefined, sessions: 0, dialling: 0, want: false },
    { case: 'the only session carries nothing', best: session(0), sessions: 1, dialling: 0, want: false },
    { case: 'the only session carries streams, room for one more', best: session(1), sessions: 1, dialling: 0, want: true },
    { case: 'the second is being dialled', best: session(3), sessions: 1, dialling: 1, want: false },
    { case: 'both open', best: session(1), sessions: 2, dialling: 0, want: false },
    { case: 'past the setting (overflow sessions)', best: session(1000), sessions: 3, dialling: 0, want: false },
  ])('$case → $want', ({ best, sessions, dialling, want }) => {
    expect(spreadNow(best, { sessions, dialling }, MUX_MAX_CONNECTIONS_PER_PEER)).toBe(want);
  });
});

describe('nextStep when no pooled session can take the stream', () => {
  it.each([
    { sessions: 0, dialling: 0, linkerdOnly: false, want: 'dial_mux' },
    { sessions: 1, dialling: 0, linkerdOnly: false, want: 'dial_mux' },
    { sessions: 0, dialling: 1, linkerdOnly: false, want: 'dial_mux' },
    { sessions: 1, dialling: 1, linkerdOnly: false, want: 'wait' },
    { sessions: 0, dialling: 2, linkerdOnly: false, want: 'wait' },
    // all pooled sessions full: one more mux connection, one at a time, up to the overflow limit
    { sessions: 2, dialling: 0, linkerdOnly: false, want: 'dial_mux' },
    { sessions: 3, dialling: 1, linkerdOnly: false, want: 'wait' },
    { sessions: MUX_OVERFLOW_LIMIT - 1, dialling: 0, linkerdOnly: false, want: 'dial_mux' },
    { sessions: MUX_OVERFLOW_LIMIT, dialling: 0, linkerdOnly: false, want: 'dial_plain' },
    { sessions: 0, dialling: 0, linkerdOnly: true, want: 'dial_plain' },
  ] as const)('$sessions pooled, $dialling dialling, linkerd-only $linkerdOnly → $want', ({ want, ...peer }) => {
    expect(nextStep(peer, MUX_MAX_CONNECTIONS_PER_PEER)).toBe(want);
  });
});

describe('leastAwaited', () => {
  it('picks the dial with the fewest streams waiting, the first of equals, none of none', () => {
    const dials = [{ waiting: 2 }, { waiting: 1 }, { waiting: 1 }];
    expect(leastAwaited(dials)).toBe(dials[1]);
    expect(leastAwaited([{ waiting: 0 }, { waiting: 0 }])).toEqual({ waiting: 0 });
    expect(leastAwaited([])).toBeUndefined();
  });
});

describe('MuxPool.plan', () => {
  // Credentials only serve as the identity of a generation of sessions here.
  const credsA = { localId: 'a' } as unknown as Credentials;
  const credsB = { localId: 'b' } as unknown as Credentials;
  const pool = () => new MuxPool({ metrics: new Metrics({ version: 'test', processMetrics: false }), log: silentLogger() });

  it('hands out at most two dial tickets per peer, then waits for one to settle', async () => {
    const p = pool();
    const first = p.plan(credsA, KEY);
    const second = p.plan(credsA, KEY);
    expect([first.step, second.step]).toEqual(['dial_mux', 'dial_mux']);
    const third = p.plan(credsA, KEY);
    expect(third.step).toBe('wait');
    if (first.step !== 'dial_mux' || third.step !== 'wait') return;
    first.ticket.settle();
    await third.settled;
    expect(p.plan(credsA, KEY).step).toBe('dial_mux');
  });

  describe('streams waiting for dials in flight', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    /** Two dials and four streams waiting; `woken` collects the waiters (by index) as they wake. */
    const burst = () => {
      const p = pool();
      const [first, second] = [p.plan(credsA, KEY), p.plan(credsA, KEY)];
      const waits = Array.from({ length: 4 }, () => p.plan(credsA, KEY));
      if (first.step !== 'dial_mux' || second.step !== 'dial_mux' || !waits.every((x) => x.step === 'wait')) throw new Error('expected two dials and four waits');
      const woken = new Set<number>();
      waits.forEach((x, i) => x.step === 'wait' && void x.settled.then(() => woken.add(i)));
      return { first, second, woken: () => [...woken].sort() };
    };

    it('shares them out over the dials, fewest waiting first, each woken by its own', async () => {
      const { first, second, woken } = burst();
      await vi.advanceTimersByTimeAsync(10);
      second.ticket.settle();
      await vi.advanceTimersByTimeAsync(0);
      expect(woken()).toEqual([1, 3]);
      await vi.advanceTimersByTimeAsync(50);
      expect(woken()).toEqual([1, 3]);
      first.ticket.settle();
      await vi.advanceTimersByTimeAsync(0);
      expect(woken()).toEqual([0, 1, 2, 3]);
    });

    it('stops waiting for a dial that lags another one to the peer by as long as that took, at least WAIT_FOR_SIBLING_FLOOR_MS', async () => {
      const quick = burst();
      await vi.advanceTimersByTimeAsync(10);
      quick.second.ticket.settle();
      await vi.advanceTimersByTimeAsync(WAIT_FOR_SIBLING_FLOOR_MS - 1);
      expect(quick.woken()).toEqual([1, 3]);
      await vi.advanceTimersByTimeAsync(1);
      expect(quick.woken()).toEqual([0, 1, 2, 3]); // the first dial never settled

      const slow = burst();
      await vi.advanceTimersByTimeAsync(300);
      slow.second.ticket.settle(); // took 300 ms: the first gets as long again
      await vi.advanceTimersByTimeAsync(299);
      expect(slow.woken()).toEqual([1, 3]);
      await vi.advanceTimersByTimeAsync(1);
      expect(slow.woken()).toEqual([0, 1, 2, 3]);
    });
  });

  it('keeps separate peers apart', () => {
    const p = pool();
    p.plan(credsA, KEY);
    p.plan(credsA, KEY);
    expect(p.plan(credsA, { ...KEY, identity: 'other' }).step).toBe('dial_mux');
    expect(p.plan(credsA, { ...KEY, addr: '10.0.0.2:4143' }).step).toBe('dial_mux');
  });

  it('dials plain Linkerd-protocol connections to a peer that chose Linkerd\'s ALPN, and offers mux again later', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const p = pool();
      p.markLinkerdOnly(credsA, KEY);
      expect(p.plan(credsA, KEY).step).toBe('dial_plain');
      vi.setSystemTime(Date.now() + MUX_FALLBACK_MEMORY_MS - 1);
      expect(p.plan(credsA, KEY).step).toBe('dial_plain');
      vi.setSystemTime(Date.now() + 2);
      expect(p.plan(credsA, KEY).step).toBe('dial_mux');
    } finally {
      vi.useRealTimers();
    }
  });

  it('after a rotation, the old credentials only dial plain connections and the new ones start afresh', () => {
    const p = pool();
    p.plan(credsA, KEY);
    p.plan(credsA, KEY);
    p.rotated(credsB);
    expect(p.plan(credsA, KEY).step).toBe('dial_plain');
    expect(p.plan(credsB, KEY).step).toBe('dial_mux');
  });

  it('pools nothing once closed', () => {
    const p = pool();
    p.close();
    expect(p.plan(credsA, KEY).step).toBe('dial_plain');
  });
});
