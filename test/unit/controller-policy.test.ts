// The controller's inbound policy API (controller/policy-server.ts) checked on the wire with a
// client that knows only the spec's field numbers (linkerd-wire.md §5, net.proto §1.3, meta.proto):
// defaults, servers from the topology's `policy` section, workload forms, status codes, and
// WatchPort following topology edits.
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPolicyService, policyForPort, type PolicyService } from '../../controller/policy-server.js';
import { serveController, type ControllerServer } from '../../controller/destination-server.js';
import { parseTopology, TopologyError, type Topology } from '../../controller/topology.js';
import { TopologyStore } from '../../controller/topology-watch.js';
import { RawStream, type RawMessage } from '../harness/raw-destination-client.js';
import { PolicyMetrics } from '../../controller/policy-metrics.js';

const PROTO = `
syntax = "proto3";
package rawpol;
message PortSpec { string workload = 1; uint32 port = 2; }
message Duration { int64 seconds = 1; int32 nanos = 2; }
message IPv6 { fixed64 first = 1; fixed64 last = 2; }
message IPAddress { oneof ip { fixed32 ipv4 = 1; IPv6 ipv6 = 2; } }
message IPNetwork { IPAddress ip = 1; uint32 prefix_len = 2; }
message Resource { string group = 1; string kind = 2; string name = 3; }
message Metadata { oneof kind { string default = 1; Resource resource = 2; } }
message Empty {}
message Detect { Duration timeout = 1; }
message ProxyProtocol { oneof kind { Detect detect = 1; Empty opaque = 2; Empty tls = 3; Empty http1 = 4; Empty http2 = 5; Empty grpc = 6; } }
message Network { IPNetwork net = 1; repeated IPNetwork except = 2; }
message Identity { string name = 1; }
message IdentitySuffix { repeated string parts = 1; }
message PermitClientIdentities { repeated Identity identities = 1; repeated IdentitySuffix suffixes = 2; }
message PermitMeshTLS { oneof clients { Empty unauthenticated = 1; PermitClientIdentities identities = 2; } }
message Authn { oneof permit { Empty unauthenticated = 1; PermitMeshTLS meshTLS = 2; } }
message Authz { repeated Network networks = 1; Authn authentication = 2; map<string, string> labels = 3; Metadata metadata = 4; }
message Server { ProxyProtocol protocol = 1; repeated IPAddress server_ips = 2; repeated Authz authorizations = 3; map<string, string> labels = 4; }
`;
const root = protobuf.parse(PROTO, { keepCase: true }).root;
const PortSpec = root.lookupType('rawpol.PortSpec');
const Server = root.lookupType('rawpol.Server');
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, defaults: false, oneofs: false, arrays: false };
const SVC = '/io.linkerd.proxy.inbound.InboundServerPolicies';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RawServer = any;

class RawPolicyClient {
  readonly client: grpc.Client;
  constructor(addr: string) {
    this.client = new grpc.Client(addr, grpc.credentials.createInsecure());
  }
  watch(workload: string, port: number): RawStream<RawServer> {
    const call = this.client.makeServerStreamRequest<object, RawMessage<RawServer>>(
      `${SVC}/WatchPort`,
      (req) => Buffer.from(PortSpec.encode(PortSpec.fromObject(req)).finish()),
      (bytes: Buffer) => ({ msg: Server.toObject(Server.decode(bytes), TO_OBJECT), bytes }),
      { workload, port },
    );
    return new RawStream<RawServer>(call);
  }
  get(workload: string, port: number): Promise<RawServer> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest<object, RawServer>(
        `${SVC}/GetPort`,
        (req) => Buffer.from(PortSpec.encode(PortSpec.fromObject(req)).finish()),
        (bytes: Buffer) => Server.toObject(Server.decode(bytes), TO_OBJECT),
        { workload, port },
        (err, res) => (err ? reject(err) : resolve(res)),
      );
    });
  }
  close(): void {
    this.client.close();
  }
}

const WEB = JSON.stringify({ ns: 'shop', pod: 'web-0' });
const ALL_V4 = { ip: { ipv4: 0 }, prefix_len: 0 };
const ALL_V6 = { ip: { ipv6: { first: "0", last: "0" } }, prefix_len: 0 };

function topology(policy: string): Topology {
  return parseTopology(`
cluster: {name: east}
services:
  - {name: web, namespace: shop, ports: [{port: 80, targetPort: 8080}, {port: 5432, opaque: true}]}
workloads:
  - {pod: web-0, namespace: shop, ip: 127.1.0.2, services: [web], labels: {app: web}}
  - {pod: web-1, namespace: shop, ip: 127.1.0.3, services: [web]}
${policy}
`, '/');
}

