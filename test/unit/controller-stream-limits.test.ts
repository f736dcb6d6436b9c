// What one controller stream may hold for its client (destination-stream.ts), over real gRPC on
// loopback: a client that grants no HTTP/2 window is reset after the stall timeout with nothing
// left queued (Destination Get and policy WatchPort); a snapshot larger than the byte bound is
// still served; podwire's own discovery client, reset for falling behind a burst, reconnects and
// gets a complete fresh snapshot; past the total bound the largest holders are reset first.
import http2 from 'node:http2';
import { afterEach, describe, expect, it } from 'vitest';
import { createDestinationService, serveController, type ControllerServer } from '../../controller/destination-server.js';
import { DestinationMetrics } from '../../controller/destination-metrics.js';
import type { StreamLimits } from '../../controller/destination-stream.js';
import { EndpointSet, type Resolver } from '../../controller/endpoint-view.js';
import { createPolicyService } from '../../controller/policy-server.js';
import { PolicyMetrics } from '../../controller/policy-metrics.js';
import { parseTopology } from '../../controller/topology.js';
import { TopologyStore } from '../../controller/topology-watch.js';
import { DestinationClient } from '../../discovery-client/destination.js';
import type { DiscoveryLogger } from '../../discovery-client/log.js';
import { RawDestinationClient } from '../harness/raw-destination-client.js';
import { DESTINATION_GET, POLICY_WATCH_PORT, StalledGrpcClient, getDestinationRequest, portSpecRequest, type StalledStream } from '../harness/stalled-grpc-client.js';

const NAME = 'flood.shop.svc.cluster.local';

/** A resolver answering NAME from `source`, every stream following its changes. */
function floodResolver(source: EndpointSet): Resolver {
  return {
    name: 'flood',
    resolve: (t) => {
      if (t.host !== NAME) return 'pass';
      const view = new EndpointSet(source.setLabels, source.snapshot());
      source.on('change', (c) => view.upsert(c.added));
      return view;
    },
  };
}

const endpoint = (i: number) => ({ ip: `127.5.${i >> 7}.${(i & 0x7f) + 1}`, port: 80, labels: { n: String(i), pod: `flood-${i}` } });

