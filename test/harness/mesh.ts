// A two-proxy mesh on loopback for end-to-end tests: a test Destination server, a server-side
// podwire in front of an application, and a client-side podwire with one explicit forward.
// Everything is real: processes, sockets, gRPC and TLS with certificates from podwire's own pki.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startDestinationServer, type TestDestinationServer, type TestEndpoint } from './destination-server.js';
import { makeTestPki, type TestPki, type TestLeaf } from './pki.js';
import { startPodwire, splitAddr, type ProxyProcess, type ReadyAddrs } from './proxy-process.js';

export const SERVICE = 'web.default.svc.cluster.local';

export interface Workdir {
  readonly dir: string;
  readonly pki: TestPki;
  cleanup(): Promise<void>;
}

export async function makeWorkdir(): Promise<Workdir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'podwire-e2e-'));
  const pki = await makeTestPki(dir);
  return { dir, pki, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function identityEnv(leaf: TestLeaf, pki: TestPki, localId = leaf.id): Record<string, string> {
  return {
    LINKERD2_PROXY_IDENTITY_LOCAL_NAME: localId,
    PODWIRE_IDENTITY_CERT_FILE: leaf.certFile,
    PODWIRE_IDENTITY_KEY_FILE: leaf.keyFile,
    PODWIRE_IDENTITY_TRUST_ANCHORS_FILE: pki.ca.anchorsFile,
  };
}

export interface RunningPodwire {
  readonly proc: ProxyProcess;
  readonly addrs: ReadyAddrs;
  readonly inboundPort: number;
}

export async function startServerProxy(w: Workdir, extra: Record<string, string> = {}, leaf = w.pki.leaves.server): Promise<RunningPodwire> {
  const { proc, addrs } = await startPodwire({
    ...identityEnv(leaf, w.pki),
    PODWIRE_INBOUND_TARGET_IP: '127.0.0.1',
    LINKERD2_PROXY_INBOUND_DETECT_TIMEOUT: '1s',
    ...extra,
  });
  return { proc, addrs, inboundPort: splitAddr(addrs.inbound).port };
}

export async function startClientProxy(
  w: Workdir,
  dst: TestDestinationServer,
  extra: Record<string, string> = {},
  forwards = `127.0.0.1:0=${SERVICE}:80`,
): Promise<RunningPodwire & { forwardPort: number; forwardPorts: number[] }> {
  const { proc, addrs } = await startPodwire({
    ...identityEnv(w.pki.leaves.client, w.pki),
    LINKERD2_PROXY_DESTINATION_SVC_ADDR: dst.addr,
    PODWIRE_OUTBOUND_FORWARDS: forwards,
    LINKERD2_PROXY_OUTBOUND_TCP_FAILFAST_TIMEOUT: '1s',
    ...extra,
  });
  const forwardPorts = addrs.forwards.map((a) => splitAddr(a).port);
  return { proc, addrs, inboundPort: splitAddr(addrs.inbound).port, forwardPort: forwardPorts[0]!, forwardPorts };
}

/** The endpoint Destination would announce for an application port behind a server proxy. */
export function meshedEndpoint(appPort: number, server: RunningPodwire, identity: string, extra: Partial<TestEndpoint> = {}): TestEndpoint {
  return { ip: '127.0.0.1', port: appPort, identity, inboundPort: server.inboundPort, labels: { pod: 'web-0', namespace: 'default' }, ...extra };
}

/** A PODWIRE_POLICY_FILE admitting only `identities` on each of `ports`. */
export function identityPolicyYaml(ports: readonly number[], identities: string): string {
  return `ports:\n${ports.map((port) => `  - port: ${port}\n    name: app\n    authentication:\n      identities: [${identities}]\n`).join('')}`;
}

/** PODWIRE_OUTBOUND_FORWARDS for several services, in order: one ephemeral listener each. */
export function forwardsFor(services: readonly string[]): string {
  return services.map((svc) => `127.0.0.1:0=${svc}`).join(',');
}

export { startDestinationServer };
