// The pool and connect-with-retry against real parts: a real Destination server and client feeding
// EndpointPools, and real loopback sockets as endpoints (a closed port refuses, a listener accepts).
// Endpoints have no identity here, so dials are plain TCP; identity failures are covered end to end.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DestinationClient } from '../../discovery-client/destination.js';
import { EndpointPools } from '../../proxy/outbound/pool.js';
import { connectBalanced, connectBalancedNow, type BalancedConnectDeps } from '../../proxy/outbound/balanced-connect.js';
import { Metrics } from '../../proxy/metrics.js';
import { silentLogger } from '../../proxy/log.js';
import { ProxyError } from '../../proxy/errors.js';
import { startDestinationServer, type TestDestinationServer } from '../harness/destination-server.js';
import { metricValue } from '../harness/proxy-process.js';

/** A port nothing listens on (bound once, then closed), and a way to start listening on it. */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function listener(port = 0): Promise<{ port: number; accepted: () => number; close: () => Promise<void> }> {
  let n = 0;
  const sockets = new Set<net.Socket>();
  const s = net.createServer((c) => {
    n++;
    sockets.add(c);
    c.on('error', () => {});
  });
  await new Promise<void>((r) => s.listen(port, '127.0.0.1', () => r()));
  return {
    port: (s.address() as net.AddressInfo).port,
    accepted: () => n,
    close: () => new Promise((r) => {
      for (const c of sockets) c.destroy();
      s.close(() => r());
    }),
  };
}

const local = (port: number) => ({ ip: '127.0.0.1', port, labels: { cluster_locality: 'local' } });
const remote = (port: number) => ({ ip: '127.0.0.1', port, labels: { cluster_locality: 'remote' } });

