// `podwire init --dry-run` from the built CLI, as a person pipes it: into a reader that stops early
// (`| head`), which must end the command quietly with status 0, and with --clean, which must print
// the removal commands rather than the install.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = path.join(path.resolve(import.meta.dirname, '../..'), 'dist/proxy/main.js');

function runInit(args: readonly string[], closeStdoutAtOnce: boolean): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'init', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // Closing our read end before the child writes anything makes its first write fail with EPIPE,
    // deterministically (what `| head -0` does; `| head -1` races the writer for the same result).
    if (closeStdoutAtOnce) child.stdout.destroy();
    else child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('podwire init --dry-run', () => {
  it('exits 0 without a stack trace when its reader goes away (| head)', async () => {
    const r = await runInit(['--dry-run', '--ipv6'], true);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('--clean prints the removal commands, not the install', async () => {
    const r = await runInit(['--dry-run', '--clean'], false);
    expect(r.code).toBe(0);
    const commands = r.stdout.split('\n').filter((l) => l.startsWith('iptables '));
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.every((c) => / -t nat -[DFX] /.test(c)), r.stdout).toBe(true);
    expect(commands.filter((c) => / -X /.test(c)).map((c) => c.split(' ').pop()).sort()).toEqual(['PROXY_INIT_OUTPUT', 'PROXY_INIT_REDIRECT']);
  });
});
