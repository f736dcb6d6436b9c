// A whole benchmark run: start the scenarios, check each path works, measure idle memory, run
// the rounds (every workload on every scenario, the scenario order rotated each round so no path
// always goes first or last on a noisy machine), then memory under idle connections, and collect
// everything into BenchResults. Progress goes to `progress`; nothing here prints the report.
import os from 'node:os';
import { VERSION } from '../proxy/version.js';
import type { BenchParams, WorkloadName } from './params.js';
import { idleActivity, type IdleActivity } from './idle-activity.js';
import { cpuSeconds, openFileLimit, rssBytes, sumOver } from './processes.js';
import type { BenchResults, MemoryFigures, MemoryLevel, RoundFigures, ScenarioResult, WithCpu, WithSessions } from './results.js';
import type { Scenario, SessionCount } from './scenarios/types.js';
import { startScenarios, targetSetup, type Progress, type Setup } from './setup.js';
import { runBulk } from './workloads/bulk.js';
import { runHttp } from './workloads/http.js';
import { runHttpFixed } from './workloads/http-fixed.js';
import { idlePool } from './workloads/idle.js';
import { oneShot, runNewConns } from './workloads/new-conns.js';
import { runTcpRr } from './workloads/tcp-rr.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** File descriptors a proxy needs per idle connection (accepted + upstream), and what to keep spare. */
const FDS_PER_CONNECTION = 2;
const FD_RESERVE = 512;

export async function runBench(params: BenchParams, progress: Progress): Promise<BenchResults> {
  const started = Date.now();
  const fdLimit = openFileLimit() ?? 1024;
  const maxIdle = Math.floor((fdLimit - FD_RESERVE) / FDS_PER_CONNECTION);
  const notes: string[] = [];
  const levels = [...new Set(params.idleLevels.map((l) => Math.min(l, maxIdle)))];
  if (params.idleLevels.some((l) => l > maxIdle)) {
    notes.push(`Idle-connection levels above ${maxIdle} were lowered to ${maxIdle}: the open-file limit here is ${fdLimit} and a proxy holds ${FDS_PER_CONNECTION} descriptors per connection.`);
  }
  const proxyEnv = Object.entries(params.proxyEnv).map(([k, v]) => `${k}=${v}`);
  if (proxyEnv.length > 0) notes.push(`podwire's proxies ran with --proxy-env ${proxyEnv.join(' ')}: not the default build's figures.`);
  const results: BenchResults = {
    schema: 'podwire-bench/1',
    startedAt: new Date(started).toISOString(),
    params,
    machine: {
      cpuModel: os.cpus()[0]?.model ?? 'unknown', cpus: os.cpus().length, memoryBytes: os.totalmem(), kernel: `${os.type()} ${os.release()}`,
      loadAverageStart: os.loadavg(), openFileLimit: fdLimit,
    },
    versions: { podwire: VERSION, node: process.version, openssl: process.versions.openssl ?? 'unknown' },
    scenarios: [],
    skipped: [],
    notes,
  };
  const setup: Setup = params.target ? targetSetup(params) : await startScenarios(params, maxIdle + 64, fdLimit, progress);
  try {
    Object.assign(results.versions, setup.versions);
    results.skipped.push(...setup.skipped);
    if (setup.scenarios.length === 0) throw new Error('no scenario could be started');
    for (const s of setup.scenarios) await checkPath(s);
    const measuresIdle = params.workloads.includes('memory');
    await sleep(measuresIdle ? params.memorySettleMs : 500);
    const idle = measuresIdle ? await idleActivity(setup.scenarios.filter((s) => s.proxyPids.length > 0)) : new Map<Scenario, IdleActivity>();
    for (const s of setup.scenarios) {
      const workloads = workloadsOf(s, params);
      const memory = s.proxyPids.length > 0 && workloads.includes('memory');
      results.scenarios.push({ name: s.name, path: s.path, proxies: s.proxyPids.length, workloads, rounds: [], ...(memory && { memory: idleMemory(s, idle.get(s)) }) });
    }
    await warmNewConnections(setup.scenarios, params, results, progress);
    for (let round = 1; round <= params.rounds; round++) {
      // Rotate the order so each scenario takes every position across rounds.
      const order = setup.scenarios.map((_, i) => setup.scenarios[(i + round - 1) % setup.scenarios.length]!);
      for (const s of order) {
        progress(`round ${round}/${params.rounds}: ${s.name}`);
        const figures = await runRound(s, params, round, resultFor(results, s).workloads ?? []);
        resultFor(results, s).rounds.push(figures);
      }
    }
    for (const s of setup.scenarios) {
      const r = resultFor(results, s);
      if (!r.memory || levels.length === 0) continue;
      progress(`memory with idle connections: ${s.name}`);
      r.memory = { ...r.memory, levels: await memoryLevels(s, levels, params) };
    }
  } finally {
    progress('stopping');
    await setup.stop();
  }
  results.machine.loadAverageEnd = os.loadavg();
  results.finishedAt = new Date().toISOString();
  results.durationSeconds = Math.round((Date.now() - started) / 100) / 10;
  return results;
}

/** The workloads asked for (--workloads) that the scenario runs. */
export function workloadsOf(s: Scenario, params: BenchParams): WorkloadName[] {
  return params.workloads.filter((w) => !s.workloads || s.workloads.includes(w));
}

