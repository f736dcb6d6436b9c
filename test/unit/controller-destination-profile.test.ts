// Destination GetProfile served from a topology, checked on the wire with the spec-built raw
// client: cluster IPs answer fully_qualified_name (+ opaque_protocol), pod IPs answer the endpoint,
// unknown IPs and undeclared service ports get the empty profile on a stream that stays open and
// follows topology edits; names in the cluster domain answer their FQDN; linked-cluster profile
// resolvers later in the chain answer what the local topology does not know.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDestinationService, serveController, type ControllerServer } from '../../controller/destination-server.js';
import { ComputedProfile, type ProfileResolver } from '../../controller/profile-view.js';
import { LocalEndpointResolver, LocalProfileResolver } from '../../controller/resolver-local.js';
import { parseTopology, type Topology } from '../../controller/topology.js';
import { TopologyStore } from '../../controller/topology-watch.js';
import { RawDestinationClient, type RawProfile, type RawWeightedAddr } from '../harness/raw-destination-client.js';

const WEB_ID = 'web.shop.serviceaccount.identity.linkerd.cluster.local';

function topology(workloads: string): Topology {
  return parseTopology(
    `
cluster: {name: east}
services:
  - {name: web, namespace: shop, clusterIP: 127.20.0.1, ports: [{port: 80, targetPort: 8080}, {port: 5432, opaque: true}]}
  - {name: v6, namespace: shop, clusterIP: "fd00::20", ports: [{port: 80}]}
workloads:
${workloads}
`,
    '/',
  );
}

const BASE = `
  - {pod: web-0, namespace: shop, serviceAccount: web, ip: 127.1.0.2, zone: zone-a, services: [web]}
  - {pod: v6-0, namespace: shop, ip: "fd00::1:2", inboundPort: 4200, services: [v6]}
`;

function web0(port: number, hint: RawWeightedAddr['protocol_hint'] = { opaque_transport: { inbound_port: 4143 } }, ipv4 = 2130771970): RawWeightedAddr {
  return {
    addr: { ip: { ipv4 }, port },
    weight: 10000,
    metric_labels: { pod: 'web-0', namespace: 'shop', serviceaccount: 'web', zone: 'zone-a', control_plane_ns: 'linkerd' },
    tls_identity: { dns_like_identity: { name: WEB_ID }, server_name: { name: WEB_ID } },
    protocol_hint: hint,
  };
}

let store: TopologyStore;
let server: ControllerServer;
let client: RawDestinationClient;

/** A linked cluster's pod IPs, as a link engineer would add them after the local resolver. */
const remote = new ComputedProfile(undefined);
const remoteResolver: ProfileResolver = {
  name: 'test-remote-pods',
  resolveProfile: (t) => {
    if (t.kind !== 'ip' || t.ip !== '127.2.0.5') return 'pass';
    const view = new ComputedProfile(remote.current());
    remote.on('change', () => view.set(remote.current()));
    return view;
  },
};

beforeAll(async () => {
  store = new TopologyStore(topology(BASE));
  const service = createDestinationService({
    resolvers: [new LocalEndpointResolver(store)],
    profileResolvers: [new LocalProfileResolver(store), remoteResolver],
  });
  server = await serveController({ listen: '127.0.0.1:0', services: [service] });
  client = new RawDestinationClient(server.addr);
});

afterAll(async () => {
  client.close();
  await server.close(100);
});

