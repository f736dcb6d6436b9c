// PODWIRE_V8_INCREMENTAL_MARKING (parsed in config.test.ts): applying it really changes what V8
// does while bytes stream through a process holding a sidecar-sized heap (gc-settings.ts says why
// that matters: a third of the proxy's CPU per GB went to full collections).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { applyGcSettings, gcFlags } from '../../proxy/gc-settings.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(ROOT, 'test/fixtures/gc-stream.mjs');
const BUILT = path.join(ROOT, 'dist/proxy/gc-settings.js');

/** Full collections while 400 MB stream through the fixture; `marking` as the setting, or 'default' for none of podwire's. */
async function majorsWhileStreaming(marking: 'true' | 'false' | 'default'): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [CHILD, BUILT, marking], { timeout: 30_000 });
  const r = JSON.parse(stdout) as { majors: number; received: number };
  expect(r.received).toBe(Math.ceil(400e6 / 65536) * 65536);
  return r.majors;
}

describe('PODWIRE_V8_INCREMENTAL_MARKING', () => {
  it('names the V8 flags it sets, by V8 version', () => {
    const NODE_20 = '11.3.244.8-node.38';
    const NODE_22 = '12.4.254.21-node.57';
    const NODE_24 = '13.6.233.17-node.63';
    for (const old of [NODE_20, NODE_22]) {
      expect(gcFlags({ incrementalMarking: true }, old)).toEqual([]);
      expect(gcFlags({ incrementalMarking: false }, old)).toEqual(['--no-incremental-marking']);
    }
    expect(gcFlags({ incrementalMarking: true }, NODE_24)).toEqual(['--external-memory-accounted-in-global-limit']);
    expect(gcFlags({ incrementalMarking: false }, NODE_24)).toEqual(['--external-memory-accounted-in-global-limit', '--no-incremental-marking']);
    expect(applyGcSettings({ incrementalMarking: false })).toEqual(gcFlags({ incrementalMarking: false }, process.versions.v8));
  });

  it('stops the full collections that streaming triggers in a sidecar-sized heap', async () => {
    // V8 as Node starts it runs full collections over and over in this process (Node 20 and 22:
    // incremental marking; Node 24: external memory pressure); with podwire's default settings
    // there are none (the heap never really reaches its limit while only short-lived buffers are made).
    const withV8Default = await majorsWhileStreaming('default');
    const withSetting = await majorsWhileStreaming('false');
    expect(withSetting).toBeLessThanOrEqual(1);
    expect(withV8Default).toBeGreaterThan(withSetting);
  }, 60_000);
});
