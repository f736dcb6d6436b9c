// PODWIRE_V8_INCREMENTAL_MARKING (parsed in config.test.ts): applying it really changes what V8
// does while bytes stream through a process holding a sidecar-sized heap (gc-settings.ts says why
// that matters: a third of the proxy's CPU per GB went to full collections).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { applyGcSettings } from '../../proxy/gc-settings.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(ROOT, 'test/fixtures/gc-stream.mjs');
const BUILT = path.join(ROOT, 'dist/proxy/gc-settings.js');


async function majorsWhileStreaming(incrementalMarking: boolean): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [CHILD, BUILT, String(incrementalMarking)], { timeout: 30_000 });
  const r = JSON.parse(stdout) as { majors: number; received: number };
  expect(r.received).toBe(Math.ceil(400e6 / 65536) * 65536);
  return r.majors;
}

describe('PODWIRE_V8_INCREMENTAL_MARKING', () => {
  it('names the V8 flags it sets', () => {
    expect(applyGcSettings({ incrementalMarking: true })).toEqual([]);
    expect(applyGcSettings({ incrementalMarking: false })).toEqual(['--no-incremental-marking']);
  });

  it('stops the full collections that streaming triggers in a sidecar-sized heap', async () => {
    // V8's default starts full collections over and over in this process; with the setting off there
    // are none (the heap never really reaches its limit while only short-lived buffers are made).
    const withDefault = await majorsWhileStreaming(true);
    const withSetting = await majorsWhileStreaming(false);
    expect(withSetting).toBeLessThanOrEqual(1);
    expect(withDefault).toBeGreaterThan(withSetting);
  }, 60_000);
});
