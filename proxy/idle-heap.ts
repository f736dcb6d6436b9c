// Lets V8 shrink the heap once the proxy has gone quiet, and stops it again when work resumes.
//
// Why: the sidecar runs with incremental marking off while it works (gc-settings.ts), and V8's
// memory reducer (the part that gives an idle heap's pages back: it shrinks the young generation
// from its grown 2 × 16 MB to 1 MB, and compacts the old one) runs its collections through
// incremental marking, so with marking off it never runs. A proxy that handled a burst of
// traffic or connection setup then kept ~33 MB of young generation per process for as long as it
// stayed idle: at 1,000 idle connections that was ~33 of its ~37 MB of growth.
// So: every IDLE_CHECK_MS the process's CPU time is read. After QUIET_CHECKS quiet checks
// in a row, marking is turned back on and one full collection is run, which starts the reducer
// (it acts 8–16 s after a full collection when allocation stays low); compiled code is kept
// meanwhile (compiled-code.ts). The first busy check turns marking off again, so streaming keeps
// the setting's CPU benefit. "Quiet" is the process's CPU time over the interval
// (process.cpuUsage: cheap, and it counts GC and TLS work wherever it ran).
import v8 from 'node:v8';
import { createCodeKeeper, processCodeKeeper } from './compiled-code.js';
import type { Logger } from './log.js';

/** How often the process's CPU time is read. */
export const IDLE_CHECK_MS = 1000;
/** CPU share (of one core) under which a check counts as quiet: ~10 ms of work in a second. */
export const QUIET_CPU_SHARE = 0.01;
/** CPU share over which the proxy is busy again (a proxy at 1,000 req/s uses ~3%). */
export const BUSY_CPU_SHARE = 0.02;
/** Quiet checks in a row before the heap is handed to the reducer. */
export const QUIET_CHECKS = 2;
/**
 * Committed but unused heap worth the full collection that starts the reducer: only a heap that
 * traffic grew (20–40 MB of slack after it; a proxy fresh from startup has 2–8 MB). Releasing a
 * fresh heap gained nothing and cost: the collection left V8's old-generation limit close to the
 * small live heap, and the first 5 s of bulk traffic then ran 4–10 full collections, against none
 * in a process never collected. After traffic (the limit already set by earlier collections) a
 * second bulk burst ran none in either case.
 */
export const RELEASE_SLACK_BYTES = 12 * 1024 * 1024;

export interface IdleHeapState {
  /** 'busy': incremental marking off (the setting); 'idle': on, so the reducer can run. */
  readonly mode: 'busy' | 'idle';
  /** Quiet checks in a row while busy. */
  readonly quietChecks: number;
}

export type IdleHeapAction = 'none' | 'release' | 'resume';

export const INITIAL_IDLE_HEAP_STATE: IdleHeapState = { mode: 'busy', quietChecks: 0 };

/**
 * One check: the state after it, and whether to hand the heap to the reducer ('release') or take
 * marking away again ('resume'). `slackBytes` is the heap committed beyond what is in use.
 */
export function nextIdleHeapStep(state: IdleHeapState, cpuShare: number, slackBytes: number): { state: IdleHeapState; action: IdleHeapAction } {
  if (state.mode === 'idle') {
    return cpuShare > BUSY_CPU_SHARE ? { state: INITIAL_IDLE_HEAP_STATE, action: 'resume' } : { state, action: 'none' };
  }
  const quietChecks = cpuShare < QUIET_CPU_SHARE ? Math.min(state.quietChecks + 1, QUIET_CHECKS) : 0;
  if (quietChecks >= QUIET_CHECKS && slackBytes >= RELEASE_SLACK_BYTES) return { state: { mode: 'idle', quietChecks: 0 }, action: 'release' };
  return { state: { mode: 'busy', quietChecks }, action: 'none' };
}

function processCpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Heap committed beyond what is in use. */
function heapSlackBytes(): number {
  const h = v8.getHeapStatistics();
  return h.total_heap_size - h.used_heap_size;
}

export interface IdleHeapOptions {
  /** A full collection (memory-release.ts's fullGc); without it the reducer is not started. */
  readonly gc?: () => void;
  /**
   * Returns freed native memory to the kernel (memory-release.ts's mallocTrim). Run after the
   * collection, which frees what dead sockets and buffers held outside the heap (TLS record
   * buffers after bulk traffic: tens of MB); glibc keeps such memory otherwise.
   */
  readonly trim?: () => unknown;
  readonly log?: Logger;
  readonly checkMs?: number;
  /** For tests: where the flags go, and where CPU time (µs) and the heap's slack come from. */
  readonly setFlag?: (flag: string) => void;
  readonly cpuMicros?: () => number;
  readonly slack?: () => number;
}

/** Start checking; returns a stop function, which also leaves V8's flags as the busy proxy has them. */
export function startIdleHeapRelease(opts: IdleHeapOptions = {}): () => void {
  const setFlag = opts.setFlag ?? ((flag: string) => v8.setFlagsFromString(flag));
  // While idle the reducer's memory-reducing collections would flush the data path's code.
  const codeKeeper = opts.setFlag ? createCodeKeeper(opts.setFlag) : processCodeKeeper;
  let releaseCode = () => {};
  const cpuMicros = opts.cpuMicros ?? processCpuMicros;
  const checkMs = opts.checkMs ?? IDLE_CHECK_MS;
  let state = INITIAL_IDLE_HEAP_STATE;
  let last = cpuMicros();
  const timer = setInterval(() => {
    const now = cpuMicros();
    const step = nextIdleHeapStep(state, (now - last) / (checkMs * 1000), (opts.slack ?? heapSlackBytes)());
    last = now;
    state = step.state;
    if (step.action === 'release') release();
    else if (step.action === 'resume') resume();
  }, checkMs);
  timer.unref();

  function release(): void {
    releaseCode = codeKeeper.hold();
    setFlag('--incremental-marking');
    const started = performance.now();
    opts.gc?.();
    opts.trim?.();
    // The collection above is work too: start the next interval's measurement after it.
    last = cpuMicros();
    opts.log?.debug({ took_ms: Math.round(performance.now() - started) }, 'quiet: freed memory returned, V8 may shrink the heap');
  }

  function resume(): void {
    setFlag('--no-incremental-marking');
    releaseCode();
  }

  return () => {
    clearInterval(timer);
    if (state.mode === 'idle') resume();
  };
}
