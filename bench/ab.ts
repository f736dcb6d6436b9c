// Interleaved A/B of one bench workload on the flat pair (client → podwire → mTLS → podwire →
// server), for changes whose effect is smaller than the spread between two separate bench runs.
// The pair runs PODWIRE_MUX=false (the per-connection path) unless a variant sets PODWIRE_MUX.
// Each round starts the pair once with variant A's proxy environment and once with B's (order
// alternating), runs the workload for --duration, reads both proxies' CPU time from /proc, then
// prints per-round figures and the medians of B/A.
//
//   node dist/bench/ab.js --workload new-conns --a PODWIRE_OUTBOUND_TLS_RESUMPTION=false --b PODWIRE_OUTBOUND_TLS_RESUMPTION=true
//   node dist/bench/ab.js --workload bulk --a PODWIRE_V8_INCREMENTAL_MARKING=true --b PODWIRE_V8_INCREMENTAL_MARKING=false
//     [--rounds 5] [--duration 5s] [--concurrency 8] [--connections 1] [--rate 1000] [--idle-connections 1000]
//
// Workloads: new-conns (connections/s, CPU per connection, p50), bulk (MB/s and CPU per GB over
// --connections connections), tcp-rr and http-fixed (fixed --rate over 16 connections, raw echo
// or HTTP/1.1 keep-alive, after the bench's fixed-rate warm-up: p50/p99/p99.9, CPU per request),
// http-max (HTTP/1.1 keep-alive flat out over 16 connections: req/s, CPU per request),
// idle (both proxies' RSS when started, then with --idle-connections open idle
// connections, after 2 s to settle). --a/--b take NAME=VALUE and repeat. Uses the bench's fixed addresses
// (127.101.0.0/16): only one bench at a time on a machine.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { childProcessEnv } from '../proxy/config.js';
import { parseDuration } from '../proxy/config/parse.js';
import { canConnect, cpuSeconds, killAll, rssBytes, spawnProcess, sumOver, waitForPort } from './processes.js';
import { DEFAULTS } from './params.js';
import { median } from './stats.js';
import { PODWIRE_CLI } from './scenarios/cli-path.js';
import { createBenchPki } from './scenarios/pki.js';
import { POD_IPS, startPodwireScenarios } from './scenarios/podwire.js';
import { ADDR, type Scenario } from './scenarios/types.js';
import { runBulk } from './workloads/bulk.js';
import { runHttp } from './workloads/http.js';
import { runHttpFixed } from './workloads/http-fixed.js';
import { idlePool } from './workloads/idle.js';
import { runNewConns } from './workloads/new-conns.js';
import { runTcpRr } from './workloads/tcp-rr.js';
import { envAssignment, wholeNumber } from './flag-values.js';

const WORKLOADS = ['new-conns', 'bulk', 'tcp-rr', 'http-fixed', 'http-max', 'idle'] as const;
type Workload = (typeof WORKLOADS)[number];

interface Options {
  readonly a: Record<string, string>;
  readonly b: Record<string, string>;
  workload: Workload;
  rounds: number;
  durationMs: number;
  concurrency: number;
  connections: number;
  rate: number;
  idleConnections: number;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { a: {}, b: {}, workload: 'new-conns', rounds: 5, durationMs: 5000, concurrency: 8, connections: 1, rate: 1000, idleConnections: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const count = () => wholeNumber(flag, value);
    if (flag === '--a' || flag === '--b') {
      const [name, setting] = envAssignment(flag, value);
      o[flag === '--a' ? 'a' : 'b'][name] = setting;
    } else if (flag === '--workload') {
      if (!(WORKLOADS as readonly string[]).includes(value)) throw new Error(`--workload: expected one of ${WORKLOADS.join(', ')}, got ${JSON.stringify(value)}`);
      o.workload = value as Workload;
    } else if (flag === '--rounds') o.rounds = count();
    else if (flag === '--concurrency') o.concurrency = count();
    else if (flag === '--connections') o.connections = count();
    else if (flag === '--rate') o.rate = count();
    else if (flag === '--idle-connections') o.idleConnections = count();
    else if (flag === '--duration') o.durationMs = parseDuration(value);
    else throw new Error(`unknown option ${flag} (see --help)`);
  }
  return o;
}

/** One variant's figures in one round: named values, each compared as B/A. */
type Figures = Record<string, number>;

/** The unit each figure is printed with. */
const UNITS: Record<string, string> = {
  'req/s': 'req/s', 'conn/s': 'conn/s', 'CPU ms/conn': 'ms CPU/conn', 'p50 µs': 'µs p50', 'MB/s': 'MB/s', 'CPU s/GB': 's CPU/GB',
  'p99 µs': 'µs p99', 'p99.9 µs': 'µs p99.9', 'CPU µs/req': 'µs CPU/req', errors: 'errors',
  'RSS MB': 'MB RSS at start', 'idle RSS MB': 'MB RSS with the idle connections', opened: 'opened',
};

/** Another bench's processes on the fixed addresses would answer in place of ours. */
async function refuseIfTaken(withBackend: boolean): Promise<void> {
  const addrs: [string, number][] = [[POD_IPS.flatClient, 4191], [POD_IPS.flatServer, 4191]];
  if (withBackend) addrs.push([ADDR.backend, ADDR.backendPort]);
  for (const [host, port] of addrs) {
    if (await canConnect(host, port)) throw new Error(`${host}:${port} is already in use: another bench is running on 127.101.0.0/16; wait for it to finish`);
  }
}

