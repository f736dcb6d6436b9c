// A pod as Linkerd 2.14's injector writes it, run with real processes: podwire gets the proxy
// container's environment from deploy/kubernetes/linkerd-2.14/injected-pod.yaml (resolved as the
// kubelet would for pods web-0 and web-1 in namespace shop) and its postStart hook's command runs
// as `podwire await` with the hook's arguments. Policy comes (a) from `podwire controller` and
// (b) from a stand-in for a 2.14 policy controller that only understands `shop:web-1`. Each
// serves a policy admitting only the `client` identity while the fixture's default is
// all-unauthenticated, so `other` being refused proves the cluster's policy applies.
//
// The stand-in first fails every request: the proxy stays not ready, /ready and the metrics say
// why, `podwire await` gives up with exit 69; when it recovers the proxy becomes ready; when its
// streams fail again the proxy keeps its policy and readiness. A third pod configured with the
// later JSON workload against the 2.14 stand-in (its controller answers INTERNAL) never
// becomes ready, and says so.
//
// What the fixture's environment needs changed to run on loopback, and why (nothing else is):
// - the control-plane addresses (cluster DNS names) → this file's loopback controller and stand-in;
//   on loopback podwire, like linkerd2-proxy for `localhost.`, speaks plaintext to them;
// - the listen addresses (0.0.0.0:4143/4191/4190, 127.0.0.1:4140) → the pod's own loopback IP, so
//   the pods of this file can share one host;
// - LINKERD2_PROXY_IDENTITY_DIR, _TOKEN_FILE and _TRUST_ANCHORS → a temporary directory, a token
//   file and the test PKI's anchor (the pod's volumes and the cluster's anchor);
// - LINKERD2_PROXY_LOG_FORMAT plain → json, which the harness reads;
// - the reconnect backoff (unset in the fixture: 100ms..60s by default) → 20ms..200ms, so
//   recovery shows within the test's time.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../proxy/config.js';
import { IDS } from '../harness/pki.js';
import { makeWorkdir, identityEnv, type Workdir } from '../harness/mesh.js';
import { startEchoServer, type TestServer } from '../harness/servers.js';
import { CLI, fetchText, metricValue, spawnPodwire, type ProxyProcess } from '../harness/proxy-process.js';
import { startControllerProcess, writeTopologyFile } from '../harness/controller-process.js';
import { INJECTED_POD_214, readContainerFixture, resolveEnv, type PodFields } from '../harness/k8s-env.js';
import { serverAllowingIdentities, startPolicyController214, type PolicyController214 } from '../harness/policy-controller-214.js';

const container = readContainerFixture(INJECTED_POD_214);

// Addresses only this file uses, so fixed ports can't collide with other tests.
const CONTROLLER = '127.112.0.1';
const STAND_IN = '127.112.0.2';
const WEB_0 = '127.112.1.1';
const WEB_1 = '127.112.2.1';
const WEB_2 = '127.112.3.1';
const CLIENT = '127.112.4.1';
const OTHER = '127.112.5.1';
const SA_ID = 'web.shop.serviceaccount.identity.linkerd.cluster.local';

const pod = (name: string, ip: string): PodFields => ({ name, namespace: 'shop', serviceAccountName: 'web', nodeName: 'node-1', podIPs: [ip] });

function topology(w: Workdir, tokensFile: string): string {
  return `
cluster: { name: test }
controller: { listen: "${CONTROLLER}:8086" }
identity:
  trustAnchorsFile: ${w.pki.ca.anchorsFile}
  issuerCertFile: ${path.join(w.dir, 'ca/issuer/ca.crt')}
  issuerKeyFile: ${path.join(w.dir, 'ca/issuer/ca.key')}
  tokensFile: ${tokensFile}
services:
  - { name: web-a, namespace: shop, ports: [{ port: 80, targetPort: 8080 }] }
  - { name: web-b, namespace: shop, ports: [{ port: 80, targetPort: 8080 }] }
workloads:
  - { pod: web-0, namespace: shop, serviceAccount: web, ip: ${WEB_0}, services: [web-a] }
  - { pod: web-1, namespace: shop, serviceAccount: web, ip: ${WEB_1}, services: [web-b] }
  - { pod: web-2, namespace: shop, serviceAccount: web, ip: ${WEB_2} }
policy:
  default: deny
  servers:
    - { name: web-tcp, namespace: shop, pods: [web-0], port: 8080, authentication: { identities: [${IDS.client}] } }
`;
}

