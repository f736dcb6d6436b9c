// Readiness: /ready's pending tasks, and onceReady, which the proxy's "ready" log line hangs on.
import { describe, expect, it } from 'vitest';
import { Readiness } from '../../proxy/readiness.js';

describe('Readiness', () => {
  it('calls onceReady listeners once, when the last pending task is done', () => {
    const r = new Readiness();
    const listeners = r.register('listeners');
    const identity = r.register('identity', () => 'no certificate yet');
    const calls: string[] = [];
    r.onceReady(() => calls.push('ready'));
    listeners();
    expect(calls).toEqual([]);
    expect(r.pending()).toEqual(['identity (no certificate yet)']);
    identity();
    expect(calls).toEqual(['ready']);
    identity(); // a later rotation marks it done again: nothing new
    expect(calls).toEqual(['ready']);
    expect(r.ready()).toBe(true);
  });

  it('calls a listener at once when nothing is pending', () => {
    const r = new Readiness();
    r.register('listeners')();
    let called = 0;
    r.onceReady(() => called++);
    expect(called).toBe(1);
  });
});
