// Gives memory back to the kernel once load has dropped. After a burst of connections closes
// (5,000 proxied connections, or floods of half-finished TLS handshakes) RSS stayed near its peak
// (~450 MB) for two reasons: a closed TLS socket's native state (OpenSSL's SSL object and record
// buffers) is freed only when V8 collects its JS wrapper, and an idle process allocates nothing,
// so no GC comes; and what is freed goes into glibc's malloc arenas, which keep it (its automatic
// trim only releases the top of the heap). So, once RSS has grown by TRIM_GROWTH_BYTES since the
// last time and open proxied connections (mux streams included) have fallen to at most half their
// peak (a peak between two checks included): a full GC, then malloc_trim(0) (native/orig_dst.c's
// mallocTrim), which releases free pages inside every arena. On V8 13+ (Node 24) the GC is the
// memory-reducing kind, the only one that unmaps V8's own pooled heap pages (PAGE_POOL_FROM_V8).
// Both pause the event loop briefly (tens of ms after a 5,000-connection burst), hence the
// conditions.
import v8 from 'node:v8';
import vm from 'node:vm';
import { processCodeKeeper, type CodeKeeper } from './compiled-code.js';
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
 * V8 major version from which a plain full collection leaves freed heap pages mapped: V8 13.6
 * (Node 24) puts each page a collection frees into a page pool for reuse, and only a
 * memory-reducing collection unmaps the pool. An idle process may never run one: after a round
 * of bench workloads a flat-mux client proxy kept 287 pages of 256 KiB (67 MB) with 19 MB of
 * heap in use, through this module's collection and trim. V8 11 (Node 20) unmaps freed pages on
 * its own after each collection.
 */
const PAGE_POOL_FROM_V8 = 13;

/** The argument of V8's `gc()` for a collection that also empties the page pool. */
export interface GcOptions {
  readonly type: 'major';
  readonly execution: 'sync';
  readonly flavor: 'last-resort';
}

/**
 * What to pass to `gc()` on a V8 of version `v8Version` (as process.versions.v8 gives it): the
 * "last resort" flavour where there is a page pool (a memory-reducing collection, repeated while
 * it still frees something), nothing (a plain full collection) before.
 */
export function fullGcOptions(v8Version: string): GcOptions | undefined {
  return Number.parseInt(v8Version, 10) >= PAGE_POOL_FROM_V8 ? { type: 'major', execution: 'sync', flavor: 'last-resort' } : undefined;
}

/**
 * A full V8 GC without starting node with --expose-gc: the flag set at run time exposes `gc` to
 * contexts created afterwards. undefined if the runtime refuses. A memory-reducing collection
 * ages compiled code several steps at once, so code is kept while it runs (compiled-code.ts).
 */
export function fullGc(v8Version: string = process.versions.v8, codeKeeper: CodeKeeper = processCodeKeeper): (() => void) | undefined {
  let gc: unknown;
  try {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as unknown;
  } catch {
    return undefined;
  }
  if (typeof gc !== 'function') return undefined;
  const collect = gc as (options?: GcOptions) => void;
  const options = fullGcOptions(v8Version);
  if (!options) return () => collect();
  return () => {
    const release = codeKeeper.hold();
    try {
      collect(options);
    } finally {
      release();
    }
  };
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

/**
 * What the release watches, the sockets of proxied connections (LiveByteCounts): how many are
 * open now, and the most open at once since the last look. Not accepted sockets: a server's pooled
 * mux connection is one socket however many connections it carries, and stays open after them.
 */
export interface LoadGauge {
  readonly size: number;
  takePeak(): number;
}

/** Check every TRIM_CHECK_MS; returns a stop function. Logs each trim at debug with what it freed. */
export function startMemoryRelease(opts: { trim: MallocTrim; gc?: () => void; load: LoadGauge; log: Logger; rss?: () => number }): () => void {
  const rss = opts.rss ?? (() => process.memoryUsage.rss());
  let state: TrimState = { baselineRss: rss(), peakLive: opts.load.takePeak() };
  const timer = setInterval(() => {
    const before = rss();
    const live = opts.load.size;
    // The peak since the last check too: a burst can come and go between two checks.
    const peakLive = Math.max(state.peakLive, opts.load.takePeak());
    if (shouldTrim({ baselineRss: state.baselineRss, peakLive }, before, live)) {
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
      state = { baselineRss: Math.min(state.baselineRss, before), peakLive };
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
export function startMemoryUpkeep(opts: { incrementalMarking: boolean; load: LoadGauge; log: Logger }): () => void {
  const trim = nativeMallocTrim();
  const gc = fullGc();
  const stops = [
    trim ? startMemoryRelease({ trim, gc, load: opts.load, log: opts.log }) : () => {},
    opts.incrementalMarking ? () => {} : startIdleHeapRelease({ gc, trim, log: opts.log }),
  ];
  return () => stops.forEach((stop) => stop());
}
