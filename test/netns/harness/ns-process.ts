// Processes inside a network namespace: `ip netns exec <ns> [setpriv --reuid U ...] <cmd>`.
// `ip netns exec` and `setpriv` both exec their command, so the spawned pid is the process
// itself and killing it kills the real thing. Long-running processes (apps, sidecars,
// controllers) are wrapped in the demo's PodwireProcess (JSON log lines, waitFor, kill); one-shot
// agents (test/netns/agents/*.mjs) run to completion and hand back their JSON output.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PodwireProcess } from '../../../demo/processes.js';
import { NODE_STARTUP_OPTIONS } from '../../../proxy/node-startup-options.js';
import { inNs } from './netns.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CLI = path.join(REPO_ROOT, 'dist/proxy/main.js');
export const AGENTS = path.join(REPO_ROOT, 'test/netns/agents');

export interface NsSpawnOptions {
  /** Run as this uid/gid (e.g. the proxy's 2102, which the pod's iptables rules exempt). */
  readonly uid?: number;
  /** The whole environment (nothing is inherited but PATH). */
  readonly env?: Readonly<Record<string, string>>;
}

function argvFor(ns: string, argv: readonly string[], opts: NsSpawnOptions): string[] {
  const as = opts.uid === undefined ? [] : ['setpriv', `--reuid=${opts.uid}`, `--regid=${opts.uid}`, '--clear-groups'];
  return ['netns', 'exec', ns, ...as, ...argv];
}

/** Start a long-running process in `ns`; `name` appears in error messages. */
export function spawnInNs(name: string, ns: string, argv: readonly string[], opts: NsSpawnOptions = {}): PodwireProcess {
  const child = spawn('ip', argvFor(ns, argv, opts), {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new PodwireProcess(name, child);
}

/** `node <startup options> dist/proxy/main.js <args>` in `ns` (a sidecar, a controller). */
export function spawnPodwireInNs(name: string, ns: string, args: readonly string[], opts: NsSpawnOptions = {}): PodwireProcess {
  return spawnInNs(name, ns, [process.execPath, ...NODE_STARTUP_OPTIONS, CLI, ...args], opts);
}

/** Run an agent script to completion in `ns` and parse the JSON it prints. */
export async function runAgent<T>(ns: string, agent: string, args: readonly (string | number)[]): Promise<T> {
  const out = await inNs(ns, process.execPath, [path.join(AGENTS, agent), ...args.map(String)]);
  try {
    return JSON.parse(out.trim()) as T;
  } catch {
    throw new Error(`agent ${agent} in ${ns} printed no JSON: ${out.slice(0, 500)}`);
  }
}
