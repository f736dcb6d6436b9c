// bench/path-cost.ts: both proxies' byte paths in one process. Each mode carries echoed messages
// byte-exact (checked per round trip inside the tool) over real mTLS with podwire's certificates,
// and reports a CPU figure; the CLI refuses bad options with a message naming them. Needs the
// compiled tool in dist/ for the CLI cases (npx tsc -p tsconfig.json).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { measurePathCost } from '../../bench/path-cost.js';

const CLI = path.resolve('dist/bench/path-cost.js');

describe('bench/path-cost', () => {
  it.each(['flat', 'mux'] as const)('%s: carries messages over several connections and measures CPU per round trip', async (mode) => {
    // 1,500 bytes: an echo may come back in more than one read, which the check puts back together.
    const result = await measurePathCost({ mode, roundTrips: 300, connections: 3, size: 1500, warmUpRoundTrips: 300 });
    expect(result.mode).toBe(mode);
    expect(result.cpuUs).toBeGreaterThan(0);
    expect(result.wallUs).toBeGreaterThan(0);
  });

  it.each([
    [['--rounds', '0'], /--rounds must be a positive integer/],
    [['--modes', 'flat,tcp'], /mode must be flat or mux, got tcp/],
    [['--sise', '10'], /unknown option --sise/],
    [['--rounds'], /expected --name value/],
  ])('refuses %j', (args, message) => {
    const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
