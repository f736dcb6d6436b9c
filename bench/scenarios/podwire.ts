// The podwire scenarios, set up like two linked clusters (as in the demo, on 127.101.0.0/16):
// a `podwire controller` per cluster, the remote one exporting `web` pod-to-pod (flat) and `api`
// through its gateway. Each scenario gets its own proxies so one's memory never shows in another's:
//   flat:     client → podwire (forward) → mTLS → podwire (web-0) → backend, with PODWIRE_MUX=false
//             on both proxies: one TLS connection per application connection with Linkerd's
//             transport header (the per-connection path, as towards linkerd2-proxy peers)
//   flat-mux: the same with PODWIRE_MUX=true (the default) on both proxies: application
//             connections as streams on pooled mTLS connections; issue 15 compares the two
//   gateway: client → podwire (forward) → mTLS → gateway podwire → mTLS → podwire (api-0) → backend,
//             PODWIRE_MUX=false on all three proxies
//   gateway-mux: the gateway path with PODWIRE_MUX=true on all three proxies, so both legs carry
//             streams. A link names one gateway, so it has a cluster of its own (remote-mux, with
//             its controller and gateway) rather than sharing the first one's gateway.
// Proxies log at warn (no per-connection access log), as the peers run without access logs.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { childProcessEnv } from '../../proxy/config.js';
import { spawnProcess, waitForHttpOk, waitForPort, type BenchProcess } from '../processes.js';
import { PODWIRE_NODE_ARGV } from './cli-path.js';
import { benchIdentity, type BenchLeaf, type BenchPki } from './pki.js';
import type { BackendAddr, Scenario } from './types.js';

const LOCAL = { name: 'local', trustDomain: 'local.bench', controllerIp: '127.101.1.1' };
const REMOTE = { name: 'remote', trustDomain: 'remote.bench', controllerIp: '127.101.2.1' };
const REMOTE_MUX = { name: 'remote-mux', trustDomain: 'remote-mux.bench', controllerIp: '127.101.8.1' };
type Cluster = typeof LOCAL;
export const INBOUND_PORT = 4143;
const FORWARD_PORT = 9000;

export const POD_IPS = {
  flatClient: '127.101.1.10',
  flatServer: '127.101.2.10',
  muxClient: '127.101.1.11',
  muxServer: '127.101.2.11',
  gatewayClient: '127.101.1.20',
  gatewayServer: '127.101.2.20',
  gateway: '127.101.2.100',
  gatewayMuxClient: '127.101.1.21',
  gatewayMuxServer: '127.101.8.20',
  gatewayMux: '127.101.8.100',
} as const;

const controllerId = (trustDomain: string) => benchIdentity('linkerd-destination', 'linkerd', trustDomain);
const gatewayIdOf = (cluster: Cluster) => benchIdentity('linkerd-gateway', 'linkerd-multicluster', cluster.trustDomain);

export interface PodwireScenarios {
  readonly scenarios: Scenario[];
  /** The tail of a proxy's output, by pid, for error messages. */
  output(pid: number): string;
  stop(): Promise<void>;
}

export type PodwireScenarioName = 'flat' | 'flat-mux' | 'gateway' | 'gateway-mux';
export const PODWIRE_SCENARIOS: ReadonlySet<string> = new Set<PodwireScenarioName>(['flat', 'flat-mux', 'gateway', 'gateway-mux']);

