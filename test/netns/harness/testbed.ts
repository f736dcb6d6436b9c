// Brings the two clusters up on the flat network and gives the tests their handles: per pod an
// app (test/netns/agents/app.mjs), `podwire init` rules and a sidecar running as PROXY_UID; per
// cluster a `podwire controller` on its own node; the west gateway. Traffic is driven from inside
// the pods by agents (a pod's own process is intercepted like any application's), and admin
// endpoints are read from the router namespace, which reaches every node. Everything is torn down
// with the namespaces (see netns.ts); nothing here touches the host's namespace.
import path from 'node:path';
import type { PodwireProcess } from '../../../demo/processes.js';
import { controllerId, sample } from '../../harness/links.js';
import { inNs, NetnsRun } from './netns.js';
import { FlatNetwork, type Host } from './network.js';
import { AGENTS, CLI, runAgent, spawnInNs, spawnPodwireInNs } from './ns-process.js';
import {
  ADMIN_PORT, APP_PORT, CONTROLLER_ADMIN_PORT, CONTROLLER_PORT, CONTROLLERS, INBOUND_PORT, PLAIN_PORT, PODS, PROXY_UID, SUBNETS,
  ipOf, podIdentity, writeWorld, type ClusterName, type PodDef, type WorldFiles,
} from './world.js';

/** What client.mjs reports per connection. */
export interface ClientResult {
  readonly pod: string | null;
  readonly echoed: boolean;
  readonly closed: boolean;
  readonly error: string | null;
}

const OUTBOUND_PORT = 4140;

export class TestBed {
  readonly nodes = new Map<string, Host>();
  readonly controllers = new Map<ClusterName, PodwireProcess>();
  readonly sidecars = new Map<string, PodwireProcess>();
  readonly apps = new Map<string, PodwireProcess>();
  /** Every pid this bed started (for the leak check). */
  readonly pids: number[] = [];

  private constructor(
    readonly run: NetnsRun,
    readonly net: FlatNetwork,
    readonly files: WorldFiles,
  ) {}

  /** Build the network, write the files, start everything and wait until it is ready. */
  static async start(dir: string): Promise<TestBed> {
    const run = new NetnsRun();
    try {
      const net = await FlatNetwork.create(run, SUBNETS);
      const files = await writeWorld(dir);
      const bed = new TestBed(run, net, files);
      for (const n of [...Object.values(CONTROLLERS), ...PODS]) bed.nodes.set(n.name, await net.attach(n.name, n.cluster, n.host));
      // West first: east's controller links to it.
      await bed.startController('west');
      const plain = bed.#track(spawnInNs('plain', bed.ns('west-ctl'), [process.execPath, path.join(AGENTS, 'app.mjs'), 'plain', String(PLAIN_PORT)]));
      await Promise.all([bed.startController('east'), ...PODS.map((p) => bed.#startPod(p)), plain.waitFor((l) => l['listening'] === PLAIN_PORT, 'listening')]);
      await bed.waitLinkUp();
      return bed;
    } catch (err) {
      run.teardownSync();
      throw err;
    }
  }

  ns(node: string): string {
    const h = this.nodes.get(node);
    if (!h) throw new Error(`no node ${node}`);
    return h.ns;
  }

  ip(node: string): string {
    const h = this.nodes.get(node);
    if (!h) throw new Error(`no node ${node}`);
    return h.ip;
  }

  async startController(cluster: ClusterName): Promise<PodwireProcess> {
    const node = CONTROLLERS[cluster];
    const proc = this.#track(spawnPodwireInNs(node.name, this.ns(node.name), [
      'controller', '--topology', this.files.topologyFile(cluster),
      '--admin', `${ipOf(node)}:${CONTROLLER_ADMIN_PORT}`, '--log-format', 'json',
    ]));
    this.controllers.set(cluster, proc);
    await proc.waitFor((l) => l.msg === 'podwire controller ready', 'controller readiness', 30_000);
    return proc;
  }

