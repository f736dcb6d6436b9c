// Runs a real `podwire` process (the built CLI in dist/) for end-to-end tests: JSON logs are
// collected and parsed, the bound addresses are read from the "listening" log line (written once
// the listeners are bound; "ready" comes when /ready turns 200), and the process is always killed
// at the end of the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { PodwireProcess, type LogLine as BaseLogLine } from '../../demo/processes.js';
import { NODE_STARTUP_OPTIONS } from '../../proxy/node-startup-options.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(REPO_ROOT, 'dist/proxy/main.js');

export type LogLine = BaseLogLine & { level?: number };

export interface ReadyAddrs {
  inbound: string;
  outbound: string[];
  forwards: string[];
  admin: string;
}

/** A podwire child process with the test-facing helpers on top of the demo's process wrapper. */
export class ProxyProcess extends PodwireProcess {
  constructor(child: ChildProcess) {
    super('podwire', child);
  }

  /** Wait for a log line matching `pred`, failing after timeoutMs with what was seen. */
  async waitForLog(pred: (l: LogLine) => boolean, timeoutMs = 10_000): Promise<LogLine> {
    try {
      return await this.waitFor(pred, 'the expected log line', timeoutMs);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nstderr: ${this.stderr}\nlogs: ${JSON.stringify(this.logs.slice(-10))}`);
    }
  }

  waitForAccessLog(filter: Partial<Record<string, unknown>>, timeoutMs = 10_000): Promise<LogLine> {
    return this.waitForLog((l) => l.msg === 'connection closed' && Object.entries(filter).every(([k, v]) => l[k] === v), timeoutMs);
  }

  /**
   * The bound addresses, from the "podwire proxy listening" line: the proxy accepts connections
   * from then on, though /ready may still be 503 (e.g. in Certify mode until the first certificate).
   */
  async ready(): Promise<ReadyAddrs> {
    const line = await this.waitForLog((l) => l.msg === 'podwire proxy listening', 20_000);
    return line as unknown as ReadyAddrs;
  }

  /** The "podwire proxy ready" line, written when /ready turns 200. */
  awaitReady(timeoutMs = 20_000): Promise<LogLine> {
    return this.waitForLog((l) => l.msg === 'podwire proxy ready', timeoutMs);
  }

  /** Tests don't need a drain: kill at once. */
  override async stop(): Promise<void> {
    await this.kill();
  }
}

/**
 * Environment a test proxy always gets: JSON logs, ephemeral ports, nothing from the host but
 * PODWIRE_MUX, so any e2e file can be run with the multiplexed transport on
 * (`PODWIRE_MUX=true npx vitest run test/e2e/…`); a test's own setting wins.
 */
export function baseEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...(process.env.PODWIRE_MUX !== undefined && { PODWIRE_MUX: process.env.PODWIRE_MUX }),
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

/**
 * `nodeArgs` go to node itself after podwire's startup options, e.g. ['--cpu-prof'] when profiling
 * a proxy under a test's load.
 * `launcher` runs node through a program that execs it (same pid), e.g. ['prlimit', '--nofile=256'].
 */
export function spawnPodwire(args: string[], env: Record<string, string>, nodeArgs: readonly string[] = [], launcher: readonly string[] = []): ProxyProcess {
  const argv = [...launcher, process.execPath, ...NODE_STARTUP_OPTIONS, ...nodeArgs, CLI, ...args];
  const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new ProxyProcess(child);
}

/** Start a proxy and wait until it logs its bound addresses (not until it is ready). */
export async function startPodwire(
  env: Record<string, string>, nodeArgs: readonly string[] = [], launcher: readonly string[] = [],
): Promise<{ proc: ProxyProcess; addrs: ReadyAddrs }> {
  const proc = spawnPodwire(['proxy'], baseEnv(env), nodeArgs, launcher);
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
