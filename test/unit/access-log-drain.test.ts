// AccessLog.drain (proxy/access-log.ts), which shutdown awaits before the process exits: it
// resolves true once every line has reached the descriptor, and false after its timeout when the
// reader has stopped reading (the exit must not hang on a stuck log collector); and a write that
// then fails (the descriptor closed under it) is not an unhandled error.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAccessLog, type AccessLogEntry } from '../../proxy/access-log.js';
import type { Logger } from '../../proxy/log.js';

const ENTRY: AccessLogEntry = {
  direction: 'inbound', conn_id: '0123456789abcdef', client: '10.0.0.1:40000', target: '10.0.0.2:8080',
  bytes_in: 10, bytes_out: 20, duration_ms: 3, reason: 'ok',
};
const LOG = {} as Logger;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-access-log-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('AccessLog.drain', () => {
  it('resolves true once every line is in the file', async () => {
    const file = path.join(tempDir(), 'access.log');
    const fd = fs.openSync(file, 'w');
    cleanups.push(() => fs.closeSync(fd));
    const log = createAccessLog('json', fd);
    for (let i = 0; i < 2_000; i++) log.write(LOG, ENTRY, false);
    expect(await log.drain(5_000)).toBe(true);
    expect(fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '')).toHaveLength(2_000);
    expect(await log.drain(5_000)).toBe(true);
  });

  it('gives up after its timeout when nobody reads', async () => {
    const fifo = path.join(tempDir(), 'stuck');
    execFileSync('mkfifo', [fifo]);
    // A reader that never reads: the pipe fills (64 KiB) and the writer's write blocks.
    const reader = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const writer = fs.openSync(fifo, fs.constants.O_WRONLY);
    // Closing the reader ends the blocked write (EPIPE), so the writer's thread is freed.
    cleanups.push(() => fs.closeSync(writer), () => fs.closeSync(reader));
    const log = createAccessLog('json', writer);
    for (let i = 0; i < 2_000; i++) log.write(LOG, ENTRY, false);
    const started = Date.now();
    expect(await log.drain(300)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