describe('GetProfile by IP', () => {
  it('answers a cluster IP with the service FQDN, opaque_protocol on opaque ports', async () => {
    const http = client.getProfile('127.20.0.1:80');
    expect(await http.next()).toEqual<RawProfile>({ fully_qualified_name: 'web.shop.svc.cluster.local' });
    const opaque = client.getProfile('127.20.0.1:5432');
    expect(await opaque.next()).toEqual<RawProfile>({ fully_qualified_name: 'web.shop.svc.cluster.local', opaque_protocol: true });
    const v6 = client.getProfile('[fd00::20]:80');
    expect(await v6.next()).toEqual<RawProfile>({ fully_qualified_name: 'v6.shop.svc.cluster.local' });
    await http.expectQuiet(100);
    for (const s of [http, opaque, v6]) s.cancel();
  });

  it('answers a cluster IP on a port the service lacks with the empty profile, and stays open', async () => {
    const s = client.getProfile('127.20.0.1:81');
    const first = await s.nextRaw();
    expect(first.msg).toEqual({});
    expect(first.bytes.length).toBe(0);
    await s.expectQuiet(200);
    s.cancel();
  });

  it('answers a pod IP with the endpoint itself (labels incl. namespace)', async () => {
    const s = client.getProfile('127.1.0.2:8080');
    expect(await s.next()).toEqual<RawProfile>({ endpoint: web0(8080) });
    const opaque = client.getProfile('127.1.0.2:5432');
    expect(await opaque.next()).toEqual<RawProfile>({
      endpoint: web0(5432, { opaque: {}, opaque_transport: { inbound_port: 4143 } }),
      opaque_protocol: true,
    });
    const v6 = client.getProfile('[fd00::1:2]:80');
    const v6id = 'default.shop.serviceaccount.identity.linkerd.cluster.local';
    expect(await v6.next()).toEqual<RawProfile>({
      endpoint: {
        addr: { ip: { ipv6: { first: '18230571291595767808', last: '65538' } }, port: 80 },
        weight: 10000,
        metric_labels: { pod: 'v6-0', namespace: 'shop', serviceaccount: 'default', zone: '', control_plane_ns: 'linkerd' },
        tls_identity: { dns_like_identity: { name: v6id }, server_name: { name: v6id } },
        protocol_hint: { opaque_transport: { inbound_port: 4200 } },
      },
    });
    for (const x of [s, opaque, v6]) x.cancel();
  });

  it('answers an unknown IP with the empty profile and follows the topology as pods come and go', async () => {
    const s = client.getProfile('127.1.0.7:8080');
    expect(await s.next()).toEqual({});
    const old = client.getProfile('127.1.0.2:8080');
    expect(await old.next()).toEqual({ endpoint: web0(8080) });
    // web-0 moves to 127.1.0.7.
    store.set(topology(BASE.replace('127.1.0.2', '127.1.0.7')));
    expect(await s.next()).toEqual({ endpoint: web0(8080, undefined, 2130771975) });
    expect(await old.next()).toEqual({});
    // ...and back.
    store.set(topology(BASE));
    expect(await s.next()).toEqual({});
    expect(await old.next()).toEqual({ endpoint: web0(8080) });
    s.cancel();
    old.cancel();
  });

  it('serves a later resolver (a linked cluster) for IPs the local topology does not know', async () => {
    const s = client.getProfile('127.2.0.5:8080');
    expect(await s.next()).toEqual({});
    const id = 'web.shop.serviceaccount.identity.linkerd.west.local';
    remote.set({ endpoint: { ip: '127.2.0.5', port: 8080, identity: id, serverName: id, inboundPort: 4143, labels: { cluster: 'west' } } });
    expect(await s.next()).toEqual({
      endpoint: {
        addr: { ip: { ipv4: 2130837509 }, port: 8080 },
        weight: 10000,
        metric_labels: { cluster: 'west' },
        tls_identity: { dns_like_identity: { name: id }, server_name: { name: id } },
        protocol_hint: { opaque_transport: { inbound_port: 4143 } },
      },
    });
    // If the local topology claims the IP, the local answer wins (chain order).
    store.set(topology(`${BASE}  - {pod: local-0, namespace: shop, ip: 127.2.0.5}\n`));
    expect((await s.next()).endpoint?.metric_labels?.['pod']).toBe('local-0');
    store.set(topology(BASE));
    expect((await s.next()).endpoint?.metric_labels).toEqual({ cluster: 'west' });
    s.cancel();
  });
});

describe('GetProfile by name', () => {
  it('answers names in the cluster domain with their FQDN', async () => {
    const known = client.getProfile('web.shop.svc.cluster.local:5432');
    expect(await known.next()).toEqual({ fully_qualified_name: 'web.shop.svc.cluster.local', opaque_protocol: true });
    const noPort = client.getProfile('web.shop.svc.cluster.local');
    expect(await noPort.next()).toEqual({ fully_qualified_name: 'web.shop.svc.cluster.local' });
    // Linkerd serves a default profile for any name in its domain, known or not.
    const unknown = client.getProfile('nope.shop.svc.cluster.local:80');
    expect(await unknown.next()).toEqual({ fully_qualified_name: 'nope.shop.svc.cluster.local' });
    const instance = client.getProfile('web-0.web.shop.svc.cluster.local:80');
    expect(await instance.next()).toEqual({ endpoint: web0(8080) });
    for (const s of [known, noPort, unknown, instance]) s.cancel();
  });

  it.each([
    ['web.shop.svc.other.local:80', 'invalid service "web.shop.svc.other.local": not in any served domain'],
    ['web.shop.svc.cluster.local.:80', 'invalid service "web.shop.svc.cluster.local.": not in any served domain'],
    ['a:b:c', 'Invalid authority: "a:b:c": expected HOST:PORT (IPv6 in brackets)'],
    ['127.1.0.2:99999', 'Invalid authority: "127.1.0.2:99999": invalid port "99999"'],
    ['[web]:80', 'Invalid authority: "[web]:80": brackets are for IPv6 addresses'],
  ])('GetProfile %j is InvalidArgument', async (path, details) => {
    const s = client.getProfile(path);
    expect(await s.status).toEqual({ code: grpc.status.INVALID_ARGUMENT, details });
  });
});
