// Certify mode while the identity service is down: the proxies bind at once but stay not-ready
// (/ready 503 naming `identity`), refuse inbound TLS and fail outbound connections to meshed
// endpoints at once with identity_not_ready - while a plain (no-identity) endpoint still works. When
// `podwire controller` appears on the same address, both get certified and mTLS traffic flows.
// The "podwire proxy ready" line follows /ready: absent while it is 503 (the "listening" line says
// what it waits for), written after the certificate arrives.
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { makeWorkdir, startDestinationServer, type Workdir } from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { certifyEnv, startControllerProcess, writeTokensFile, writeTopologyFile } from '../harness/controller-process.js';
import { fetchText, metricValue, startPodwire, type ProxyProcess } from '../harness/proxy-process.js';
import { roundTrip, startEchoServer, type TestServer } from '../harness/servers.js';

// Addresses only this file uses, so fixed ports can't collide with other tests running in parallel.
const CONTROLLER = '127.91.10.1';
const SERVER_POD = '127.91.11.1';
const CLIENT_POD = '127.91.12.1';
const PLAIN_HOST = '127.91.13.1';
const IDENTITY_ADDR = `${CONTROLLER}:8080`;
const MESHED = 'web.default.svc.cluster.local';
const PLAIN = 'legacy.default.svc.cluster.local';
const TOKENS = { server: 'tok-server-5b1e07', client: 'tok-client-c3d9a2' };

/** A proxy's environment in Certify mode: Linkerd's variables, an empty identity directory. */
const proxyEnv = (w: Workdir, role: 'server' | 'client', pod: string): Record<string, string> =>
  certifyEnv(w, role, pod, { identityAddr: IDENTITY_ADDR, token: TOKENS[role], trustAnchors: 'inline' });

/** A TLS client with a valid mesh certificate: did the handshake complete, or how did it end? */
function tlsAttempt(w: Workdir, host: string, port: number): Promise<{ secure: boolean; error?: string }> {
  return new Promise((resolve) => {
    const s = tls.connect({
      host, port, servername: IDS.server, ca: w.pki.ca.anchorsPem,
      cert: w.pki.leaves.client.chainPem, key: w.pki.leaves.client.keyPem,
      ALPNProtocols: ['transport.l5d.io/v1'], minVersion: 'TLSv1.3',
      checkServerIdentity: () => undefined,
    });
    s.once('secureConnect', () => {
      s.destroy();
      resolve({ secure: true });
    });
    s.once('error', (err) => resolve({ secure: false, error: err.message }));
    s.once('close', () => resolve({ secure: false, error: 'closed' }));
  });
}

