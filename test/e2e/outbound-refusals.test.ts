// The client side refuses endpoints whose certificate doesn't prove the identity discovery named,
// and never sends application bytes in plaintext to an endpoint discovery says has an identity.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { startEchoServer, type TestServer } from '../harness/servers.js';
import { fetchText, metricValue } from '../harness/proxy-process.js';
import {
  makeWorkdir, startClientProxy, startServerProxy, meshedEndpoint, startDestinationServer, forwardsFor,
  type Workdir, type RunningPodwire,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';

/** Connect through the forward, send a secret, and report how the connection ended. */
function sendSecret(port: number, secret: string): Promise<{ data: string; error?: string }> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    let data = '';
    s.on('data', (d) => (data += d.toString()));
    s.on('error', (err: NodeJS.ErrnoException) => resolve({ data, error: err.code ?? err.message }));
    s.on('close', () => resolve({ data }));
    s.on('connect', () => s.write(secret));
  });
}

// One service per test, so each test's connection starts a fresh resolution of its own endpoints.
const SERVICES = ['impostor', 'foreign', 'plain', 'empty'].map((n) => `${n}.default.svc.cluster.local:80`);
const [IMPOSTOR, FOREIGN, PLAIN, EMPTY] = SERVICES as [string, string, string, string];

describe('outbound refusals', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let echo: TestServer;
  let client: RunningPodwire & { forwardPorts: number[] };
  const port = (svc: string) => client.forwardPorts[SERVICES.indexOf(svc)]!;
  const stopAfter: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    echo = await startEchoServer();
    client = await startClientProxy(w, dst, {}, forwardsFor(SERVICES));
  });

  afterEach(async () => {
    for (const stop of stopAfter.splice(0)) await stop();
  });

  afterAll(async () => {
    await client?.proc.stop();
    await echo?.close();
    await dst?.close();
    await w?.cleanup();
  });

  async function serverWith(leaf: keyof Workdir['pki']['leaves'], extra: Record<string, string> = {}): Promise<RunningPodwire> {
    const s = await startServerProxy(w, extra, w.pki.leaves[leaf]);
    stopAfter.push(() => s.proc.stop());
    return s;
  }

  it('refuses a server presenting another identity from the same CA, sending it nothing', async () => {
    const impostor = await serverWith('other');
    dst.setEndpoints(IMPOSTOR, [meshedEndpoint(echo.port, impostor, IDS.server)]);
    const before = echo.connections();
    const result = await sendSecret(port(IMPOSTOR), 'secret-1');
    expect(result.data).toBe('');
    expect(result.error).toBe('ECONNRESET');
    const line = await client.proc.waitForAccessLog({ reason: 'server_identity_mismatch' });
    expect(String(line.error)).toContain(IDS.server);
    expect(echo.connections()).toBe(before);
    expect(impostor.proc.accessLogs({ reason: 'ok' })).toHaveLength(0);
  });

  it('refuses a server whose certificate chains to another CA', async () => {
    // A proxy whose own world is the other CA: it trusts its issuer, we don't.
    const foreign = await serverWith('wrongCa', { PODWIRE_IDENTITY_TRUST_ANCHORS_FILE: w.pki.otherCa.anchorsFile });
    dst.setEndpoints(FOREIGN, [meshedEndpoint(echo.port, foreign, IDS.client)]);
    const before = echo.connections();
    const result = await sendSecret(port(FOREIGN), 'secret-2');
    expect(result.data).toBe('');
    await client.proc.waitForAccessLog({ reason: 'untrusted_server_cert' });
    expect(echo.connections()).toBe(before);
    const metrics = (await fetchText(client.addrs.admin, '/metrics')).body;
    expect(metricValue(metrics, 'outbound_tcp_errors_total', { reason: 'untrusted_server_cert' })).toBeGreaterThanOrEqual(1);
  });

  it('never sends plaintext to an endpoint discovery says has an identity', async () => {
    // A plain TCP listener where discovery promised a meshed pod: it must only ever see a ClientHello.
    const seen: Buffer[] = [];
    const plain = net.createServer((s) => {
      s.on('data', (d) => seen.push(d));
      s.on('error', () => {});
      setTimeout(() => s.destroy(), 200);
    });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', () => r()));
    stopAfter.push(() => new Promise((r) => plain.close(() => r())));
    const plainPort = (plain.address() as net.AddressInfo).port;
    dst.setEndpoints(PLAIN, [{ ip: '127.0.0.1', port: plainPort, identity: IDS.server, inboundPort: plainPort }]);
    const result = await sendSecret(port(PLAIN), 'plaintext-secret');
    expect(result.data).toBe('');
    await client.proc.waitForAccessLog({ reason: 'tls_handshake_failed' });
    const bytes = Buffer.concat(seen);
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes[0]).toBe(0x16); // TLS handshake record
    expect(bytes.includes(Buffer.from('plaintext-secret'))).toBe(false);
  });

  it('fails fast with a logged reason when the service has no endpoints', async () => {
    dst.setEndpoints(EMPTY, []);
    const started = Date.now();
    const result = await sendSecret(port(EMPTY), 'nobody-home');
    const took = Date.now() - started;
    expect(result.data).toBe('');
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(5000);
    const line = await client.proc.waitForAccessLog({ reason: 'failfast' });
    expect(String(line.error)).toContain(EMPTY);
  });
});
