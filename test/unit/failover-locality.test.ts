// Local-first selection by table, on a hand-driven clock with scripted randomness: which endpoints
// a pick may land on given each endpoint's `cluster_locality` label and cooldown, whether it is a
// failover pick, how long a connection must wait when every endpoint cools down; and the retry rule
// for failed connects.
import { describe, expect, it } from 'vitest';
import { LocalFirstBalancer, localityOf } from '../../proxy/outbound/failover.js';
import { decideRetry, MAX_CONNECT_ATTEMPTS } from '../../proxy/outbound/balanced-connect.js';
import type { Reason } from '../../proxy/errors.js';

interface Ep {
  readonly labels: Record<string, string>;
}
type Spec = Record<string, { loc?: string; coolingMs?: number }>;

/** A balancer over `spec`; endpoints with coolingMs are in cooldown for that much longer. */
function setup(spec: Spec) {
  let t = 0;
  let r = 0;
  const randoms = [0, 0.2, 0.4, 0.6, 0.8, 0.99, 0.1, 0.5, 0.9, 0.3];
  const b = new LocalFirstBalancer<Ep>({
    labelsOf: (ep) => ep.labels,
    now: () => t,
    random: () => randoms[r++ % randoms.length]!,
    cooldownInitialMs: 1_000,
  });
  const labels = (loc: string | undefined): Record<string, string> => (loc === undefined ? {} : { cluster_locality: loc });
  const items = new Map<string, Ep>(Object.entries(spec).map(([k, v]) => [k, { labels: labels(v.loc) }]));
  b.setEndpoints(items);
  // Fail each cooling endpoint once at t = 0 (1 000 ms cooldown), then move the clock so the
  // longest-cooling one has exactly its coolingMs left (all cooling specs in a case share one value).
  const cool = Object.entries(spec).filter(([, v]) => v.coolingMs !== undefined);
  for (const [key] of cool) b.cooldowns.failed(key);
  if (cool.length > 0) t += 1_000 - Math.max(...cool.map(([, v]) => v.coolingMs!));
  return { b, advance: (ms: number) => (t += ms), items };
}

/** Every key `pick` lands on over many scripted draws (each pick is cancelled, so loads stay equal). */
function reachable(b: LocalFirstBalancer<Ep>): { keys: Set<string>; failover: Set<boolean> } {
  const keys = new Set<string>();
  const failover = new Set<boolean>();
  for (let i = 0; i < 40; i++) {
    const p = b.pick();
    if (p.kind !== 'picked') throw new Error(`expected a pick, got ${p.kind}`);
    keys.add(p.key);
    failover.add(p.failover);
    p.cancel();
  }
  return { keys, failover };
}

describe('localityOf', () => {
  it.each([
    [{}, 'local'],
    [{ cluster_locality: 'local' }, 'local'],
    [{ cluster_locality: 'remote' }, 'remote'],
    [{ cluster_locality: 'Remote' }, 'local'],
    [{ cluster_locality: '' }, 'local'],
    [{ zone_locality: 'remote' }, 'local'],
  ] as const)('%j → %s', (labels, want) => expect(localityOf(labels)).toBe(want));
});

describe('LocalFirstBalancer: who can be picked', () => {
  it.each<{ name: string; spec: Spec; want: string[]; failover: boolean }>([
    { name: 'unlabelled endpoints are local: all of them balance as before',
      spec: { a: {}, b: {}, c: {} }, want: ['a', 'b', 'c'], failover: false },
    { name: 'local endpoints only, remote never while a local one is ready',
      spec: { l1: { loc: 'local' }, l2: { loc: 'local' }, r1: { loc: 'remote' }, r2: { loc: 'remote' } }, want: ['l1', 'l2'], failover: false },
    { name: 'one local ready among cooling locals: just it',
      spec: { l1: { loc: 'local', coolingMs: 500 }, l2: { loc: 'local' }, r1: { loc: 'remote' } }, want: ['l2'], failover: false },
    { name: 'unlabelled counts as local next to remote',
      spec: { u: {}, r1: { loc: 'remote' } }, want: ['u'], failover: false },
    { name: 'every local cooling: remote ones (failover)',
      spec: { l1: { loc: 'local', coolingMs: 500 }, r1: { loc: 'remote' }, r2: { loc: 'remote' } }, want: ['r1', 'r2'], failover: true },
    { name: 'failover skips cooling remotes too',
      spec: { l1: { loc: 'local', coolingMs: 500 }, r1: { loc: 'remote', coolingMs: 500 }, r2: { loc: 'remote' } }, want: ['r2'], failover: true },
    { name: 'remote-only service: remote endpoints, not a failover',
      spec: { r1: { loc: 'remote' }, r2: { loc: 'remote' } }, want: ['r1', 'r2'], failover: false },
  ])('$name', ({ spec, want, failover }) => {
    const { b } = setup(spec);
    const got = reachable(b);
    expect([...got.keys].sort()).toEqual(want);
    expect([...got.failover]).toEqual([failover]);
  });

  it('reports the tier of the pick', () => {
    const { b } = setup({ l: { loc: 'local', coolingMs: 300 }, r: { loc: 'remote' } });
    expect(b.pick()).toMatchObject({ kind: 'picked', key: 'r', locality: 'remote', failover: true });
  });
});

