// Interleaved A/B of the new-connection workload on the flat pair (client → podwire → mTLS →
// podwire → server), for changes that only show under connection churn (TLS resumption, per-
// connection bookkeeping). Each round starts the pair once with variant A's proxy environment and
// once with B's (order alternating), runs the bench's new-connection workload for --duration and
// reads the two proxies' CPU time, then prints per-round figures and the medians of B/A.
//
//   node dist/bench/new-conns-ab.js --a PODWIRE_OUTBOUND_TLS_RESUMPTION=false --b PODWIRE_OUTBOUND_TLS_RESUMPTION=true \
//     [--rounds 5] [--duration 5s] [--concurrency 8]
//
// --a/--b take NAME=VALUE and repeat. Uses the bench's fixed addresses (127.101.0.0/16): only one
// bench at a time on a machine.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { childProcessEnv } from '../proxy/config.js';
import { parseDuration } from '../proxy/config/parse.js';
import { canConnect, cpuSeconds, killAll, spawnProcess, sumOver, waitForPort } from './processes.js';
import { PODWIRE_CLI } from './scenarios/cli-path.js';
import { createBenchPki } from './scenarios/pki.js';
import { POD_IPS, startPodwireScenarios } from './scenarios/podwire.js';
import { ADDR } from './scenarios/types.js';
import { runNewConns } from './workloads/new-conns.js';

interface Options {
  readonly a: Record<string, string>;
  readonly b: Record<string, string>;
  rounds: number;
  durationMs: number;
  concurrency: number;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { a: {}, b: {}, rounds: 5, durationMs: 5000, concurrency: 8 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const count = () => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a whole number ≥ 1, got ${JSON.stringify(value)}`);
      return n;
    };
    if (flag === '--a' || flag === '--b') {
      const eq = value.indexOf('=');
      if (eq <= 0) throw new Error(`${flag}: expected NAME=VALUE, got ${JSON.stringify(value)}`);
      o[flag === '--a' ? 'a' : 'b'][value.slice(0, eq)] = value.slice(eq + 1);
    } else if (flag === '--rounds') o.rounds = count();
    else if (flag === '--concurrency') o.concurrency = count();
    else if (flag === '--duration') o.durationMs = parseDuration(value);
    else throw new Error(`unknown option ${flag} (see the header of bench/new-conns-ab.ts)`);
  }
  return o;
}

interface Figures {
  readonly rps: number;
  readonly cpuMsPerConn: number;
  readonly p50Us: number;
  readonly errors: number;
}

/** Another bench's processes on the fixed addresses would answer in place of ours. */
async function refuseIfTaken(withBackend: boolean): Promise<void> {
  const addrs: [string, number][] = [[POD_IPS.flatClient, 4191], [POD_IPS.flatServer, 4191]];
  if (withBackend) addrs.push([ADDR.backend, ADDR.backendPort]);
  for (const [host, port] of addrs) {
    if (await canConnect(host, port)) throw new Error(`${host}:${port} is already in use: another bench is running on 127.101.0.0/16; wait for it to finish`);
  }
}

async function measure(dir: string, env: Record<string, string>, o: Options): Promise<Figures> {
  await refuseIfTaken(false);
  const pki = await createBenchPki(dir);
  const pods = await startPodwireScenarios(new Set(['flat']), dir, pki, { host: ADDR.backend, port: ADDR.backendPort }, env);
  try {
    const flat = pods.scenarios[0]!;
    // Warm-up (JIT, the client's first resolution, the first ticket), not measured.
    await runNewConns(flat, { concurrency: o.concurrency, durationMs: 500 });
    const cpu0 = sumOver(flat.proxyPids, cpuSeconds) ?? NaN;
    const r = await runNewConns(flat, { concurrency: o.concurrency, durationMs: o.durationMs });
    const cpu1 = sumOver(flat.proxyPids, cpuSeconds) ?? NaN;
    return { rps: r.rps, cpuMsPerConn: ((cpu1 - cpu0) * 1000) / Math.max(1, r.requests), p50Us: r.latencyUs.p50, errors: r.errors };
  } finally {
    await pods.stop();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  await refuseIfTaken(true);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'podwire-newconn-ab-'));
  const backend = spawnProcess('bench backend', process.execPath, [
    PODWIRE_CLI, 'bench', 'backend', '--listen', `${ADDR.backend}:${ADDR.backendPort}`, '--payload', '16',
  ], childProcessEnv({}));
  try {
    await waitForPort(backend, ADDR.backend, ADDR.backendPort);
    console.error(`A: ${JSON.stringify(o.a)}\nB: ${JSON.stringify(o.b)}`);
    const ratios = { rps: [] as number[], cpu: [] as number[] };
    for (let round = 1; round <= o.rounds; round++) {
      const order = round % 2 ? (['a', 'b'] as const) : (['b', 'a'] as const);
      const got: Partial<Record<'a' | 'b', Figures>> = {};
      for (const v of order) got[v] = await measure(path.join(dir, `${round}${v}`), o[v], o);
      const { a, b } = got as Record<'a' | 'b', Figures>;
      ratios.rps.push(b.rps / a.rps);
      ratios.cpu.push(b.cpuMsPerConn / a.cpuMsPerConn);
      const line = (f: Figures) => `${f.rps.toFixed(0)} conn/s, ${f.cpuMsPerConn.toFixed(3)} ms CPU/conn, p50 ${f.p50Us.toFixed(0)} µs, ${f.errors} errors`;
      console.log(`round ${round}: A ${line(a)} | B ${line(b)} | B/A conn/s ${(b.rps / a.rps).toFixed(2)}, CPU/conn ${(b.cpuMsPerConn / a.cpuMsPerConn).toFixed(2)}`);
    }
    console.log(`median B/A over ${o.rounds} rounds: new conn/s ${median(ratios.rps).toFixed(2)}x, proxy CPU per connection ${median(ratios.cpu).toFixed(2)}x`);
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
