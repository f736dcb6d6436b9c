// `podwire controller` as a real process serving real podwire proxies: a client proxy resolves a
// service through it (over the controller's plaintext local listener) and reaches the server pod
// over mTLS; a bad topology exits 2 naming every problem.
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { roundTrip, startEchoServer, type TestServer } from '../harness/servers.js';
import { fetchText, metricValue, spawnPodwire, startPodwire, type ProxyProcess } from '../harness/proxy-process.js';
import { makeWorkdir, identityEnv, type Workdir } from '../harness/mesh.js';
import { startControllerProcess, writeTopologyFile } from '../harness/controller-process.js';

// Addresses only this file uses, so fixed ports can't collide with other tests running in parallel.
const CONTROLLER = '127.81.0.1';
const SERVER_POD = '127.81.1.1';
const CLIENT_POD = '127.81.2.1';

function topology(): string {
  return `
cluster: { name: test }
controller: { listen: ${CONTROLLER}:8086 }
services:
  - name: web
    namespace: default
    clusterIP: 127.81.100.1
    ports: [{ port: 80, targetPort: 8080 }]
workloads:
  - pod: web-0
    namespace: default
    serviceAccount: server
    ip: ${SERVER_POD}
    services: [web]
`;
}

/** The same topology with one more service that exists but has no endpoints. */
function topologyWithEmptyService(): string {
  return topology().replace('workloads:', `  - name: db
    namespace: default
    ports: [{ port: 5432 }]
workloads:`);
}

