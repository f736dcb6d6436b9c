// `podwire bench` from the built CLI, in its quickest mode: against direct, node-floor and podwire
// flat it must produce every figure of the report, sane (positive, percentiles in order, no errors
// on a healthy path), plus RESULTS.md and the SVG chart; the session-reuse pairs must really resume
// sessions (and the plain pairs not); --target drives a given address; --proxy-env reaches podwire's
// proxies only; bad flags exit 2 naming the flag. Speed is never asserted: it is read from the report, not judged in CI.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBackend } from '../../bench/backend.js';
import type { BenchResults, RoundFigures } from '../../bench/results.js';
import { percentilesOrdered } from '../../bench/stats.js';
import { CLI } from '../harness/proxy-process.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'podwire-bench-test-'));
  dirs.push(d);
  return d;
}

function runCli(args: string[], cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd !== undefined && { cwd }) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function readResults(out: string): BenchResults {
  const files = readdirSync(path.join(out, 'results')).filter((f) => f.endsWith('.json'));
  expect(files).toHaveLength(1);
  return JSON.parse(readFileSync(path.join(out, 'results', files[0]!), 'utf8')) as BenchResults;
}

/** Every workload of a round measured something, with ordered positive percentiles and no errors. */
function expectSaneRound(r: RoundFigures, withCpu: boolean): void {
  for (const w of [r.httpFixed!, r.tcpRr!, r.httpMax!, r.newConns!]) {
    expect(w.requests).toBeGreaterThan(0);
    expect(w.rps).toBeGreaterThan(0);
    expect(w.errors).toBe(0);
    expect(percentilesOrdered(w.latencyUs), JSON.stringify(w.latencyUs)).toBe(true);
  }
  for (const b of [r.bulkOne!, r.bulkMany!]) {
    expect(b.bytes).toBeGreaterThan(0);
    expect(b.mbPerSec).toBeGreaterThan(0);
  }
  for (const w of [r.httpMax!, r.newConns!, r.bulkOne!, r.bulkMany!]) {
    if (withCpu) expect(w.proxyCpuSeconds).toBeGreaterThanOrEqual(0);
    else expect(w.proxyCpuSeconds).toBeUndefined();
  }
  if (withCpu) expect(r.httpMax!.proxyCpuSeconds! + r.bulkOne!.proxyCpuSeconds! + r.bulkMany!.proxyCpuSeconds!).toBeGreaterThan(0);
}

/** The one run directory a default-layout run made under <cwd>/bench/results/. */
function runDir(cwd: string): string {
  const base = path.join(cwd, 'bench', 'results');
  const runs = readdirSync(base);
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatch(/^\d{4}-\d\d-\d\dT/);
  return path.join(base, runs[0]!);
}

