// Benchmark parameters: defaults, the --quick preset, PODWIRE_BENCH_* environment variables and
// command-line flags, in that order of precedence (flags win). Every bad value is reported with
// the flag or variable that carried it. The environment arrives as a plain object: only
// proxy/config.ts reads process.env.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration } from '../proxy/config/parse.js';
import { parseSocketAddr } from '../proxy/transport/addr.js';
import { envAssignment } from './flag-values.js';

export const SCENARIO_NAMES = ['direct', 'node-floor', 'flat', 'flat-mux', 'gateway', 'gateway-mux', 'haproxy', 'nginx', 'haproxy-reuse', 'nginx-reuse'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** The workloads of a round, and 'memory' (proxy RSS idle and with idle connections, once per run). */
export const WORKLOAD_NAMES = ['http-fixed', 'tcp-rr', 'http-max', 'new-conns', 'bulk', 'memory'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

export interface BenchParams {
  /** Requests per second of the fixed-rate workloads (HTTP and TCP request/response), all connections together. */
  readonly rate: number;
  /** Measured time of each workload, ms (a warm-up of a fifth of it, at most 1 s, comes first). */
  readonly durationMs: number;
  /**
   * Measured time of the two fixed-rate workloads, ms: longer than the others, because their p99
   * and p99.9 need many samples to repeat from round to round (at 1,000 req/s, 3 s gave p99.9 from
   * 30 samples, and it swung 25–103 ms between rounds).
   */
  readonly fixedDurationMs: number;
  /**
   * Time at the fixed rate, on the same connections, before fixedDurationMs is measured, ms; its
   * responses are not recorded. The first seconds at a fixed rate after the warm-up burst had a
   * p99 several times the steady one on every path, direct included (workloads/paced.ts).
   */
  readonly fixedWarmUpMs: number;
  /** Connections of the fixed-rate and maximum-rate workloads. */
  readonly connections: number;
  /** Response body (HTTP) and request/response size (TCP), bytes. */
  readonly payload: number;
  readonly rounds: number;
  /** Connections of the "bulk, several connections" workload. */
  readonly bulkConnections: number;
  /** Connections opened at once by the new-connection workload. */
  readonly newConnConcurrency: number;
  /**
   * New connections for this long on each scenario before its first round, ms; reported apart as
   * the cold figures. A freshly started Node proxy's connection path runs interpreted until V8 has
   * compiled it, and keep-alive traffic does not warm it: new connections/s through flat-mux rose
   * from ~450 in the first second to ~1,400 after 5 s (flat ~290 to ~500 after 8 s), 20 s of
   * keep-alive HTTP first or not. Without it, round 1 measured the compiler.
   */
  readonly newConnWarmUpMs: number;
  /** Open idle connections at which proxy memory is measured. */
  readonly idleLevels: readonly number[];
  /** How long opening one idle level may take before the level is reported as reached so far, ms. */
  readonly idleOpenTimeoutMs: number;
  /**
   * How long the proxies are left alone before their RSS is read, idle and at each level, ms.
   * A garbage-collected proxy gives memory back only once quiet: podwire's idle-heap.ts and
   * V8's memory reducer take 10–20 s (a C proxy's figure does not change).
   */
  readonly memorySettleMs: number;
  readonly scenarios: readonly ScenarioName[];
  readonly workloads: readonly WorkloadName[];
  /** Drive this address instead of starting scenarios. */
  readonly target?: { host: string; port: number; text: string };
  /**
   * Where the outputs go. layout 'run' (the default): a new directory per run,
   * <outDir>/<timestamp>/{RESULTS.md,latency.svg,results.json}, with outDir bench/results
   * (gitignored), so a run never overwrites the committed report. layout 'report' (--report, or
   * --out DIR): <outDir>/RESULTS.md, <outDir>/latency.svg and <outDir>/results/<timestamp>.json —
   * with --report, the committed bench/RESULTS.md and bench/latency.svg.
   */
  readonly outDir: string;
  readonly layout: 'run' | 'report';
  readonly quick: boolean;
  /** Free-text notes for the report (e.g. "the machine was busy"). */
  readonly notes: readonly string[];
  /**
   * Added to the environment of every podwire proxy the run starts (not its controllers, node-floor
   * or the peers): a setting or NODE_OPTIONS being measured, e.g. a probe loaded with --import.
   */
  readonly proxyEnv: Readonly<Record<string, string>>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export const DEFAULTS: Omit<BenchParams, 'outDir' | 'layout' | 'target'> = {
  rate: 1000,
  durationMs: 3000,
  fixedDurationMs: 15_000,
  fixedWarmUpMs: 5000,
  connections: 16,
  payload: 1024,
  rounds: 3,
  bulkConnections: 4,
  newConnConcurrency: 8,
  newConnWarmUpMs: 8000,
  idleLevels: [1000, 10000],
  idleOpenTimeoutMs: 60_000,
  memorySettleMs: 25_000,
  scenarios: SCENARIO_NAMES,
  workloads: WORKLOAD_NAMES,
  quick: false,
  notes: [],
  proxyEnv: {},
};

/** --quick: every figure, tiny amounts, one round: for tests and smoke checks. */
export const QUICK: Partial<BenchParams> = {
  rate: 200,
  durationMs: 500,
  fixedDurationMs: 500,
  fixedWarmUpMs: 200,
  connections: 4,
  rounds: 1,
  bulkConnections: 2,
  newConnConcurrency: 4,
  newConnWarmUpMs: 200,
  idleLevels: [20, 100],
  idleOpenTimeoutMs: 10_000,
  memorySettleMs: 1000,
  quick: true,
};

export class ParamError extends Error {}

/** Environment variables read by the bench, with the flag each one stands for. */
export const ENV_FLAGS = {
  PODWIRE_BENCH_RATE: 'rate',
  PODWIRE_BENCH_DURATION: 'duration',
  PODWIRE_BENCH_FIXED_DURATION: 'fixed-duration',
  PODWIRE_BENCH_FIXED_WARM_UP: 'fixed-warm-up',
  PODWIRE_BENCH_NEW_CONN_WARM_UP: 'new-conn-warm-up',
  PODWIRE_BENCH_CONNECTIONS: 'connections',
  PODWIRE_BENCH_PAYLOAD: 'payload',
  PODWIRE_BENCH_ROUNDS: 'rounds',
} as const;

const FLAG_OPTIONS = {
  rate: { type: 'string' },
  duration: { type: 'string' },
  'fixed-duration': { type: 'string' },
  'fixed-warm-up': { type: 'string' },
  'new-conn-warm-up': { type: 'string' },
  connections: { type: 'string' },
  payload: { type: 'string' },
  rounds: { type: 'string' },
  'bulk-connections': { type: 'string' },
  'new-conn-concurrency': { type: 'string' },
  'idle-levels': { type: 'string' },
  'idle-timeout': { type: 'string' },
  scenarios: { type: 'string' },
  workloads: { type: 'string' },
  target: { type: 'string' },
  out: { type: 'string' },
  report: { type: 'boolean' },
  quick: { type: 'boolean' },
  note: { type: 'string', multiple: true },
  'proxy-env': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

function positiveInt(text: string, max = 1e9): number {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > max) throw new Error(`expected a whole number from 1 to ${max}, got ${JSON.stringify(text)}`);
  return Number(t);
}

/** "3s", "500ms" (Linkerd durations) or a bare number of seconds. */
export function parseSeconds(text: string): number {
  const t = text.trim();
  const ms = /^\d+(\.\d+)?$/.test(t) ? Math.round(Number(t) * 1000) : parseDuration(t);
  if (ms < 100) throw new Error(`must be at least 100ms, got ${JSON.stringify(text)}`);
  return ms;
}

/** Like parseSeconds, but 0 ("0", "0s") is allowed: no warm-up. */
export function parseSecondsOrZero(text: string): number {
  return /^\s*0+(\.0+)?(s|ms)?\s*$/.test(text) ? 0 : parseSeconds(text);
}

/** A comma-separated subset of `known` (what: "scenario", "workload"), duplicates dropped, order kept. */
function parseList<T extends string>(text: string, known: readonly T[], what: string): T[] {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new Error(`expected a comma-separated list of ${what}s`);
  for (const n of names) {
    if (!(known as readonly string[]).includes(n)) throw new Error(`unknown ${what} ${JSON.stringify(n)} (known: ${known.join(', ')})`);
  }
  return [...new Set(names)] as T[];
}

function parseLevels(text: string): number[] {
  const levels = text.split(',').map((s) => positiveInt(s, 1_000_000));
  return [...new Set(levels)].sort((a, b) => a - b);
}

/**
 * Variables --proxy-env may not set: each scenario sets them itself (flat and gateway are defined by
 * PODWIRE_MUX=false, the -mux ones by true; the gateway proxy by PODWIRE_GATEWAY).
 */
const SCENARIO_VARIABLES: readonly string[] = ['PODWIRE_MUX', 'PODWIRE_GATEWAY'];

/** --proxy-env values: NAME=VALUE each, later ones winning. */
function parseProxyEnv(values: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const v of values) {
    const [name, setting] = envAssignment('--proxy-env', v);
    if (SCENARIO_VARIABLES.includes(name)) throw new Error(`--proxy-env: ${name} is set by each scenario (pick flat or flat-mux, gateway or gateway-mux with --scenarios)`);
    env[name] = setting;
  }
  return env;
}

export function parseTarget(text: string): { host: string; port: number; text: string } {
  const a = parseSocketAddr(text.trim());
  if (a.port === 0) throw new Error('the target port must not be 0');
  return { host: a.ip, port: a.port, text: text.trim() };
}

export type ParseResult = { help: true } | { help: false; params: BenchParams };

/**
 * Parse `argv` (after `podwire bench`) over `env`; throws ParamError naming every bad flag or
 * variable. `benchDir` is the bench/ directory: runs go to benchDir/results/<timestamp>/ unless
 * --out or --report says otherwise.
 */
export function parseBenchArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, benchDir: string): ParseResult {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: FLAG_OPTIONS, allowPositionals: false, strict: true });
  } catch (err) {
    throw new ParamError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) return { help: true };
  if (v.out !== undefined && v.report) throw new ParamError('--out and --report both say where the report goes: pick one');
  const output = v.out !== undefined ? { outDir: v.out, layout: 'report' as const }
    : v.report ? { outDir: benchDir, layout: 'report' as const }
    : { outDir: path.join(benchDir, 'results'), layout: 'run' as const };
  const p: Mutable<BenchParams> = { ...DEFAULTS, ...(v.quick ? QUICK : {}), ...output };
  const problems: string[] = [];
  const apply = <K extends keyof BenchParams>(from: string, text: string | undefined, key: K, parse: (t: string) => BenchParams[K]) => {
    if (text === undefined) return;
    try {
      p[key] = parse(text);
    } catch (err) {
      problems.push(`${from}: ${(err as Error).message}`);
    }
  };
  const numeric = [
    ['rate', 'rate', (t: string) => positiveInt(t, 1_000_000)],
    ['duration', 'durationMs', parseSeconds],
    ['fixed-duration', 'fixedDurationMs', parseSeconds],
    ['fixed-warm-up', 'fixedWarmUpMs', parseSecondsOrZero],
    ['new-conn-warm-up', 'newConnWarmUpMs', parseSecondsOrZero],
    ['connections', 'connections', (t: string) => positiveInt(t, 10_000)],
    ['payload', 'payload', (t: string) => positiveInt(t, 16 * 1024 * 1024)],
    ['rounds', 'rounds', (t: string) => positiveInt(t, 100)],
  ] as const;
  for (const [flag, key, parse] of numeric) {
    const envName = Object.entries(ENV_FLAGS).find(([, f]) => f === flag)![0];
    apply(envName, env[envName]?.trim() || undefined, key, parse as (t: string) => never);
    apply(`--${flag}`, v[flag], key, parse as (t: string) => never);
  }
  apply('--bulk-connections', v['bulk-connections'], 'bulkConnections', (t) => positiveInt(t, 1000));
  apply('--new-conn-concurrency', v['new-conn-concurrency'], 'newConnConcurrency', (t) => positiveInt(t, 1000));
  apply('--idle-levels', v['idle-levels'], 'idleLevels', parseLevels);
  apply('--idle-timeout', v['idle-timeout'], 'idleOpenTimeoutMs', parseSeconds);
  apply('--scenarios', v.scenarios, 'scenarios', (t) => parseList(t, SCENARIO_NAMES, 'scenario'));
  apply('--workloads', v.workloads, 'workloads', (t) => parseList(t, WORKLOAD_NAMES, 'workload'));
  apply('--target', v.target, 'target', parseTarget);
  if (v.note) p.notes = v.note;
  if (v['proxy-env']) {
    try {
      p.proxyEnv = parseProxyEnv(v['proxy-env']);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (p.target && Object.keys(p.proxyEnv).length > 0) problems.push('--target and --proxy-env: with --target the bench starts no proxies');
  if (p.target && v.scenarios !== undefined) problems.push('--target and --scenarios: give one or the other (--target drives one address)');
  if (problems.length > 0) throw new ParamError(problems.join('\n'));
  return { help: false, params: Object.freeze(p) };
}
