// podwire bench parameters (bench/params.ts): defaults, the --quick preset, environment under
// flags, and errors that name the flag or variable that was wrong.
import { describe, expect, it } from 'vitest';
import { DEFAULTS, ParamError, QUICK, SCENARIO_NAMES, parseBenchArgs, parseSeconds } from '../../bench/params.js';

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
    expect(p.idleLevels).toEqual([1000, 10000]);
    expect(p.target).toBeUndefined();
  });

  it('--quick shrinks everything, and later flags still win', () => {
    const p = parse(['--quick', '--rate', '50']);
    expect(p).toMatchObject({ quick: true, rounds: QUICK.rounds, durationMs: QUICK.durationMs, rate: 50 });
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
