// Destination Get served from a topology, checked on the wire with a client that only knows the
// spec's field numbers (test/harness/raw-destination-client.ts): exact addresses (IPv4 fixed32,
// IPv6 halves), ports, weights, labels, identities, hints; snapshot rules; status codes; diffs as
// the topology changes; the resolver chain; the bounded per-stream queue.
import * as grpc from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDestinationService, serveController, type ControllerServer, type DestinationService } from '../../controller/destination-server.js';
import { DestinationMetrics } from '../../controller/destination-metrics.js';
import type { StreamLimits } from '../../controller/destination-stream.js';
import { EndpointSet, ResolveError, type EndpointChange, type Resolver } from '../../controller/endpoint-view.js';
import { LocalEndpointResolver, LocalProfileResolver } from '../../controller/resolver-local.js';
import { parseTopology, type Topology } from '../../controller/topology.js';
import { TopologyStore } from '../../controller/topology-watch.js';
import { RawDestinationClient, type RawUpdate, type RawWeightedAddr } from '../harness/raw-destination-client.js';

const WEB_ID = 'web.shop.serviceaccount.identity.linkerd.cluster.local';
const IP_127_1_0_2 = 2130771970;
const IP_127_1_0_3 = 2130771971;
const IP_127_1_0_7 = 2130771975;

interface Pod {
  pod: string;
  ip: string;
  sa?: string;
  zone?: string;
  ready?: boolean;
  services?: string[];
  inboundPort?: number;
  labels?: Record<string, string>;
}

const WEB_0: Pod = { pod: 'web-0', ip: '127.1.0.2', sa: 'web', zone: 'zone-a', services: ['web'], labels: { app: 'web' } };
const WEB_1: Pod = { pod: 'web-1', ip: '127.1.0.3', sa: 'web', services: ['web'], ready: false };
const V6_0: Pod = { pod: 'v6-0', ip: 'fd00::1:2', services: ['v6'], inboundPort: 4200 };

function topology(pods: Pod[], extraServices = ''): Topology {
  const workloads = pods.map((p) => ({
    pod: p.pod,
    namespace: 'shop',
    ip: p.ip,
    services: p.services ?? [],
    ...(p.sa !== undefined && { serviceAccount: p.sa }),
    ...(p.zone !== undefined && { zone: p.zone }),
    ...(p.ready !== undefined && { ready: p.ready }),
    ...(p.inboundPort !== undefined && { inboundPort: p.inboundPort }),
    ...(p.labels !== undefined && { labels: p.labels }),
  }));
  return parseTopology(
    `
cluster: {name: east}
services:
  - {name: web, namespace: shop, clusterIP: 127.20.0.1, ports: [{port: 80, targetPort: 8080}, {port: 5432, opaque: true}]}
  - {name: empty, namespace: shop, ports: [{port: 80}]}
  - {name: v6, namespace: shop, ports: [{port: 80}]}
${extraServices}
workloads: ${JSON.stringify(workloads)}
`,
    '/',
  );
}

/** The WeightedAddr the controller must send for web-0 at `port` (spec §1.6). */
function web0(port: number, extra: Partial<RawWeightedAddr> = {}, labels: Record<string, string> = {}): RawWeightedAddr {
  return {
    addr: { ip: { ipv4: IP_127_1_0_2 }, port },
    weight: 10000,
    metric_labels: {
      app: 'web', pod: 'web-0', namespace: 'shop', serviceaccount: 'web', zone: 'zone-a', control_plane_ns: 'linkerd', ...labels,
    },
    tls_identity: { dns_like_identity: { name: WEB_ID }, server_name: { name: WEB_ID } },
    protocol_hint: { opaque_transport: { inbound_port: 4143 } },
    ...extra,
  };
}

const WEB_SET = { service: 'web', namespace: 'shop' };

interface Fixture {
  store: TopologyStore;
  service: DestinationService;
  server: ControllerServer;
  client: RawDestinationClient;
  metrics: DestinationMetrics;
}

