// Keeps V8 from flushing compiled code while a memory-reducing collection runs.
//
// Why: V8 ages the bytecode of functions that have not run since the last full collection and
// drops it once old; memory-reducing collections (the memory reducer's, and the "last resort"
// flavour memory-release.ts asks for) age it several steps at a time. In an idle sidecar that is
// the data path's code: the next burst then runs interpreted until V8 compiles it again (10–13%
// less bulk in its first 5 s, idle-heap.ts). Two parts of the proxy ask for this at different
// times (idle-heap.ts while the process is quiet, memory-release.ts around one collection), so
// holds are counted: the flags come back only when the last holder lets go.
import v8 from 'node:v8';

/** The V8 flags turned off while code is kept, in the order they are set. */
export const KEEP_CODE_FLAGS = ['flush-bytecode', 'flush-baseline-code'] as const;

export interface CodeKeeper {
  /** Keep compiled code until the returned function is called (once; later calls do nothing). */
  hold(): () => void;
}

/** A keeper that sets flags through `setFlag` (v8.setFlagsFromString by default). */
export function createCodeKeeper(setFlag: (flag: string) => void = (flag) => v8.setFlagsFromString(flag)): CodeKeeper {
  let holders = 0;
  return {
    hold() {
      if (holders++ === 0) for (const flag of KEEP_CODE_FLAGS) setFlag(`--no-${flag}`);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (--holders === 0) for (const flag of KEEP_CODE_FLAGS) setFlag(`--${flag}`);
      };
    },
  };
}

/** The process's keeper, shared by everything that changes these flags at run time. */
export const processCodeKeeper: CodeKeeper = createCodeKeeper();
