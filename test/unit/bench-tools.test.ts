// `podwire bench` checks for its optional load tools before loading the bench, and names the
// missing ones with the command that installs them (the image leaves them out; dockerfile.test.ts
// runs the real CLI without them).
import { describe, expect, it } from 'vitest';
import { BENCH_PACKAGES, missingBenchMessage, missingBenchPackages } from '../../proxy/cli/bench-tools.js';

describe('bench tools check', () => {
  it('finds them in this checkout (npm ci installs optional dependencies)', () => {
    expect(missingBenchPackages()).toEqual([]);
  });

  it('lists exactly the packages that cannot be resolved', () => {
    const resolve = (name: string) => {
      if (name === 'autocannon') throw new Error('Cannot find module');
      return `/x/${name}`;
    };
    expect(missingBenchPackages(resolve)).toEqual(['autocannon']);
    expect(missingBenchPackages(() => { throw new Error('gone'); })).toEqual([...BENCH_PACKAGES]);
  });

  it('names the packages and the install command', () => {
    expect(missingBenchMessage(['autocannon'])).toContain('autocannon is not installed');
    expect(missingBenchMessage(['autocannon'])).toContain('npm install autocannon');
  });
});
