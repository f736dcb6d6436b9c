// deploy/: the Kubernetes manifests parse and carry what Linkerd's control plane needs to treat a
// podwire pod as meshed (spec §0 item 2, §3, §4.5): the linkerd-proxy container with literal
// listen addresses, the control-plane label, the init container with proxy-init's flags agreeing
// with the sidecar's ports and uid, probes, resources, the identity token; and the sidecar's env,
// expanded as the kubelet would, is a valid podwire configuration using only variables podwire
// reads. The VM files: env files are valid configurations, the topology loads, the units start
// the CLI the README installs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../proxy/config.js';
import { configVar, DEFAULTS } from '../../proxy/config/vars.js';
import { parseListenAddr } from '../../proxy/config/parse.js';
import { parseInitArgs } from '../../proxy/init/options.js';
import { runPkiCommand } from '../../proxy/pki/cli.js';
import { parseTopology } from '../../controller/topology.js';
import { INJECTED_POD_214, readContainerFixture, resolveEnv, type EnvEntry } from '../harness/k8s-env.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const K8S = path.join(ROOT, 'deploy/kubernetes');
const VM = path.join(ROOT, 'deploy/vm');

type Obj = Record<string, any>;

function yamlDocs(file: string): Obj[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d, i) => {
    expect(d.errors, `${path.basename(file)} document ${i}`).toEqual([]);
    return d.toJS() as Obj;
  });
}

const manifests = fs.readdirSync(K8S).filter((f) => f.endsWith('.yaml')).map((f) => ({ file: f, docs: yamlDocs(path.join(K8S, f)) }));
const deployments = manifests.flatMap(({ file, docs }) => docs.filter((d) => d.kind === 'Deployment').map((d) => ({ file, d })));

/** The env a container sees: fieldRefs from a sample pod, then $(VAR) expansion as the kubelet does. */
function containerEnv(container: Obj, pod: { name: string; namespace: string; serviceAccount: string; ip: string }): Record<string, string> {
  return resolveEnv(container.env as EnvEntry[], { name: pod.name, namespace: pod.namespace, serviceAccountName: pod.serviceAccount, nodeName: 'node-1', podIPs: [pod.ip] });
}

const port = (addr: string) => parseListenAddr(addr).port;

