// What idle proxies cost while nothing happens: wake-ups of each proxy's main thread (an event
// loop woken by its own timers) and CPU time of all its threads, over one window in which every
// scenario is idle at once. Measured with the idle memory, after the settle time, so startup's
// JIT and collections are over. A sidecar runs in every pod for as long as the pod lives, so this
// is paid per pod, traffic or not.
import { preciseCpuSeconds, sumOver, wakeUps } from './processes.js';
import type { Scenario } from './scenarios/types.js';

/** How long idle activity is counted. Long enough for timers of a second or more to show. */
export const IDLE_ACTIVITY_MS = 5000;

export interface IdleActivity {
  /** Wake-ups per second, summed over the scenario's proxies. */
  readonly wakeUpsPerSecond?: number;
  /** CPU milliseconds per second, summed over the scenario's proxies. */
  readonly cpuMsPerSecond?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Count every scenario's proxies over one idle window of `ms`. */
export async function idleActivity(scenarios: readonly Scenario[], ms = IDLE_ACTIVITY_MS): Promise<Map<Scenario, IdleActivity>> {
  const read = (s: Scenario) => ({ wakeUps: sumOver(s.proxyPids, wakeUps), cpu: sumOver(s.proxyPids, preciseCpuSeconds) });
  const before = new Map(scenarios.map((s) => [s, read(s)]));
  const started = performance.now();
  await sleep(ms);
  const seconds = (performance.now() - started) / 1000;
  const out = new Map<Scenario, IdleActivity>();
  for (const s of scenarios) {
    const a = before.get(s)!;
    const b = read(s);
    out.set(s, {
      ...(a.wakeUps !== undefined && b.wakeUps !== undefined && { wakeUpsPerSecond: (b.wakeUps - a.wakeUps) / seconds }),
      ...(a.cpu !== undefined && b.cpu !== undefined && { cpuMsPerSecond: ((b.cpu - a.cpu) * 1000) / seconds }),
    });
  }
  return out;
}