async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The RST_STREAM code the stream was closed with, or a clear failure if it stays open. */
async function resetCode(s: { closed: Promise<number> }, ms = 5_000): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the stream was not reset within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([s.closed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function gauge(g: { get(): Promise<{ values: { value: number }[] }> }): Promise<number> {
  return (await g.get()).values.reduce((n, v) => n + v.value, 0);
}

describe('controller stream limits', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    cleanups.length = 0;
  });

  async function destination(limits: StreamLimits, source: EndpointSet): Promise<{ server: ControllerServer; metrics: DestinationMetrics; open: () => number }> {
    const metrics = new DestinationMetrics();
    const service = createDestinationService({ resolvers: [floodResolver(source)], profileResolvers: [], metrics, streamLimits: limits });
    const server = await serveController({ listen: '127.0.0.1:0', services: [service] });
    cleanups.push(() => server.close(100));
    return { server, metrics, open: () => service.openStreams('Get') };
  }

  it('resets a Get whose client grants no window once it stalls, with nothing left queued', async () => {
    const source = new EndpointSet({ service: 'flood' }, [endpoint(0)]);
    const { server, metrics, open } = await destination({ bufferBytes: 1 << 20, stallTimeoutMs: 300, totalBytes: 1 << 30 }, source);
    const stalled = new StalledGrpcClient(server.addr);
    cleanups.push(() => stalled.close());
    const s = stalled.open(DESTINATION_GET, getDestinationRequest(`${NAME}:80`));
    await s.answered;
    // The snapshot is held (never delivered), and nothing new arrives to trip the byte bound.
    expect(await gauge(metrics.queuedBytes)).toBeGreaterThan(0);
    expect(await resetCode(s)).toBe(http2.constants.NGHTTP2_CANCEL);
    await waitFor(async () => (await gauge(metrics.queuedBytes)) === 0 && open() === 0, 'the stream to be released');
    expect((await metrics.slowStreamsReset.get()).values).toEqual([{ labels: { method: 'Get', reason: 'stalled' }, value: 1 }]);
    // A byte overflow it was not: Linkerd's overflow counter stays untouched.
    expect((await metrics.endpointUpdatesQueueOverflow.get()).values).toEqual([]);
  });

  it('resets the largest holders first once all streams together hold more than the total bound', async () => {
    const source = new EndpointSet({ service: 'flood' }, Array.from({ length: 100 }, (_, i) => endpoint(i)));
    const total = 32 * 1024;
    const { server, metrics, open } = await destination({ bufferBytes: 1 << 20, stallTimeoutMs: 60_000, totalBytes: total }, source);
    const stalled = new StalledGrpcClient(server.addr);
    cleanups.push(() => stalled.close());
    // Ten stuck streams, each holding one snapshot of ~8 KB: more than the total allows.
    const streams: StalledStream[] = [];
    for (let i = 0; i < 10; i++) {
      const s = stalled.open(DESTINATION_GET, getDestinationRequest(`${NAME}:80`));
      streams.push(s);
      await s.answered;
      expect(await gauge(metrics.queuedBytes)).toBeLessThanOrEqual(total);
    }
    const snapshot = (await gauge(metrics.queuedBytes)) / open();
    const kept = Math.floor(total / snapshot);
    await waitFor(() => streams.filter((s) => s.isClosed()).length === 10 - kept, `${10 - kept} streams to be reset`);
    // The oldest went first (equal holders: the first found), the newest are still served.
    expect(streams.slice(10 - kept).every((s) => !s.isClosed())).toBe(true);
    expect((await metrics.slowStreamsReset.get()).values).toEqual([{ labels: { method: 'Get', reason: 'total' }, value: 10 - kept }]);
  });

  it('serves a snapshot larger than the byte bound: one message is always allowed', async () => {
    const source = new EndpointSet({ service: 'flood' }, Array.from({ length: 300 }, (_, i) => endpoint(i)));
    const { server, metrics } = await destination({ bufferBytes: 1024, stallTimeoutMs: 60_000, totalBytes: 1 << 30 }, source);
    const client = new RawDestinationClient(server.addr);
    cleanups.push(() => client.close());
    const s = client.get(`${NAME}:80`);
    const first = await s.nextRaw();
    expect(first.bytes.length).toBeGreaterThan(1024);
    expect(first.msg.add?.addrs).toHaveLength(300);
    await s.expectQuiet(200);
    expect((await metrics.slowStreamsReset.get()).values).toEqual([]);
    s.cancel();
  });

  it('podwire\'s discovery client, reset for falling behind a burst, reconnects to a complete fresh snapshot', async () => {
    const source = new EndpointSet({ service: 'flood' }, [endpoint(0)]);
    const { server, metrics } = await destination({ bufferBytes: 2048, stallTimeoutMs: 60_000, totalBytes: 1 << 30 }, source);
    const retries: string[] = [];
    const log: DiscoveryLogger = {
      debug: () => {}, warn: () => {}, error: () => {},
      info: (o, msg) => {
        if (msg === 'discovery stream ended; reconnecting') retries.push((o as { code: string }).code);
      },
    };
    const client = new DestinationClient({ addr: server.addr, contextToken: '', backoff: { minMs: 20, maxMs: 100, jitter: 0 }, log });
    cleanups.push(() => client.close());
    const resolution = client.resolve({ name: NAME, port: 80 });
    cleanups.push(() => resolution.release());
    await waitFor(() => resolution.endpoints().size === 1, 'the first snapshot');
    // 200 updates in one tick: far more than 2 KiB queued before anything can be written out.
    for (let i = 1; i <= 200; i++) source.upsert([endpoint(i)]);
    await waitFor(() => resolution.endpoints().size === 201, 'all 201 endpoints after the reconnect');
    expect(retries).toContain('CANCELLED');
    expect((await metrics.slowStreamsReset.get()).values).toEqual([{ labels: { method: 'Get', reason: 'buffer' }, value: 1 }]);
    await waitFor(async () => (await gauge(metrics.queuedBytes)) === 0, 'nothing queued');
  });

  it('resets a WatchPort whose client grants no window once it stalls, even after ending it with NotFound', async () => {
    const store = new TopologyStore(parseTopology(`
cluster: {name: east}
workloads:
  - {pod: web-0, namespace: shop, ip: 127.1.0.2}
`, '/'));
    const metrics = new PolicyMetrics();
    const service = createPolicyService({ topology: store, metrics, streamLimits: { bufferBytes: 1 << 20, stallTimeoutMs: 300, totalBytes: 1 << 30 } });
    const server = await serveController({ listen: '127.0.0.1:0', services: [service] });
    cleanups.push(() => server.close(100));
    const stalled = new StalledGrpcClient(server.addr);
    cleanups.push(() => stalled.close());
    const s = stalled.open(POLICY_WATCH_PORT, portSpecRequest('shop:web-0', 8080));
    await s.answered;
    // The pod goes away: the stream is ended with NotFound, a status that would wait forever
    // behind the policy the client never took.
    store.set(parseTopology('cluster: {name: east}\n', '/'));
    expect(await resetCode(s)).toBe(http2.constants.NGHTTP2_CANCEL);
    await waitFor(async () => (await gauge(metrics.queuedBytes)) === 0 && service.openStreams() === 0, 'the watch to be released');
    expect((await metrics.slowStreamsReset.get()).values).toEqual([{ labels: { reason: 'stalled' }, value: 1 }]);
  });
});