describe('deploy/kubernetes manifests', () => {
  it('parse, and every object has apiVersion, kind, a name and a namespace', () => {
    expect(manifests.map((m) => m.file).sort()).toEqual(['client.yaml', 'workload.yaml']);
    for (const { file, docs } of manifests) {
      for (const d of docs) {
        expect(d.apiVersion, file).toBeTruthy();
        expect(d.kind, file).toBeTruthy();
        expect(d.metadata?.name, `${file} ${d.kind}`).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        expect(d.metadata?.namespace, `${file} ${d.kind}`).toBe('shop');
      }
    }
    expect(deployments.length).toBe(2);
  });

  describe.each(deployments.map(({ file, d }) => [`${file}: ${d.metadata.name}`, d] as const))('%s', (_label, deployment) => {
    const pod = deployment.spec.template as Obj;
    const spec = pod.spec as Obj;
    const proxy = (spec.containers as Obj[]).find((c) => c.name === 'linkerd-proxy')!;
    const init = (spec.initContainers as Obj[]).find((c) => c.name === 'linkerd-init')!;
    const literal = (name: string) => (proxy.env as Obj[]).find((e) => e.name === name);
    const env = containerEnv(proxy, { name: `${deployment.metadata.name}-0`, namespace: deployment.metadata.namespace, serviceAccount: spec.serviceAccountName, ip: '10.42.0.7' });

    it('is meshed the way Linkerd recognizes it', () => {
      expect(pod.metadata.labels['linkerd.io/control-plane-ns']).toBe('linkerd');
      expect(deployment.spec.selector.matchLabels).toEqual(Object.fromEntries(Object.entries(deployment.spec.selector.matchLabels).map(([k]) => [k, pod.metadata.labels[k]])));
      expect(proxy, 'a container named linkerd-proxy').toBeDefined();
      // The first container, so its postStart hook holds the application back.
      expect(spec.containers[0].name).toBe('linkerd-proxy');
      for (const name of ['LINKERD2_PROXY_INBOUND_LISTEN_ADDR', 'LINKERD2_PROXY_ADMIN_LISTEN_ADDR', 'LINKERD2_PROXY_CONTROL_LISTEN_ADDR']) {
        const e = literal(name);
        expect(e?.valueFrom, `${name} is a literal value`).toBeUndefined();
        expect(() => parseListenAddr(e?.value), `${name}=${e?.value} is IP:port`).not.toThrow();
        expect(e?.value, name).toMatch(/^\d+\.\d+\.\d+\.\d+:\d+$|^\[[0-9a-f:]+\]:\d+$/);
      }
    });

    it('only sets variables podwire reads (plus _helpers used in $(…))', () => {
      for (const e of proxy.env as Obj[]) {
        if (e.name.startsWith('_')) {
          expect((proxy.env as Obj[]).some((o) => String(o.value ?? '').includes(`$(${e.name})`)), `${e.name} is used`).toBe(true);
        } else {
          expect(configVar(e.name), `${e.name} is read by podwire (proxy/config/vars.ts)`).toBeDefined();
        }
      }
    });

    it('has a sidecar env that is a valid podwire configuration', () => {
      const config = loadConfig(env);
      expect(config.identity.mode).toBe('certify');
      expect(config.identity.localName).toBe(`${spec.serviceAccountName}.shop.serviceaccount.identity.linkerd.cluster.local`);
      expect(config.destination?.name).toBe('linkerd-destination.linkerd.serviceaccount.identity.linkerd.cluster.local');
      expect(config.policy.api?.namespace).toBe('shop');
      expect(config.inbound.ips).toEqual(['10.42.0.7']);
      // The destination controller's namespace is the one the label names.
      expect(env['LINKERD2_PROXY_DESTINATION_SVC_ADDR']).toContain('.linkerd.svc.cluster.local.');
    });

    it('runs podwire init with proxy-init flags that agree with the sidecar', () => {
      expect(init.image).toBe(proxy.image);
      expect(init.args[0]).toBe('init');
      const opts = parseInitArgs(init.args.slice(1));
      if ('help' in opts) throw new Error('unexpected --help');
      expect(opts.inboundPort).toBe(port(env['LINKERD2_PROXY_INBOUND_LISTEN_ADDR']!));
      expect(opts.outboundPort).toBe(port(env['LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR'] ?? DEFAULTS.outboundListen));
      expect(opts.proxyUid).toBe(proxy.securityContext.runAsUser);
      const ignored = (p: number) => opts.inboundPortsToIgnore.some((r) => r.lo <= p && p <= r.hi);
      expect(ignored(port(env['LINKERD2_PROXY_ADMIN_LISTEN_ADDR']!)), 'admin port not redirected (probes)').toBe(true);
      expect(ignored(port(env['LINKERD2_PROXY_CONTROL_LISTEN_ADDR']!))).toBe(true);
      expect(init.securityContext.runAsUser).toBe(0);
      expect(init.securityContext.capabilities.add.sort()).toEqual(['NET_ADMIN', 'NET_RAW']);
      expect(init.volumeMounts.some((m: Obj) => m.mountPath === '/run'), 'a writable /run for the xtables lock').toBe(true);
    });

    it('runs the proxy unprivileged, probed on its admin port, with resources', () => {
      const sc = proxy.securityContext;
      expect(sc.runAsNonRoot).toBe(true);
      expect(sc.allowPrivilegeEscalation).toBe(false);
      expect(sc.capabilities.drop).toEqual(['ALL']);
      const admin = port(env['LINKERD2_PROXY_ADMIN_LISTEN_ADDR']!);
      expect(proxy.livenessProbe.httpGet).toEqual({ path: '/live', port: admin });
      expect(proxy.readinessProbe.httpGet).toEqual({ path: '/ready', port: admin });
      expect(proxy.ports.map((p: Obj) => p.containerPort).sort()).toEqual([port(env['LINKERD2_PROXY_INBOUND_LISTEN_ADDR']!), admin].sort());
      for (const c of [...spec.containers, ...spec.initContainers] as Obj[]) {
        expect(c.resources?.requests?.cpu, `${c.name} cpu request`).toBeTruthy();
        expect(c.resources?.requests?.memory, `${c.name} memory request`).toBeTruthy();
      }
      const grace = loadConfig(env).shutdown.gracePeriodMs / 1000;
      expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(grace);
    });

    it('mounts the identity token (audience identity.l5d.io), the identity dir and the trust roots', () => {
      const mountOf = (file: string) => (proxy.volumeMounts as Obj[]).find((m) => file.startsWith(`${m.mountPath}/`) || file === m.mountPath);
      const volume = (name: string) => (spec.volumes as Obj[]).find((v) => v.name === name)!;
      const tokenFile = env['LINKERD2_PROXY_IDENTITY_TOKEN_FILE']!;
      const tokenMount = mountOf(tokenFile)!;
      const token = volume(tokenMount.name).projected.sources[0].serviceAccountToken;
      expect(token.audience).toBe('identity.l5d.io');
      expect(path.posix.join(tokenMount.mountPath, token.path)).toBe(tokenFile);
      const dirMount = mountOf(env['LINKERD2_PROXY_IDENTITY_DIR']!)!;
      expect(volume(dirMount.name).emptyDir).toBeDefined();
      expect(dirMount.readOnly).toBeFalsy();
      const anchors = env['PODWIRE_IDENTITY_TRUST_ANCHORS_FILE']!;
      const cm = volume(mountOf(anchors)!.name).configMap;
      expect(cm.name).toBe('linkerd-identity-trust-roots');
      expect(path.basename(anchors)).toBe('ca-bundle.crt');
    });

    it('marks opaque exactly the ports the proxy treats as opaque', () => {
      const annotation = pod.metadata.annotations?.['config.linkerd.io/opaque-ports'];
      expect(annotation).toBe(env['LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION']);
      const services = manifests.flatMap((m) => m.docs).filter((d) => d.kind === 'Service' && Object.entries(d.spec.selector).every(([k, v]) => pod.metadata.labels[k] === v));
      for (const svc of services) {
        expect(svc.metadata.annotations['config.linkerd.io/opaque-ports']).toBe(annotation);
        for (const p of svc.spec.ports) {
          const app = (spec.containers as Obj[]).flatMap((c) => c.ports ?? []).find((cp: Obj) => cp.containerPort === p.targetPort);
          expect(app, `Service port ${p.port} targets a container port`).toBeDefined();
        }
      }
    });

    it("holds the application back until /ready answers 200 with Linkerd 2.14's own postStart hook", async () => {
      const command = proxy.lifecycle.postStart.exec.command as string[];
      const injected = readContainerFixture(INJECTED_POD_214).lifecycle!.postStart!.exec!.command;
      expect(command).toEqual(injected);
      expect(command).toContain(`--port=${port(env['LINKERD2_PROXY_ADMIN_LISTEN_ADDR']!)}`);
      // What the image's /usr/lib/linkerd/linkerd-await runs: `podwire await` with the same arguments.
      let answers = 0;
      const server = http.createServer((_req, res) => res.writeHead(++answers < 3 ? 503 : 200).end());
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const adminPort = (server.address() as { port: number }).port;
      const args = command.slice(1).map((a) => (a.startsWith('--port=') ? `--port=${adminPort}` : a));
      try {
        const code = await new Promise<number | null>((resolve) => {
          spawn(process.execPath, [path.join(ROOT, 'dist/proxy/main.js'), 'await', ...args, '--backoff=50ms'], { stdio: 'ignore' }).once('exit', resolve);
        });
        expect(code).toBe(0);
        expect(answers).toBe(3);
      } finally {
        await new Promise((r) => server.close(r));
      }
    });
  });

  it('walks through exporting a service for flat (remote-discovery) multi-cluster', () => {
    const readme = fs.readFileSync(path.join(K8S, 'README.md'), 'utf8');
    expect(readme).toContain('label svc web mirror.linkerd.io/exported=remote-discovery');
    const client = manifests.find((m) => m.file === 'client.yaml')!.docs.find((d) => d.kind === 'Deployment')!;
    const app = (client.spec.template.spec.containers as Obj[]).find((c) => c.name !== 'linkerd-proxy')!;
    expect(app.args.join(' ')).toContain('web-west.shop.svc.cluster.local');
  });
});

