// The sidecar keeps @peculiar/x509 (and its reflect-metadata polyfill, several MB resident) off its
// path: a proxy with file identity, and one in Certify mode that has generated its key and CSR
// (proxy/pki/csr-der.ts) and is retrying Certify, have not loaded it. The proxies run the built CLI,
// i.e. the bundled sidecar (dist/proxy/podwire-proxy.mjs).
// The bundle also carries neither @grpc/proto-loader nor full protobufjs (parser and reflection),
// only protobufjs/minimal for the generated static code (issue 13: about 6 MB of idle RSS); the
// esbuild metafile written next to the bundle (scripts/bundle-proxy.mjs) says what went in.
// An idle proxy also stays asleep: prom-client's event-loop sampling at its default 10 ms woke it
// 100 times a second (proxy/metrics.ts EVENT_LOOP_SAMPLE_MS). And the bundle keeps source names
// without esbuild's keepNames helper (scripts/bundle-proxy.mjs says why).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wakeUps } from '../../bench/processes.js';
import { certifyEnv } from '../harness/controller-process.js';
import { identityEnv, makeWorkdir, type Workdir } from '../harness/mesh.js';
import { fetchText, REPO_ROOT, startPodwire, type ProxyProcess } from '../harness/proxy-process.js';

const PROBE = ['--require', path.join(REPO_ROOT, 'test/harness/loaded-libraries-probe.cjs')];

/** Ask the probe in `proc` whether @peculiar/x509 is loaded. */
async function x509Loaded(proc: ProxyProcess): Promise<boolean> {
  const before = proc.stderr.length;
  proc.child.kill('SIGUSR2');
  await expect.poll(() => proc.stderr.slice(before), { timeout: 5_000 }).toContain('loaded-libraries ');
  const line = proc.stderr.slice(before).split('\n').find((l) => l.startsWith('loaded-libraries '))!;
  return (JSON.parse(line.slice('loaded-libraries '.length)) as { x509: boolean }).x509;
}

describe('lean sidecar: @peculiar/x509 stays unloaded', () => {
  let w: Workdir;
  const procs: ProxyProcess[] = [];

  beforeAll(async () => {
    w = await makeWorkdir();
  });

  afterAll(async () => {
    for (const p of procs) await p.stop();
    await w?.cleanup();
  });

  it('with file identity, once ready', async () => {
    const { proc } = await startPodwire(identityEnv(w.pki.leaves.server, w.pki), PROBE);
    procs.push(proc);
    await proc.awaitReady();
    expect(await x509Loaded(proc)).toBe(false);
  });

  it('in Certify mode, after generating its key and CSR', async () => {
    // Port 9 on loopback: nothing listens, so Certify fails and is retried.
    const env = certifyEnv(w, 'client', '127.0.0.1', { identityAddr: '127.0.0.1:9', token: 'tok', trustAnchors: 'file' });
    const { proc } = await startPodwire({ ...env, LINKERD2_PROXY_INBOUND_LISTEN_ADDR: '127.0.0.1:0', LINKERD2_PROXY_ADMIN_LISTEN_ADDR: '127.0.0.1:0' }, PROBE);
    procs.push(proc);
    await proc.waitForLog((l) => l.msg === 'identity not certified yet; will retry');
    expect(proc.logs.some((l) => String(l.msg).startsWith('generated a new ECDSA P-256 key'))).toBe(true);
    expect(await x509Loaded(proc)).toBe(false);
  });
});

describe('lean sidecar: an idle proxy sleeps', () => {
  let w: Workdir;
  let proc: ProxyProcess | undefined;

  beforeAll(async () => {
    w = await makeWorkdir();
  });

  afterAll(async () => {
    await proc?.stop();
    await w?.cleanup();
  });

  it('wakes up a few times a second, not 100, and still exports the event-loop delay summary', async () => {
    const started = await startPodwire(identityEnv(w.pki.leaves.server, w.pki));
    proc = started.proc;
    await proc.awaitReady();
    // Let startup's own work (JIT, first GCs, the first quiet checks) finish.
    await new Promise((r) => setTimeout(r, 1500));
    const before = wakeUps(proc.child.pid!)!;
    await new Promise((r) => setTimeout(r, 3000));
    const perSecond = (wakeUps(proc.child.pid!)! - before) / 3;
    // Measured: about 100 a second with prom-client's 10 ms sampling, about 12 with 100 ms.
    expect(perSecond).toBeLessThan(40);
    const metrics = (await fetchText(started.addrs.admin, '/metrics')).body;
    expect(metrics).toMatch(/^nodejs_eventloop_lag_p99_seconds \S+$/m);
  });
});

interface Metafile {
  inputs: Record<string, { imports: { path: string }[] }>;
}

describe('lean sidecar: protobuf', () => {
  it('the bundle has no @grpc/proto-loader and no protobufjs beyond protobufjs/minimal', async () => {
    const meta = JSON.parse(await readFile(path.join(REPO_ROOT, 'dist/proxy/podwire-proxy.meta.json'), 'utf8')) as Metafile;
    const inputs = Object.keys(meta.inputs);
    // Whatever protobufjs/minimal.js imports, transitively, is allowed; any other protobufjs file
    // (index.js, src/parse.js, src/root.js, ...) is the full library.
    const minimal = new Set<string>();
    const todo = ['node_modules/protobufjs/minimal.js'];
    while (todo.length > 0) {
      const file = todo.pop()!;
      if (minimal.has(file) || !meta.inputs[file]) continue;
      minimal.add(file);
      todo.push(...meta.inputs[file].imports.map((i) => i.path));
    }
    expect(minimal.has('node_modules/protobufjs/minimal.js')).toBe(true);
    expect(inputs.filter((f) => f.includes('node_modules/@grpc/proto-loader/'))).toEqual([]);
    expect(inputs.filter((f) => f.startsWith('node_modules/protobufjs/') && !minimal.has(f))).toEqual([]);
    expect(inputs).toContain('discovery-client/gen/proto.js');
  });
});

describe('lean sidecar: names', () => {
  // scripts/bundle-proxy.mjs: identifiers are not renamed, so stack traces and logged error types
  // read as in the source, and esbuild's keepNames helper (which redefined `name` on every closure
  // as it was created, switching each to a dictionary of properties) is not needed.
  it('the bundle keeps source names without wrapping functions to rename them', async () => {
    const bundle = await readFile(path.join(REPO_ROOT, 'dist/proxy/podwire-proxy.mjs'), 'utf8');
    for (const name of ['ConnectionRecord=class', 'ProxyError=class', 'function tcpConnectOptions(']) expect(bundle.includes(name), name).toBe(true);
    expect(/__name\s*=/.test(bundle), "esbuild's __name helper").toBe(false);
  });
});