const POLICY = `
policy:
  default: deny
  servers:
    - name: web-ids
      namespace: shop
      podSelector: {app: web}
      port: 8080
      networks: [{net: 0.0.0.0/0, except: [10.0.0.0/8]}, "fd00::/8"]
      authentication:
        identities: [client.default.serviceaccount.identity.linkerd.cluster.local, spiffe://cluster.local/ns/default/sa/client]
        identitySuffixes: ["*.shop.serviceaccount.identity.linkerd.cluster.local", "*"]
    - name: grpc
      namespace: shop
      pods: [web-0]
      port: "9000-9001"
      protocol: grpc
      authentication: any-mesh-identity
`;

describe('controller policy API on the wire', () => {
  let store: TopologyStore;
  let service: PolicyService;
  let server: ControllerServer;
  let client: RawPolicyClient;
  let metrics: PolicyMetrics;

  beforeEach(async () => {
    store = new TopologyStore(topology(POLICY));
    metrics = new PolicyMetrics();
    service = createPolicyService({ topology: store, metrics });
    server = await serveController({ listen: '127.0.0.1:0', services: [service] });
    client = new RawPolicyClient(server.addr);
  });
  afterEach(async () => {
    client.close();
    await server.close();
  });

  it('serves a matching server: networks with except, identities, suffix parts (empty = all), metadata', async () => {
    const s = await client.get(WEB, 8080);
    expect(s.protocol).toEqual({ detect: { timeout: { seconds: '10', nanos: 0 } } });
    expect(s.labels).toEqual({ group: 'policy.podwire.io', kind: 'server', name: 'web-ids' });
    expect(s.authorizations).toHaveLength(1);
    const a = s.authorizations[0];
    expect(a.networks).toEqual([
      { net: ALL_V4, except: [{ ip: { ipv4: 0x0a000000 }, prefix_len: 8 }] },
      { net: { ip: { ipv6: { first: String(0xfd00n << 48n), last: '0' } }, prefix_len: 8 } },
    ]);
    expect(a.authentication).toEqual({
      meshTLS: {
        identities: {
          identities: [{ name: 'client.default.serviceaccount.identity.linkerd.cluster.local' }, { name: 'spiffe://cluster.local/ns/default/sa/client' }],
          suffixes: [{ parts: ['shop', 'serviceaccount', 'identity', 'linkerd', 'cluster', 'local'] }, {}],
        },
      },
    });
    expect(a.metadata).toEqual({ resource: { group: 'policy.podwire.io', kind: 'authorization', name: 'web-ids' } });
  });

  it('serves the http protocols and TLS-unauthenticated; pods selects by name', async () => {
    const s = await client.get(WEB, 9001);
    expect(s.protocol).toEqual({ grpc: {} });
    expect(s.authorizations[0].authentication).toEqual({ meshTLS: { unauthenticated: {} } });
    const other = await client.get(JSON.stringify({ ns: 'shop', pod: 'web-1' }), 9001);
    expect(other.labels).toEqual({ group: '', kind: 'default', name: 'deny' });
    expect(other.authorizations).toBeUndefined();
  });

  it('answers uncovered ports with the default: opaque on an opaque targetPort, legacy ns:pod accepted', async () => {
    const s = await client.get('shop:web-1', 5432);
    expect(s.protocol).toEqual({ opaque: {} });
    expect(s.labels).toEqual({ group: '', kind: 'default', name: 'deny' });
  });

  it('without a policy section every port is all-unauthenticated over 0.0.0.0/0 and ::/0', async () => {
    store.set(topology(''));
    const s = await client.get(WEB, 8080);
    expect(s.authorizations).toEqual([{
      networks: [{ net: ALL_V4 }, { net: ALL_V6 }],
      authentication: { unauthenticated: {} },
      labels: { group: '', kind: 'default', name: 'all-unauthenticated' },
      metadata: { default: 'all-unauthenticated' },
    }]);
  });

  it.each([
    ['{"ns":"shop"}', 8080, grpc.status.INVALID_ARGUMENT],
    ['not a workload', 8080, grpc.status.INVALID_ARGUMENT],
    [WEB, 0, grpc.status.INVALID_ARGUMENT],
    ['{"ns":"shop","pod":"nope"}', 8080, grpc.status.NOT_FOUND],
    ['{"ns":"shop","external_workload":"vm"}', 8080, grpc.status.NOT_FOUND],
  ])('workload %s port %d -> %s', async (workload, port, code) => {
    const stream = client.watch(workload, port);
    expect((await stream.status).code).toBe(code);
    await expect(client.get(workload, port)).rejects.toMatchObject({ code });
  });

  it('WatchPort follows topology edits, stays quiet on unrelated ones, ends NotFound when the pod goes', async () => {
    const stream = client.watch(WEB, 8080);
    expect((await stream.next()).labels.name).toBe('web-ids');
    store.set(topology(POLICY.replace('"*"', '"*.other.serviceaccount.identity.linkerd.cluster.local"')));
    const next = await stream.next();
    expect(next.authorizations[0].authentication.meshTLS.identities.suffixes[1]).toEqual({ parts: ['other', 'serviceaccount', 'identity', 'linkerd', 'cluster', 'local'] });
    store.set(topology(POLICY.replace('"*"', '"*.other.serviceaccount.identity.linkerd.cluster.local"') + '\n'));
    await stream.expectQuiet(150);
    store.set(topology(POLICY.replace('default: deny', 'default: all-authenticated').replace('port: 8080', 'port: 8081')));
    const dflt = await stream.next();
    expect(dflt.labels).toEqual({ group: '', kind: 'default', name: 'all-authenticated' });
    expect(dflt.authorizations[0].authentication).toEqual({ meshTLS: { identities: { suffixes: [{}] } } });
    expect(service.openStreams()).toBe(1);
    store.set(parseTopology('cluster: {name: east}\n', '/'));
    expect((await stream.status).code).toBe(grpc.status.NOT_FOUND);
    // Counted: one served watch, two changes pushed on it, and the stream gone again.
    const text = await metrics.registry.metrics();
    expect(text).toContain('policy_requests_total{method="WatchPort",code="OK"} 1');
    expect(text).toContain('policy_updates_total 2');
    expect(text).toContain('policy_open_streams 0');
  });

  it('counts GetPort answers and refusals by code', async () => {
    await client.get(WEB, 8080);
    await expect(client.get('{"ns":"shop","pod":"nope"}', 8080)).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    const text = await metrics.registry.metrics();
    expect(text).toContain('policy_requests_total{method="GetPort",code="OK"} 1');
    expect(text).toContain('policy_requests_total{method="GetPort",code="NOT_FOUND"} 1');
  });
});

