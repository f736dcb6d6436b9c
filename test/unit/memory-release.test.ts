// When podwire hands free memory back (proxy/memory-release.ts): only after RSS grew by the
// threshold and open connections fell to half their peak; and the pieces it relies on exist here
// (the addon's mallocTrim on glibc, a full GC without --expose-gc) and free real memory.
import { describe, expect, it } from 'vitest';
import { TRIM_GROWTH_BYTES, fullGc, nativeMallocTrim, shouldTrim } from '../../proxy/memory-release.js';

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

describe('the runtime pieces', () => {
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
