// Helpers for tests of `podwire pki` run in-process: run the CLI capturing what it prints, and a
// per-file temporary directory removed after the file's tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { runPkiCommand, type CliIo } from '../../proxy/pki/cli.js';

export interface PkiRun {
  code: number;
  out: string;
  err: string;
}

/** Run `podwire pki <argv>` in-process: its exit code and everything it wrote to stdout/stderr. */
export async function runPki(...argv: string[]): Promise<PkiRun> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } };
  const code = await runPkiCommand(argv, io);
  return { code, out, err };
}

/**
 * A temporary directory made before the calling file's tests (beforeAll) and removed after them
 * (afterAll). Call at module level; the returned function joins paths below the directory.
 */
export function useTempDir(prefix: string): (...parts: string[]) => string {
  let dir: string | undefined;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });
  return (...parts) => {
    if (dir === undefined) throw new Error(`temporary directory ${prefix}* used outside the tests`);
    return path.join(dir, ...parts);
  };
}