/** Start the controllers and the proxies of the requested podwire scenarios. */
export async function startPodwireScenarios(
  wanted: ReadonlySet<PodwireScenarioName>, dir: string, pki: BenchPki, backend: BackendAddr,
  /** Added to every proxy's environment (e.g. allocator settings being measured). */
  proxyEnv: Readonly<Record<string, string>> = {},
): Promise<PodwireScenarios> {
  const procs: BenchProcess[] = [];
  const stop = async () => {
    await Promise.all(procs.map((p) => p.stop()));
  };
  try {
    const withMuxGateway = wanted.has('gateway-mux');
    const ctlLocal = await pki.issue('controller-local', controllerId(LOCAL.trustDomain));
    const ctlRemote = await pki.issue('controller-remote', controllerId(REMOTE.trustDomain));
    const localTopo = path.join(dir, 'local.yaml');
    const remoteTopo = path.join(dir, 'remote.yaml');
    writeFileSync(remoteTopo, remoteTopology(ctlRemote, backend.port));
    writeFileSync(localTopo, localTopology(ctlLocal, pki.anchorsFile, backend.port, withMuxGateway));
    // Remote clusters first: the local controller links to them.
    procs.push(await startController('controller-remote', remoteTopo, REMOTE.controllerIp));
    if (withMuxGateway) {
      const ctlRemoteMux = await pki.issue('controller-remote-mux', controllerId(REMOTE_MUX.trustDomain));
      const remoteMuxTopo = path.join(dir, 'remote-mux.yaml');
      writeFileSync(remoteMuxTopo, remoteMuxTopology(ctlRemoteMux, backend.port));
      procs.push(await startController('controller-remote-mux', remoteMuxTopo, REMOTE_MUX.controllerIp));
    }
    procs.push(await startController('controller-local', localTopo, LOCAL.controllerIp));

    const scenarios: Scenario[] = [];
    const sidecar = async (name: string, ip: string, sa: string, cluster: Cluster, extra: Record<string, string>) => {
      const leaf = await pki.issue(name, benchIdentity(sa, 'default', cluster.trustDomain));
      const p = startProxy(name, ip, leaf, pki.anchorsFile, cluster.controllerIp, { ...proxyEnv, ...extra });
      procs.push(p);
      return p;
    };
    const toBackend = { PODWIRE_INBOUND_TARGET_IP: backend.host };
    // A linked cluster's services are mirrored as <name>-<cluster>.
    const forward = (ip: string, svc: string, cluster: Cluster = REMOTE) => ({ PODWIRE_OUTBOUND_FORWARDS: `${ip}:${FORWARD_PORT}=${svc}-${cluster.name}.default.svc.cluster.local:${backend.port}` });
    const gateway = async (name: string, ip: string, cluster: Cluster, extra: Record<string, string>) => {
      const leaf = await pki.issue(name, gatewayIdOf(cluster));
      const gw = startProxy(name, ip, leaf, pki.anchorsFile, cluster.controllerIp, { ...proxyEnv, PODWIRE_GATEWAY: 'true', ...extra });
      procs.push(gw);
      return gw;
    };
    const pending: Array<Promise<void>> = [];
    // flat and gateway are the per-connection path: Linkerd's protocol, pinned (the default is mux)
    // unless the caller sets PODWIRE_MUX itself (bench/ab.ts --b PODWIRE_MUX=true on the flat pair).
    const perConnection = { PODWIRE_MUX: proxyEnv.PODWIRE_MUX ?? 'false' };
    if (wanted.has('flat')) {
      const server = await sidecar('web-0', POD_IPS.flatServer, 'web', REMOTE, { ...toBackend, ...perConnection });
      const client = await sidecar('flat-client', POD_IPS.flatClient, 'client', LOCAL, { ...forward(POD_IPS.flatClient, 'web'), ...perConnection });
      pending.push(ready(server, POD_IPS.flatServer), ready(client, POD_IPS.flatClient));
      scenarios.push(scenario('flat', 'client → podwire → mTLS, one connection each (PODWIRE_MUX=false) → podwire → server', POD_IPS.flatClient, [client, server]));
    }
    if (wanted.has('flat-mux')) {
      const mux = { PODWIRE_MUX: 'true' };
      const server = await sidecar('web-mux-0', POD_IPS.muxServer, 'web-mux', REMOTE, { ...toBackend, ...mux });
      const client = await sidecar('flat-mux-client', POD_IPS.muxClient, 'client', LOCAL, { ...forward(POD_IPS.muxClient, 'web-mux'), ...mux });
      pending.push(ready(server, POD_IPS.muxServer), ready(client, POD_IPS.muxClient));
      scenarios.push(scenario('flat-mux', 'client → podwire → streams on pooled mTLS connections (PODWIRE_MUX=true) → podwire → server', POD_IPS.muxClient, [client, server]));
    }
    if (wanted.has('gateway')) {
      const server = await sidecar('api-0', POD_IPS.gatewayServer, 'api', REMOTE, { ...toBackend, ...perConnection });
      const gw = await gateway('gateway', POD_IPS.gateway, REMOTE, perConnection);
      const client = await sidecar('gateway-client', POD_IPS.gatewayClient, 'client', LOCAL, { ...forward(POD_IPS.gatewayClient, 'api'), ...perConnection });
      pending.push(ready(server, POD_IPS.gatewayServer), ready(gw, POD_IPS.gateway), ready(client, POD_IPS.gatewayClient));
      scenarios.push(scenario('gateway', 'client → podwire → mTLS → gateway podwire → mTLS → podwire → server (one connection each, PODWIRE_MUX=false)', POD_IPS.gatewayClient, [client, gw, server]));
    }
    if (withMuxGateway) {
      const mux = { PODWIRE_MUX: 'true' };
      const server = await sidecar('api-mux-0', POD_IPS.gatewayMuxServer, 'api', REMOTE_MUX, { ...toBackend, ...mux });
      const gw = await gateway('gateway-mux', POD_IPS.gatewayMux, REMOTE_MUX, mux);
      const client = await sidecar('gateway-mux-client', POD_IPS.gatewayMuxClient, 'client', LOCAL, { ...forward(POD_IPS.gatewayMuxClient, 'api', REMOTE_MUX), ...mux });
      pending.push(ready(server, POD_IPS.gatewayMuxServer), ready(gw, POD_IPS.gatewayMux), ready(client, POD_IPS.gatewayMuxClient));
      scenarios.push(scenario('gateway-mux', 'client → podwire → streams → gateway podwire → streams → podwire → server (PODWIRE_MUX=true)', POD_IPS.gatewayMuxClient, [client, gw, server]));
    }
    await Promise.all(pending);
    return { scenarios, stop, output: (pid) => procs.find((p) => p.pid === pid)?.output ?? '' };
  } catch (err) {
    await stop();
    throw err;
  }
}

