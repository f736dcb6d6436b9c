// Child processes of a benchmark run and what the report reads from them: spawn with piped output
// (kept for error messages), wait until a TCP port accepts or an HTTP URL answers 200, and read a
// process's resident memory and CPU time from /proc (Linux only; elsewhere the figures are absent).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

/** Linux reports /proc/<pid>/stat times in USER_HZ ticks, 100 per second on every mainstream arch. */
const USER_HZ = 100;

export class BenchProcess {
  output = '';
  private readonly exited: Promise<void>;

  constructor(readonly name: string, readonly child: ChildProcess) {
    const keep = (chunk: Buffer) => {
      // Only the tail matters for error messages; don't let a chatty child grow memory.
      this.output = (this.output + chunk.toString('utf8')).slice(-8192);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('error', (err) => (this.output += `\nspawn error: ${err.message}`));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 2000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Every process a run started and has not seen exit: killed if the run itself is interrupted. */
const live = new Set<BenchProcess>();

export function spawnProcess(name: string, cmd: string, args: readonly string[], env: Record<string, string>): BenchProcess {
  const p = new BenchProcess(name, spawn(cmd, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
  live.add(p);
  p.child.once('exit', () => live.delete(p));
  return p;
}

/** SIGKILL every process the run started (on Ctrl-C, so no proxy outlives the bench). */
export function killAll(): void {
  for (const p of live) p.child.kill('SIGKILL');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolve once `host:port` accepts a TCP connection; fail with the process output after timeoutMs. */
export async function waitForPort(proc: BenchProcess, host: string, port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!proc.running) throw new Error(`${proc.name} exited before listening on ${host}:${port}: ${proc.output.trim() || 'no output'}`);
    if (await canConnect(host, port)) return;
    if (Date.now() > deadline) throw new Error(`${proc.name}: ${host}:${port} not accepting after ${timeoutMs} ms: ${proc.output.trim()}`);
    await sleep(50);
  }
}

/** Resolve once GET `url` answers 200 (podwire's admin /ready). */
export async function waitForHttpOk(proc: BenchProcess, url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!proc.running) throw new Error(`${proc.name} exited before ${url} was ready: ${proc.output.trim() || 'no output'}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${proc.name}: ${url} not ready after ${timeoutMs} ms: ${proc.output.trim()}`);
    await sleep(100);
  }
}

/** Whether something accepts TCP connections on host:port now. */
export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Resident set size in bytes, or undefined when /proc can't tell. */
export function rssBytes(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds the process has used, or undefined when /proc can't tell. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may itself contain spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "pid (comm) ".
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return undefined;
  }
}

/**
 * How many times the process's main thread went to sleep and was woken (its voluntary context
 * switches: for an event loop, one per wake-up), or undefined when /proc can't tell.
 */
export function wakeUps(pid: number): number | undefined {
  try {
    const m = /^voluntary_ctxt_switches:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used by all of the process's threads, in nanoseconds' precision (the first field of
 * each /proc/<pid>/task/<tid>/schedstat), for figures too small for cpuSeconds' clock ticks (an
 * idle proxy uses about a millisecond a second). Undefined when /proc can't tell.
 */
export function preciseCpuSeconds(pid: number): number | undefined {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) ns += threadCpuNs(pid, tid);
    return Number.isFinite(ns) ? ns / 1e9 : undefined;
  } catch {
    return undefined;
  }
}

/** A thread's CPU time in ns; 0 for a thread that ended between listing and reading. */
function threadCpuNs(pid: number, tid: string): number {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
}

/** Sum over processes; undefined if any is unreadable (a partial sum would mislead). */
export function sumOver(pids: readonly number[], read: (pid: number) => number | undefined): number | undefined {
  let total = 0;
  for (const pid of pids) {
    const v = read(pid);
    if (v === undefined) return undefined;
    total += v;
  }
  return total;
}

/** This process's open-file limit (Node raises the soft limit to the hard one at startup). */
export function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!m) return undefined;
    return m[1] === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(m[1]);
  } catch {
    return undefined;
  }
}
