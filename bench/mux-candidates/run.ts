// Driver of the issue-15 transport measurement: starts the bench backend (`podwire bench backend`,
// its own process), then for each round and each candidate (order rotated every round) a fresh
// tunnel pair (candidates.ts), runs the workloads against the pair's client-side listener and
// reads both tunnel processes' CPU time and RSS from /proc. Prints one line per candidate and
// round, then a Markdown table of medians with the rounds' min–max, and writes every figure as
// JSON to bench/mux-candidates/results/ (or --json FILE).
//
//   npx tsc -p tsconfig.json && node dist/bench/mux-candidates/run.js
//     [--rounds 3] [--duration 3s] [--candidates tls-per-conn,http2,yamux,podwire-mux] (or http2-defaults)
//     [--idle-connections 1000] [--rate 1000] [--paced-mbps 50] [--workloads LIST] [--json FILE] [--cpu-prof DIR]
//
// --cpu-prof DIR runs the pairs under node --cpu-prof (profiles in DIR/<candidate>-r<round>/, one
// per process): for finding hot spots, not for figures (profiling costs CPU).
// Per pair, in this order: RSS at start; RSS with --idle-connections open idle connections (2 s
// to settle); new connections/s (concurrency 8, one HTTP request each); bulk (1 connection);
// tcp-rr at --rate over 16 connections (1 KiB echo); HTTP/1.1 keep-alive flat out (autocannon,
// 16 connections); tcp-rr again while one bulk connection runs through the same pair (for the
// mux candidates: the same TLS connection); tcp-rr again beside one bulk connection whose reader
// takes only --paced-mbps (paced-bulk.ts: no CPU saturation, so what remains is the sharing).
// Warm-ups before each, not measured. --workloads picks some of: idle, new-conns, bulk, tcp-rr,
// keep-alive, mixed, mixed-paced (comma-separated; default all).
// Addresses: 127.102.0.0/16 only (backend 127.102.0.10:8080); one run at a time on a machine.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childProcessEnv } from '../../proxy/config.js';
import { parseDuration } from '../../proxy/config/parse.js';
import { canConnect, cpuSeconds, killAll, rssBytes, spawnProcess, sumOver, waitForPort } from '../processes.js';
import { PODWIRE_CLI } from '../scenarios/cli-path.js';
import { createBenchPki } from '../scenarios/pki.js';
import type { Scenario } from '../scenarios/types.js';
import { median } from '../stats.js';
import { runBulk } from '../workloads/bulk.js';
import { runHttp } from '../workloads/http.js';
import { idlePool } from '../workloads/idle.js';
import { runNewConns } from '../workloads/new-conns.js';
import { runTcpRr } from '../workloads/tcp-rr.js';
import { runPacedBulk } from './paced-bulk.js';
import { BACKEND, CANDIDATES, DEFAULT_CANDIDATES, PER_STREAM, issueCerts, startCandidate, type CandidateCerts, type CandidateName } from './candidates.js';
import { FIGURES, markdownTable, type Figures } from './table.js';
import { wholeNumber } from '../flag-values.js';

interface Options {
  rounds: number;
  durationMs: number;
  candidates: CandidateName[];
  idleConnections: number;
  rate: number;
  json?: string;
  cpuProf?: string;
  pacedMbps: number;
  workloads: Set<Workload>;
}

const WORKLOADS = ['idle', 'new-conns', 'bulk', 'tcp-rr', 'keep-alive', 'mixed', 'mixed-paced'] as const;
type Workload = (typeof WORKLOADS)[number];

