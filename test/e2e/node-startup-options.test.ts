// podwire's processes run with node's startup options (proxy/node-startup-options.ts), and say so
// when they don't. Through the real CLI: run as a program, its shebang line starts node with them
// (read back from /proc/<pid>/cmdline) and the proxy logs no warning; started as a bare
// `node main.js`, the proxy and the controller each log one warning naming what is missing; given
// through NODE_OPTIONS instead, nothing is logged.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_STARTUP_OPTIONS } from '../../proxy/node-startup-options.js';
import { identityEnv, makeWorkdir, type Workdir } from '../harness/mesh.js';
import { CLI, ProxyProcess, baseEnv } from '../harness/proxy-process.js';

const WARNING = /^node was started without --max-semi-space-size=16: /;

/** `argv` run as is (a program, or node with arguments) with `env`, as a ProxyProcess. */
function run(argv: readonly string[], env: Record<string, string>): ProxyProcess {
  return new ProxyProcess(spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

describe("node's startup options", () => {
  let w: Workdir;
  const procs: ProxyProcess[] = [];

  beforeAll(async () => {
    w = await makeWorkdir();
  });
  afterAll(async () => {
    for (const p of procs) await p.stop();
    await w?.cleanup();
  });

  const proxy = async (argv: readonly string[], extra: Record<string, string> = {}): Promise<ProxyProcess> => {
    const p = run(argv, baseEnv({ ...identityEnv(w.pki.leaves.server, w.pki), ...extra }));
    procs.push(p);
    await p.ready();
    return p;
  };
  const warnings = (p: ProxyProcess) => p.logs.filter((l) => WARNING.test(String(l.msg)));

  it('are on the built CLI\'s shebang line, which starts node with them', async () => {
    const first = fs.readFileSync(CLI, 'utf8').split('\n', 1)[0];
    expect(first).toBe(`#!/usr/bin/env -S node ${NODE_STARTUP_OPTIONS.join(' ')}`);
    expect(fs.statSync(CLI).mode & 0o111).not.toBe(0);
    const p = await proxy([CLI, 'proxy']);
    const cmdline = fs.readFileSync(`/proc/${p.child.pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
    expect(path.basename(cmdline[0]!)).toBe('node');
    expect(cmdline.slice(1)).toEqual([...NODE_STARTUP_OPTIONS, CLI, 'proxy']);
    expect(warnings(p)).toEqual([]);
  });

  it('missing, make the proxy warn once and still start', async () => {
    const p = await proxy([process.execPath, CLI, 'proxy']);
    expect(warnings(p)).toHaveLength(1);
    expect(warnings(p)[0]).toMatchObject({ level: 40 });
  });

  it('given through NODE_OPTIONS count as given', async () => {
    const p = await proxy([process.execPath, CLI, 'proxy'], { NODE_OPTIONS: '--max-semi-space-size=8' });
    expect(warnings(p)).toEqual([]);
  });

  it('missing, make the controller warn too', async () => {
    const topology = path.join(w.dir, 'topology.yaml');
    fs.writeFileSync(topology, 'cluster: {name: east}\n');
    const p = run([process.execPath, CLI, 'controller', '--topology', topology, '--listen', '127.97.0.1:0', '--plaintext-listen', '127.97.0.1:0', '--admin', 'off', '--log-format', 'json'],
      { PATH: process.env.PATH ?? '' });
    procs.push(p);
    await p.waitForLog((l) => l.msg === 'podwire controller ready');
    expect(warnings(p)).toHaveLength(1);
  });
});