/** Run the workload once (warm-up first, not measured) and turn its result and CPU into figures. */
async function runWorkload(flat: Scenario, o: Options): Promise<Figures> {
  const cpu = () => sumOver(flat.proxyPids, cpuSeconds) ?? NaN;
  if (o.workload === 'new-conns') {
    // Warm-up, as the bench's (params.ts, newConnWarmUpMs): the connection path compiled by V8, the
    // client's first resolution, the first ticket.
    await runNewConns(flat, { concurrency: o.concurrency, durationMs: DEFAULTS.newConnWarmUpMs });
    const cpu0 = cpu();
    const r = await runNewConns(flat, { concurrency: o.concurrency, durationMs: o.durationMs });
    return { 'conn/s': r.rps, 'CPU ms/conn': ((cpu() - cpu0) * 1000) / Math.max(1, r.requests), 'p50 µs': r.latencyUs.p50, errors: r.errors };
  }
  if (o.workload === 'idle') return await idleFigures(flat, o);
  if (o.workload === 'http-max') {
    const http = { connections: 16 };
    await runHttp(flat, { ...http, durationMs: 1000 });
    const cpu0 = cpu();
    const r = await runHttp(flat, { ...http, durationMs: o.durationMs });
    return { 'req/s': r.rps, 'CPU µs/req': ((cpu() - cpu0) * 1e6) / Math.max(1, r.requests), errors: r.errors };
  }
  if (o.workload === 'bulk') {
    await runBulk(flat, { connections: o.connections, durationMs: 1000 });
    const cpu0 = cpu();
    const r = await runBulk(flat, { connections: o.connections, durationMs: o.durationMs });
    return { 'MB/s': r.mbPerSec, 'CPU s/GB': (cpu() - cpu0) / (r.bytes / 1e9), errors: r.errors };
  }
  // The bench's fixed-rate warm-up (paced.ts): at the rate on the same connections, not recorded;
  // CPU is read from the end of it.
  let cpu0 = NaN;
  const rr = { connections: 16, rate: o.rate, payload: 1024, durationMs: o.durationMs, warmUpMs: DEFAULTS.fixedWarmUpMs, onMeasureStart: () => { cpu0 = cpu(); } };
  const r = o.workload === 'http-fixed' ? await runHttpFixed(flat, rr) : await runTcpRr(flat, rr);
  return {
    'p50 µs': r.latencyUs.p50, 'p99 µs': r.latencyUs.p99, 'p99.9 µs': r.latencyUs.p99_9,
    'CPU µs/req': ((cpu() - cpu0) * 1e6) / Math.max(1, r.requests), errors: r.errors,
  };
}

async function idleFigures(flat: Scenario, o: Options): Promise<Figures> {
  const rss = () => (sumOver(flat.proxyPids, rssBytes) ?? NaN) / 1e6;
  const atStart = rss();
  const pool = idlePool(flat);
  try {
    const fill = await pool.fill(o.idleConnections, 120_000);
    await new Promise((r) => setTimeout(r, 2000));
    return { 'RSS MB': atStart, 'idle RSS MB': rss(), opened: fill.opened };
  } finally {
    pool.close();
  }
}

async function measure(dir: string, env: Record<string, string>, o: Options): Promise<Figures> {
  await refuseIfTaken(false);
  const pki = await createBenchPki(dir);
  const pods = await startPodwireScenarios(new Set(['flat']), dir, pki, { host: ADDR.backend, port: ADDR.backendPort }, env);
  try {
    return await runWorkload(pods.scenarios[0]!, o);
  } finally {
    await pods.stop();
  }
}

function line(f: Figures): string {
  return Object.entries(f).map(([k, v]) => `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ${UNITS[k] ?? k}`).join(', ');
}

const USAGE = `bench/ab.ts: one workload on the flat pair, two proxy environments interleaved round by round

  node dist/bench/ab.js --workload WORKLOAD --a NAME=VALUE --b NAME=VALUE
    [--rounds 5] [--duration 5s] [--concurrency 8] [--connections 1] [--rate 1000] [--idle-connections 1000]

Workloads: ${WORKLOADS.join(', ')}. --a and --b repeat (one variable each). Prints each round's
figures and the medians of B/A. Uses 127.101.0.0/16: one bench at a time.`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const o = parseArgs(args);
  await refuseIfTaken(true);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'podwire-ab-'));
  const backend = spawnProcess('bench backend', process.execPath, [
    PODWIRE_CLI, 'bench', 'backend', '--listen', `${ADDR.backend}:${ADDR.backendPort}`, '--payload', '16',
  ], childProcessEnv({}));
  try {
    await waitForPort(backend, ADDR.backend, ADDR.backendPort);
    console.error(`workload ${o.workload}\nA: ${JSON.stringify(o.a)}\nB: ${JSON.stringify(o.b)}`);
    const ratios: Record<string, number[]> = {};
    for (let round = 1; round <= o.rounds; round++) {
      const order = round % 2 ? (['a', 'b'] as const) : (['b', 'a'] as const);
      const got: Partial<Record<'a' | 'b', Figures>> = {};
      for (const v of order) got[v] = await measure(path.join(dir, `${round}${v}`), o[v], o);
      const { a, b } = got as Record<'a' | 'b', Figures>;
      const roundRatios = Object.keys(a).filter((k) => k !== 'errors' && k !== 'opened').map((k) => {
        (ratios[k] ??= []).push(b[k]! / a[k]!);
        return `${k} ${(b[k]! / a[k]!).toFixed(2)}`;
      });
      console.log(`round ${round}: A ${line(a)} | B ${line(b)} | B/A ${roundRatios.join(', ')}`);
    }
    const medians = Object.entries(ratios).map(([k, xs]) => `${k} ${median(xs)!.toFixed(2)}x`);
    console.log(`median B/A over ${o.rounds} rounds: ${medians.join(', ')}`);
  } finally {
    await backend.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