function parseOptions(argv: readonly string[]): Options {
  const o: Options = { rounds: 3, durationMs: 3000, candidates: [...DEFAULT_CANDIDATES], idleConnections: 1000, rate: 1000, pacedMbps: 50, workloads: new Set(WORKLOADS) };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const count = () => wholeNumber(flag, value);
    if (flag === '--rounds') o.rounds = count();
    else if (flag === '--duration') o.durationMs = parseDuration(value);
    else if (flag === '--idle-connections') o.idleConnections = count();
    else if (flag === '--rate') o.rate = count();
    else if (flag === '--paced-mbps') o.pacedMbps = count();
    else if (flag === '--workloads') {
      const names = value.split(',');
      for (const n of names) if (!(WORKLOADS as readonly string[]).includes(n)) throw new Error(`--workloads: unknown ${JSON.stringify(n)} (known: ${WORKLOADS.join(', ')})`);
      o.workloads = new Set(names as Workload[]);
    }
    else if (flag === '--json') o.json = value;
    else if (flag === '--cpu-prof') o.cpuProf = path.resolve(value);
    else if (flag === '--candidates') {
      const names = value.split(',');
      for (const n of names) if (!(CANDIDATES as readonly string[]).includes(n)) throw new Error(`--candidates: unknown ${JSON.stringify(n)} (known: ${CANDIDATES.join(', ')})`);
      o.candidates = names as CandidateName[];
    } else throw new Error(`unknown option ${flag} (see the header of bench/mux-candidates/run.ts)`);
  }
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every workload on one freshly started pair. */
async function measurePair(s: Scenario, o: Options): Promise<Figures> {
  const cpu = () => sumOver(s.proxyPids, cpuSeconds) ?? NaN;
  const rss = () => (sumOver(s.proxyPids, rssBytes) ?? NaN) / 1e6;
  const f: Figures = {};
  const D = o.durationMs;
  const w = o.workloads;
  await sleep(500);
  f.rssStartMB = rss();
  f.errors = 0;

  if (w.has('idle')) await idleStep(s, o, f, rss);
  if (w.has('new-conns')) {
    await runNewConns(s, { concurrency: 8, durationMs: 500 });
    const c0 = cpu();
    const nc = await runNewConns(s, { concurrency: 8, durationMs: D });
    f.connPerSec = nc.rps;
    f.cpuMsPerConn = ((cpu() - c0) * 1000) / Math.max(1, nc.requests);
    f.connP50Us = nc.latencyUs.p50;
    f.connP99Us = nc.latencyUs.p99;
    f.errors += nc.errors;
  }
  if (w.has('bulk')) {
    await runBulk(s, { connections: 1, durationMs: 1000 });
    const c0 = cpu();
    const bulk = await runBulk(s, { connections: 1, durationMs: D });
    f.bulkMBps = bulk.mbPerSec;
    f.cpuSPerGB = (cpu() - c0) / (bulk.bytes / 1e9);
    f.errors += bulk.errors;
  }
  const rr = { connections: 16, rate: o.rate, payload: 1024 };
  if (w.has('tcp-rr')) {
    await runTcpRr(s, { ...rr, durationMs: 1000 });
    const c0 = cpu();
    const r = await runTcpRr(s, { ...rr, durationMs: D });
    f.rrP50Us = r.latencyUs.p50;
    f.rrP99Us = r.latencyUs.p99;
    f.rrP999Us = r.latencyUs.p99_9;
    f.cpuUsPerReq = ((cpu() - c0) * 1e6) / Math.max(1, r.requests);
    f.errors += r.errors;
  }
  if (w.has('keep-alive')) {
    await runHttp(s, { connections: 16, durationMs: 1000 });
    const c0 = cpu();
    const ka = await runHttp(s, { connections: 16, durationMs: D });
    f.keepAliveRps = ka.rps;
    f.keepAliveP99Us = ka.latencyUs.p99;
    f.cpuUsPerKaReq = ((cpu() - c0) * 1e6) / Math.max(1, ka.requests);
    f.errors += ka.errors;
  }
  if (w.has('mixed')) {
    // Request/response while one bulk stream shares the pair (the mux candidates: the same connection).
    const [mixedRr, mixedBulk] = await Promise.all([runTcpRr(s, { ...rr, durationMs: D }), runBulk(s, { connections: 1, durationMs: D })]);
    f.mixedRrP50Us = mixedRr.latencyUs.p50;
    f.mixedRrP99Us = mixedRr.latencyUs.p99;
    f.mixedRrP999Us = mixedRr.latencyUs.p99_9;
    f.mixedBulkMBps = mixedBulk.mbPerSec;
    f.errors += mixedRr.errors + mixedBulk.errors;
  }
  if (w.has('mixed-paced')) {
    // The same beside a bulk stream whose reader is paced: flow control, not CPU, limits it.
    if (!w.has('tcp-rr')) await runTcpRr(s, { ...rr, durationMs: 1000 });
    const [pacedRr, paced] = await Promise.all([runTcpRr(s, { ...rr, durationMs: D }), runPacedBulk(s, { mbPerSec: o.pacedMbps, durationMs: D })]);
    f.pacedRrP50Us = pacedRr.latencyUs.p50;
    f.pacedRrP99Us = pacedRr.latencyUs.p99;
    f.pacedRrP999Us = pacedRr.latencyUs.p99_9;
    f.pacedBulkMBps = paced.mbPerSec;
    f.errors += pacedRr.errors + paced.errors;
  }
  f.rssEndMB = rss();
  return f;
}

