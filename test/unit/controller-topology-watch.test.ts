// TopologyWatcher on a real file: valid edits become 'update', broken edits become one logged
// 'invalid' while the last good version stays current, identical content is ignored, replaced
// (renamed-over) and deleted files are handled, and the poll alone also picks edits up.
import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Logger } from '../../proxy/log.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TopologyError, type Topology } from '../../controller/topology.js';
import { TopologyWatcher } from '../../controller/topology-watch.js';

let dir: string;
let file: string;
let watcher: TopologyWatcher | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'podwire-watch-'));
  file = path.join(dir, 'topology.yaml');
});
afterEach(() => {
  watcher?.close();
  watcher = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function yaml(pods: string[]): string {
  const workloads = pods.map((ip, i) => `  - {pod: p-${i}, namespace: ns, ip: ${ip}, services: [web]}`).join('\n');
  return `cluster: {name: east}\nservices: [{name: web, namespace: ns, ports: [{port: 80}]}]\nworkloads:\n${workloads || '  []'}\n`;
}

function capture(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

function next<T>(w: TopologyWatcher, event: 'update' | 'invalid', ms = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no '${event}' within ${ms}ms`)), ms);
    w.once(event, (v: T) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}

const ips = (t: Topology): string[] => t.workloads.map((w) => w.ip);

describe('TopologyWatcher', () => {
  it('refuses to start on an invalid file, naming the problem', async () => {
    writeFileSync(file, 'cluster: {}\n');
    await expect(TopologyWatcher.start(file)).rejects.toThrow(TopologyError);
    await expect(TopologyWatcher.start(file)).rejects.toThrow(/cluster\.name: is required/);
    await expect(TopologyWatcher.start(path.join(dir, 'none.yaml'))).rejects.toThrow(/cannot read/);
  });

  it('emits each valid edit, keeps the last good version through a broken one, and logs it once', async () => {
    writeFileSync(file, yaml(['127.1.0.1']));
    const { log, lines } = capture();
    watcher = await TopologyWatcher.start(file, { log });
    expect(ips(watcher.current())).toEqual(['127.1.0.1']);

    const updated = next<Topology>(watcher, 'update');
    writeFileSync(file, yaml(['127.1.0.1', '127.1.0.2']));
    expect(ips(await updated)).toEqual(['127.1.0.1', '127.1.0.2']);
    expect(ips(watcher.current())).toEqual(['127.1.0.1', '127.1.0.2']);

    const invalid = next<Error>(watcher, 'invalid');
    writeFileSync(file, yaml(['127.1.0.1', '10.0.0']));
    const err = await invalid;
    expect(err.message).toContain('workloads[1].ip: "10.0.0" is not an IP address');
    expect(ips(watcher.current())).toEqual(['127.1.0.1', '127.1.0.2']);
    // Polls keep re-reading the broken content, but it is reported only once.
    await new Promise((r) => setTimeout(r, 700));
    const errors = lines.filter((l) => l['level'] === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file, msg: 'topology: rejected an invalid edit; still serving the last good version' });
    expect(String(errors[0]!['err'])).toContain('"10.0.0" is not an IP address');

    const fixed = next<Topology>(watcher, 'update');
    writeFileSync(file, yaml(['127.1.0.3']));
    expect(ips(await fixed)).toEqual(['127.1.0.3']);
  });

  it('ignores rewrites with identical content', async () => {
    writeFileSync(file, yaml(['127.1.0.1']));
    watcher = await TopologyWatcher.start(file);
    let updates = 0;
    watcher.on('update', () => updates++);
    writeFileSync(file, yaml(['127.1.0.1']));
    await new Promise((r) => setTimeout(r, 700));
    expect(updates).toBe(0);
  });

  it('follows a file replaced by rename (how editors save) and survives a deleted file', async () => {
    writeFileSync(file, yaml(['127.1.0.1']));
    watcher = await TopologyWatcher.start(file);
    const updated = next<Topology>(watcher, 'update');
    writeFileSync(path.join(dir, '.topology.yaml.tmp'), yaml(['127.1.0.9']));
    renameSync(path.join(dir, '.topology.yaml.tmp'), file);
    expect(ips(await updated)).toEqual(['127.1.0.9']);

    const invalid = next<Error>(watcher, 'invalid');
    unlinkSync(file);
    expect((await invalid).message).toMatch(/cannot read/);
    expect(ips(watcher.current())).toEqual(['127.1.0.9']);
    const back = next<Topology>(watcher, 'update');
    writeFileSync(file, yaml(['127.1.0.8']));
    expect(ips(await back)).toEqual(['127.1.0.8']);
  });

  it('picks edits up by polling alone when fs.watch is off', async () => {
    writeFileSync(file, yaml(['127.1.0.1']));
    watcher = await TopologyWatcher.start(file, { fsWatch: false, pollMs: 100 });
    const updated = next<Topology>(watcher, 'update');
    writeFileSync(file, yaml(['127.1.0.4']));
    expect(ips(await updated)).toEqual(['127.1.0.4']);
  });
});