async function start(opts: { resolvers?: (store: TopologyStore) => Resolver[]; streamLimits?: StreamLimits; sendNoEndpoints?: boolean } = {}): Promise<Fixture> {
  const store = new TopologyStore(topology([WEB_0, WEB_1, V6_0]));
  const metrics = new DestinationMetrics();
  const service = createDestinationService({
    resolvers: opts.resolvers?.(store) ?? [new LocalEndpointResolver(store)],
    profileResolvers: [new LocalProfileResolver(store)],
    metrics,
    ...(opts.streamLimits !== undefined && { streamLimits: opts.streamLimits }),
    ...(opts.sendNoEndpoints !== undefined && { sendNoEndpoints: opts.sendNoEndpoints }),
  });
  const server = await serveController({ listen: '127.0.0.1:0', services: [service] });
  return { store, service, server, metrics, client: new RawDestinationClient(server.addr) };
}

async function stop(f: Fixture): Promise<void> {
  f.client.close();
  await f.server.close(100);
}

async function waitFor(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Get: what is sent', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await start();
  });
  afterAll(() => stop(f));

  it('sends the ready endpoints as one add with exact fields, then nothing', async () => {
    const s = f.client.get('web.shop.svc.cluster.local:80', '{"ns":"shop","nodeName":"n1","pod":"client-0"}\n');
    const first = await s.nextRaw();
    expect(first.msg).toEqual<RawUpdate>({ add: { addrs: [web0(8080)], metric_labels: WEB_SET } });
    // IPAddress { ipv4 (field 1, fixed32) = 127.1.0.2 }: tag 0x0d then 0x7f010002 little-endian.
    expect(first.bytes.includes(Buffer.from([0x0a, 0x05, 0x0d, 0x02, 0x00, 0x01, 0x7f]))).toBe(true);
    await s.expectQuiet(200);
    s.cancel();
  });

  it('marks opaque ports with the opaque hint, keeping opaque_transport', async () => {
    const s = f.client.get('web.shop.svc.cluster.local:5432');
    expect(await s.next()).toEqual({
      add: { addrs: [web0(5432, { protocol_hint: { opaque: {}, opaque_transport: { inbound_port: 4143 } } })], metric_labels: WEB_SET },
    });
    s.cancel();
  });

  it('encodes IPv6 endpoints as two big-endian fixed64 halves, with the pod inbound port', async () => {
    const s = f.client.get('v6.shop.svc.cluster.local:80');
    const id = 'default.shop.serviceaccount.identity.linkerd.cluster.local';
    expect(await s.next()).toEqual({
      add: {
        addrs: [
          {
            addr: { ip: { ipv6: { first: '18230571291595767808', last: '65538' } }, port: 80 },
            weight: 10000,
            metric_labels: { pod: 'v6-0', namespace: 'shop', serviceaccount: 'default', zone: '', control_plane_ns: 'linkerd' },
            tls_identity: { dns_like_identity: { name: id }, server_name: { name: id } },
            protocol_hint: { opaque_transport: { inbound_port: 4200 } },
          },
        ],
        metric_labels: { service: 'v6', namespace: 'shop' },
      },
    });
    s.cancel();
  });

  it('defaults the port to 80, targets undeclared ports as-is, and serves a single pod by instance name', async () => {
    const noPort = f.client.get('web.shop.svc.cluster.local');
    expect((await noPort.next()).add?.addrs?.[0]?.addr).toEqual({ ip: { ipv4: IP_127_1_0_2 }, port: 8080 });
    const undeclared = f.client.get('web.shop.svc.cluster.local:9999');
    expect(await undeclared.next()).toEqual({ add: { addrs: [web0(9999)], metric_labels: WEB_SET } });
    const instance = f.client.get('web-0.web.shop.svc.cluster.local:80');
    expect(await instance.next()).toEqual({ add: { addrs: [web0(8080)], metric_labels: WEB_SET } });
    // The pod exists but is not ready: no endpoints, said at once.
    const notReady = f.client.get('web-1.web.shop.svc.cluster.local:80');
    expect(await notReady.next()).toEqual({ no_endpoints: { exists: true } });
    await notReady.expectQuiet(200);
    for (const s of [noPort, undeclared, instance, notReady]) s.cancel();
  });

  it('opens a service without endpoints with no_endpoints{exists:true} (as Linkerd 2.14), and keeps the stream open', async () => {
    const s = f.client.get('empty.shop.svc.cluster.local:80');
    expect(await s.next()).toEqual({ no_endpoints: { exists: true } });
    await s.expectQuiet(300);
    expect(f.service.openStreams('Get')).toBeGreaterThanOrEqual(1);
    s.cancel();
  });

  it.each([
    ['nope.shop.svc.cluster.local:80', grpc.status.NOT_FOUND, 'Service nope.shop.svc.cluster.local not found'],
    ['127.1.0.2:80', grpc.status.INVALID_ARGUMENT, 'IP queries not supported by Get API: host=127.1.0.2'],
    ['[fd00::1:2]:80', grpc.status.INVALID_ARGUMENT, 'IP queries not supported by Get API: host=fd00::1:2'],
    ['127.1.0.2', grpc.status.INVALID_ARGUMENT, 'IP queries not supported by Get API: host=127.1.0.2'],
    // A trailing dot breaks the cluster-domain suffix match: Linkerd answers "Invalid authority".
    ['web.shop.svc.cluster.local.:80', grpc.status.INVALID_ARGUMENT, 'Invalid authority: web.shop.svc.cluster.local.:80'],
    ['web.shop.svc.other.local:80', grpc.status.INVALID_ARGUMENT, 'Invalid authority: web.shop.svc.other.local:80'],
    ['web.shop:80', grpc.status.INVALID_ARGUMENT, 'Invalid authority: web.shop:80'],
    ['web.shop.svc.cluster.local:http', grpc.status.INVALID_ARGUMENT, 'Invalid authority: "web.shop.svc.cluster.local:http": invalid port "http"'],
    ['web.shop.svc.cluster.local:0', grpc.status.INVALID_ARGUMENT, 'Invalid authority: "web.shop.svc.cluster.local:0": invalid port "0"'],
    ['a:b:c', grpc.status.INVALID_ARGUMENT, 'Invalid authority: "a:b:c": expected HOST:PORT (IPv6 in brackets)'],
    [':80', grpc.status.INVALID_ARGUMENT, 'Invalid authority: ":80": missing host'],
    ['', grpc.status.INVALID_ARGUMENT, 'Invalid authority: "": empty path'],
  ])('Get %j ends with %s', async (path, code, details) => {
    const s = f.client.get(path);
    expect(await s.status).toEqual({ code, details });
    expect(s.received).toEqual([]);
  });
});

