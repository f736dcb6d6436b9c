// The full identity cycle with real processes: `podwire controller` issues 3-second certificates,
// two podwire proxies start with empty identity directories, generate key.p8/csr.der, get certified
// over Certify, carry mTLS traffic between them, and refresh several times while a loop of fresh
// connections and one long-lived connection keep exchanging data - with no failed connection.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { makeWorkdir, type Workdir } from '../harness/mesh.js';
import { certifyEnv, startControllerProcess, writeTokensFile, writeTopologyFile } from '../harness/controller-process.js';
import { fetchText, metricValue, startPodwire, type ProxyProcess } from '../harness/proxy-process.js';
import { roundTrip, startEchoServer, type TestServer } from '../harness/servers.js';

// Addresses only this file uses, so fixed ports can't collide with other tests running in parallel.
const CONTROLLER = '127.91.0.1';
const SERVER_POD = '127.91.1.1';
const CLIENT_POD = '127.91.2.1';
const IDENTITY_ADDR = `${CONTROLLER}:8080`;
const FORWARD_PORT = 9000;
const TOKENS = { server: 'tok-server-2f9c1e', client: 'tok-client-8a7d44' };

function topology(w: Workdir, tokensFile: string): string {
  return `
cluster: { name: test }
controller: { listen: "${CONTROLLER}:8086" }
identity:
  trustAnchorsFile: ${w.pki.ca.anchorsFile}
  issuerCertFile: ${path.join(w.dir, 'ca/issuer/ca.crt')}
  issuerKeyFile: ${path.join(w.dir, 'ca/issuer/ca.key')}
  issuanceLifetime: 3s
  clockSkew: 0s
  tokensFile: ${tokensFile}
services:
  - name: web
    namespace: default
    ports: [{ port: 80, targetPort: 8080 }]
workloads:
  - pod: web-0
    namespace: default
    serviceAccount: server
    ip: ${SERVER_POD}
    services: [web]
`;
}

/** A proxy's environment in Certify mode: Linkerd's variables, an empty identity directory. */
const proxyEnv = (w: Workdir, role: 'server' | 'client', pod: string): Record<string, string> =>
  certifyEnv(w, role, pod, { identityAddr: IDENTITY_ADDR, token: TOKENS[role], trustAnchors: 'file' });

const refreshes = async (pod: string) => metricValue((await fetchText(`${pod}:4191`, '/metrics')).body, 'control_identity_cert_refreshes_total', { result: 'ok' });

/** One connection kept open the whole time, echoing a numbered message every 50 ms. */
function longLived(port: number, host: string): { stop(): Promise<{ sent: number; echoed: number; error?: Error }> } {
  const s = net.connect({ host, port });
  let sent = 0;
  let buffered = '';
  let error: Error | undefined;
  s.on('error', (e) => (error ??= e));
  s.on('close', () => (error ??= new Error('long-lived connection closed early')));
  s.on('data', (d: Buffer) => (buffered += d.toString()));
  const timer = setInterval(() => s.write(`msg-${sent++};`), 50);
  return {
    async stop() {
      clearInterval(timer);
      await new Promise((r) => setTimeout(r, 300));
      const echoed = buffered.split(';').filter(Boolean).length;
      const result = { sent, echoed, ...(error && { error }) };
      s.removeAllListeners('close');
      s.destroy();
      return result;
    },
  };
}

