// scripts/build-native.mjs (npm's install script): node-gyp's chatter is hidden when the addon
// builds and shown in full when it does not. A stand-in node-gyp (named by npm_config_node_gyp, as
// npm does) prints many lines and exits 0 or 1; the real script runs in a child process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = path.resolve(import.meta.dirname, '../../scripts/build-native.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-gyp-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function fakeGyp(status: number): string {
  const file = path.join(dir, `gyp-${status}.cjs`);
  fs.writeFileSync(file, `for (let i = 0; i < 45; i++) console.log('gyp info line ' + i);\nconsole.error('gyp ERR! the reason');\nprocess.exit(${status});\n`);
  return file;
}

function runScript(status: number): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [SCRIPT], {
    env: { PATH: process.env.PATH, npm_config_node_gyp: fakeGyp(status) }, encoding: 'utf8', timeout: 15_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('scripts/build-native.mjs', () => {
  it('prints one line when the addon builds', () => {
    const r = runScript(0);
    expect(r.status).toBe(0);
    expect(r.out.trim().split('\n')).toEqual(['podwire: built the SO_ORIGINAL_DST addon (native/build/Release)']);
  });

  it("prints node-gyp's whole output and the warning when it fails, and does not fail the install", () => {
    const r = runScript(1);
    expect(r.status).toBe(0);
    expect(r.out).toContain('gyp info line 0');
    expect(r.out).toContain('gyp info line 44');
    expect(r.out).toContain('gyp ERR! the reason');
    expect(r.out).toContain('the SO_ORIGINAL_DST addon did not build (node-gyp exited with 1)');
  });
});