describe('podwire controller (process)', () => {
  let w: Workdir;
  let app: TestServer;
  const procs: ProxyProcess[] = [];

  beforeAll(async () => {
    w = await makeWorkdir();
    app = await startEchoServer(SERVER_POD, 8080);
    await startControllerProcess(writeTopologyFile(w, topologyWithEmptyService()), `${CONTROLLER}:8087`, procs);
  });

  afterAll(async () => {
    for (const p of procs) await p.stop();
    await app?.close();
    await w?.cleanup();
  });

  let serverStarted: Promise<Awaited<ReturnType<typeof startPodwire>>> | undefined;
  /** The web pod's proxy, started once for the tests that reach it. */
  const serverProxy = () => (serverStarted ??= (async () => {
    const server = await startPodwire({
      ...identityEnv(w.pki.leaves.server, w.pki),
      LINKERD2_PROXY_INBOUND_LISTEN_ADDR: `${SERVER_POD}:4143`,
      LINKERD2_PROXY_ADMIN_LISTEN_ADDR: `${SERVER_POD}:4191`,
    });
    procs.push(server.proc);
    return server;
  })());

  it('serves a client proxy that reaches the server pod over mTLS', async () => {
    const server = await serverProxy();
    const client = await startPodwire({
      ...identityEnv(w.pki.leaves.client, w.pki),
      LINKERD2_PROXY_INBOUND_LISTEN_ADDR: `${CLIENT_POD}:4143`,
      LINKERD2_PROXY_ADMIN_LISTEN_ADDR: `${CLIENT_POD}:4191`,
      LINKERD2_PROXY_DESTINATION_SVC_ADDR: `${CONTROLLER}:8087`,
      PODWIRE_OUTBOUND_FORWARDS: `${CLIENT_POD}:9000=web.default.svc.cluster.local:80`,
    });
    procs.push(client.proc);
    expect((await roundTrip(9000, 'via the controller', CLIENT_POD)).toString()).toBe('via the controller');
    const inbound = await server.proc.waitForAccessLog({ direction: 'inbound', reason: 'ok' });
    expect(inbound.client_id).toBe(IDS.client);
    expect(inbound.target).toBe(`${SERVER_POD}:8080`);
    const outbound = await client.proc.waitForAccessLog({ direction: 'outbound', reason: 'ok' });
    expect(outbound.server_id).toBe(IDS.server);
    expect(outbound.endpoint).toBe(`${SERVER_POD}:4143`);
  });

  it('carries an IP:PORT forward over mTLS when discovery knows the address, and as plain TCP when it does not', async () => {
    await serverProxy();
    const unknown = await startEchoServer('127.81.9.9', 7000);
    try {
      const client = await startPodwire({
        ...identityEnv(w.pki.leaves.client, w.pki),
        LINKERD2_PROXY_INBOUND_LISTEN_ADDR: '127.81.2.3:4143',
        LINKERD2_PROXY_ADMIN_LISTEN_ADDR: '127.81.2.3:4191',
        LINKERD2_PROXY_DESTINATION_SVC_ADDR: `${CONTROLLER}:8087`,
        // No LINKERD2_PROXY_DESTINATION_PROFILE_NETWORKS: that limits intercepted connections only.
        PODWIRE_OUTBOUND_FORWARDS: `127.81.2.3:9002=${SERVER_POD}:8080,127.81.2.3:9003=127.81.9.9:7000`,
      });
      procs.push(client.proc);
      expect((await roundTrip(9002, 'to a pod IP', '127.81.2.3')).toString()).toBe('to a pod IP');
      const meshed = await client.proc.waitForAccessLog({ direction: 'outbound', reason: 'ok', endpoint: `${SERVER_POD}:4143` });
      expect(meshed.server_id).toBe(IDS.server);
      expect((await roundTrip(9003, 'to an unknown IP', '127.81.2.3')).toString()).toBe('to an unknown IP');
      const plain = await client.proc.waitForAccessLog({ direction: 'outbound', reason: 'ok', endpoint: '127.81.9.9:7000' });
      expect(plain.server_id).toBeUndefined();
    } finally {
      await unknown.close();
    }
  });

  it('answers a service with no endpoints at once (no_endpoints), so a proxy fails fast saying so', async () => {
    const client = await startPodwire({
      ...identityEnv(w.pki.leaves.client, w.pki),
      LINKERD2_PROXY_INBOUND_LISTEN_ADDR: '127.81.2.2:4143',
      LINKERD2_PROXY_ADMIN_LISTEN_ADDR: '127.81.2.2:4191',
      LINKERD2_PROXY_DESTINATION_SVC_ADDR: `${CONTROLLER}:8087`,
      PODWIRE_OUTBOUND_FORWARDS: '127.81.2.2:9001=db.default.svc.cluster.local:5432',
      LINKERD2_PROXY_OUTBOUND_TCP_FAILFAST_TIMEOUT: '1s',
    });
    procs.push(client.proc);
    await expect(roundTrip(9001, 'nobody home', '127.81.2.2')).rejects.toThrow();
    const closed = await client.proc.waitForAccessLog({ direction: 'outbound', reason: 'failfast' });
    // Without the first message the client could only say it had heard nothing.
    expect(String(closed.error)).toContain('(no endpoints)');
  });

  it('exits 2 on a bad topology, naming every problem', async () => {
    const file = path.join(w.dir, 'bad.yaml');
    writeFileSync(file, `
cluster: { name: bad }
services: [{ name: web, namespace: default, ports: [{ port: 70000 }] }]
workloads: [{ pod: w, namespace: default, ip: "10.0.0", services: [nope] }]
`);
    const p = spawnPodwire(['controller', '--topology', file, '--admin', 'off'], { PATH: process.env.PATH ?? '' });
    expect(await p.exit()).toBe(2);
    expect(p.stderr).toContain('services[0].ports[0].port');
    expect(p.stderr).toContain('workloads[0].ip');
    expect(p.stderr).toMatch(/workloads\[0\]\.services.*nope/);
  });

  it('logs a broken topology edit once and counts reloads by result on /metrics', async () => {
    const admin = '127.81.0.2:9996';
    const file = path.join(w.dir, 'reload.yaml');
    writeFileSync(file, topology().replace(`${CONTROLLER}:8086`, '127.81.0.2:8086'));
    const controller = await startControllerProcess(file, '127.81.0.2:8087', procs, ['--admin', admin]);
    const reloads = async () => {
      const text = (await fetchText(admin, '/metrics')).body;
      return { ok: metricValue(text, 'topology_reloads_total', { result: 'ok' }), error: metricValue(text, 'topology_reloads_total', { result: 'error' }) };
    };
    expect(await reloads()).toEqual({ ok: 0, error: 0 });
    writeFileSync(file, topology().replace('port: 80,', 'port: 80000,'));
    await controller.waitForLog((l) => /rejected/.test(String(l.msg)));
    // Several polls (every 250 ms) see the same broken content; it stays one log line and one count.
    await sleep(1_500);
    writeFileSync(file, topology().replace(`${CONTROLLER}:8086`, '127.81.0.2:8086').replace('web-0', 'web-1'));
    await controller.waitForLog((l) => l.msg === 'topology: loaded new version');
    const rejected = controller.logs.filter((l) => /rejected|edit/.test(String(l.msg)) && Number(l.level) >= 50);
    expect(rejected.map((l) => l.msg)).toEqual(['topology: rejected an invalid edit; still serving the last good version']);
    expect(String(rejected[0]!.err)).toContain('services[0].ports[0].port');
    expect(controller.logs.filter((l) => /topology/.test(String(l.msg)) && /loaded new version|updated/.test(String(l.msg)))).toHaveLength(1);
    expect(await reloads()).toEqual({ ok: 1, error: 1 });
  });

  it('explains itself with --help and rejects a missing --topology', async () => {
    const help = spawnPodwire(['controller', '--help'], { PATH: process.env.PATH ?? '' });
    expect(await help.exit()).toBe(0);
    expect(help.logs.map((l) => l.msg).join('\n')).toContain('--topology FILE');
    const bad = spawnPodwire(['controller'], { PATH: process.env.PATH ?? '' });
    expect(await bad.exit()).toBe(2);
    expect(bad.stderr).toContain('--topology FILE is required');
  });

  it('rejects stream limits that are not a size or a duration, naming the flag and the value', async () => {
    const size = spawnPodwire(['controller', '--topology', 'unused.yaml', '--stream-buffer-limit', '4 parsecs'], { PATH: process.env.PATH ?? '' });
    expect(await size.exit()).toBe(2);
    expect(size.stderr).toContain('--stream-buffer-limit: expected a size like 4MiB, 512KiB or 1000000 (bytes), got "4 parsecs"');
    const tiny = spawnPodwire(['controller', '--topology', 'unused.yaml', '--stream-buffer-limit', '100'], { PATH: process.env.PATH ?? '' });
    expect(await tiny.exit()).toBe(2);
    expect(tiny.stderr).toContain('--stream-buffer-limit: must be at least 1KiB, got "100"');
    const stall = spawnPodwire(['controller', '--topology', 'unused.yaml', '--stream-stall-timeout', '0'], { PATH: process.env.PATH ?? '' });
    expect(await stall.exit()).toBe(2);
    expect(stall.stderr).toContain('--stream-stall-timeout: must be longer than 0, got "0"');
  });
});