/** RSS with --idle-connections open idle connections (2 s to settle); closes them again. */
async function idleStep(s: Scenario, o: Options, f: Figures, rss: () => number): Promise<void> {
  const pool = idlePool(s);
  try {
    const fill = await pool.fill(o.idleConnections, 120_000);
    f.idleOpened = fill.opened;
    await sleep(2000);
    f.rssIdleMB = rss();
    f.idleKBPerConn = ((f.rssIdleMB - f.rssStartMB!) * 1000) / Math.max(1, fill.opened);
  } finally {
    pool.close();
  }
  await sleep(1000);
}

function line(f: Figures): string {
  return FIGURES.filter((d) => f[d.key] !== undefined).map((d) => `${d.key}=${d.format(f[d.key]!)}`).join(' ');
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (await canConnect(BACKEND.host, BACKEND.port)) throw new Error(`${BACKEND.host}:${BACKEND.port} is in use: another run of this bench is going on`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'podwire-mux-candidates-'));
  const backend = spawnProcess('bench backend', process.execPath, [
    PODWIRE_CLI, 'bench', 'backend', '--listen', `${BACKEND.host}:${BACKEND.port}`, '--payload', '16',
  ], childProcessEnv({}));
  const startedAt = new Date().toISOString();
  const rounds: Record<string, (Figures | { error: string })[]> = {};
  try {
    await waitForPort(backend, BACKEND.host, BACKEND.port);
    const pki = await createBenchPki(dir);
    const certs = new Map<CandidateName, CandidateCerts>();
    for (const name of o.candidates) certs.set(name, await issueCerts(pki, name));
    for (let round = 1; round <= o.rounds; round++) {
      const order = o.candidates.map((_, i) => o.candidates[(i + round - 1) % o.candidates.length]!);
      for (const name of order) {
        let pair: Scenario | undefined;
        try {
          const prof = o.cpuProf === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', path.join(o.cpuProf, `${name}-r${round}`)];
          pair = await startCandidate(name, certs.get(name)!, BACKEND, undefined, prof);
          const f = await measurePair(pair, o);
          (rounds[name] ??= []).push(f);
          console.log(`round ${round} ${name}: ${line(f)}`);
        } catch (err) {
          const error = (err as Error).message;
          (rounds[name] ??= []).push({ error });
          console.log(`round ${round} ${name}: FAILED ${error}`);
        } finally {
          await pair?.stop();
        }
      }
    }
  } finally {
    await backend.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const medians: Record<string, Figures> = {};
  const table = markdownTable(o.candidates, (name) => (rounds[name] ?? []).filter((r): r is Figures => !('error' in r)));
  for (const name of o.candidates) {
    const ok = (rounds[name] ?? []).filter((r): r is Figures => !('error' in r));
    medians[name] = Object.fromEntries(FIGURES.map((d) => [d.key, median(ok.map((r) => r[d.key]))!]));
  }
  console.log(`\n${table}`);
  const machine = { cpuModel: os.cpus()[0]?.model ?? 'unknown', cpus: os.cpus().length, memoryBytes: os.totalmem(), kernel: `${os.type()} ${os.release()}`, node: process.version, openssl: process.versions.openssl };
  const out = o.json ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bench/mux-candidates/results', `${startedAt.replace(/[:.]/g, '-')}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ schema: 'podwire-mux-candidates/1', startedAt, options: { ...o, workloads: [...o.workloads] }, machine, perStream: PER_STREAM, rounds, medians, table }, null, 2) + '\n');
  console.log(`\nfigures written to ${out}`);
}

process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