/** KEY=VALUE lines of an env file (systemd EnvironmentFile syntax, as used here). */
function envFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    expect(m, `${path.basename(file)}: ${line}`).not.toBeNull();
    env[m![1]!] = m![2]!;
  }
  return env;
}

/** [Section] key=value pairs of a systemd unit. */
function unitFile(file: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    const s = /^\[(\w+)\]$/.exec(line);
    if (s) {
      sections.set(s[1]!, (current = new Map()));
      continue;
    }
    const kv = /^(\w+)=(.*)$/.exec(line);
    expect(kv && current, `${path.basename(file)}: ${line}`).toBeTruthy();
    current!.set(kv![1]!, kv![2]!);
  }
  return sections;
}

describe('deploy/vm', () => {
  const readme = fs.readFileSync(path.join(VM, 'README.md'), 'utf8');

  it.each(['proxy-files.env', 'proxy-certify.env'])('%s uses only variables podwire reads and is a valid configuration', (name) => {
    const env = envFile(path.join(VM, name));
    for (const key of Object.keys(env)) expect(configVar(key), `${name}: ${key}`).toBeDefined();
    const config = loadConfig(env);
    expect(config.identity.mode).toBe(name === 'proxy-files.env' ? 'files' : 'certify');
    expect(readme).toContain(`cp deploy/vm/${name} /etc/podwire/proxy.env`);
    if (name === 'proxy-certify.env') {
      expect(config.outbound.forwards.length).toBeGreaterThan(0);
      expect(config.destination?.addr).toBe('127.0.0.1:8086');
    }
  });

  it.each(['podwire-proxy.service', 'podwire-controller.service'])('%s starts the installed CLI', (name) => {
    const unit = unitFile(path.join(VM, name));
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    const service = unit.get('Service')!;
    const [bin, command] = service.get('ExecStart')!.split(/\s+/);
    expect(bin).toBe('/usr/local/bin/podwire');
    expect(readme).toContain(`ln -sf /opt/podwire/dist/proxy/main.js ${bin}`);
    expect(command).toBe(name === 'podwire-proxy.service' ? 'proxy' : 'controller');
    expect(service.get('KillSignal')).toBe('SIGTERM');
    expect(service.get('RestartPreventExitStatus')).toBe('2');
    // Each its own user: the proxy's cannot read the controller's issuer key and tokens.
    const user = name === 'podwire-proxy.service' ? 'podwire' : 'podwire-controller';
    expect(service.get('User')).toBe(user);
    expect(service.get('Group')).toBe(user);
    expect(readme).toMatch(new RegExp(`useradd --system --no-create-home --shell /usr/sbin/nologin ${user}\\s`));
    expect(unit.get('Install')!.get('WantedBy')).toBe('multi-user.target');
  });

  it('gives the proxy longer to stop than its drain, and a writable identity dir', () => {
    const service = unitFile(path.join(VM, 'podwire-proxy.service')).get('Service')!;
    expect(service.get('EnvironmentFile')).toBe('/etc/podwire/proxy.env');
    for (const name of ['proxy-files.env', 'proxy-certify.env']) {
      const config = loadConfig(envFile(path.join(VM, name)));
      expect(Number(service.get('TimeoutStopSec')) * 1000).toBeGreaterThan(config.shutdown.gracePeriodMs);
      if (config.identity.mode === 'certify') {
        const dirs = service.get('StateDirectory')!.split(/\s+/).map((d) => `/var/lib/${d}`);
        expect(dirs).toContain(config.identity.dir);
      }
    }
  });

  describe('topology.yaml and key custody', () => {
    let pki: string;
    let root: string;
    /** What the README's install lines set per destination: owner and mode (users need not exist here). */
    const installed = new Map<string, { owner: string; mode: string; from?: string }>();
    const STAGING = '/root/podwire-pki';

    beforeAll(async () => {
      pki = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-vm-pki-'));
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-vm-root-'));
      // The README's command, in this process.
      const out: string[] = [];
      const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) } };
      const code = await runPkiCommand(['mesh', '--out', pki, '--tokens',
        '--identity', 'web.default.serviceaccount.identity.linkerd.cluster.local',
        '--identity', 'client.default.serviceaccount.identity.linkerd.cluster.local'], io);
      expect(code, out.join('')).toBe(0);
      // Step 2 on vm-a, as written: every `install` line, into a stand-in for / (ownership recorded).
      const step2 = readme.slice(readme.indexOf('## 2. Make the PKI'), readme.indexOf('## 3.'));
      const vmA = /```sh\n([\s\S]*?)```/.exec(step2)![1]!;
      for (const line of vmA.split('\n').filter((l) => l.startsWith('install '))) {
        const words = line.split(/\s+/).slice(1);
        const opt = (flag: string) => words[words.indexOf(flag) + 1]!;
        const paths = words.filter((w, i) => w.startsWith('/') && !['-o', '-g', '-m'].includes(words[i - 1]!));
        const owner = words.includes('-o') ? opt('-o') : 'root';
        const mode = opt('-m');
        const local = (p: string) => (p.startsWith(STAGING) ? pki + p.slice(STAGING.length) : path.join(root, p));
        if (words.includes('-d')) {
          for (const d of paths) {
            fs.mkdirSync(local(d), { recursive: true });
            installed.set(d, { owner, mode });
          }
          continue;
        }
        const [src, dst] = paths as [string, string];
        fs.mkdirSync(path.dirname(local(dst)), { recursive: true }); // /etc/podwire is step 1's
        fs.copyFileSync(local(src), local(dst));
        installed.set(dst, { owner, mode, from: src });
      }
    });
    afterAll(() => {
      fs.rmSync(pki, { recursive: true, force: true });
      fs.rmSync(root, { recursive: true, force: true });
    });

    const topologyText = () => fs.readFileSync(path.join(VM, 'topology.yaml'), 'utf8');

    it('loads with the files the README installs, serving web on vm-b and issuing to the client', () => {
      const text = topologyText().replaceAll('/etc/podwire/', `${root}/etc/podwire/`);
      const topology = parseTopology(text, root);
      expect(topology.controller.listen).toEqual({ ip: '127.0.0.1', port: 8086 });
      const forward = loadConfig(envFile(path.join(VM, 'proxy-certify.env'))).outbound.forwards[0]!;
      expect(forward.target).toEqual({ kind: 'name', name: { name: 'web.default.svc.cluster.local', port: 80 } });
      const web = topology.services.find((s) => s.name === 'web')!;
      expect(web.ports.map((p) => p.port)).toContain(80);
      const tokens = JSON.parse(fs.readFileSync(path.join(root, '/etc/podwire/controller/tokens.json'), 'utf8')) as Record<string, string>;
      expect(Object.values(tokens)).toContain('client.default');
      expect(topology.workloads.map((w) => w.serviceAccount).sort()).toEqual(['client', 'web']);
    });

    it("keeps the issuer key and the tokens to the controller's user, in a directory the proxy cannot enter", () => {
      const parsed = parseAllDocuments(topologyText())[0]!.toJS() as Obj;
      for (const file of [parsed.identity.issuerKeyFile, parsed.identity.tokensFile] as string[]) {
        expect(file.startsWith('/etc/podwire/controller/'), file).toBe(true);
        expect(installed.get(file), file).toMatchObject({ owner: 'podwire-controller', mode: '0600' });
      }
      expect(installed.get('/etc/podwire/controller')).toEqual({ owner: 'podwire-controller', mode: '0700' });
      const proxyUnit = unitFile(path.join(VM, 'podwire-proxy.service')).get('Service')!;
      expect(proxyUnit.get('InaccessiblePaths')).toBe('-/etc/podwire/controller');
      // What the proxies read is theirs (the token) or public (the anchors), and outside that directory.
      for (const name of ['proxy-files.env', 'proxy-certify.env']) {
        for (const [key, value] of Object.entries(envFile(path.join(VM, name)))) {
          if (value.startsWith('/etc/podwire/')) expect(value.startsWith('/etc/podwire/controller'), `${name} ${key}`).toBe(false);
        }
      }
      expect(installed.get('/etc/podwire/client/token')).toMatchObject({ owner: 'podwire', mode: '0600' });
      expect(installed.get('/etc/podwire/trust-anchors.pem')).toMatchObject({ mode: '0644', from: `${STAGING}/trust-anchors.pem` });
    });

    it('installs no trust-anchor key anywhere and removes the staging copy', () => {
      for (const [dst, { from }] of installed) expect(from ?? '', dst).not.toMatch(/\/anchor\//);
      expect(readme).not.toMatch(/(install|cp|scp)\s[^\n]*anchor\/ca\.key/);
      expect(readme).toContain(`rm -r ${STAGING}`);
    });

    it("gives vm-b's proxy its key as its own (owner podwire, 0600), on install and on rotation", () => {
      const env = envFile(path.join(VM, 'proxy-files.env'));
      const key = path.posix.basename(env['PODWIRE_IDENTITY_KEY_FILE']!);
      const installs = [...readme.matchAll(/install -o podwire -g podwire -m (\d+) \S+ (\S+)/g)];
      const keyInstalls = installs.filter((m) => path.posix.basename(m[2]!).startsWith(`.${key}`) || m[2] === env['PODWIRE_IDENTITY_KEY_FILE']);
      expect(keyInstalls.length).toBe(2);
      for (const m of keyInstalls) expect(m[1]).toBe('0600');
      // Rotation renames the new files into place: the proxy never reads a root-owned key.
      expect(readme).toContain(`mv .${key}.next ${key}`);
      expect(readme).not.toContain('--out /etc/podwire/web --force');
    });
  });
});
