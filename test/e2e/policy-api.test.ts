// Policy from the API end to end: `podwire controller` serves InboundServerPolicies from its
// topology, a server podwire watches its port through LINKERD2_PROXY_POLICY_SVC_ADDR, and a
// topology edit closes a now-denied live connection and admits a newly allowed client.
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { startEchoServer, type TestServer } from '../harness/servers.js';
import { spawnPodwire, startPodwire, type ProxyProcess } from '../harness/proxy-process.js';
import { makeWorkdir, identityEnv, type Workdir } from '../harness/mesh.js';

// Addresses only this file uses, so fixed ports can't collide with other tests.
const CONTROLLER = '127.83.0.1';
const SERVER_POD = '127.83.1.1';
const CLIENT_POD = '127.83.2.1';
const OTHER_POD = '127.83.3.1';

function topology(allowed: string): string {
  return `
cluster: { name: test }
controller: { listen: ${CONTROLLER}:8086 }
services:
  - { name: web, namespace: default, ports: [{ port: 80, targetPort: 8080 }] }
workloads:
  - { pod: web-0, namespace: default, serviceAccount: server, ip: ${SERVER_POD}, services: [web] }
policy:
  default: deny
  servers:
    - name: web-tcp
      namespace: default
      pods: [web-0]
      port: 8080
      authentication: { identities: [${allowed}] }
`;
}

/** A connection through a client proxy's forward that stays open; resolves how it ended. */
async function openLive(port: number, host: string): Promise<{ say: (t: string) => Promise<string>; ended: Promise<string> }> {
  const s = net.connect({ host, port, allowHalfOpen: true });
  await new Promise((r, j) => s.once('connect', r).once('error', j));
  const ended = new Promise<string>((r) => {
    s.once('end', () => r('end'));
    s.once('error', (e: NodeJS.ErrnoException) => r(e.code ?? 'error'));
  });
  return {
    ended,
    say: (t) => new Promise((r) => {
      s.once('data', (d) => r(d.toString()));
      s.write(t);
    }),
  };
}

describe('policy from the API', () => {
  let w: Workdir;
  let app: TestServer;
  let file: string;
  let server: ProxyProcess;
  let client: ProxyProcess;
  let other: ProxyProcess;
  const procs: ProxyProcess[] = [];

  const clientEnv = (leaf: 'client' | 'other', ip: string) => ({
    ...identityEnv(w.pki.leaves[leaf], w.pki),
    LINKERD2_PROXY_INBOUND_LISTEN_ADDR: `${ip}:4143`,
    LINKERD2_PROXY_ADMIN_LISTEN_ADDR: `${ip}:4191`,
    LINKERD2_PROXY_DESTINATION_SVC_ADDR: `${CONTROLLER}:8087`,
    PODWIRE_OUTBOUND_FORWARDS: `${ip}:9000=web.default.svc.cluster.local:80`,
  });

  beforeAll(async () => {
    w = await makeWorkdir();
    app = await startEchoServer(SERVER_POD, 8080);
    file = path.join(w.dir, 'topology.yaml');
    writeFileSync(file, topology(IDS.client));
    const controller = spawnPodwire(['controller', '--topology', file, '--plaintext-listen', `${CONTROLLER}:8087`, '--admin', 'off', '--log-format', 'json'], { PATH: process.env.PATH ?? '' });
    procs.push(controller);
    await controller.waitForLog((l) => l.msg === 'podwire controller ready');
    server = (await startPodwire({
      ...identityEnv(w.pki.leaves.server, w.pki),
      LINKERD2_PROXY_INBOUND_LISTEN_ADDR: `${SERVER_POD}:4143`,
      LINKERD2_PROXY_ADMIN_LISTEN_ADDR: `${SERVER_POD}:4191`,
      LINKERD2_PROXY_POLICY_SVC_ADDR: `${CONTROLLER}:8087`,
      LINKERD2_PROXY_POLICY_WORKLOAD: '{"ns":"default","pod":"web-0"}',
      LINKERD2_PROXY_INBOUND_PORTS: '8080',
    })).proc;
    client = (await startPodwire(clientEnv('client', CLIENT_POD))).proc;
    other = (await startPodwire(clientEnv('other', OTHER_POD))).proc;
    procs.push(server, client, other);
  });

  afterAll(async () => {
    for (const p of procs) await p.stop();
    await app?.close();
    await w?.cleanup();
  });

  it('admits the identity the controller allows and denies another', async () => {
    const live = await openLive(9000, CLIENT_POD);
    expect(await live.say('allowed')).toBe('allowed');
    const denied = await openLive(9000, OTHER_POD);
    expect(await denied.ended).not.toBe('');
    await server.waitForAccessLog({ reason: 'unauthorized', client_id: IDS.other });
  });

  it('a topology edit closes the now-denied live connection and admits the new client', async () => {
    const live = await openLive(9000, CLIENT_POD);
    expect(await live.say('before')).toBe('before');
    writeFileSync(file, topology(IDS.other));
    await server.waitForAccessLog({ reason: 'policy_changed', client_id: IDS.client }, 15_000);
    expect(['ECONNRESET', 'end']).toContain(await live.ended);
    const admitted = await openLive(9000, OTHER_POD);
    expect(await admitted.say('now allowed')).toBe('now allowed');
  });
});