describe('EndpointPools + connectBalanced', () => {
  let dst: TestDestinationServer;
  let client: DestinationClient;
  let pools: EndpointPools;
  let metrics: Metrics;
  const cleanups: Array<() => Promise<void>> = [];
  let n = 0;
  /** A fresh service name per test, so every test starts with a fresh pool and no cooldowns. */
  const service = () => ({ name: `svc${++n}.default.svc.cluster.local`, port: 80 });

  beforeAll(async () => {
    dst = await startDestinationServer();
    client = new DestinationClient({ addr: dst.addr, contextToken: '', log: silentLogger() });
    pools = new EndpointPools(client, 60_000);
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  afterAll(async () => {
    pools?.close();
    client?.close();
    await dst?.close();
  });

  function deps(failfastTimeoutMs = 2_000, extra: Partial<BalancedConnectDeps> = {}): BalancedConnectDeps {
    metrics = new Metrics({ version: 'test', processMetrics: false });
    return {
      pools, failfastTimeoutMs, log: silentLogger(), metrics,
      dial: { connectTimeoutMs: 1_000, credentials: undefined, localIps: new Set() },
      ...extra,
    };
  }

  async function connect(d: BalancedConnectDeps, svc: { name: string; port: number }) {
    const c = await connectBalanced(d, svc);
    c.dialled.socket.destroy();
    return c;
  }

  async function reasonOf(p: Promise<unknown>): Promise<string> {
    try {
      await p;
    } catch (err) {
      return err instanceof ProxyError ? err.reason : `not a ProxyError: ${String(err)}`;
    }
    return 'ok';
  }

  it('retries a refused local endpoint on the remote one, invisibly, then stays remote while local cools', async () => {
    const svc = service();
    const up = await listener();
    cleanups.push(up.close);
    const down = await freePort();
    dst.setEndpoints(`${svc.name}:80`, [local(down), remote(up.port)]);
    const d = deps();
    const first = await connect(d, svc);
    expect(first).toMatchObject({ attempts: 2, endpoint: { addr: { port: up.port } }, picked: { locality: 'remote', failover: true } });
    const second = await connect(d, svc);
    expect(second.attempts).toBe(1);
    expect(second.endpoint.addr.port).toBe(up.port);
    const text = await metrics.render();
    expect(metricValue(text, 'outbound_tcp_connect_attempt_failures_total', { reason: 'connect_refused', retried: 'true' })).toBe(1);
    expect(metricValue(text, 'outbound_tcp_failover_connections_total', { authority: `${svc.name}:80` })).toBe(2);
  });

  it('returns to the local endpoint once it is back and its cooldown is over', async () => {
    const svc = service();
    const far = await listener();
    cleanups.push(far.close);
    const port = await freePort();
    dst.setEndpoints(`${svc.name}:80`, [local(port), remote(far.port)]);
    const d = deps();
    expect((await connect(d, svc)).endpoint.addr.port).toBe(far.port);
    const near = await listener(port);
    cleanups.push(near.close);
    // Within the 1 s cooldown traffic stays remote; afterwards the local endpoint wins again.
    let last = far.port;
    const until = Date.now() + 5_000;
    while (last !== port && Date.now() < until) {
      last = (await connect(d, svc)).endpoint.addr.port;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(last).toBe(port);
    expect((await connect(d, svc)).endpoint.addr.port).toBe(port);
  });

  it('fails a single failing endpoint with its own reason, not a later failfast', async () => {
    const svc = service();
    dst.setEndpoints(`${svc.name}:80`, [local(await freePort())]);
    const d = deps();
    expect(await reasonOf(connectBalanced(d, svc))).toBe('connect_refused');
    expect(metricValue(await metrics.render(), 'outbound_tcp_connect_attempt_failures_total', { reason: 'connect_refused', retried: 'false' })).toBe(1);
  });

  it('fails fast, naming the cooldown, when every endpoint cools down past the failfast timeout', async () => {
    const svc = service();
    dst.setEndpoints(`${svc.name}:80`, [local(await freePort()), remote(await freePort())]);
    const d = deps(300);
    expect(await reasonOf(connectBalanced(d, svc))).toBe('connect_refused');
    let message = '';
    await connectBalanced(d, svc).catch((err: ProxyError) => (message = `${err.reason}: ${err.message}`));
    expect(message).toMatch(/^failfast: .*all 2 endpoints are in failure cooldown/);
  });

  it('waits for a cooling endpoint instead of failing when the failfast timeout allows', async () => {
    const svc = service();
    const port = await freePort();
    dst.setEndpoints(`${svc.name}:80`, [local(port)]);
    const d = deps(3_000);
    expect(await reasonOf(connectBalanced(d, svc))).toBe('connect_refused');
    const back = await listener(port);
    cleanups.push(back.close);
    const c = await connect(d, svc);
    expect(c.endpoint.addr.port).toBe(port);
    expect(back.accepted()).toBe(1);
  });

  it('refuses a vetoed endpoint without retrying or cooling it', async () => {
    const svc = service();
    const up = await listener();
    cleanups.push(up.close);
    dst.setEndpoints(`${svc.name}:80`, [local(up.port)]);
    const veto = deps(2_000, { vet: () => { throw new ProxyError('gateway_loop', 'vetoed'); } });
    expect(await reasonOf(connectBalanced(veto, svc))).toBe('gateway_loop');
    expect(up.accepted()).toBe(0);
    expect((await connect(deps(), svc)).attempts).toBe(1);
  });

  it('gives up after the attempt bound', async () => {
    const svc = service();
    const ports = await Promise.all([1, 2, 3, 4].map(() => freePort()));
    dst.setEndpoints(`${svc.name}:80`, ports.map(local));
    const d = deps();
    expect(await reasonOf(connectBalanced(d, svc))).toBe('connect_refused');
    const text = await metrics.render();
    expect(metricValue(text, 'outbound_tcp_connect_attempt_failures_total', { retried: 'true' })).toBe(2);
    expect(metricValue(text, 'outbound_tcp_connect_attempt_failures_total', { retried: 'false' })).toBe(1);
  });

  it('connectBalancedNow connects and reports nothing without a pooled mux session, and honours the vet', async () => {
    const svc = service();
    const up = await listener();
    cleanups.push(up.close);
    const attempts: number[] = [];
    // Before discovery answered there is nothing to pick.
    expect(connectBalancedNow(deps(2_000, { onAttempt: (n) => attempts.push(n) }), svc)).toBeUndefined();
    dst.setEndpoints(`${svc.name}:80`, [local(up.port)]);
    expect((await connect(deps(), svc)).attempts).toBe(1);
    // Discovery has answered, but these dial options have no mux pool: nothing dialled, nothing reported.
    const d = deps(2_000, { onAttempt: (n) => attempts.push(n) });
    expect(connectBalancedNow(d, svc)).toBeUndefined();
    expect(attempts).toEqual([]);
    expect(up.accepted()).toBe(1);
    // A vet that refuses the endpoint refuses it here too.
    const veto = deps(2_000, { vet: () => { throw new ProxyError('gateway_loop', 'vetoed'); } });
    expect(() => connectBalancedNow(veto, svc)).toThrow('vetoed');
    expect((await connect(deps(), svc)).attempts).toBe(1);
    expect(up.accepted()).toBe(2);
  });
});
