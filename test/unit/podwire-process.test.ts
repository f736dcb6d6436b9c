// demo/processes.ts's PodwireProcess (the demo's and the tests' child processes) when the program
// cannot be started at all: node emits 'error' and never 'exit', and the waits must end at once
// with the reason instead of running to their timeouts (a test then took 60 s to fail).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PodwireProcess } from '../../demo/processes.js';

describe('PodwireProcess for a program that cannot start', () => {
  it('ends exit() and waitFor() at once, with the reason in stderr', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-nostart-'));
    try {
      const notExecutable = path.join(dir, 'node');
      fs.writeFileSync(notExecutable, '', { mode: 0o644 });
      const p = new PodwireProcess('nostart', spawn(notExecutable, [], { stdio: ['ignore', 'pipe', 'pipe'] }));
      await expect(p.waitFor(() => false, 'a line', 30_000)).rejects.toThrow(/nostart exited before a line: could not start: spawn .* EACCES/);
      expect(await p.exit(30_000)).toBeNull();
      expect(p.running).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