describe('Certify: full cycle against podwire controller', () => {
  let w: Workdir;
  let app: TestServer;
  const procs: ProxyProcess[] = [];
  let server: ProxyProcess;
  let client: ProxyProcess;

  beforeAll(async () => {
    w = await makeWorkdir();
    app = await startEchoServer(SERVER_POD, 8080);
    const tokensFile = writeTokensFile(w, TOKENS);
    await startControllerProcess(writeTopologyFile(w, topology(w, tokensFile)), IDENTITY_ADDR, procs);
    server = (await startPodwire(proxyEnv(w, 'server', SERVER_POD))).proc;
    procs.push(server);
    client = (await startPodwire({
      ...proxyEnv(w, 'client', CLIENT_POD),
      LINKERD2_PROXY_DESTINATION_SVC_ADDR: IDENTITY_ADDR,
      PODWIRE_OUTBOUND_FORWARDS: `${CLIENT_POD}:${FORWARD_PORT}=web.default.svc.cluster.local:80`,
    })).proc;
    procs.push(client);
  });

  afterAll(async () => {
    for (const p of procs) await p.stop();
    await app?.close();
    await w?.cleanup();
  });

  it('generates key.p8 and csr.der, gets certified, and becomes ready', async () => {
    for (const [proc, pod, role] of [[server, SERVER_POD, 'server'], [client, CLIENT_POD, 'client']] as const) {
      const certified = await proc.waitForLog((l) => l.msg === 'identity certified');
      expect(certified['localId']).toBe(IDS[role]);
      await expect.poll(async () => (await fetchText(`${pod}:4191`, '/ready')).status).toBe(200);
      const dir = path.join(w.dir, `${role}-identity`);
      expect(fs.statSync(path.join(dir, 'key.p8')).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(dir, 'csr.der')).size).toBeGreaterThan(0);
      expect(proc.logs.some((l) => /generated a new ECDSA P-256 key/.test(String(l.msg)))).toBe(true);
    }
  });

  it('carries mTLS traffic with the certified identities through several refreshes, losing no connection', async () => {
    expect((await roundTrip(FORWARD_PORT, 'first', CLIENT_POD)).toString()).toBe('first');
    const inbound = await server.waitForAccessLog({ direction: 'inbound', reason: 'ok' });
    expect(inbound.client_id).toBe(IDS.client);
    const outbound = await client.waitForAccessLog({ direction: 'outbound', reason: 'ok' });
    expect(outbound.server_id).toBe(IDS.server);

    const startServer = await refreshes(SERVER_POD);
    const startClient = await refreshes(CLIENT_POD);
    const firstExpiry = metricValue((await fetchText(`${CLIENT_POD}:4191`, '/metrics')).body, 'control_identity_cert_expiration_timestamp_seconds');
    const live = longLived(FORWARD_PORT, CLIENT_POD);
    let fresh = 0;
    const failures: string[] = [];
    // Fresh connections back to back until both proxies refreshed at least three more times.
    for (;;) {
      const msg = `fresh-${fresh++}`;
      try {
        const got = (await roundTrip(FORWARD_PORT, msg, CLIENT_POD, 5_000)).toString();
        if (got !== msg) failures.push(`${msg}: got ${JSON.stringify(got)}`);
      } catch (err) {
        failures.push(`${msg}: ${(err as Error).message}`);
      }
      if (fresh % 10 === 0 && (await refreshes(SERVER_POD)) >= startServer + 3 && (await refreshes(CLIENT_POD)) >= startClient + 3) break;
      if (fresh > 5_000) throw new Error('refreshes did not happen');
    }
    const longResult = await live.stop();

    expect(failures).toEqual([]);
    expect(longResult.error).toBeUndefined();
    expect(longResult.echoed).toBe(longResult.sent);
    expect(longResult.sent).toBeGreaterThan(10);
    const lastExpiry = metricValue((await fetchText(`${CLIENT_POD}:4191`, '/metrics')).body, 'control_identity_cert_expiration_timestamp_seconds');
    expect(lastExpiry).toBeGreaterThan(firstExpiry);
    for (const [proc, pod] of [[server, SERVER_POD], [client, CLIENT_POD]] as const) {
      const metrics = (await fetchText(`${pod}:4191`, '/metrics')).body;
      expect(metricValue(metrics, 'control_identity_cert_refreshes_total', { result: 'error' })).toBe(0);
      const bad = proc.logs.filter((l) => l.msg === 'connection closed' && l['reason'] !== 'ok');
      expect(bad).toEqual([]);
      expect(proc.logs.filter((l) => l.msg === 'identity certificate refreshed').length).toBeGreaterThanOrEqual(3);
    }
  });
});
