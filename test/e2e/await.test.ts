// `podwire await` (linkerd-await) against real proxies: one that is ready and one that never is
// (its policy API address is closed, with an eager port). Exit codes: 0 ready, 69 not ready in
// time with what /ready last said, CMD's own code after readiness (signals passed on to it), 71
// when CMD cannot start; --timeout-fatal=false, --shutdown (the proxy exits once CMD has) and
// LINKERD_AWAIT_DISABLED as in linkerd-await.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkdir, identityEnv, type Workdir } from '../harness/mesh.js';
import { CLI, splitAddr, startPodwire, type ProxyProcess } from '../harness/proxy-process.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `podwire await ...args`; `onStdout` sees the output so far (and may signal the process). */
function runAwait(args: string[], env: Record<string, string> = {}, onStdout?: (stdout: string, pid: number) => void): Promise<Run> {
  const child = spawn(process.execPath, [CLI, 'await', ...args], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    onStdout?.(stdout, child.pid!);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => child.once('exit', (code) => {
    clearTimeout(killer);
    resolve({ code, stdout, stderr });
  }));
}

const node = process.execPath;

describe('podwire await', () => {
  let w: Workdir;
  let ready: { proc: ProxyProcess; port: number };
  let neverReady: { proc: ProxyProcess; port: number };
  const procs: ProxyProcess[] = [];

  const start = async (env: Record<string, string>) => {
    const { proc, addrs } = await startPodwire({ ...identityEnv(w.pki.leaves.server, w.pki), ...env });
    procs.push(proc);
    return { proc, port: splitAddr(addrs.admin).port };
  };

  beforeAll(async () => {
    w = await makeWorkdir();
    ready = await start({ LINKERD2_PROXY_SHUTDOWN_ENDPOINT_ENABLED: 'true' });
    neverReady = await start({
      LINKERD2_PROXY_POLICY_SVC_ADDR: '127.0.0.1:1',
      LINKERD2_PROXY_POLICY_WORKLOAD: 'shop:web-0',
      LINKERD2_PROXY_INBOUND_PORTS: '8080',
    });
  });

  afterAll(async () => {
    for (const p of procs) await p.stop();
    await w?.cleanup();
  });

  it('exits 0 once the proxy is ready', async () => {
    const r = await runAwait(['--timeout=10s', `--port=${ready.port}`, '-v']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/the proxy is ready/);
  });

  it('exits 69 after the timeout when the proxy never becomes ready, saying what /ready answered', async () => {
    const started = Date.now();
    const r = await runAwait(['--timeout=1s', '--backoff=100ms', `--port=${neverReady.port}`]);
    expect(r.code).toBe(69);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(r.stderr).toMatch(/the proxy did not become ready within 1s \(http:\/\/127\.0\.0\.1:\d+\/ready, \d+ checks; last answer: 503 not ready; waiting for: inbound-policy \(no policy yet for port 8080/);
  });

  it('exits 69 with the connection error when nothing listens', async () => {
    const r = await runAwait(['--timeout=500ms', '--backoff=100ms', '--port=1']);
    expect(r.code).toBe(69);
    expect(r.stderr).toMatch(/last answer: ECONNREFUSED/);
  });

  it('runs CMD after readiness and exits with its code; a timeout stops CMD unless --timeout-fatal=false', async () => {
    expect((await runAwait([`--port=${ready.port}`, '--', node, '-e', 'process.stdout.write("ran"); process.exit(7)'])).code).toBe(7);
    const fatal = await runAwait(['--timeout=300ms', `--port=${neverReady.port}`, '--', node, '-e', 'process.stdout.write("ran")']);
    expect(fatal.code).toBe(69);
    expect(fatal.stdout).toBe('');
    const lenient = await runAwait(['--timeout=300ms', '--timeout-fatal=false', `--port=${neverReady.port}`, '--', node, '-e', 'process.stdout.write("ran")']);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toBe('ran');
  });

  it('passes SIGTERM on to CMD', async () => {
    const script = 'process.on("SIGTERM", () => process.exit(3)); process.stdout.write("up"); setInterval(() => {}, 1000)';
    // Once CMD is up (its "up" reaches our stdout through the inherited pipe), SIGTERM `await`.
    const run = runAwait([`--port=${ready.port}`, '--', node, '-e', script], {}, (out, pid) => {
      if (out === 'up') process.kill(pid, 'SIGTERM');
    });
    const r = await run;
    expect(r.stdout).toBe('up');
    expect(r.code).toBe(3);
  });

  it('exits 71 when CMD cannot be started', async () => {
    const r = await runAwait([`--port=${ready.port}`, '--', '/nonexistent/program']);
    expect(r.code).toBe(71);
    expect(r.stderr).toMatch(/cannot run "\/nonexistent\/program": spawn \/nonexistent\/program ENOENT/);
  });

  it('LINKERD_AWAIT_DISABLED skips the check', async () => {
    const r = await runAwait(['--timeout=10s', `--port=${neverReady.port}`, '-v'], { LINKERD_AWAIT_DISABLED: 'no mesh here' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('podwire await: readiness check skipped: no mesh here\n');
  });

  it('exits 2 on bad arguments', async () => {
    const r = await runAwait(['--timeout=soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--timeout "soon": expected an integer with a unit/);
  });

  // Last: the proxy is gone afterwards.
  it('--shutdown: runs CMD, then stops the proxy through POST /shutdown', async () => {
    const r = await runAwait(['-S', `--port=${ready.port}`, '--', node, '-e', 'process.exit(5)']);
    expect(r.code).toBe(5);
    expect(await ready.proc.exit()).toBe(0);
  });
});
