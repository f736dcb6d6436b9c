// Runs a real `podwire` process (the built CLI in dist/) for end-to-end tests: JSON logs are
// collected and parsed, the bound addresses are read from the "ready" log line, and the process
// is always killed at the end of the test.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(REPO_ROOT, 'dist/proxy/main.js');

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export interface ReadyAddrs {
  inbound: string;
  outbound: string[];
  forwards: string[];
  admin: string;
}

export class ProxyProcess {
  readonly logs: LogLine[] = [];
  stderr = '';
  private readonly exited: Promise<number | null>;
  private listeners = new Set<() => void>();

  constructor(readonly child: ChildProcess) {
    let buf = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        this.push(line);
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.notify();
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => {
      this.notify();
      resolve(code);
    }));
  }

  private push(line: string): void {
    if (!line.trim()) return;
    try {
      this.logs.push(JSON.parse(line) as LogLine);
    } catch {
      this.logs.push({ msg: line, raw: true });
    }
    this.notify();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Wait for a log line matching `pred`, failing after timeoutMs with what was seen. */
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs = 10_000): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.logs.find(pred);
        if (hit) {
          done();
          resolve(hit);
        } else if (this.child.exitCode !== null) {
          done();
          reject(new Error(`podwire exited (${this.child.exitCode}) before the expected log line\nstderr: ${this.stderr}\nlogs: ${JSON.stringify(this.logs.slice(-10))}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for a log line\nstderr: ${this.stderr}\nlogs: ${JSON.stringify(this.logs.slice(-10))}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Access-log lines ("connection closed") matching a filter. */
  accessLogs(filter: Partial<Record<string, unknown>> = {}): LogLine[] {
    return this.logs.filter((l) => l.msg === 'connection closed' && Object.entries(filter).every(([k, v]) => l[k] === v));
  }

  waitForAccessLog(filter: Partial<Record<string, unknown>>, timeoutMs = 10_000): Promise<LogLine> {
    return this.waitForLog((l) => l.msg === 'connection closed' && Object.entries(filter).every(([k, v]) => l[k] === v), timeoutMs);
  }

  async ready(): Promise<ReadyAddrs> {
    const line = await this.waitForLog((l) => l.msg === 'podwire proxy ready', 20_000);
    return line as unknown as ReadyAddrs;
  }

  /** Wait for the process to exit, killing it with SIGKILL after timeoutMs. */
  async exit(timeoutMs = 10_000): Promise<number | null> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Environment a test proxy always gets: JSON logs, ephemeral ports, nothing from the host. */
export function baseEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LINKERD2_PROXY_LOG: 'info',
    LINKERD2_PROXY_LOG_FORMAT: 'json',
    LINKERD2_PROXY_INBOUND_LISTEN_ADDR: '127.0.0.1:0',
    LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR: '127.0.0.1:0',
    LINKERD2_PROXY_ADMIN_LISTEN_ADDR: '127.0.0.1:0',
    LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MIN: '20ms',
    LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MAX: '200ms',
    ...extra,
  };
}

export function spawnPodwire(args: string[], env: Record<string, string>): ProxyProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new ProxyProcess(child);
}

/** Start a proxy and wait until it logs its bound addresses. */
export async function startPodwire(env: Record<string, string>): Promise<{ proc: ProxyProcess; addrs: ReadyAddrs }> {
  const proc = spawnPodwire(['proxy'], baseEnv(env));
  try {
    return { proc, addrs: await proc.ready() };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

export function splitAddr(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':');
  return { host: addr.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(addr.slice(i + 1)) };
}

export async function fetchText(addr: string, urlPath: string, init?: RequestInit): Promise<{ status: number; body: string }> {
  const { host, port } = splitAddr(addr);
  const h = host.includes(':') ? `[${host}]` : host;
  const res = await fetch(`http://${h}:${port}${urlPath}`, init);
  return { status: res.status, body: await res.text() };
}

/** Value of a Prometheus sample whose labels include all of `labels` (sum over matches). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const body = m[3] ?? '';
    if (Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`))) sum += Number(m[4]);
  }
  return sum;
}