function resultFor(results: BenchResults, s: Scenario): ScenarioResult {
  return results.scenarios.find((r) => r.name === s.name)!;
}

/** One request through the path must succeed within 15 s (discovery may still be settling). */
async function checkPath(s: Scenario): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await oneShot(s))) {
    if (Date.now() > deadline) throw new Error(`scenario ${s.name}: no successful request through ${s.host}:${s.port} within 15 s`);
    await sleep(200);
  }
}

function idleMemory(s: Scenario, activity: IdleActivity | undefined): MemoryFigures {
  return {
    idleRssBytes: sumOver(s.proxyPids, rssBytes),
    perProcessIdleRssBytes: s.proxyPids.map(rssBytes),
    ...(activity?.wakeUpsPerSecond !== undefined && { idleWakeUpsPerSecond: activity.wakeUpsPerSecond }),
    ...(activity?.cpuMsPerSecond !== undefined && { idleCpuMsPerSecond: activity.cpuMsPerSecond }),
    levels: [],
  };
}

/** Run `work` and add the CPU time the scenario's proxies spent meanwhile. */
async function withCpu<T>(s: Scenario, work: () => Promise<T>): Promise<T & WithCpu> {
  if (s.proxyPids.length === 0) return work() as Promise<T & WithCpu>;
  const before = sumOver(s.proxyPids, cpuSeconds);
  const out = await work();
  const after = sumOver(s.proxyPids, cpuSeconds);
  return { ...out, ...(before !== undefined && after !== undefined && { proxyCpuSeconds: Math.round((after - before) * 100) / 100 }) };
}

/** Run `work` and add the sessions the scenario's server side accepted meanwhile, where it counts them. */
async function withSessions<T>(s: Scenario, work: () => Promise<T>): Promise<T & WithSessions> {
  if (!s.sessions) return work() as Promise<T & WithSessions>;
  const before = s.sessions();
  const out = await work();
  // A server-side proxy logs a session when it ends, just after the client saw the close.
  await sleep(300);
  const after = s.sessions();
  const sessions: SessionCount = { sessions: after.sessions - before.sessions, resumed: after.resumed - before.resumed };
  return { ...out, sessions };
}

/**
 * Before round 1, new connections on every scenario that measures them, for params.newConnWarmUpMs:
 * a Node proxy's connection path runs interpreted until V8 has compiled it (seconds of connections
 * at these rates; keep-alive traffic leaves it cold), so the rounds would otherwise measure that.
 * What the warm-up measured is kept as the path's cold figures.
 */
async function warmNewConnections(scenarios: readonly Scenario[], p: BenchParams, results: BenchResults, progress: Progress): Promise<void> {
  if (p.newConnWarmUpMs === 0) return;
  for (const s of scenarios) {
    const r = resultFor(results, s);
    if (!r.workloads?.includes('new-conns')) continue;
    progress(`new-connection warm-up: ${s.name}`);
    r.newConnWarmUp = await withCpu(s, () => runNewConns(s, { concurrency: p.newConnConcurrency, durationMs: p.newConnWarmUpMs }));
  }
}

async function runRound(s: Scenario, p: BenchParams, round: number, workloads: readonly WorkloadName[]): Promise<RoundFigures> {
  const d = p.durationMs;
  const runs = (w: WorkloadName) => workloads.includes(w);
  const figures: { -readonly [K in keyof RoundFigures]: RoundFigures[K] } = { round };
  // Warm the path (JIT, connection pools, caches) with a short unmeasured burst.
  await runHttp(s, { connections: p.connections, durationMs: Math.min(1000, Math.max(200, d / 5)) });
  if (runs('http-fixed')) figures.httpFixed = await runHttpFixed(s, { connections: p.connections, durationMs: p.fixedDurationMs, warmUpMs: p.fixedWarmUpMs, rate: p.rate });
  if (runs('tcp-rr')) figures.tcpRr = await runTcpRr(s, { connections: p.connections, durationMs: p.fixedDurationMs, warmUpMs: p.fixedWarmUpMs, rate: p.rate, payload: p.payload });
  if (runs('http-max')) figures.httpMax = await withCpu(s, () => runHttp(s, { connections: p.connections, durationMs: d }));
  if (runs('new-conns')) figures.newConns = await withSessions(s, () => withCpu(s, () => runNewConns(s, { concurrency: p.newConnConcurrency, durationMs: d })));
  if (runs('bulk')) {
    figures.bulkOne = await withCpu(s, () => runBulk(s, { connections: 1, durationMs: d }));
    figures.bulkMany = await withCpu(s, () => runBulk(s, { connections: p.bulkConnections, durationMs: d }));
  }
  return figures;
}

async function memoryLevels(s: Scenario, levels: readonly number[], p: BenchParams): Promise<MemoryLevel[]> {
  const pool = idlePool(s);
  const out: MemoryLevel[] = [];
  try {
    for (const target of levels) {
      const fill = await pool.fill(target, p.idleOpenTimeoutMs);
      await sleep(1000);
      const rssAtFillBytes = sumOver(s.proxyPids, rssBytes);
      await sleep(Math.max(0, p.memorySettleMs - 1000));
      out.push({ target, ...fill, rssBytes: sumOver(s.proxyPids, rssBytes), ...(rssAtFillBytes !== undefined && { rssAtFillBytes }) });
    }
  } finally {
    pool.close();
    // Let the proxies see the closes before the next scenario is measured.
    await sleep(1000);
  }
  return out;
}
