// Per-endpoint failure cooldowns on a hand-driven clock: 1 s doubling to 30 s, no escalation for
// failures reported while already cooling, reset on success, history dropped with the endpoint.
import { describe, expect, it } from 'vitest';
import { Cooldowns, COOLDOWN_INITIAL_MS, COOLDOWN_MAX_MS } from '../../proxy/outbound/cooldown.js';

function clocked(opts: { initialMs?: number; maxMs?: number } = {}) {
  let t = 10_000;
  const c = new Cooldowns({ ...opts, now: () => t });
  return { c, advance: (ms: number) => (t += ms) };
}

describe('Cooldowns', () => {
  it('uses the documented constants', () => {
    expect([COOLDOWN_INITIAL_MS, COOLDOWN_MAX_MS]).toEqual([1_000, 30_000]);
  });

  it('doubles per consecutive failure up to the ceiling', () => {
    const { c, advance } = clocked();
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      const ms = c.failed('a');
      seen.push(ms);
      advance(ms); // the next failure comes right after the cooldown ended
    }
    expect(seen).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it.each([
    { at: 0, cooling: true, remaining: 1_000 },
    { at: 999, cooling: true, remaining: 1 },
    { at: 1_000, cooling: false, remaining: 0 },
    { at: 5_000, cooling: false, remaining: 0 },
  ])('after one failure, at +$at ms: cooling=$cooling', ({ at, cooling, remaining }) => {
    const { c, advance } = clocked();
    c.failed('a');
    advance(at);
    expect(c.cooling('a')).toBe(cooling);
    expect(c.remainingMs('a')).toBe(remaining);
    expect(c.cooling('b')).toBe(false);
  });

  it('does not escalate on failures reported while already cooling (one outage, many in-flight connects)', () => {
    const { c, advance } = clocked();
    expect(c.failed('a')).toBe(1_000);
    advance(10);
    expect(c.failed('a')).toBe(0);
    expect(c.failed('a')).toBe(0);
    expect(c.failures('a')).toBe(1);
    expect(c.remainingMs('a')).toBe(990);
  });

  it('forgets the history on success', () => {
    const { c, advance } = clocked();
    c.failed('a');
    advance(1_000);
    c.failed('a');
    c.succeeded('a');
    expect(c.cooling('a')).toBe(false);
    expect(c.failures('a')).toBe(0);
    expect(c.failed('a')).toBe(1_000);
  });

  it('drops endpoints discovery removed', () => {
    const { c } = clocked();
    c.failed('a');
    c.failed('b');
    c.retain(new Set(['b']));
    expect(c.cooling('a')).toBe(false);
    expect(c.cooling('b')).toBe(true);
  });

  it('takes other bounds, keeping max >= initial', () => {
    const { c, advance } = clocked({ initialMs: 100, maxMs: 50 });
    expect(c.failed('a')).toBe(100);
    advance(100);
    expect(c.failed('a')).toBe(100);
    expect(() => new Cooldowns({ initialMs: 0, now: () => 0 })).toThrow(/positive/);
  });
});