describe('Certify: identity service down at start', () => {
  let w: Workdir;
  let app: TestServer;
  let plainApp: TestServer;
  let dst: TestDestinationServer;
  const procs: ProxyProcess[] = [];
  let server: ProxyProcess;
  let client: ProxyProcess;

  beforeAll(async () => {
    w = await makeWorkdir();
    app = await startEchoServer(SERVER_POD, 8080);
    plainApp = await startEchoServer(PLAIN_HOST, 8080);
    // Discovery is up (an in-process Destination server); only the identity service is missing.
    dst = await startDestinationServer();
    dst.setEndpoints(`${MESHED}:80`, [{ ip: SERVER_POD, port: 8080, identity: IDS.server, inboundPort: 4143 }]);
    dst.setEndpoints(`${PLAIN}:80`, [{ ip: PLAIN_HOST, port: 8080 }]);
    server = (await startPodwire(proxyEnv(w, 'server', SERVER_POD))).proc;
    procs.push(server);
    client = (await startPodwire({
      ...proxyEnv(w, 'client', CLIENT_POD),
      LINKERD2_PROXY_DESTINATION_SVC_ADDR: dst.addr,
      PODWIRE_OUTBOUND_FORWARDS: `${CLIENT_POD}:9000=${MESHED}:80,${CLIENT_POD}:9001=${PLAIN}:80`,
      // Far longer than the test waits: a refusal must come from identity, not from failfast.
      LINKERD2_PROXY_OUTBOUND_TCP_FAILFAST_TIMEOUT: '60s',
    })).proc;
    procs.push(client);
  });

  afterAll(async () => {
    for (const p of procs) await p.stop();
    await app?.close();
    await plainApp?.close();
    await dst?.close();
    await w?.cleanup();
  });

  it('is not ready and says it waits for identity, retrying Certify', async () => {
    for (const pod of [SERVER_POD, CLIENT_POD]) {
      const ready = await fetchText(`${pod}:4191`, '/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toBe('not ready\nwaiting for: identity\n');
    }
    for (const proc of [server, client]) {
      const listening = await proc.waitForLog((l) => l.msg === 'podwire proxy listening');
      expect(listening).toMatchObject({ certified: false, waiting_for: ['identity'] });
      expect(proc.logs.filter((l) => l.msg === 'podwire proxy ready')).toEqual([]);
    }
    const failed = await server.waitForLog((l) => l.msg === 'identity not certified yet; will retry');
    expect(String(failed['err'])).toMatch(/Certify at 127\.91\.10\.1:8080 \(plaintext\) failed: UNAVAILABLE/);
    expect(failed['retry_in_ms']).toBe(1000);
    await expect.poll(async () => metricValue((await fetchText(`${SERVER_POD}:4191`, '/metrics')).body, 'control_identity_cert_refreshes_total', { result: 'error' })).toBeGreaterThanOrEqual(2);
  });

  it('refuses inbound TLS with identity_not_ready', async () => {
    const attempt = await tlsAttempt(w, SERVER_POD, 4143);
    expect(attempt.secure).toBe(false);
    const refused = await server.waitForAccessLog({ direction: 'inbound', reason: 'identity_not_ready' });
    expect(refused.error).toMatch(/inbound TLS refused: our identity is not ready/);
    const metrics = (await fetchText(`${SERVER_POD}:4191`, '/metrics')).body;
    expect(metricValue(metrics, 'inbound_tcp_errors_total', { reason: 'identity_not_ready' })).toBeGreaterThanOrEqual(1);
  });

  it('fails an outbound connection to a meshed endpoint at once with identity_not_ready, no plaintext', async () => {
    await expect(roundTrip(9000, 'must not arrive', CLIENT_POD, 10_000)).rejects.toThrow(/ECONNRESET|socket hang up/);
    const log = await client.waitForAccessLog({ direction: 'outbound', reason: 'identity_not_ready' });
    expect(log.target).toBe(`${MESHED}:80`);
    expect(app.connections()).toBe(0);
    const metrics = (await fetchText(`${CLIENT_POD}:4191`, '/metrics')).body;
    expect(metricValue(metrics, 'outbound_tcp_errors_total', { error: 'identity required', reason: 'identity_not_ready' })).toBe(1);
  });

  it('still reaches an endpoint discovery gives no identity (plain TCP)', async () => {
    expect((await roundTrip(9001, 'plain works', CLIENT_POD)).toString()).toBe('plain works');
  });

  it('becomes ready once the controller appears on the same address, and mTLS traffic flows', async () => {
    const tokensFile = writeTokensFile(w, TOKENS);
    const file = writeTopologyFile(w, `
cluster: { name: test }
controller: { listen: "${CONTROLLER}:8086" }
identity:
  trustAnchorsFile: ${w.pki.ca.anchorsFile}
  issuerCertFile: ${path.join(w.dir, 'ca/issuer/ca.crt')}
  issuerKeyFile: ${path.join(w.dir, 'ca/issuer/ca.key')}
  tokensFile: ${tokensFile}
`);
    await startControllerProcess(file, IDENTITY_ADDR, procs);
    for (const pod of [SERVER_POD, CLIENT_POD]) {
      await expect.poll(async () => (await fetchText(`${pod}:4191`, '/ready')).status, { timeout: 15_000 }).toBe(200);
    }
    for (const proc of [server, client]) {
      const ready = await proc.awaitReady();
      expect(ready['inbound']).toMatch(/:4143$/);
      const at = (msg: string) => proc.logs.findIndex((l) => l.msg === msg);
      expect(at('identity certified')).toBeGreaterThan(at('podwire proxy listening'));
      expect(at('podwire proxy ready')).toBeGreaterThan(at('identity certified'));
      expect(proc.logs.filter((l) => l.msg === 'podwire proxy ready')).toHaveLength(1);
    }
    expect((await roundTrip(9000, 'now over mTLS', CLIENT_POD)).toString()).toBe('now over mTLS');
    const inbound = await server.waitForAccessLog({ direction: 'inbound', reason: 'ok' });
    expect(inbound.client_id).toBe(IDS.client);
    const outbound = await client.waitForAccessLog({ direction: 'outbound', reason: 'ok', target: `${MESHED}:80` });
    expect(outbound.server_id).toBe(IDS.server);
  });
});
