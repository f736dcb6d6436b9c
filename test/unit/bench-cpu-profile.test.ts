// bench/cpu-profile.ts, the probe `podwire bench --proxy-env NODE_OPTIONS=--import=...` loads into
// each proxy (node refuses --cpu-prof in NODE_OPTIONS): loaded into a real Node process through
// NODE_OPTIONS, it writes that process's V8 CPU profile, with the work the process did in it, to
// <tmpdir>/podwire-cpu-profiles/<pid>.cpuprofile when the process exits.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const PROBE = path.resolve('dist/bench/cpu-profile.js');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

interface Profile {
  nodes: Array<{ callFrame: { functionName: string } }>;
  samples: number[];
}

describe('bench/cpu-profile.ts', () => {
  it('writes the CPU profile of the process it is loaded into, at its exit, named by its pid', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'podwire-cpu-profile-'));
    dirs.push(tmp);
    const busy = 'function spinForProfile() { const end = Date.now() + 300; let x = 0; while (Date.now() < end) x++; return x; } spinForProfile(); console.log(process.pid);';
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', busy], {
      env: { PATH: process.env.PATH, TMPDIR: tmp, NODE_OPTIONS: `--import=${PROBE}` },
    });
    const pid = stdout.trim();
    const out = path.join(tmp, 'podwire-cpu-profiles');
    expect(await readdir(out)).toEqual([`${pid}.cpuprofile`]);
    const profile = JSON.parse(await readFile(path.join(out, `${pid}.cpuprofile`), 'utf8')) as Profile;
    expect(profile.samples.length).toBeGreaterThan(50);
    expect(profile.nodes.map((n) => n.callFrame.functionName)).toContain('spinForProfile');
  });
});
