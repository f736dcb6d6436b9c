// Network namespaces for the test bed, and the guarantee that a run leaves nothing behind.
//
// Every namespace a run creates is named `pw<pid>-<role>` (short, unique per run), so teardown
// and the leak check can find exactly this run's namespaces and never touch anyone else's. A
// namespace is removed by first killing every process inside it (`ip netns pids`: apps, sidecars,
// controllers, tcpdump, agents — all ours, since the namespace is ours) and then deleting it,
// which also destroys its veth ends. Teardown runs from afterAll and, synchronously, from the
// process' exit and signal handlers, so a crashed or interrupted run cleans up too; namespaces
// of earlier runs whose process is gone are removed at the start of the next run.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The prefix of every namespace this process creates. */
export const RUN_PREFIX = `pw${process.pid}`;
const STALE = /^pw(\d+)-/;

/** Run a command, failing with its stderr (the commands here say precisely what went wrong). */
export async function sh(cmd: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run(cmd, [...args], { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')}: ${(e.stderr ?? '').trim() || e.message}`);
  }
}

/** `ip <args>`, optionally in namespace `ns` (`ip -n`, no process enters the namespace). */
export function ip(args: readonly string[], ns?: string): Promise<string> {
  return sh('ip', ns === undefined ? args : ['-n', ns, ...args]);
}

/** Run a command inside namespace `ns` and return its stdout. */
export function inNs(ns: string, cmd: string, args: readonly string[]): Promise<string> {
  return sh('ip', ['netns', 'exec', ns, cmd, ...args]);
}

function listNamespaces(): string[] {
  const out = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  // "name (id: 3)" or just "name"
  return out.split('\n').map((l) => l.trim().split(/\s+/)[0] ?? '').filter((n) => n !== '');
}

function pidsIn(ns: string): number[] {
  try {
    const out = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\n').map((l) => Number(l.trim())).filter((n) => Number.isInteger(n) && n > 0);
  } catch {
    return [];
  }
}

/** Whether `pid` is a live process (a zombie, killed but not yet reaped by its parent, is not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S ...": the state follows the last ')' (comm may itself contain parentheses).
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Kill every process in `ns` and delete it; synchronous so exit handlers can use it. */
function destroySync(ns: string): void {
  for (let round = 0; round < 20; round++) {
    const pids = pidsIn(ns);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    // Give the kernel a moment to reap before looking again.
    execFileSync('sleep', ['0.05']);
  }
  try {
    execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  } catch {
    // already gone
  }
}

/** Why network namespaces cannot be used here, or undefined when they can. */
export async function netnsUnavailable(): Promise<string | undefined> {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'network namespaces need root (run the tests as root)';
  for (const [tool, args] of [['ip', ['-V']], ['iptables', ['-V']], ['tcpdump', ['--version']], ['setpriv', ['--version']]] as const) {
    try {
      await sh(tool, args);
    } catch (err) {
      return `${tool} is not usable (${(err as Error).message}); install iproute2, iptables, tcpdump and util-linux`;
    }
  }
  const probe = `${RUN_PREFIX}-probe`;
  try {
    await ip(['netns', 'add', probe]);
  } catch (err) {
    return `cannot create a network namespace: ${(err as Error).message}`;
  }
  destroySync(probe);
  return undefined;
}

/** Remove namespaces left by earlier runs whose process no longer exists. */
export function removeStaleNamespaces(): string[] {
  const removed: string[] = [];
  for (const ns of listNamespaces()) {
    const m = STALE.exec(ns);
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    destroySync(ns);
    removed.push(ns);
  }
  return removed;
}

/**
 * The namespaces of one test run. `add` creates one (loopback up); `teardown` destroys them all.
 * Exit and signal hooks are installed on the first `add` and removed by teardown.
 */
export class NetnsRun {
  readonly #namespaces = new Set<string>();
  #hooked = false;
  readonly #onExit = (): void => this.teardownSync();
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    this.teardownSync();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };

  /** Create `pw<pid>-<role>`; `role` must be short (namespace names show up in tools' output). */
  async add(role: string): Promise<string> {
    if (!/^[a-z0-9-]{1,12}$/.test(role)) throw new Error(`namespace role ${JSON.stringify(role)}: use 1-12 of [a-z0-9-]`);
    const ns = `${RUN_PREFIX}-${role}`;
    if (this.#namespaces.has(ns)) throw new Error(`namespace ${ns} already exists in this run`);
    this.#hook();
    await ip(['netns', 'add', ns]);
    this.#namespaces.add(ns);
    await ip(['link', 'set', 'lo', 'up'], ns);
    return ns;
  }

  /** Kill every process in `ns` and delete it (a pod or node going away). */
  remove(ns: string): void {
    destroySync(ns);
    this.#namespaces.delete(ns);
  }

  get namespaces(): readonly string[] {
    return [...this.#namespaces];
  }

  teardownSync(): void {
    for (const ns of this.#namespaces) destroySync(ns);
    this.#namespaces.clear();
    this.#unhook();
  }

  #hook(): void {
    if (this.#hooked) return;
    this.#hooked = true;
    process.on('exit', this.#onExit);
    process.on('SIGINT', this.#onSignal);
    process.on('SIGTERM', this.#onSignal);
  }

  #unhook(): void {
    if (!this.#hooked) return;
    this.#hooked = false;
    process.off('exit', this.#onExit);
    process.off('SIGINT', this.#onSignal);
    process.off('SIGTERM', this.#onSignal);
  }
}

/** What this run left behind: namespaces with its prefix and host interfaces named like ours. */
export function leftovers(pids: readonly number[] = []): string[] {
  const found: string[] = [];
  for (const ns of listNamespaces()) if (ns.startsWith(`${RUN_PREFIX}-`)) found.push(`namespace ${ns}`);
  for (const pid of pids) if (alive(pid)) found.push(`process ${pid}`);
  return found;
}

/** Names of the host's own network interfaces (nothing of the test bed may ever appear here). */
export function hostInterfaces(): string[] {
  const out = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
  return out.split('\n').map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1]).filter((n): n is string => n !== undefined);
}

/** The host's own nat and filter rules (`podwire init` must only ever program pod namespaces). */
export function hostRules(): string {
  return ['nat', 'filter'].map((table) => execFileSync('iptables', ['-t', table, '-S'], { encoding: 'utf8' })).join('');
}