/** The fixture's environment for `name` at `ip`, with only the loopback adjustments listed above. */
function injectedEnv(w: Workdir, name: string, ip: string, policyAddr: string): Record<string, string> {
  const env = resolveEnv(container.env, pod(name, ip));
  const tokenFile = path.join(w.dir, `${name}.token`);
  fs.writeFileSync(tokenFile, `token-${name}`);
  return {
    ...env,
    LINKERD2_PROXY_DESTINATION_SVC_ADDR: `${CONTROLLER}:8087`,
    LINKERD2_PROXY_IDENTITY_SVC_ADDR: `${CONTROLLER}:8087`,
    LINKERD2_PROXY_POLICY_SVC_ADDR: policyAddr,
    LINKERD2_PROXY_CONTROL_LISTEN_ADDR: `${ip}:4190`,
    LINKERD2_PROXY_ADMIN_LISTEN_ADDR: `${ip}:4191`,
    LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR: `${ip}:4140`,
    LINKERD2_PROXY_INBOUND_LISTEN_ADDR: `${ip}:4143`,
    LINKERD2_PROXY_IDENTITY_DIR: path.join(w.dir, `${name}-identity`),
    LINKERD2_PROXY_IDENTITY_TOKEN_FILE: tokenFile,
    LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS: w.pki.ca.anchorsPem,
    LINKERD2_PROXY_LOG_FORMAT: 'json',
    LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MIN: '20ms',
    LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MAX: '200ms',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
  };
}

/** The fixture's postStart command, run as the image runs it: `podwire await` with its arguments. */
function postStart(ip: string, extra: string[] = []): Promise<{ code: number | null; stderr: string }> {
  const [program, ...args] = container.lifecycle!.postStart!.exec!.command;
  expect(program).toBe('/usr/lib/linkerd/linkerd-await');
  // --host: the admin server listens on the pod's loopback IP here, not on every address.
  const child = spawn(process.execPath, [CLI, 'await', ...args, '--host', ip, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

/** Send `text` through `port` on `host`; resolves with the echo, or how the connection ended. */
function exchange(host: string, port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    let got = '';
    const timer = setTimeout(() => {
      s.destroy();
      resolve(`timeout after ${JSON.stringify(got)}`);
    }, 5_000);
    const done = (r: string) => {
      clearTimeout(timer);
      s.destroy();
      resolve(r);
    };
    s.on('connect', () => s.write(text));
    s.on('data', (d: Buffer) => {
      got += d.toString();
      if (got === text) done(got);
    });
    s.on('end', () => done(`end after ${JSON.stringify(got)}`));
    s.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'error'));
  });
}

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const metrics = async (ip: string) => (await fetchText(`${ip}:4191`, '/metrics')).body;