describe('podwire bench --quick (direct, node-floor and flat)', () => {
  // Run from a directory standing in for the repository root, with no --out: the run must land in
  // bench/results/<timestamp>/ and leave bench/RESULTS.md (the committed report) alone.
  const cwd = tmp();
  const run = runCli(['bench', '--quick', '--scenarios', 'direct,node-floor,flat', '--note', 'test run'], cwd);

  it('exits 0 and prints the Markdown report', async () => {
    const { code, stdout, stderr } = await run;
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('| Figure | direct | node-floor | flat |');
    expect(stdout).toContain('## Ratios');
  }, 90_000);

  it('writes a run directory of its own, not the committed report', async () => {
    await run;
    expect(readdirSync(runDir(cwd)).sort()).toEqual(['RESULTS.md', 'latency.svg', 'results.json']);
    expect(readdirSync(path.join(cwd, 'bench')).sort()).toEqual(['results']);
  }, 90_000);

  it('writes raw results with every figure for every scenario', async () => {
    await run;
    const res = JSON.parse(readFileSync(path.join(runDir(cwd), 'results.json'), 'utf8')) as BenchResults;
    expect(res.schema).toBe('podwire-bench/1');
    expect(res.versions.podwire).toMatch(/^\d+\.\d+\.\d+/);
    expect(res.machine.cpus).toBeGreaterThan(0);
    expect(res.scenarios.map((s) => s.name)).toEqual(['direct', 'node-floor', 'flat']);
    expect(res.params.fixedDurationMs).toBe(500);
    const [direct, floor, flat] = res.scenarios;
    expect(direct!.proxies).toBe(0);
    expect(direct!.rounds).toHaveLength(1);
    expectSaneRound(direct!.rounds[0]!, false);
    expect(direct!.memory).toBeUndefined();
    // Each path warmed with new connections before round 1 (the cold figures); direct has no proxy CPU.
    expect(res.params.newConnWarmUpMs).toBe(200);
    for (const s of [direct!, floor!, flat!]) {
      expect(s.newConnWarmUp!.requests).toBeGreaterThan(0);
      expect(s.newConnWarmUp!.errors).toBe(0);
    }
    expect(direct!.newConnWarmUp!.proxyCpuSeconds).toBeUndefined();
    expect(flat!.newConnWarmUp!.proxyCpuSeconds).toBeGreaterThan(0);
    // node-floor and flat are both two-process tunnels: every figure, CPU and memory included.
    for (const s of [floor!, flat!]) {
      expect(s.proxies).toBe(2);
      expect(s.rounds).toHaveLength(1);
      expectSaneRound(s.rounds[0]!, true);
      expect(s.memory!.idleRssBytes).toBeGreaterThan(0);
      // Counted over a 5 s idle window: an idle proxy is woken by its timers, a few times a second.
      expect(s.memory!.idleWakeUpsPerSecond).toBeGreaterThanOrEqual(0);
      expect(s.memory!.idleWakeUpsPerSecond).toBeLessThan(1000);
      expect(s.memory!.idleCpuMsPerSecond).toBeGreaterThanOrEqual(0);
      expect(s.memory!.levels.map((l) => [l.target, l.opened])).toEqual([[20, 20], [100, 100]]);
      for (const l of s.memory!.levels) expect(l.rssBytes).toBeGreaterThan(0);
    }
  }, 90_000);

  it('writes RESULTS.md with every figure filled for flat, and the latency chart', async () => {
    await run;
    const md = readFileSync(path.join(runDir(cwd), 'RESULTS.md'), 'utf8');
    expect(md).toContain('> test run');
    const body = md.split('## Medians')[1]!.split('## Ratios')[0]!;
    const dataRows = body.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Figure') && !l.startsWith('| ---'));
    expect(dataRows.length).toBeGreaterThanOrEqual(20);
    for (const row of dataRows) {
      for (const column of [3, 4]) expect(row.split('|')[column]!.trim(), row).not.toMatch(/^–/);
      // direct has no proxy: its CPU and memory cells are empty, and say why.
      const directCell = row.split('|')[2]!.trim();
      if (directCell.startsWith('–')) expect(directCell, row).toMatch(/^– \(\d+\)$/);
    }
    expect(body).toMatch(/^- \(1\) no proxy on this path: proxy CPU and memory do not apply\.$/m);
    const svg = readFileSync(path.join(runDir(cwd), 'latency.svg'), 'utf8');
    expect(svg).toContain('<title>flat p99.9:');
    expect(svg).toContain('<title>direct p50:');
    expect(svg).toContain('<title>node-floor p99:');
  }, 90_000);
});