describe('Get: diffs as the topology changes', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await start();
  });
  afterEach(() => stop(f));

  async function subscribed(): Promise<ReturnType<RawDestinationClient['get']>> {
    const s = f.client.get('web.shop.svc.cluster.local:80');
    expect(await s.next()).toEqual({ add: { addrs: [web0(8080)], metric_labels: WEB_SET } });
    return s;
  }

  it('adds a new pod, removes a deleted one, and says nothing about unrelated edits', async () => {
    const s = await subscribed();
    f.store.set(topology([WEB_0, { ...WEB_1, ready: true }, V6_0]));
    expect(await s.next()).toEqual({
      add: {
        addrs: [{
          addr: { ip: { ipv4: IP_127_1_0_3 }, port: 8080 },
          weight: 10000,
          metric_labels: { pod: 'web-1', namespace: 'shop', serviceaccount: 'web', zone: '', control_plane_ns: 'linkerd' },
          tls_identity: { dns_like_identity: { name: WEB_ID }, server_name: { name: WEB_ID } },
          protocol_hint: { opaque_transport: { inbound_port: 4143 } },
        }],
        metric_labels: WEB_SET,
      },
    });
    f.store.set(topology([{ ...WEB_1, ready: true }, V6_0]));
    expect(await s.next()).toEqual({ remove: { addrs: [{ ip: { ipv4: IP_127_1_0_2 }, port: 8080 }] } });
    f.store.set(topology([{ ...WEB_1, ready: true }]));
    await s.expectQuiet(200);
    s.cancel();
  });

  it('sends a moved pod as add (new address) then remove (old), like linkerd-destination', async () => {
    const s = await subscribed();
    f.store.set(topology([{ ...WEB_0, ip: '127.1.0.7' }, WEB_1, V6_0]));
    expect(await s.next()).toEqual({
      add: { addrs: [web0(8080, { addr: { ip: { ipv4: IP_127_1_0_7 }, port: 8080 } })], metric_labels: WEB_SET },
    });
    expect(await s.next()).toEqual({ remove: { addrs: [{ ip: { ipv4: IP_127_1_0_2 }, port: 8080 }] } });
    s.cancel();
  });

  it('re-adds an endpoint whose metadata changed', async () => {
    const s = await subscribed();
    f.store.set(topology([{ ...WEB_0, zone: 'zone-b', labels: { app: 'web', version: 'v2' } }, WEB_1, V6_0]));
    expect(await s.next()).toEqual({ add: { addrs: [web0(8080, {}, { zone: 'zone-b', version: 'v2' })], metric_labels: WEB_SET } });
    f.store.set(topology([{ ...WEB_0, zone: 'zone-b', labels: { app: 'web', version: 'v2' }, inboundPort: 4444 }, WEB_1, V6_0]));
    expect(await s.next()).toEqual({
      add: { addrs: [web0(8080, { protocol_hint: { opaque_transport: { inbound_port: 4444 } } }, { zone: 'zone-b', version: 'v2' })], metric_labels: WEB_SET },
    });
    s.cancel();
  });

  it('removes everything when the service goes away, keeping the stream open; an empty service fills later', async () => {
    const s = await subscribed();
    const empty = f.client.get('empty.shop.svc.cluster.local:80');
    expect(await empty.next()).toEqual({ no_endpoints: { exists: true } });
    await empty.expectQuiet(100);
    f.store.set(parseTopology('cluster: {name: east}\nservices: [{name: empty, namespace: shop, ports: [{port: 80}]}]\n' +
      'workloads: [{pod: e-0, namespace: shop, ip: 127.1.0.7, services: [empty]}]\n', '/'));
    expect(await s.next()).toEqual({ remove: { addrs: [{ ip: { ipv4: IP_127_1_0_2 }, port: 8080 }] } });
    const add = await empty.next();
    expect(add.add?.addrs?.map((a) => a.addr)).toEqual([{ ip: { ipv4: IP_127_1_0_7 }, port: 80 }]);
    expect(add.add?.metric_labels).toEqual({ service: 'empty', namespace: 'shop' });
    await s.expectQuiet(100);
    expect(f.service.openStreams('Get')).toBe(2);
    s.cancel();
    empty.cancel();
    await waitFor(() => f.service.openStreams('Get') === 0, 'streams to close after cancel');
  });
});

