// The startup-options check (proxy/node-startup-options.ts): an option counts as given on node's
// command line or in NODE_OPTIONS, in either spelling and with any value; a missing one is named in
// the warning together with how to give it.
import { describe, expect, it } from 'vitest';
import { NODE_STARTUP_OPTIONS, missingStartupOptions, startupOptionsWarning } from '../../proxy/node-startup-options.js';

describe('node startup options', () => {
  it('bounds the young generation at 16 MiB semi-spaces', () => {
    expect(NODE_STARTUP_OPTIONS).toEqual(['--max-semi-space-size=16']);
  });

  it('counts an option given on the command line or in NODE_OPTIONS, with any value and either spelling', () => {
    expect(missingStartupOptions(['--max-semi-space-size=16'], '')).toEqual([]);
    expect(missingStartupOptions(['--cpu-prof'], '--max-semi-space-size=16')).toEqual([]);
    expect(missingStartupOptions([], '  --inspect  --max_semi_space_size=64 ')).toEqual([]);
    expect(missingStartupOptions(['--max-semi-space-size=4'], '')).toEqual([]);
  });

  it('names what is missing; other options and plain words do not count', () => {
    expect(missingStartupOptions([], '')).toEqual(['--max-semi-space-size=16']);
    expect(missingStartupOptions(['--max-old-space-size=64', '--cpu-prof'], '--max-semi')).toEqual(['--max-semi-space-size=16']);
    expect(missingStartupOptions([], 'max-semi-space-size=16')).toEqual(['--max-semi-space-size=16']);
  });

  it('warns only when something is missing, naming it and the way to give it', () => {
    expect(startupOptionsWarning(['--max-semi-space-size=16'], '')).toBeUndefined();
    const w = startupOptionsWarning([], '');
    expect(w).toMatch(/^node was started without --max-semi-space-size=16: /);
    expect(w).toContain('`node --max-semi-space-size=16 …`');
    expect(w).toContain('NODE_OPTIONS');
  });
});
