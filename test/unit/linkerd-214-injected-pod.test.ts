// deploy/kubernetes/linkerd-2.14/injected-pod.yaml, the pod Linkerd 2.14's injector writes with only
// the images swapped for podwire's: the proxy container's env, resolved as the kubelet does, is a
// valid configuration; every LINKERD2_PROXY_* variable in it is either read or reported as one of
// Linkerd's that podwire does not implement (exactly the two listed below), never as unknown; the
// keepalive it sets is applied; the init container's proxy-init arguments are what `podwire` runs as
// `podwire init` (the image has no separate proxy-init); and nothing but the images differs from
// what the injector writes (the parts checked here against its known values).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, unusedVariableWarnings } from '../../proxy/config.js';
import { configVar } from '../../proxy/config/vars.js';
import { parseListenAddr } from '../../proxy/config/parse.js';
import { parseInitArgs } from '../../proxy/init/options.js';
import { INJECTED_POD_214, readContainerFixture, resolveEnv } from '../harness/k8s-env.js';
import { CLI } from '../harness/proxy-process.js';

type Obj = Record<string, any>;
const pod = parse(fs.readFileSync(INJECTED_POD_214, 'utf8')) as Obj;
const proxy = readContainerFixture(INJECTED_POD_214, 'linkerd-proxy');
const init = (pod.spec.initContainers as Obj[]).find((c) => c.name === 'linkerd-init')!;
const env = resolveEnv(proxy.env, { name: 'web', namespace: 'shop', serviceAccountName: 'web', nodeName: 'node-1', podIPs: ['10.42.0.7'] });

/** What podwire says about the Linkerd variables 2.14's injector sets and podwire does not implement. */
const NOT_IMPLEMENTED = ['LINKERD2_PROXY_DESTINATION_PROFILE_SUFFIXES', 'LINKERD2_PROXY_INBOUND_DISCOVERY_IDLE_TIMEOUT'];

describe("Linkerd 2.14's injected pod, images swapped", () => {
  it('runs podwire in both Linkerd containers, the application untouched', () => {
    expect(init.image).toBe('podwire:0.1.0');
    expect((pod.spec.containers as Obj[]).map((c) => [c.name, c.image])).toEqual([['linkerd-proxy', 'podwire:0.1.0'], ['web', 'hashicorp/http-echo:1.0']]);
    // No command or args were added to make it work: the image's entrypoint runs the proxy.
    expect(Object.keys(pod.spec.containers[0]).filter((k) => k === 'command' || k === 'args')).toEqual([]);
    expect(init.command).toBeUndefined();
  });

  it('is what the injector writes around the containers: labels, annotations, volumes, security contexts', () => {
    expect(pod.metadata.labels).toMatchObject({ 'linkerd.io/control-plane-ns': 'linkerd', 'linkerd.io/proxy-deployment': 'web', 'linkerd.io/workload-ns': 'shop' });
    expect(Object.keys(pod.metadata.annotations)).toEqual(expect.arrayContaining(['linkerd.io/created-by', 'linkerd.io/proxy-version', 'linkerd.io/trust-root-sha256']));
    expect((pod.spec.volumes as Obj[]).map((v) => v.name).sort()).toEqual(['linkerd-identity-end-entity', 'linkerd-identity-token', 'linkerd-proxy-init-xtables-lock']);
    const token = (pod.spec.volumes as Obj[]).find((v) => v.name === 'linkerd-identity-token')!.projected.sources[0].serviceAccountToken;
    expect(token).toEqual({ audience: 'identity.l5d.io', expirationSeconds: 86400, path: 'linkerd-identity-token' });
    expect(init.securityContext).toMatchObject({ runAsUser: 65534, runAsNonRoot: true, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } });
    expect((proxy as Obj).securityContext).toMatchObject({ runAsUser: 2102, readOnlyRootFilesystem: true });
  });

  it('its proxy env is a valid podwire configuration', () => {
    const config = loadConfig(env);
    expect(config.identity).toMatchObject({ mode: 'certify', localName: 'web.shop.serviceaccount.identity.linkerd.cluster.local', dir: '/var/run/linkerd/identity/end-entity' });
    expect(config.policy.api?.workload).toBe('shop:web');
    expect(config.inbound.ips).toEqual(['10.42.0.7']);
  });

  it('applies the keepalive the injector sets (10000ms inbound accept and outbound connect), the other two off', () => {
    expect(loadConfig(env).keepalive).toEqual({ inboundAcceptMs: 10_000, outboundConnectMs: 10_000 });
  });

  it('warns about no unknown variable, and says which Linkerd variables are not implemented', () => {
    const warnings = unusedVariableWarnings(env);
    expect(warnings.filter((w) => w.kind === 'unknown')).toEqual([]);
    expect(warnings.map((w) => w.name)).toEqual(NOT_IMPLEMENTED);
    for (const w of warnings) expect(w.message).toMatch(/is a Linkerd proxy variable that podwire does not implement: it has no effect \(.+\)$/);
    // So every LINKERD2_PROXY_* variable it sets is read or reported.
    for (const name of Object.keys(env).filter((n) => n.startsWith('LINKERD2_PROXY_'))) {
      expect(configVar(name) !== undefined || NOT_IMPLEMENTED.includes(name), name).toBe(true);
    }
  });

  it("takes the init container's proxy-init arguments as `podwire init`, agreeing with the proxy's ports and uid", () => {
    const opts = parseInitArgs(init.args);
    expect('help' in opts).toBe(false);
    if ('help' in opts) return;
    expect(opts.inboundPort).toBe(parseListenAddr(env['LINKERD2_PROXY_INBOUND_LISTEN_ADDR']!).port);
    expect(opts.outboundPort).toBe(parseListenAddr(env['LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR']!).port);
    expect(opts.proxyUid).toBe((proxy as Obj).securityContext.runAsUser);
    for (const a of ['LINKERD2_PROXY_ADMIN_LISTEN_ADDR', 'LINKERD2_PROXY_CONTROL_LISTEN_ADDR']) {
      const port = parseListenAddr(env[a]!).port;
      expect(opts.inboundPortsToIgnore.some((r) => r.lo <= port && port <= r.hi), a).toBe(true);
    }
    // The image's entrypoint is `podwire`: with proxy-init's arguments first it runs `podwire init`
    // (here with --dry-run, which prints the rules instead of applying them).
    const run = spawnSync(process.execPath, [CLI, ...init.args, '--dry-run'], { encoding: 'utf8', timeout: 10_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('-j REDIRECT --to-ports 4143');
    expect(run.stdout).toContain('--uid-owner 2102');
  });
});
