// podwire bench parameters (bench/params.ts): defaults, the --quick preset, environment under
// flags, and errors that name the flag or variable that was wrong.
import { describe, expect, it } from 'vitest';
import { DEFAULTS, ParamError, QUICK, SCENARIO_NAMES, WORKLOAD_NAMES, parseBenchArgs, parseSeconds } from '../../bench/params.js';

const parse = (argv: string[], env: Record<string, string> = {}) => {
  const r = parseBenchArgs(argv, env, '/repo/bench');
  if (r.help) throw new Error('unexpected help');
  return r.params;
};

const problem = (argv: string[], env: Record<string, string> = {}): string => {
  try {
    parseBenchArgs(argv, env, '/repo/bench');
  } catch (err) {
    expect(err).toBeInstanceOf(ParamError);
    return (err as Error).message;
  }
  throw new Error('expected a ParamError');
};

describe('parseBenchArgs', () => {
  it('writes each run to its own directory under bench/results unless --report or --out says otherwise', () => {
    expect(parse([])).toMatchObject({ outDir: '/repo/bench/results', layout: 'run' });
    expect(parse(['--quick'])).toMatchObject({ outDir: '/repo/bench/results', layout: 'run' });
    expect(parse(['--report'])).toMatchObject({ outDir: '/repo/bench', layout: 'report' });
    expect(parse(['--out', '/elsewhere'])).toMatchObject({ outDir: '/elsewhere', layout: 'report' });
    expect(problem(['--out', '/elsewhere', '--report'])).toBe('--out and --report both say where the report goes: pick one');
  });

  it('gives the defaults with no flags: every scenario, three rounds, 1,000 and 10,000 idle connections', () => {
    const p = parse([]);
    expect(p).toMatchObject({ rate: DEFAULTS.rate, durationMs: 3000, rounds: 3, payload: 1024, quick: false });
    expect(p.scenarios).toEqual(SCENARIO_NAMES);
    expect(p.scenarios).toEqual(expect.arrayContaining(['node-floor', 'haproxy-reuse', 'nginx-reuse']));
    expect(p.workloads).toEqual(WORKLOAD_NAMES);
    // The fixed-rate runs are longer than the others: their tails need the samples.
    expect(p.fixedDurationMs).toBeGreaterThan(p.durationMs);
    expect(p.idleLevels).toEqual([1000, 10000]);
    expect(p.target).toBeUndefined();
  });

  it('--quick shrinks everything, and later flags still win', () => {
    const p = parse(['--quick', '--rate', '50']);
    expect(p).toMatchObject({ quick: true, rounds: QUICK.rounds, durationMs: QUICK.durationMs, rate: 50 });
    // --quick stays quick: the fixed-rate runs shrink too.
    expect(p.fixedDurationMs).toBe(QUICK.fixedDurationMs);
    expect(p.fixedDurationMs).toBeLessThanOrEqual(1000);
    expect(parse(['--quick', '--fixed-duration', '2s']).fixedDurationMs).toBe(2000);
  });

  it('takes the fixed-rate duration from --fixed-duration or PODWIRE_BENCH_FIXED_DURATION, flag first', () => {
    expect(parse([], { PODWIRE_BENCH_FIXED_DURATION: '20s' }).fixedDurationMs).toBe(20_000);
    expect(parse(['--fixed-duration', '8'], { PODWIRE_BENCH_FIXED_DURATION: '20s' }).fixedDurationMs).toBe(8000);
    expect(problem(['--fixed-duration', '5ms'])).toMatch(/^--fixed-duration: must be at least 100ms/);
    expect(problem([], { PODWIRE_BENCH_FIXED_DURATION: 'long' })).toContain('PODWIRE_BENCH_FIXED_DURATION');
  });

  it('warms each path with new connections before round 1: --new-conn-warm-up or PODWIRE_BENCH_NEW_CONN_WARM_UP, 0 for none', () => {
    expect(parse([]).newConnWarmUpMs).toBe(DEFAULTS.newConnWarmUpMs);
    expect(DEFAULTS.newConnWarmUpMs).toBeGreaterThan(0);
    expect(parse(['--quick']).newConnWarmUpMs).toBe(QUICK.newConnWarmUpMs);
    expect(parse([], { PODWIRE_BENCH_NEW_CONN_WARM_UP: '2s' }).newConnWarmUpMs).toBe(2000);
    expect(parse(['--new-conn-warm-up', '3'], { PODWIRE_BENCH_NEW_CONN_WARM_UP: '2s' }).newConnWarmUpMs).toBe(3000);
    expect(parse(['--new-conn-warm-up', '0']).newConnWarmUpMs).toBe(0);
    expect(problem(['--new-conn-warm-up', 'soon'])).toMatch(/^--new-conn-warm-up: /);
    expect(problem([], { PODWIRE_BENCH_NEW_CONN_WARM_UP: '5ms' })).toMatch(/^PODWIRE_BENCH_NEW_CONN_WARM_UP: must be at least 100ms/);
  });

  it('warms the fixed-rate runs at the rate first: --fixed-warm-up or PODWIRE_BENCH_FIXED_WARM_UP, 0 for none', () => {
    expect(parse([]).fixedWarmUpMs).toBe(DEFAULTS.fixedWarmUpMs);
    expect(DEFAULTS.fixedWarmUpMs).toBeGreaterThan(0);
    expect(parse(['--quick']).fixedWarmUpMs).toBe(QUICK.fixedWarmUpMs);
    expect(parse([], { PODWIRE_BENCH_FIXED_WARM_UP: '2s' }).fixedWarmUpMs).toBe(2000);
    expect(parse(['--fixed-warm-up', '3'], { PODWIRE_BENCH_FIXED_WARM_UP: '2s' }).fixedWarmUpMs).toBe(3000);
    expect(parse(['--fixed-warm-up', '0']).fixedWarmUpMs).toBe(0);
    expect(parse(['--fixed-warm-up', '0s']).fixedWarmUpMs).toBe(0);
    expect(problem(['--fixed-warm-up', '5ms'])).toMatch(/^--fixed-warm-up: must be at least 100ms/);
    expect(problem([], { PODWIRE_BENCH_FIXED_WARM_UP: 'soon' })).toContain('PODWIRE_BENCH_FIXED_WARM_UP');
  });

  it('takes a subset of the workloads, in the order given, and names an unknown one', () => {
    expect(parse(['--workloads', 'new-conns,http-fixed,new-conns']).workloads).toEqual(['new-conns', 'http-fixed']);
    expect(problem(['--workloads', 'new-conns,soak'])).toBe(`--workloads: unknown workload "soak" (known: ${WORKLOAD_NAMES.join(', ')})`);
    expect(problem(['--workloads', ','])).toContain('expected a comma-separated list of workloads');
  });

  it('reads PODWIRE_BENCH_* and lets flags override them', () => {
    const env = { PODWIRE_BENCH_RATE: '700', PODWIRE_BENCH_DURATION: '2s', PODWIRE_BENCH_CONNECTIONS: '8', PODWIRE_BENCH_PAYLOAD: '64', PODWIRE_BENCH_ROUNDS: '5' };
    expect(parse([], env)).toMatchObject({ rate: 700, durationMs: 2000, connections: 8, payload: 64, rounds: 5 });
    expect(parse(['--rounds', '2', '--duration', '750ms'], env)).toMatchObject({ rounds: 2, durationMs: 750, rate: 700 });
  });

  it('takes scenario subsets, idle levels, a target and notes', () => {
    const p = parse(['--scenarios', 'flat,direct,flat', '--idle-levels', '500,20', '--note', 'busy', '--note', 'again']);
    expect(p.scenarios).toEqual(['flat', 'direct']);
    expect(p.idleLevels).toEqual([20, 500]);
    expect(p.notes).toEqual(['busy', 'again']);
    expect(parse(['--target', '127.0.0.1:8080']).target).toEqual({ host: '127.0.0.1', port: 8080, text: '127.0.0.1:8080' });
  });

  it('takes --proxy-env assignments for the podwire proxies, later ones winning, and refuses what the scenarios set', () => {
    expect(parse([]).proxyEnv).toEqual({});
    const p = parse(['--proxy-env', 'NODE_OPTIONS=--cpu-prof --cpu-prof-dir=/tmp/p', '--proxy-env', 'A=1', '--proxy-env', 'A=x=y', '--proxy-env', 'EMPTY=']);
    expect(p.proxyEnv).toEqual({ NODE_OPTIONS: '--cpu-prof --cpu-prof-dir=/tmp/p', A: 'x=y', EMPTY: '' });
    expect(problem(['--proxy-env', 'NODE_OPTIONS'])).toBe('--proxy-env: expected NAME=VALUE, got "NODE_OPTIONS"');
    expect(problem(['--proxy-env', '=1'])).toBe('--proxy-env: expected NAME=VALUE, got "=1"');
    expect(problem(['--proxy-env', '1A=1'])).toBe('--proxy-env: expected NAME=VALUE, got "1A=1"');
    expect(problem(['--proxy-env', 'PODWIRE_MUX=true'])).toContain('PODWIRE_MUX is set by each scenario');
    expect(problem(['--proxy-env', 'PODWIRE_GATEWAY=true'])).toContain('PODWIRE_GATEWAY is set by each scenario');
    expect(problem(['--target', '127.0.0.1:80', '--proxy-env', 'A=1'])).toContain('the bench starts no proxies');
  });

  it('reports every bad value with its flag or variable', () => {
    const msg = problem(['--rate', '0', '--scenarios', 'direct,envoy'], { PODWIRE_BENCH_ROUNDS: 'three' });
    expect(msg).toContain('--rate');
    expect(msg).toContain('unknown scenario "envoy"');
    expect(msg).toContain('PODWIRE_BENCH_ROUNDS');
    expect(problem(['--target', 'localhost:80'])).toContain('--target');
    expect(problem(['--target', '127.0.0.1:80', '--scenarios', 'flat'])).toContain('one or the other');
    expect(problem(['--bogus'])).toContain('bogus');
  });

  it('--help asks for help', () => {
    expect(parseBenchArgs(['--help'], {}, '/out')).toEqual({ help: true });
  });
});

describe('parseSeconds', () => {
  it('accepts Linkerd durations and bare seconds, not less than 100 ms', () => {
    expect(parseSeconds('3s')).toBe(3000);
    expect(parseSeconds('250ms')).toBe(250);
    expect(parseSeconds('1.5')).toBe(1500);
    expect(() => parseSeconds('10ms')).toThrow(/at least 100ms/);
    expect(() => parseSeconds('soon')).toThrow();
  });
});
