// Transparent interception for real: `podwire init` programs iptables inside a network namespace,
// an application that knows nothing of the proxy connects out and is accepted in, and podwire
// recovers each original destination with SO_ORIGINAL_DST (native addon), IPv4 and IPv6.
//
// Two namespaces joined by a veth: `pod` (10.9.0.2, fd09::2) runs podwire as root with
// --proxy-uid 0 and an app; `peer` (10.9.0.1, fd09::1) is the rest of the world. Applications
// dial as uid 65534 so the proxy-uid exemption tells them apart from the proxy. Needs root and
// `ip netns`; skipped with a message otherwise, and never skipped in CI.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ProxyProcess, REPO_ROOT, baseEnv } from '../harness/proxy-process.js';
import { identityEnv, makeWorkdir, type Workdir } from '../harness/mesh.js';
import { nativeOrigDst } from '../../proxy/transport/orig-dst-native.js';

const AGENT = path.join(REPO_ROOT, 'test/harness/ns-agent.mjs');
const POD = `pwx${process.pid}p`;
const PEER = `pwx${process.pid}q`;
const APP_UID = 65534;

function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    execFileSync('iptables', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    return `ip netns or iptables unavailable: ${(err as Error).message}`;
  }
  return undefined;
}

const unavailable = netnsUnavailable();
if (unavailable && process.env.CI === 'true') throw new Error(`interception tests must run in CI, but: ${unavailable}`);
if (unavailable) console.warn(`SKIPPING interception tests (${unavailable}); run as root with iproute2 and iptables`);

const sh = (ns: string, ...args: string[]) => execFileSync('ip', ['netns', 'exec', ns, ...args], { encoding: 'utf8' });
const children: ChildProcess[] = [];

function startIn(ns: string, args: string[]): ChildProcess {
  const child = spawn('ip', ['netns', 'exec', ns, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

async function serve(ns: string, host: string, port: number, name: string): Promise<void> {
  const child = startIn(ns, [process.execPath, AGENT, 'serve', host, String(port), name]);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`server ${name} exited ${code}`)));
  });
}

interface DialResult { ok: boolean; reply: string; error?: string }

function dial(ns: string, host: string, port: number, message: string, uid = APP_UID): DialResult {
  const out = sh(ns, process.execPath, AGENT, 'dial', host, String(port), message, '--uid', String(uid), '--timeout', '5000');
  return JSON.parse(out.trim()) as DialResult;
}

