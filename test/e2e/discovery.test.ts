// Discovery through real processes: endpoints added and removed while running, a killed
// Destination stream (last endpoints kept, reconnect with backoff, first add replaces the set),
// and IPv6 endpoints delivered to an IPv6 application.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { roundTrip, startEchoServer, type TestServer } from '../harness/servers.js';
import {
  makeWorkdir, startClientProxy, startServerProxy, meshedEndpoint, startDestinationServer, forwardsFor,
  type Workdir, type RunningPodwire,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';

const SERVICES = ['grow', 'shrink', 'flaky', 'replace'].map((n) => `${n}.default.svc.cluster.local:80`);
const [GROW, SHRINK, FLAKY, REPLACE] = SERVICES as [string, string, string, string];

/** Which echo server answered a fresh connection (each echoes, so we ask by connection counts). */
async function landOn(port: number, servers: TestServer[]): Promise<number> {
  const before = servers.map((s) => s.connections());
  const reply = await roundTrip(port, 'which');
  expect(reply.toString()).toBe('which');
  const idx = servers.findIndex((s, i) => s.connections() > before[i]!);
  expect(idx).toBeGreaterThanOrEqual(0);
  return idx;
}

/** Retry `fn` until it stops throwing, for updates that travel over a stream asynchronously. */
async function eventually<T>(fn: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('discovery through the Destination API', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let a: TestServer;
  let b: TestServer;
  let server: RunningPodwire;
  let client: RunningPodwire & { forwardPorts: number[] };
  const port = (svc: string) => client.forwardPorts[SERVICES.indexOf(svc)]!;
  const ep = (s: TestServer) => meshedEndpoint(s.port, server, IDS.server);

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    [a, b] = await Promise.all([startEchoServer(), startEchoServer()]);
    server = await startServerProxy(w);
    client = await startClientProxy(w, dst, {}, forwardsFor(SERVICES));
  });

  afterAll(async () => {
    await client?.proc.stop();
    await server?.proc.stop();
    await Promise.all([a?.close(), b?.close()]);
    await dst?.close();
    await w?.cleanup();
  });

  it('uses an endpoint added while running', async () => {
    dst.setEndpoints(GROW, []);
    await expect(roundTrip(port(GROW), 'x')).rejects.toThrow();
    await client.proc.waitForAccessLog({ target: GROW, reason: 'failfast' });
    dst.setEndpoints(GROW, [ep(a)]);
    expect(await eventually(() => landOn(port(GROW), [a, b]))).toBe(0);
  });

  it('stops using an endpoint once it is removed', async () => {
    dst.setEndpoints(SHRINK, [ep(a), ep(b)]);
    const seen = new Set<number>();
    for (let i = 0; i < 20 && seen.size < 2; i++) seen.add(await landOn(port(SHRINK), [a, b]));
    expect(seen).toEqual(new Set([0, 1]));
    dst.setEndpoints(SHRINK, [ep(a)]);
    await eventually(async () => {
      for (let i = 0; i < 8; i++) expect(await landOn(port(SHRINK), [a, b])).toBe(0);
    });
  });

  it('keeps the last endpoints while the stream is down and reconnects with backoff', async () => {
    dst.setEndpoints(FLAKY, [ep(a)]);
    expect(await landOn(port(FLAKY), [a, b])).toBe(0);
    const gets = () => dst.requests.filter((r) => r.method === 'Get' && r.path === FLAKY).map((r) => r.at);
    const before = gets().length;
    dst.failTarget(FLAKY, grpc.status.UNAVAILABLE);
    dst.killStreams();
    // The control plane refuses the stream now, yet traffic still flows to the last known endpoint.
    for (let i = 0; i < 3; i++) expect(await landOn(port(FLAKY), [a, b])).toBe(0);
    // The client keeps retrying, spaced by its backoff (20 ms minimum in these tests).
    await eventually(async () => expect(gets().length).toBeGreaterThanOrEqual(before + 3));
    const retries = gets().slice(before);
    for (let i = 1; i < retries.length; i++) expect(retries[i]! - retries[i - 1]!).toBeGreaterThanOrEqual(15);
    dst.failTarget(FLAKY, undefined);
    await eventually(async () => expect(dst.openStreams('Get')).toBeGreaterThanOrEqual(1));
    expect(await landOn(port(FLAKY), [a, b])).toBe(0);
  });

  it('replaces the whole set with the first add after a reconnect', async () => {
    dst.setEndpoints(REPLACE, [ep(a)]);
    expect(await landOn(port(REPLACE), [a, b])).toBe(0);
    dst.failTarget(REPLACE, grpc.status.UNAVAILABLE);
    dst.killStreams();
    // While the client is disconnected, a goes away and b appears; no remove for a is ever sent.
    dst.setEndpoints(REPLACE, [ep(b)]);
    dst.failTarget(REPLACE, undefined);
    await eventually(async () => {
      for (let i = 0; i < 6; i++) expect(await landOn(port(REPLACE), [a, b])).toBe(1);
    });
  });
});

describe('IPv6 endpoints', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let echo6: TestServer;
  let server: RunningPodwire;
  let client: RunningPodwire & { forwardPort: number };

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer({ host: '::1' });
    echo6 = await startEchoServer('::1');
    // No PODWIRE_INBOUND_TARGET_IP: delivery goes to the accepted socket's local IP, ::1.
    server = await startServerProxy(w, { LINKERD2_PROXY_INBOUND_LISTEN_ADDR: '[::1]:0', PODWIRE_INBOUND_TARGET_IP: '' });
    dst.setEndpoints('web6.default.svc.cluster.local:80', [{ ip: '::1', port: echo6.port, identity: IDS.server, inboundPort: server.inboundPort }]);
    client = await startClientProxy(w, dst, {}, '127.0.0.1:0=web6.default.svc.cluster.local:80');
  });

  afterAll(async () => {
    await client?.proc.stop();
    await server?.proc.stop();
    await echo6?.close();
    await dst?.close();
    await w?.cleanup();
  });

  it('dials an IPv6 endpoint and delivers to the IPv6 application', async () => {
    expect((await roundTrip(client.forwardPort, 'over v6')).toString()).toBe('over v6');
    const line = await client.proc.waitForAccessLog({ reason: 'ok' });
    expect(line.endpoint).toBe(`[::1]:${server.inboundPort}`);
    const inbound = await server.proc.waitForAccessLog({ reason: 'ok', client_id: IDS.client });
    expect(inbound.target).toBe(`[::1]:${echo6.port}`);
  });
});