function scenario(name: string, pathText: string, ip: string, procs: BenchProcess[]): Scenario {
  // Stopping is done once for all podwire processes (controllers included) by PodwireScenarios.stop.
  return { name, path: pathText, host: ip, port: FORWARD_PORT, proxyPids: procs.map((p) => p.pid), stop: async () => {} };
}

async function ready(p: BenchProcess, ip: string): Promise<void> {
  await waitForHttpOk(p, `http://${ip}:4191/ready`);
}

async function startController(name: string, topology: string, ip: string): Promise<BenchProcess> {
  const p = spawnProcess(name, process.execPath, [
    ...PODWIRE_NODE_ARGV, 'controller', '--topology', topology, '--plaintext-listen', `${ip}:8087`,
    '--admin', `${ip}:9996`, '--log-format', 'json', '--log-level', 'warn',
  ], childProcessEnv({}));
  await waitForPort(p, ip, 8087);
  return p;
}

function startProxy(name: string, ip: string, leaf: BenchLeaf, anchorsFile: string, controllerIp: string, extra: Record<string, string>): BenchProcess {
  return spawnProcess(name, process.execPath, [...PODWIRE_NODE_ARGV, 'proxy'], childProcessEnv({
    LINKERD2_PROXY_LOG: 'warn',
    LINKERD2_PROXY_LOG_FORMAT: 'json',
    LINKERD2_PROXY_IDENTITY_LOCAL_NAME: leaf.identity,
    PODWIRE_IDENTITY_CERT_FILE: leaf.certFile,
    PODWIRE_IDENTITY_KEY_FILE: leaf.keyFile,
    PODWIRE_IDENTITY_TRUST_ANCHORS_FILE: anchorsFile,
    LINKERD2_PROXY_INBOUND_LISTEN_ADDR: `${ip}:${INBOUND_PORT}`,
    LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR: `${ip}:4140`,
    LINKERD2_PROXY_ADMIN_LISTEN_ADDR: `${ip}:4191`,
    LINKERD2_PROXY_INBOUND_IPS: ip,
    LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'all-unauthenticated',
    LINKERD2_PROXY_DESTINATION_SVC_ADDR: `${controllerIp}:8087`,
    LINKERD2_PROXY_SHUTDOWN_GRACE_PERIOD: '1s',
    ...extra,
  }));
}

