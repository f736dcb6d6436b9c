// When podwire hands free memory back (proxy/memory-release.ts): only after RSS grew by the
// threshold and open connections fell to half their peak; and the pieces it relies on exist here
// (the addon's mallocTrim on glibc, a full GC without --expose-gc) and free real memory.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  TRIM_CHECK_MS, TRIM_GROWTH_BYTES, fullGc, fullGcOptions, nativeMallocTrim, shouldTrim, startMemoryRelease, type LoadGauge,
} from '../../proxy/memory-release.js';
import { NODE_STARTUP_OPTIONS } from '../../proxy/node-startup-options.js';
import { REPO_ROOT } from '../harness/proxy-process.js';

const MB = 1024 * 1024;

describe('shouldTrim', () => {
  const state = { baselineRss: 100 * MB, peakLive: 1000 };

  it('waits for RSS to grow by the threshold', () => {
    expect(shouldTrim(state, 100 * MB + TRIM_GROWTH_BYTES - 1, 0)).toBe(false);
    expect(shouldTrim(state, 100 * MB + TRIM_GROWTH_BYTES, 0)).toBe(true);
  });

  it('waits until open connections fell to half their peak', () => {
    expect(shouldTrim(state, 400 * MB, 1000)).toBe(false);
    expect(shouldTrim(state, 400 * MB, 501)).toBe(false);
    expect(shouldTrim(state, 400 * MB, 500)).toBe(true);
  });

  it('trims a burst that came and went between two checks', () => {
    expect(shouldTrim({ baselineRss: 100 * MB, peakLive: 0 }, 200 * MB, 0)).toBe(true);
  });
});

describe('startMemoryRelease', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A gauge whose open count and peak the test sets, as LiveByteCounts would report them. */
  function gauge(): LoadGauge & { open: number; peak: number } {
    return {
      open: 0,
      peak: 0,
      get size() {
        return this.open;
      },
      takePeak() {
        const p = Math.max(this.peak, this.open);
        this.peak = this.open;
        return p;
      },
    };
  }

  it('trims after a burst that came and went between two checks while a connection stayed open', () => {
    // A server's pooled connection, or any long-lived one: before, the checks saw 1 open, then 1
    // open, so 1 was never "half the peak" and the memory of the burst in between stayed.
    const load = gauge();
    load.open = 1;
    let rss = 60 * MB;
    const calls: string[] = [];
    const log = { debug: () => {} } as unknown as Parameters<typeof startMemoryRelease>[0]['log'];
    const stop = startMemoryRelease({ load, log, rss: () => rss, gc: () => calls.push('gc'), trim: () => (calls.push('trim'), (rss = 62 * MB), true) });
    vi.advanceTimersByTime(TRIM_CHECK_MS);
    expect(calls).toEqual([]);
    load.peak = 801;
    rss = 120 * MB;
    vi.advanceTimersByTime(TRIM_CHECK_MS);
    expect(calls).toEqual(['gc', 'trim']);
    stop();
  });

  it('waits while the burst is still open at the check', () => {
    const load = gauge();
    let rss = 60 * MB;
    const calls: string[] = [];
    const log = { debug: () => {} } as unknown as Parameters<typeof startMemoryRelease>[0]['log'];
    const stop = startMemoryRelease({ load, log, rss: () => rss, trim: () => (calls.push('trim'), true) });
    load.open = 800;
    rss = 120 * MB;
    vi.advanceTimersByTime(TRIM_CHECK_MS);
    expect(calls).toEqual([]);
    load.open = 300;
    vi.advanceTimersByTime(TRIM_CHECK_MS);
    expect(calls).toEqual(['trim']);
    stop();
  });
});

describe('fullGcOptions', () => {
  it.each([
    ['11.3.244.8-node.33', undefined],
    ['12.4.254.21-node.33', undefined],
    ['13.6.233.17-node.63', { type: 'major', execution: 'sync', flavor: 'last-resort' }],
  ] as const)('V8 %s', (v8Version, options) => {
    expect(fullGcOptions(v8Version)).toEqual(options);
  });

  it('keeps compiled code around the memory-reducing collection only', () => {
    const holds: string[] = [];
    const keeper = { hold: () => (holds.push('hold'), () => holds.push('release')) };
    fullGc('13.6.233.17-node.63', keeper)!();
    expect(holds).toEqual(['hold', 'release']);
    fullGc('11.3.244.8-node.33', keeper)!();
    expect(holds).toHaveLength(2);
  });
});

describe('the runtime pieces', () => {
  it('unmaps the heap pages a collection frees', () => {
    // A process of its own, started as podwire is, so RSS is this check's alone. Node 24's V8
    // keeps freed pages in a pool that a plain full collection leaves mapped (RSS stayed ~280 MB
    // above the start); Node 20's unmaps them after any collection.
    const module = pathToFileURL(path.join(REPO_ROOT, 'dist/proxy/memory-release.js')).href;
    const script = `
      const { fullGc } = await import(${JSON.stringify(module)});
      const gc = fullGc();
      const rss = () => process.memoryUsage.rss();
      const start = rss();
      let keep = [];
      for (let i = 0; i < 1.5e6; i++) keep.push({ i, s: 'x' + i, a: [i] });
      const grown = rss();
      keep = null;
      gc();
      await new Promise((r) => setTimeout(r, 500));
      console.log(JSON.stringify({ start, grown, after: rss() }));`;
    const out = execFileSync(process.execPath, [...NODE_STARTUP_OPTIONS, '--input-type=module', '-e', script], { encoding: 'utf8' });
    const { start, grown, after } = JSON.parse(out) as { start: number; grown: number; after: number };
    expect(grown - start).toBeGreaterThan(150 * MB);
    expect(after - start, `RSS ${Math.round(start / MB)} → ${Math.round(grown / MB)} → ${Math.round(after / MB)} MB`).toBeLessThan((grown - start) / 4);
  });

  it('has a full GC that collects unreachable objects', async () => {
    const gc = fullGc();
    expect(gc).toBeTypeOf('function');
    let collected = false;
    const registry = new FinalizationRegistry(() => (collected = true));
    (() => registry.register({ big: new Array(1000).fill(0) }, 'x'))();
    gc!();
    await new Promise((r) => setTimeout(r, 10));
    expect(collected).toBe(true);
  });

  it('has mallocTrim from the native addon on Linux with glibc', () => {
    const trim = nativeMallocTrim();
    if (process.platform !== 'linux') return expect(trim).toBeUndefined();
    expect(trim).toBeTypeOf('function');
    // glibc answers a boolean; musl has no malloc_trim and the addon answers undefined.
    const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime !== undefined;
    expect(typeof trim!()).toBe(glibc ? 'boolean' : 'undefined');
  });
});
