// Child podwire processes for the demo: spawn the built CLI with JSON logs, collect and parse
// its log lines, wait for a given line, and stop it (SIGTERM, then SIGKILL if it lingers).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childProcessEnv } from '../proxy/config.js';
import { NODE_STARTUP_OPTIONS } from '../proxy/node-startup-options.js';

/** dist/proxy/main.js, next to this compiled file's directory. */
export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../proxy/main.js');

export type LogLine = Record<string, unknown> & { msg?: string };

export class PodwireProcess {
  readonly logs: LogLine[] = [];
  /** stdout's lines exactly as written, for checks JSON.parse would hide (duplicate keys). */
  readonly rawLines: string[] = [];
  stderr = '';
  private readonly waiters = new Set<() => void>();
  private readonly exited: Promise<number | null>;

  constructor(readonly name: string, readonly child: ChildProcess) {
    let buf = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        this.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        this.wake();
        resolve(code);
      });
      // A program that could not be started (EACCES, ENOENT) gets 'error' and never 'exit': end
      // the waits now, with the reason, instead of leaving them to their timeouts.
      child.once('error', (err) => {
        if (child.pid !== undefined) return;
        this.stderr += `could not start: ${err.message}\n`;
        this.wake();
        resolve(null);
      });
    });
  }

  private push(line: string): void {
    if (!line.trim()) return;
    this.rawLines.push(line);
    try {
      this.logs.push(JSON.parse(line) as LogLine);
    } catch {
      this.logs.push({ msg: line, raw: true });
    }
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolve with the first log line matching `pred`; reject if the process exits or time runs out. */
  waitFor(pred: (l: LogLine) => boolean, what: string, timeoutMs = 15_000): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.logs.find(pred);
        if (hit) return finish(() => resolve(hit));
        if (!this.running) finish(() => reject(new Error(`${this.name} exited before ${what}: ${this.stderr.trim() || 'no error output'}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms`))), timeoutMs);
      const finish = (then: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        then();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Access-log lines ("connection closed") this process wrote, optionally matching `filter`'s fields. */
  accessLogs(filter: Readonly<Record<string, unknown>> = {}): LogLine[] {
    return this.logs.filter((l) => l.msg === 'connection closed' && matches(l, filter));
  }

  /** Wait for the process to exit on its own; SIGKILL after `timeoutMs`. Resolves with the exit code. */
  async exit(timeoutMs = 10_000): Promise<number | null> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM and wait; SIGKILL after `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Simulate a crash: SIGKILL, no drain. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

function matches(line: LogLine, filter: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(filter).every(([k, v]) => line[k] === v);
}

export function spawnPodwire(name: string, args: string[], env: Record<string, string>): PodwireProcess {
  const child = spawn(process.execPath, [...NODE_STARTUP_OPTIONS, CLI, ...args], {
    env: childProcessEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new PodwireProcess(name, child);
}