function remoteTopology(ctl: BenchLeaf, appPort: number): string {
  return `# podwire bench: the server side
${clusterHead(REMOTE, ctl)}services:
  - { name: web, namespace: default, ports: [{ port: ${appPort} }] }
  - { name: api, namespace: default, ports: [{ port: ${appPort} }] }
  - { name: web-mux, namespace: default, ports: [{ port: ${appPort} }] }
workloads:
  - { pod: web-0, namespace: default, serviceAccount: web, ip: ${POD_IPS.flatServer}, inboundPort: ${INBOUND_PORT}, services: [web] }
  - { pod: web-mux-0, namespace: default, serviceAccount: web-mux, ip: ${POD_IPS.muxServer}, inboundPort: ${INBOUND_PORT}, services: [web-mux] }
  - { pod: api-0, namespace: default, serviceAccount: api, ip: ${POD_IPS.gatewayServer}, inboundPort: ${INBOUND_PORT}, services: [api] }
`;
}

/** A topology's cluster and controller lines. */
function clusterHead(cluster: Cluster, ctl: BenchLeaf): string {
  return `cluster: { name: ${cluster.name}, trustDomain: ${cluster.trustDomain} }
controller:
  listen: ${cluster.controllerIp}:8086
  identity: { certFile: ${ctl.certFile}, keyFile: ${ctl.keyFile} }
`;
}

/** The gateway-mux scenario's cluster: one service behind its own gateway. */
function remoteMuxTopology(ctl: BenchLeaf, appPort: number): string {
  return `# podwire bench: the server side of gateway-mux
${clusterHead(REMOTE_MUX, ctl)}services:
  - { name: api, namespace: default, ports: [{ port: ${appPort} }] }
workloads:
  - { pod: api-mux-0, namespace: default, serviceAccount: api, ip: ${POD_IPS.gatewayMuxServer}, inboundPort: ${INBOUND_PORT}, services: [api] }
`;
}

function localTopology(ctl: BenchLeaf, anchorsFile: string, appPort: number, withMuxGateway: boolean): string {
  return `# podwire bench: the client side, linked to the server side
${clusterHead(LOCAL, ctl)}services:
  - { name: client, namespace: default, ports: [{ port: ${appPort} }] }
workloads:
  - { pod: flat-client, namespace: default, serviceAccount: client, ip: ${POD_IPS.flatClient}, services: [client] }
  - { pod: flat-mux-client, namespace: default, serviceAccount: client, ip: ${POD_IPS.muxClient}, services: [client] }
  - { pod: gateway-client, namespace: default, serviceAccount: client, ip: ${POD_IPS.gatewayClient}, services: [client] }
  - { pod: gateway-mux-client, namespace: default, serviceAccount: client, ip: ${POD_IPS.gatewayMuxClient}, services: [client] }
links:
  - cluster: ${REMOTE.name}
    controller: { addr: ${REMOTE.controllerIp}:8086, identity: ${controllerId(REMOTE.trustDomain)} }
    tls: { certFile: ${ctl.certFile}, keyFile: ${ctl.keyFile}, trustAnchorsFile: ${anchorsFile} }
    trustDomain: ${REMOTE.trustDomain}
    gateway: { addr: ${POD_IPS.gateway}, port: ${INBOUND_PORT}, identity: ${gatewayIdOf(REMOTE)} }
    services:
      - { name: web, namespace: default, mode: remote-discovery }
      - { name: web-mux, namespace: default, mode: remote-discovery }
      - { name: api, namespace: default, mode: gateway }
${withMuxGateway ? muxLink(ctl, anchorsFile) : ''}`;
}

function muxLink(ctl: BenchLeaf, anchorsFile: string): string {
  return `  - cluster: ${REMOTE_MUX.name}
    controller: { addr: ${REMOTE_MUX.controllerIp}:8086, identity: ${controllerId(REMOTE_MUX.trustDomain)} }
    tls: { certFile: ${ctl.certFile}, keyFile: ${ctl.keyFile}, trustAnchorsFile: ${anchorsFile} }
    trustDomain: ${REMOTE_MUX.trustDomain}
    gateway: { addr: ${POD_IPS.gatewayMux}, port: ${INBOUND_PORT}, identity: ${gatewayIdOf(REMOTE_MUX)} }
    services:
      - { name: api, namespace: default, mode: gateway }
`;
}