describe('topology policy section', () => {
  const problems = (policy: string): string[] => {
    try {
      topology(policy);
    } catch (err) {
      return (err as TopologyError).problems.map((p) => `${p.path}: ${p.message}`);
    }
    return [];
  };

  it('reports every problem with its path, reusing the policy-file checks', () => {
    expect(problems(`
policy:
  default: cluster-authenticated
  servers:
    - {namespace: shop, port: 70000, authentication: nobody}
    - {namespace: shop, pods: [], podSelector: {app: web}, port: 80, protocol: http3, authentication: unauthenticated, audit: true}
`)).toEqual([
      'policy.clusterNetworks: is required by default cluster-authenticated',
      'policy.servers[0].port: 70000 is outside 1..65535 or an empty range',
      expect.stringMatching(/^policy\.servers\[0\]\.authentication: expected unauthenticated/),
      expect.stringMatching(/^policy\.servers\[1\]\.audit: unknown field/),
      'policy.servers[1].pods: an empty list selects nothing; omit pods for every pod of the namespace',
      'policy.servers[1]: give pods or podSelector, not both',
      expect.stringMatching(/^policy\.servers\[1\]\.protocol: "http3" is not one of/),
    ]);
  });
});

describe('TOPOLOGY.md policy example', () => {
  it('parses and answers as documented', () => {
    const md = readFileSync(new URL('../../controller/TOPOLOGY.md', import.meta.url), 'utf8');
    const yaml = /```yaml\n(policy:[\s\S]*?)```/.exec(md)?.[1];
    expect(yaml).toBeDefined();
    const t = parseTopology(`cluster: {name: east}\nworkloads: [{pod: web-0, namespace: shop, ip: 127.1.0.2, labels: {app: web}}]\n${yaml}`, '/');
    const ref = { namespace: 'shop', pod: 'web-0' };
    expect(policyForPort(t, ref, 8080).meta.name).toBe('web-http');
    expect(policyForPort(t, ref, 9090).authorizations.map((a) => a.meta.name)).toEqual(['scrape', 'mesh']);
    expect(policyForPort(t, ref, 7000).meta).toEqual({ group: '', kind: 'default', name: 'deny' });
  });
});