  /** Wait until east's controller reports its link to west up. */
  async waitLinkUp(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await this.fetch(`http://${ipOf(CONTROLLERS.east)}:${CONTROLLER_ADMIN_PORT}/metrics`).catch(() => '');
      if (sample(text, 'controller_link_up', { cluster: 'west' }) === 1) return;
      if (Date.now() > deadline) throw new Error('the east controller\'s link to west did not come up');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  sidecarEnv(p: PodDef): Record<string, string> {
    const leaf = this.files.leaf(p.name);
    const ctl = CONTROLLERS[p.cluster];
    const policy = this.files.policyFile(p.name);
    return {
      LINKERD2_PROXY_LOG: 'info',
      LINKERD2_PROXY_LOG_FORMAT: 'json',
      LINKERD2_PROXY_IDENTITY_LOCAL_NAME: podIdentity(p),
      PODWIRE_IDENTITY_CERT_FILE: leaf.certFile,
      PODWIRE_IDENTITY_KEY_FILE: leaf.keyFile,
      PODWIRE_IDENTITY_TRUST_ANCHORS_FILE: this.files.anchorsFile,
      LINKERD2_PROXY_INBOUND_LISTEN_ADDR: `0.0.0.0:${INBOUND_PORT}`,
      LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR: `127.0.0.1:${OUTBOUND_PORT}`,
      LINKERD2_PROXY_ADMIN_LISTEN_ADDR: `0.0.0.0:${ADMIN_PORT}`,
      LINKERD2_PROXY_INBOUND_IPS: ipOf(p),
      // The controller is on another node: TLS, with its identity checked.
      LINKERD2_PROXY_DESTINATION_SVC_ADDR: `${ipOf(ctl)}:${CONTROLLER_PORT}`,
      LINKERD2_PROXY_DESTINATION_SVC_NAME: controllerId(p.cluster),
      LINKERD2_PROXY_DESTINATION_CONTEXT: JSON.stringify({ ns: p.namespace, nodeName: `${p.cluster}-node`, pod: p.name }),
      LINKERD2_PROXY_DESTINATION_PROFILE_NETWORKS: '10.0.0.0/8',
      LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'all-unauthenticated',
      // Issue 15: the bed runs over the multiplexed transport (off by default), and the flat and
      // gateway cases check that their hops did.
      PODWIRE_MUX: 'true',
      // Generous for a loaded 2-core CI machine: connect + TLS within 2 s, a ready endpoint within 10 s.
      LINKERD2_PROXY_OUTBOUND_CONNECT_TIMEOUT: '2s',
      LINKERD2_PROXY_OUTBOUND_TCP_FAILFAST_TIMEOUT: '10s',
      LINKERD2_PROXY_INBOUND_CONNECT_TIMEOUT: '2s',
      // A restarted controller is found again within seconds, not Linkerd's default minute.
      LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MIN: '100ms',
      LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MAX: '1s',
      LINKERD2_PROXY_SHUTDOWN_GRACE_PERIOD: '1s',
      ...(policy !== undefined && { PODWIRE_POLICY_FILE: policy }),
      ...(p.gateway && { PODWIRE_GATEWAY: 'true' }),
    };
  }

  /** `podwire init` in a pod, as its init container would run it. */
  init(podName: string): Promise<string> {
    return inNs(this.ns(podName), process.execPath, [
      CLI, 'init', '--proxy-uid', String(PROXY_UID), '--incoming-proxy-port', String(INBOUND_PORT),
      '--outgoing-proxy-port', String(OUTBOUND_PORT), '--inbound-ports-to-ignore', `4190,${ADMIN_PORT}`,
    ]);
  }

  /** A pod's nat rules (`iptables -t nat -S`). */
  natRules(podName: string): Promise<string> {
    return inNs(this.ns(podName), 'iptables', ['-t', 'nat', '-S']);
  }

  async #startPod(p: PodDef): Promise<void> {
    const ns = this.ns(p.name);
    // The gateway is a proxy only (no application whose traffic needs redirecting).
    if (!p.gateway) await this.init(p.name);
    const waits: Promise<unknown>[] = [];
    if (p.service) {
      const app = this.#track(spawnInNs(`app ${p.name}`, ns, [process.execPath, path.join(AGENTS, 'app.mjs'), p.name, String(APP_PORT)]));
      this.apps.set(p.name, app);
      waits.push(app.waitFor((l) => l['listening'] === APP_PORT, 'app listening'));
    }
    const sidecar = this.#track(spawnPodwireInNs(`sidecar ${p.name}`, ns, ['proxy'], { uid: PROXY_UID, env: this.sidecarEnv(p) }));
    this.sidecars.set(p.name, sidecar);
    waits.push(sidecar.waitFor((l) => l.msg === 'podwire proxy ready', 'proxy readiness', 30_000));
    await Promise.all(waits);
  }

  #track(p: PodwireProcess): PodwireProcess {
    if (p.child.pid !== undefined) this.pids.push(p.child.pid);
    return p;
  }

  /**
   * From inside node `from` (in a pod: an ordinary process, so intercepted; on a controller node:
   * unmeshed): connect `count` times and report what came back.
   */
  client(from: string, host: string, payload: string, opts: { port?: number; count?: number; intervalMs?: number; timeoutMs?: number } = {}): Promise<ClientResult[]> {
    return runAgent<ClientResult[]>(this.ns(from), 'client.mjs', [
      host, opts.port ?? APP_PORT, payload, opts.count ?? 1, opts.timeoutMs ?? 15_000, opts.intervalMs ?? 0,
    ]);
  }

  /** GET a URL from the router namespace (which reaches every node); the body. */
  async fetch(url: string): Promise<string> {
    const r = await runAgent<{ status?: number; body?: string; error?: string }>(this.net.router, 'fetch.mjs', [url]);
    if (r.error !== undefined || r.status !== 200) throw new Error(`GET ${url}: ${r.error ?? `status ${r.status}`}`);
    return r.body ?? '';
  }

  /** A pod proxy's /metrics. */
  metrics(podName: string): Promise<string> {
    return this.fetch(`http://${this.ip(podName)}:${ADMIN_PORT}/metrics`);
  }

  /** A pod going away: its processes killed and its namespace (with its veth) deleted. */
  killPod(podName: string): void {
    this.run.remove(this.ns(podName));
  }

  teardown(): void {
    this.run.teardownSync();
  }
}

/** The sum of every sample of `name` whose labels include `labels`. */
export function total(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const body = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => body.includes(`${k}="${v}"`))) sum += Number(m[3]);
  }
  return sum;
}