describe('LocalFirstBalancer: nothing ready', () => {
  it('says empty for an empty set', () => {
    const { b } = setup({});
    expect(b.pick()).toEqual({ kind: 'empty' });
  });

  it('says how long until the earliest cooldown ends', () => {
    const { b, advance } = setup({ l: { loc: 'local', coolingMs: 700 }, r: { loc: 'remote', coolingMs: 700 } });
    expect(b.pick()).toEqual({ kind: 'cooling', waitMs: 700, endpoints: 2 });
    advance(700);
    // Cooldown over: the local endpoint is preferred again.
    expect(b.pick()).toMatchObject({ kind: 'picked', key: 'l', failover: false });
  });
});

describe('LocalFirstBalancer: outcomes drive cooldowns', () => {
  it('a failed connect fails over; traffic returns to local once its cooldown ends', () => {
    const { b, advance } = setup({ l: { loc: 'local' }, r: { loc: 'remote' } });
    const first = b.pick();
    expect(first).toMatchObject({ key: 'l' });
    if (first.kind === 'picked') first.done('failed');
    const second = b.pick();
    expect(second).toMatchObject({ key: 'r', failover: true });
    if (second.kind === 'picked') second.done(5);
    advance(999);
    expect(b.pick()).toMatchObject({ key: 'r' });
    advance(1);
    const back = b.pick();
    expect(back).toMatchObject({ key: 'l', failover: false });
    if (back.kind === 'picked') back.done(5);
    expect(b.cooldowns.failures('l')).toBe(0);
  });

  it('a cancelled pick changes no cooldown', () => {
    const { b } = setup({ l: { loc: 'local' }, r: { loc: 'remote' } });
    const p = b.pick();
    if (p.kind === 'picked') p.cancel();
    expect(b.pick()).toMatchObject({ key: 'l' });
  });

  it('a removed endpoint loses its cooldown; re-added it is ready at once', () => {
    const { b, items } = setup({ l: { loc: 'local' }, r: { loc: 'remote' } });
    const p = b.pick();
    if (p.kind === 'picked') p.done('failed');
    b.setEndpoints(new Map([['r', items.get('r')!]]));
    b.setEndpoints(items);
    expect(b.pick()).toMatchObject({ key: 'l' });
  });

  it('an outcome reported after the endpoint was removed is ignored', () => {
    const { b, items } = setup({ l: { loc: 'local' }, r: { loc: 'remote' } });
    const p = b.pick();
    b.setEndpoints(new Map([['r', items.get('r')!]]));
    if (p.kind === 'picked') p.done('failed');
    b.setEndpoints(items);
    expect(b.cooldowns.failures('l')).toBe(0);
  });
});

describe('decideRetry', () => {
  it.each<[Reason, number, number, { endpointFailed: boolean; retry: boolean }]>([
    ['connect_refused', 1, 2_000, { endpointFailed: true, retry: true }],
    ['connect_timeout', 2, 500, { endpointFailed: true, retry: true }],
    ['tls_handshake_failed', 1, 2_000, { endpointFailed: true, retry: true }],
    ['server_identity_mismatch', 1, 2_000, { endpointFailed: true, retry: true }],
    ['untrusted_server_cert', 1, 2_000, { endpointFailed: true, retry: true }],
    ['connect_refused', MAX_CONNECT_ATTEMPTS, 2_000, { endpointFailed: true, retry: false }],
    ['connect_refused', 1, 0, { endpointFailed: true, retry: false }],
    ['identity_not_ready', 1, 2_000, { endpointFailed: false, retry: false }],
    ['gateway_loop', 1, 2_000, { endpointFailed: false, retry: false }],
    ['io', 1, 2_000, { endpointFailed: false, retry: false }],
  ])('%s on attempt %i with %i ms left', (reason, attempt, left, want) => {
    expect(decideRetry(reason, attempt, left)).toEqual(want);
  });

  it('allows three attempts', () => expect(MAX_CONNECT_ATTEMPTS).toBe(3));
});