function setUpNamespaces(): void {
  execFileSync('ip', ['netns', 'add', POD]);
  execFileSync('ip', ['netns', 'add', PEER]);
  execFileSync('ip', ['link', 'add', 'eth0', 'netns', POD, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', PEER]);
  for (const [ns, n] of [[POD, 2], [PEER, 1]] as const) {
    sh(ns, 'ip', 'link', 'set', 'lo', 'up');
    sh(ns, 'ip', 'addr', 'add', `10.9.0.${n}/24`, 'dev', 'eth0');
    sh(ns, 'ip', 'addr', 'add', `fd09::${n}/64`, 'dev', 'eth0', 'nodad');
    sh(ns, 'ip', 'link', 'set', 'eth0', 'up');
  }
  // An address of the pod that LINKERD2_PROXY_INBOUND_IPS does not list.
  sh(POD, 'ip', 'addr', 'add', '10.9.0.3/24', 'dev', 'eth0');
}

function tearDown(): void {
  for (const c of children) c.kill('SIGKILL');
  for (const ns of [POD, PEER]) {
    try {
      execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    } catch { /* not created */ }
  }
}

describe.skipIf(unavailable !== undefined)('transparent interception in a network namespace', () => {
  let w: Workdir;
  let proxy: ProxyProcess;

  beforeAll(async () => {
    expect(nativeOrigDst()).toMatchObject({ available: true });
    w = await makeWorkdir();
    setUpNamespaces();
    sh(POD, process.execPath, CLI, 'init', '--proxy-uid', '0', '--ipv6', '--inbound-ports-to-ignore', '4190,4191,9999', '--outbound-ports-to-ignore', '7001');
    await serve(PEER, '::', 7000, 'peer');
    await serve(PEER, '::', 7001, 'peer-ignored');
    await serve(POD, '::', 8080, 'app');
    await serve(POD, '::', 9999, 'app-ignored');
    const env = baseEnv({
      ...identityEnv(w.pki.leaves.server, w.pki),
      LINKERD2_PROXY_INBOUND_LISTEN_ADDR: '[::]:4143',
      LINKERD2_PROXY_OUTBOUND_LISTEN_ADDRS: '127.0.0.1:4140,[::1]:4140',
      LINKERD2_PROXY_ADMIN_LISTEN_ADDR: '127.0.0.1:4191',
      LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'all-unauthenticated',
      LINKERD2_PROXY_INBOUND_DETECT_TIMEOUT: '500ms',
      LINKERD2_PROXY_INBOUND_IPS: '10.9.0.2,fd09::2',
    });
    proxy = new ProxyProcess(spawn('ip', ['netns', 'exec', POD, process.execPath, CLI, 'proxy'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    children.push(proxy.child);
    const ready = await proxy.waitForLog((l) => l.msg === 'podwire proxy ready', 20_000);
    expect(ready.orig_dst).toMatch(/SO_ORIGINAL_DST/);
  });

  afterAll(async () => {
    tearDown();
    await w?.cleanup();
    const left = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
    expect(left).not.toContain(POD);
    expect(left).not.toContain(PEER);
  });

  it('running init again with the same flags changes nothing', () => {
    const before = sh(POD, 'iptables', '-t', 'nat', '-S');
    const out = sh(POD, process.execPath, CLI, 'init', '--proxy-uid', '0', '--ipv6', '--inbound-ports-to-ignore', '4190,4191,9999', '--outbound-ports-to-ignore', '7001');
    expect(out).toMatch(/iptables: rules already in place, nothing changed/);
    expect(out).toMatch(/ip6tables: rules already in place, nothing changed/);
    expect(sh(POD, 'iptables', '-t', 'nat', '-S')).toBe(before);
    expect(before.match(/-j PROXY_INIT_OUTPUT/g)).toHaveLength(1);
  });

  it('carries an outbound IPv4 connection to its original destination', async () => {
    const r = dial(POD, '10.9.0.1', 7000, 'hello out');
    expect(r).toMatchObject({ ok: true, reply: 'peer 10.9.0.2\nhello out' });
    const line = await proxy.waitForAccessLog({ direction: 'outbound', target: '10.9.0.1:7000' });
    expect(line.reason).toBe('ok');
  });

  it('carries an outbound IPv6 connection to its original destination', async () => {
    const r = dial(POD, 'fd09::1', 7000, 'hello v6');
    expect(r).toMatchObject({ ok: true, reply: 'peer fd09::2\nhello v6' });
    await proxy.waitForAccessLog({ direction: 'outbound', target: '[fd09::1]:7000' });
  });

  it('leaves ignored outbound ports alone', async () => {
    const r = dial(POD, '10.9.0.1', 7001, 'direct');
    expect(r).toMatchObject({ ok: true, reply: 'peer-ignored 10.9.0.2\ndirect' });
    await new Promise((r) => setTimeout(r, 200));
    expect(proxy.logs.some((l) => l.msg === 'connection closed' && l.target === '10.9.0.1:7001')).toBe(false);
  });

  it('refuses a connection addressed to the outbound port itself (no loop)', async () => {
    const r = dial(POD, '127.0.0.1', 4140, 'loop');
    expect(r.reply).toBe('');
    await proxy.waitForLog((l) => l.reason === 'proxy_loop');
  });

  it('takes redirected inbound connections (IPv4 and IPv6) through the application-port path', async () => {
    const v4 = dial(PEER, '10.9.0.2', 8080, 'hello in', 0);
    // The app sees the proxy's connection from the pod's own address.
    expect(v4).toMatchObject({ ok: true, reply: 'app 10.9.0.2\nhello in' });
    const line = await proxy.waitForAccessLog({ direction: 'inbound', target: '10.9.0.2:8080' });
    expect(line.reason).toBe('ok');
    const v6 = dial(PEER, 'fd09::2', 8080, 'hello in v6', 0);
    expect(v6).toMatchObject({ ok: true, reply: 'app fd09::2\nhello in v6' });
    await proxy.waitForAccessLog({ direction: 'inbound', target: '[fd09::2]:8080' });
  });

  it('refuses inbound connections for an IP outside LINKERD2_PROXY_INBOUND_IPS', async () => {
    const r = dial(PEER, '10.9.0.3', 8080, 'not mine', 0);
    expect(r.reply).toBe('');
    const line = await proxy.waitForAccessLog({ direction: 'inbound', reason: 'not_local_ip' });
    expect(line.message ?? line.error).toMatch(/10\.9\.0\.3:8080 is not one of LINKERD2_PROXY_INBOUND_IPS/);
  });

  it('leaves ignored inbound ports alone', async () => {
    const r = dial(PEER, '10.9.0.2', 9999, 'straight in', 0);
    expect(r).toMatchObject({ ok: true, reply: 'app-ignored 10.9.0.1\nstraight in' });
  });

  it('init --clean removes every rule it added', () => {
    sh(POD, process.execPath, CLI, 'init', '--clean', '--ipv6');
    for (const bin of ['iptables', 'ip6tables']) expect(sh(POD, bin, '-t', 'nat', '-S')).not.toMatch(/PROXY_INIT/);
  });
});