describe('Get: options, chain and limits', () => {
  it('can open an empty service with nothing, as newer linkerd-destination releases do, when asked to', async () => {
    const f = await start({ sendNoEndpoints: false });
    const s = f.client.get('empty.shop.svc.cluster.local:80');
    await s.expectQuiet(200);
    const web = f.client.get('web.shop.svc.cluster.local:80');
    expect((await web.next()).add).toBeDefined();
    await stop(f);
  });

  it('asks resolvers in order: later ones serve names the local cluster does not know', async () => {
    const mirror = new EndpointSet({ service: 'web-west', namespace: 'shop' }, [
      { ip: '127.2.0.5', port: 8080, identity: 'web.shop.serviceaccount.identity.linkerd.west.local', serverName: 'web.shop.serviceaccount.identity.linkerd.west.local', inboundPort: 4143, labels: { pod: 'web-0' } },
    ]);
    const views: EndpointSet[] = [];
    const links: Resolver = {
      name: 'test-links',
      resolve: async (t) => {
        if (t.host === 'broken.shop.svc.cluster.local') throw new ResolveError(grpc.status.UNAVAILABLE, 'link west is down');
        if (t.host === 'buggy.shop.svc.cluster.local') throw new Error('bug');
        if (t.host !== 'web-west.shop.svc.cluster.local') return t.host.endsWith('.svc.cluster.local') ? 'not_found' : 'pass';
        const view = new EndpointSet(mirror.setLabels, mirror.snapshot());
        mirror.on('change', (c: EndpointChange) => {
          view.upsert(c.added);
          view.remove(c.removed);
        });
        views.push(view);
        return view;
      },
    };
    const f = await start({ resolvers: (store) => [new LocalEndpointResolver(store), links] });
    const s = f.client.get('web-west.shop.svc.cluster.local:8080');
    expect(await s.next()).toEqual({
      add: {
        addrs: [{
          addr: { ip: { ipv4: 2130837509 }, port: 8080 },
          weight: 10000,
          metric_labels: { pod: 'web-0' },
          tls_identity: {
            dns_like_identity: { name: 'web.shop.serviceaccount.identity.linkerd.west.local' },
            server_name: { name: 'web.shop.serviceaccount.identity.linkerd.west.local' },
          },
          protocol_hint: { opaque_transport: { inbound_port: 4143 } },
        }],
        metric_labels: { service: 'web-west', namespace: 'shop' },
      },
    });
    expect(await f.client.get('broken.shop.svc.cluster.local:80').status).toEqual({ code: grpc.status.UNAVAILABLE, details: 'link west is down' });
    expect((await f.client.get('gone-west.shop.svc.cluster.local:80').status).code).toBe(grpc.status.NOT_FOUND);
    expect(await f.client.get('buggy.shop.svc.cluster.local:80').status).toEqual({
      code: grpc.status.UNAVAILABLE, details: 'resolving buggy.shop.svc.cluster.local:80 failed: bug',
    });
    // The local resolver still answers first, and closing the stream closes the view.
    expect((await f.client.get('web.shop.svc.cluster.local:80').next()).add?.metric_labels).toEqual(WEB_SET);
    s.cancel();
    await waitFor(() => views[0]!.closed, 'the view to be closed when its stream ends');
    await stop(f);
  });

  it('resets a stream holding more bytes than its limit, frees them and counts it', async () => {
    const source = new EndpointSet({ service: 'flood' });
    const flood: Resolver = {
      name: 'flood',
      resolve: (t) => {
        if (t.host !== 'flood.shop.svc.cluster.local') return 'pass';
        const view = new EndpointSet(source.setLabels, source.snapshot());
        source.on('change', (c) => view.upsert(c.added));
        return view;
      },
    };
    const f = await start({ streamLimits: { bufferBytes: 2048, stallTimeoutMs: 60_000, totalBytes: 1 << 30 }, resolvers: (store) => [new LocalEndpointResolver(store), flood] });
    const s = f.client.get('flood.shop.svc.cluster.local:80');
    await waitFor(() => f.service.openStreams('Get') === 1, 'the stream to open');
    // A burst far beyond what grpc-js buffers plus the queue bound, in one tick.
    for (let i = 0; i < 200; i++) source.upsert([{ ip: `127.5.${i >> 8}.${(i & 0xff) + 1}`, port: 80, labels: { n: String(i) } }]);
    // A reset, not a status queued behind the buffered messages: the client sees CANCELLED.
    const status = await s.status;
    expect(status.code).toBe(grpc.status.CANCELLED);
    expect(s.received.length).toBeLessThan(200);
    // Everything that did arrive is the start of the burst, in order.
    expect(s.received.map((m) => m.msg.add?.addrs?.[0]?.metric_labels?.['n'])).toEqual(s.received.map((_, i) => String(i)));
    const metric = await f.metrics.endpointUpdatesQueueOverflow.get();
    expect(metric.values).toEqual([{ labels: { service: 'flood.shop.svc.cluster.local:80' }, value: 1 }]);
    expect((await f.metrics.slowStreamsReset.get()).values).toEqual([{ labels: { method: 'Get', reason: 'buffer' }, value: 1 }]);
    expect((await f.metrics.queuedBytes.get()).values).toEqual([{ labels: { method: 'Get' }, value: 0 }]);
    await waitFor(() => f.service.openStreams('Get') === 0, 'the stream to be released');
    // The local cluster is unaffected.
    expect((await f.client.get('web.shop.svc.cluster.local:80').next()).add?.metric_labels).toEqual(WEB_SET);
    await stop(f);
  });

  it('ends open streams with OK when the service closes, and refuses new ones', async () => {
    const f = await start();
    const s = f.client.get('web.shop.svc.cluster.local:80');
    await s.next();
    f.service.close();
    expect((await s.status).code).toBe(grpc.status.OK);
    expect(await f.client.get('web.shop.svc.cluster.local:80').status).toEqual({ code: grpc.status.UNAVAILABLE, details: 'controller is shutting down' });
    await stop(f);
  });

  it('skips (and logs) an endpoint a resolver hands over that cannot be encoded, sending the rest', async () => {
    const bad: Resolver = {
      name: 'bad',
      resolve: (t) =>
        t.host === 'mixed.shop.svc.cluster.local'
          ? new EndpointSet({}, [{ ip: '0.0.0.0', port: 80 }, { ip: '127.3.0.1', port: 0 }, { ip: '127.3.0.2', port: 80 }])
          : 'pass',
    };
    const f = await start({ resolvers: (store) => [new LocalEndpointResolver(store), bad] });
    expect(await f.client.get('mixed.shop.svc.cluster.local:80').next()).toEqual({
      add: { addrs: [{ addr: { ip: { ipv4: 2130903042 }, port: 80 }, weight: 10000 }] },
    });
    await stop(f);
  });
});