describe('a pod injected by Linkerd 2.14', () => {
  let w: Workdir;
  let standIn: PolicyController214;
  const apps: TestServer[] = [];
  const procs: ProxyProcess[] = [];
  let web0: ProxyProcess;
  let web1: ProxyProcess;

  const start = async (env: Record<string, string>): Promise<ProxyProcess> => {
    const p = spawnPodwire(['proxy'], env);
    procs.push(p);
    // Listening, not ready: web-1's policy controller fails at first, so it is not ready yet.
    await p.waitForLog((l) => l.msg === 'podwire proxy listening', 20_000);
    return p;
  };

  beforeAll(async () => {
    w = await makeWorkdir();
    const tokensFile = path.join(w.dir, 'tokens.yaml');
    fs.writeFileSync(tokensFile, ['web-0', 'web-1', 'web-2'].map((p) => `"token-${p}": web.shop\n`).join(''));
    await startControllerProcess(writeTopologyFile(w, topology(w, tokensFile)), `${CONTROLLER}:8087`, procs);
    standIn = await startPolicyController214(`${STAND_IN}:0`, { 'shop:web-1:8080': serverAllowingIdentities('web-tcp', [IDS.client]) });
    standIn.failWith(grpc.status.UNAVAILABLE);
    for (const ip of [WEB_0, WEB_1]) apps.push(await startEchoServer(ip, 8080));
    web0 = await start(injectedEnv(w, 'web-0', WEB_0, `${CONTROLLER}:8087`));
    web1 = await start(injectedEnv(w, 'web-1', WEB_1, standIn.addr));
    for (const [leaf, ip] of [['client', CLIENT], ['other', OTHER]] as const) {
      await start({
        ...identityEnv(w.pki.leaves[leaf], w.pki),
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        LINKERD2_PROXY_LOG_FORMAT: 'json',
        LINKERD2_PROXY_INBOUND_LISTEN_ADDR: `${ip}:4143`,
        LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR: `${ip}:4140`,
        LINKERD2_PROXY_ADMIN_LISTEN_ADDR: `${ip}:4191`,
        LINKERD2_PROXY_DESTINATION_SVC_ADDR: `${CONTROLLER}:8087`,
        PODWIRE_OUTBOUND_FORWARDS: `${ip}:9000=web-a.shop.svc.cluster.local:80,${ip}:9001=web-b.shop.svc.cluster.local:80`,
      });
    }
  }, 60_000);

  afterAll(async () => {
    for (const p of procs) await p.stop();
    await standIn?.close();
    for (const a of apps) await a.close();
    await w?.cleanup();
  });

  it('the environment block, resolved as the kubelet does, is a valid podwire configuration', () => {
    const env = resolveEnv(container.env, pod('web-0', '10.42.0.7'));
    expect(env['LINKERD2_PROXY_POLICY_WORKLOAD']).toBe('shop:web-0');
    const config = loadConfig(env);
    expect(config.policy.api).toMatchObject({ workload: 'shop:web-0', namespace: 'shop', pod: 'web-0' });
    expect(config.policy.inboundPorts).toEqual([8080]);
    expect(config.identity.localName).toBe(SA_ID);
  });

  it('(a) podwire controller: the hook succeeds, the policy admits client and refuses other', async () => {
    const hook = await postStart(WEB_0);
    expect(hook.code, hook.stderr).toBe(0);
    expect(await exchange(CLIENT, 9000, 'allowed')).toBe('allowed');
    expect(await exchange(OTHER, 9000, 'refused')).not.toBe('refused');
    await web0.waitForAccessLog({ reason: 'unauthorized', client_id: IDS.other });
    expect(metricValue(await metrics(WEB_0), 'inbound_policy_ports_pending')).toBe(0);
  });

  it('(b) 2.14 policy controller failing: not ready, says why, and the hook gives up with 69', async () => {
    const ready = await until('a 503 naming the policy error', () => fetchText(`${WEB_1}:4191`, '/ready'), (r) => /UNAVAILABLE/.test(r.body));
    expect(ready.status).toBe(503);
    expect(ready.body).toMatch(/inbound-policy \(no policy yet for port 8080; last error: port 8080: UNAVAILABLE: stand-in told to fail\)/);
    const m = await metrics(WEB_1);
    expect(metricValue(m, 'inbound_policy_ports_pending')).toBe(1);
    expect(metricValue(m, 'control_policy_stream_errors_total', { code: 'UNAVAILABLE' })).toBeGreaterThan(0);
    await web1.waitForLog((l) => l.msg === 'inbound policy not received from the policy API; the default policy applies meanwhile'
      && l['code'] === 'UNAVAILABLE' && JSON.stringify(l['waiting_ports']) === '[8080]');
    const hook = await postStart(WEB_1, ['--timeout=1s', '--backoff=200ms']);
    expect(hook.code).toBe(69);
    expect(hook.stderr).toMatch(/did not become ready within 1s .*503 not ready; waiting for: inbound-policy \(no policy yet for port 8080/);
  });

  it('(b) 2.14 policy controller recovered: ready, `shop:web-1` sent as written, its policy applies', async () => {
    standIn.failWith(undefined);
    const hook = await postStart(WEB_1);
    expect(hook.code, hook.stderr).toBe(0);
    expect(new Set(standIn.workloads)).toEqual(new Set(['shop:web-1']));
    expect(await exchange(CLIENT, 9001, 'allowed')).toBe('allowed');
    expect(await exchange(OTHER, 9001, 'refused')).not.toBe('refused');
    await web1.waitForAccessLog({ reason: 'unauthorized', client_id: IDS.other });
    expect(metricValue(await metrics(WEB_1), 'inbound_policy_ports_pending')).toBe(0);
  });

  it('(b) streams failing after the policy arrived: the policy and readiness are kept, the failures counted', async () => {
    const before = metricValue(await metrics(WEB_1), 'control_policy_stream_errors_total');
    standIn.failWith(grpc.status.UNAVAILABLE);
    standIn.endStreams(grpc.status.UNAVAILABLE);
    await until('more policy stream errors', () => metrics(WEB_1), (m) => metricValue(m, 'control_policy_stream_errors_total') > before + 1);
    expect((await fetchText(`${WEB_1}:4191`, '/ready')).status).toBe(200);
    // Were the policy dropped, the fixture's all-unauthenticated default would admit `other`.
    expect(await exchange(OTHER, 9001, 'refused')).not.toBe('refused');
    expect(await exchange(CLIENT, 9001, 'still allowed')).toBe('still allowed');
    standIn.failWith(undefined);
  });

  it('the later JSON workload against a 2.14 policy controller: INTERNAL, never ready, and it says so', async () => {
    const env = injectedEnv(w, 'web-2', WEB_2, standIn.addr);
    const proc = await start({ ...env, LINKERD2_PROXY_POLICY_WORKLOAD: '{"ns":"shop", "pod":"web-2"}\n' });
    const ready = await until('a 503 naming INTERNAL', () => fetchText(`${WEB_2}:4191`, '/ready'), (r) => /INTERNAL/.test(r.body));
    expect(ready.status).toBe(503);
    expect(ready.body).toContain('failed to parse workload');
    expect(standIn.workloads).toContain('{"ns":"shop", "pod":"web-2"}');
    expect(metricValue(await metrics(WEB_2), 'control_policy_stream_errors_total', { code: 'INTERNAL' })).toBeGreaterThan(0);
    await proc.waitForLog((l) => l['code'] === 'INTERNAL' && /not received/.test(String(l.msg)));
  });
});