describe('podwire bench --quick, new connections through the HAProxy and nginx pairs with and without session reuse', () => {
  it('resumes sessions in the -reuse pairs only, and reports the share', async () => {
    // Started here, not at collection: only one bench may use 127.101.0.0/16 at a time, and the
    // tests of a file run one after the other.
    const out = tmp();
    const { code, stdout, stderr } = await runCli(['bench', '--quick', '--scenarios', 'haproxy,haproxy-reuse,nginx,nginx-reuse', '--workloads', 'new-conns', '--out', out]);
    expect(code, stderr).toBe(0);
    const res = readResults(out);
    const ran = res.scenarios.map((s) => s.name);
    // A peer that is not installed is reported as skipped with the way to install it.
    for (const s of res.skipped) expect(s.reason).toContain('apt-get install haproxy nginx-light libnginx-mod-stream');
    expect([...ran, ...res.skipped.map((s) => s.name)].sort()).toEqual(['haproxy', 'haproxy-reuse', 'nginx', 'nginx-reuse']);
    for (const s of res.scenarios) {
      expect(s.workloads).toEqual(['new-conns']);
      const r = s.rounds[0]!;
      expect(Object.keys(r).sort()).toEqual(['newConns', 'round']);
      expect(r.newConns!.errors).toBe(0);
      expect(r.newConns!.requests).toBeGreaterThan(0);
      if (s.name.endsWith('-reuse')) {
        // Each server-side session is counted; after the first, the client offers its session back.
        const { sessions, resumed } = r.newConns!.sessions!;
        expect(sessions).toBeGreaterThanOrEqual(r.newConns!.requests * 0.9);
        expect(resumed / sessions, `${s.name}: ${resumed} of ${sessions} resumed`).toBeGreaterThan(0.5);
      } else {
        expect(r.newConns!.sessions).toBeUndefined();
      }
    }
    if (ran.some((n) => n.endsWith('-reuse'))) expect(stdout).toMatch(/^\| New connections resumed \|/m);
  }, 90_000);
});

describe('podwire bench --target', () => {
  it('drives the given address with every workload and reports no proxy figures', async () => {
    const backend = await startBackend('127.101.200.1', 0, 256);
    try {
      const out = tmp();
      const { code, stderr } = await runCli(['bench', '--target', `127.101.200.1:${backend.port}`, '--quick', '--duration', '200ms', '--out', out]);
      expect(code, stderr).toBe(0);
      const res = readResults(out);
      expect(res.scenarios.map((s) => s.name)).toEqual(['target']);
      expectSaneRound(res.scenarios[0]!.rounds[0]!, false);
      expect(res.scenarios[0]!.memory).toBeUndefined();
    } finally {
      await backend.close();
    }
  }, 60_000);
});

describe('podwire bench --proxy-env', () => {
  it('gives every podwire proxy the variables, not the controllers, and notes them in the report', async () => {
    const out = tmp();
    const marks = path.join(out, 'marks');
    mkdirSync(marks);
    // Loaded by NODE_OPTIONS in each process that gets it: one file per process, named by its role.
    const probe = path.join(out, 'probe.mjs');
    writeFileSync(probe, `import { writeFileSync } from 'node:fs';\nwriteFileSync(process.env.MARK_DIR + '/' + process.pid, process.argv.slice(2).join(' '));\n`);
    const r = await runCli(['bench', '--quick', '--scenarios', 'flat-mux', '--workloads', 'tcp-rr', '--out', out,
      '--proxy-env', `NODE_OPTIONS=--import=${probe}`, '--proxy-env', `MARK_DIR=${marks}`]);
    expect(r.code, r.stderr).toBe(0);
    // The flat-mux pair: two proxies; the controllers (argv "controller ...") are not marked.
    const roles = readdirSync(marks).map((f) => readFileSync(path.join(marks, f), 'utf8'));
    expect(roles).toEqual(['proxy', 'proxy']);
    expect(readFileSync(path.join(out, 'RESULTS.md'), 'utf8')).toContain(`--proxy-env NODE_OPTIONS=--import=${probe} MARK_DIR=${marks}`);
    expect(readResults(out).params.proxyEnv).toEqual({ NODE_OPTIONS: `--import=${probe}`, MARK_DIR: marks });
  }, 90_000);
});

describe('podwire bench argument errors', () => {
  it('exits 2 and names the bad flag or variable', async () => {
    const r = await runCli(['bench', '--rate', 'fast', '--scenarios', 'direct,envoy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--rate');
    expect(r.stderr).toContain('unknown scenario "envoy"');
  });

  it('--help lists the scenarios, workloads and every option', async () => {
    const r = await runCli(['bench', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--rate', '--duration', '--fixed-duration', '--connections', '--payload', '--rounds', '--target', '--quick', '--out', '--idle-levels', '--scenarios', '--workloads', '--proxy-env']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('apt-get install haproxy nginx-light libnginx-mod-stream');
    for (const name of ['node-floor', 'haproxy-reuse', 'nginx-reuse']) expect(r.stdout).toContain(name);
  });
});
