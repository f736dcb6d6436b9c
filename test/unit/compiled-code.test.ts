// The code keeper (proxy/compiled-code.ts): V8's code-flushing flags go off with the first hold
// and come back only when the last holder lets go, so idle-heap.ts (holding while the process is
// quiet) and memory-release.ts (holding around one collection) can't undo each other.
import { describe, expect, it } from 'vitest';
import { createCodeKeeper } from '../../proxy/compiled-code.js';

describe('the code keeper', () => {
  it('turns flushing off at the first hold and on again after the last release', () => {
    const flags: string[] = [];
    const keeper = createCodeKeeper((f) => flags.push(f));
    const idle = keeper.hold();
    expect(flags).toEqual(['--no-flush-bytecode', '--no-flush-baseline-code']);
    const collection = keeper.hold();
    collection();
    expect(flags).toHaveLength(2);
    idle();
    expect(flags.slice(2)).toEqual(['--flush-bytecode', '--flush-baseline-code']);
  });

  it('counts a release once however often it is called', () => {
    const flags: string[] = [];
    const keeper = createCodeKeeper((f) => flags.push(f));
    const first = keeper.hold();
    const second = keeper.hold();
    first();
    first();
    expect(flags).toHaveLength(2);
    second();
    expect(flags).toHaveLength(4);
  });
});
