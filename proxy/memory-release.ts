// Gives memory back to the kernel once load has dropped. After a burst of connections closes
// (5,000 proxied connections, or floods of half-finished TLS handshakes) RSS stayed near its peak
// (~450 MB) for two reasons: a closed TLS socket's native state (OpenSSL's SSL object and record
// buffers) is freed only when V8 collects its JS wrapper, and an idle process allocates nothing,
// so no GC comes; and what is freed goes into glibc's malloc arenas, which keep it (its automatic
// trim only releases the top of the heap). So, once RSS has grown by TRIM_GROWTH_BYTES since the
// last time and open connections have fallen to at most half their peak: a full GC, then malloc_trim(0)
// (native/orig_dst.c's mallocTrim), which releases free pages inside every arena. Both pause the
// event loop briefly (tens of ms after a 5,000-connection burst), hence the conditions.
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Logger } from './log.js';
import { startIdleHeapRelease } from './idle-heap.js';
import { nativeAddon } from './transport/native-addon.js';

export type MallocTrim = () => boolean | undefined;

/** The addon's mallocTrim, or undefined where it is not built or not Linux. */
export function nativeMallocTrim(): MallocTrim | undefined {
  const n = nativeAddon();
  return n.available ? () => n.addon.mallocTrim() : undefined;
}

/**
 * A full V8 GC without starting node with --expose-gc: the flag set at run time exposes `gc` to
 * contexts created afterwards. undefined if the runtime refuses.
 */
export function fullGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}

/** RSS growth since the last trim (or start) worth a trim. */
export const TRIM_GROWTH_BYTES = 32 * 1024 * 1024;
/** How often the decision is made. */
export const TRIM_CHECK_MS = 10_000;

export interface TrimState {
  /** RSS right after the last trim, or at start (lowered when RSS falls on its own). */
  readonly baselineRss: number;
  /** Most open connections seen at a check since the last trim. */
  readonly peakLive: number;
}

/**
 * Trim now? When RSS grew well past the baseline and the load that grew it is gone: open
 * connections at most half their peak since the last trim. Trimming while the connections are
 * still open would free little and raise the baseline, so the later drop would go unnoticed.
 */
export function shouldTrim(state: TrimState, rss: number, live: number): boolean {
  return rss - state.baselineRss >= TRIM_GROWTH_BYTES && live <= state.peakLive / 2;
}

/** Check every TRIM_CHECK_MS; returns a stop function. Logs each trim at debug with what it freed. */
export function startMemoryRelease(opts: { trim: MallocTrim; gc?: () => void; live: () => number; log: Logger; rss?: () => number }): () => void {
  const rss = opts.rss ?? (() => process.memoryUsage.rss());
  let state: TrimState = { baselineRss: rss(), peakLive: opts.live() };
  const timer = setInterval(() => {
    const before = rss();
    const live = opts.live();
    if (shouldTrim(state, before, live)) {
      const started = performance.now();
      opts.gc?.();
      opts.trim();
      const after = rss();
      opts.log.debug({ rss_before_mb: mb(before), rss_after_mb: mb(after), live, took_ms: Math.round(performance.now() - started) }, 'returned free native memory to the kernel');
      // A trim that freed something keeps the bar where it was, so the next one can follow while
      // the rest of the load drains; one that freed little raises it to now, ending the attempts.
      const effective = before - after >= TRIM_GROWTH_BYTES / 4;
      state = { baselineRss: effective ? Math.min(state.baselineRss, after) : after, peakLive: live };
    } else {
      // A falling RSS (V8 gave pages back) lowers the bar for the next trim too.
      state = { baselineRss: Math.min(state.baselineRss, before), peakLive: Math.max(state.peakLive, live) };
    }
  }, TRIM_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * Both ways the proxy gives memory back: here, once load has dropped, and idle-heap.ts, once the
 * process is quiet (needed only while incremental marking is off). Returns one stop function.
 */
export function startMemoryUpkeep(opts: { incrementalMarking: boolean; live: () => number; log: Logger }): () => void {
  const trim = nativeMallocTrim();
  const gc = fullGc();
  const stops = [
    trim ? startMemoryRelease({ trim, gc, live: opts.live, log: opts.log }) : () => {},
    opts.incrementalMarking ? () => {} : startIdleHeapRelease({ gc, trim, log: opts.log }),
  ];
  return () => stops.forEach((stop) => stop());
}
