// The proxy side of the inbound policy API: Server decoding (policy-codec.ts), the WatchPort client
// (discovery-client/policy.ts) and the PolicySource it feeds (proxy/policy/api-source.ts), against
// the controller's real policy service on loopback: lazy and eager watches, the default until the
// first answer, change events that re-check live connections, last policy kept while the
// controller is down, reconnect, and a final refusal.
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createPolicyService } from '../../controller/policy-server.js';
import { serveController, type ControllerServer } from '../../controller/destination-server.js';
import { parseTopology, type Topology } from '../../controller/topology.js';
import { TopologyStore } from '../../controller/topology-watch.js';
import { decodeServer, encodeServer, PolicyDecodeError } from '../../discovery-client/policy-codec.js';
import { InboundPolicyClient } from '../../discovery-client/policy.js';
import { silentLogger } from '../../discovery-client/log.js';
import { ApiPolicySource } from '../../proxy/policy/api-source.js';
import { authorize } from '../../proxy/policy/authorize.js';
import { LiveConnections } from '../../proxy/policy/live.js';
import type { ServerPolicy } from '../../proxy/policy/types.js';

const CLIENT_ID = 'client.default.serviceaccount.identity.linkerd.cluster.local';
const OTHER_ID = 'other.default.serviceaccount.identity.linkerd.cluster.local';
const WORKLOAD = JSON.stringify({ ns: 'shop', pod: 'web-0' });
const BACKOFF = { minMs: 20, maxMs: 100, jitter: 0 };

function topology(allowed: string, dflt = 'deny'): Topology {
  return parseTopology(`
cluster: {name: east}
workloads: [{pod: web-0, namespace: shop, ip: 127.1.0.2}]
policy:
  default: ${dflt}
  servers:
    - {name: app, namespace: shop, port: 8080, authentication: {identities: [${allowed}]}}
`, '/');
}

async function until(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('Server decoding', () => {
  const base = { protocol: { detect: { timeout: { seconds: '10', nanos: 0 } }, kind: 'detect' }, labels: { group: 'g', kind: 'server', name: 's' } };
  const all = [{ net: { ip: { ipv4: 0, ip: 'ipv4' }, prefix_len: 0 } }];

  it('round-trips what the controller encodes', () => {
    const policy: ServerPolicy = {
      protocol: 'opaque', meta: { group: 'g', kind: 'server', name: 's' },
      authorizations: [{
        networks: [{ net: { ip: '10.0.0.0', prefixLen: 8, family: 4 }, except: [{ ip: '10.1.0.0', prefixLen: 16, family: 4 }] }],
        authentication: { kind: 'identities', identities: [CLIENT_ID], suffixes: [[], ['shop', 'local']] },
        meta: { group: 'g', kind: 'authorization', name: 'a' },
      }],
    };
    expect(decodeServer(encodeServer(policy))).toEqual(policy);
  });

  it('ignores an Authz without networks, keeps the rest; empty list denies all', () => {
    const p = decodeServer({
      ...base,
      authorizations: [
        { authentication: { unauthenticated: {}, permit: 'unauthenticated' } },
        { networks: all, authentication: { meshTLS: { unauthenticated: {}, clients: 'unauthenticated' }, permit: 'meshTLS' }, metadata: { default: 'x', kind: 'default' } },
      ],
    });
    expect(p.authorizations).toHaveLength(1);
    expect(p.authorizations[0]!.authentication).toEqual({ kind: 'tls-unauthenticated' });
    expect(p.authorizations[0]!.meta).toEqual({ group: '', kind: 'default', name: 'x' });
    expect(authorize(decodeServer(base), { ip: '127.0.0.1', tls: undefined }).allowed).toBe(false);
  });

  it.each(['http1', 'http2', 'grpc'])('%s: every (L4) connection on the port is denied', (kind) => {
    const p = decodeServer({ ...base, protocol: { [kind]: {}, kind }, authorizations: [{ networks: all, authentication: { unauthenticated: {}, permit: 'unauthenticated' } }] });
    const d = authorize(p, { ip: '127.0.0.1', tls: { identity: CLIENT_ID } });
    expect(d.allowed).toBe(false);
    expect(!d.allowed && d.reason).toMatch(/opaque TCP connections are denied/);
  });

  it.each([
    [{ labels: {} }, /no protocol/],
    [{ ...base, authorizations: [{ networks: all }] }, /no permit/],
    [{ ...base, authorizations: [{ networks: [{ net: { ip: { ipv4: 0, ip: 'ipv4' }, prefix_len: 33 } }], authentication: { unauthenticated: {}, permit: 'unauthenticated' } }] }, /prefix length 33/],
  ])('rejects a malformed Server (%#)', (pb, why) => {
    expect(() => decodeServer(pb as never)).toThrow(PolicyDecodeError);
    expect(() => decodeServer(pb as never)).toThrow(why);
  });
});

describe('ApiPolicySource over the WatchPort client', () => {
  let server: ControllerServer | undefined;
  let client: InboundPolicyClient | undefined;
  let source: ApiPolicySource | undefined;
  afterEach(async () => {
    source?.close();
    client?.close();
    await server?.close(100);
    server = client = source = undefined;
  });

  async function serve(store: TopologyStore, listen = '127.0.0.1:0'): Promise<ControllerServer> {
    return serveController({ listen, services: [createPolicyService({ topology: store })] });
  }

  function newSource(addr: string, opts: { eagerPorts?: number[]; opaquePorts?: Array<[number, number]> } = {}) {
    client = new InboundPolicyClient({ addr, workload: WORKLOAD, backoff: BACKOFF, log: silentLogger });
    source = new ApiPolicySource({
      defaultPolicy: 'all-unauthenticated', clusterNetworks: [], opaquePorts: opts.opaquePorts ?? [], log: silentLogger,
      ...(opts.eagerPorts && { eagerPorts: opts.eagerPorts }),
    }, client);
    return source;
  }

  it('watches lazily, answers the default (opaque on opaque ports) until the first answer, then the API policy', async () => {
    const store = new TopologyStore(topology(CLIENT_ID));
    server = await serve(store);
    const src = newSource(server.addr, { opaquePorts: [[8080, 8080]] });
    expect(src.watchedPorts).toEqual([]);
    let changes = 0;
    src.on('change', () => changes++);
    const first = src.policyFor(8080);
    expect(first.meta).toEqual({ group: '', kind: 'default', name: 'all-unauthenticated' });
    expect(first.protocol).toBe('opaque');
    expect(src.watchedPorts).toEqual([8080]);
    await until(() => src.answered(8080), 'the first answer');
    expect(changes).toBe(1);
    expect(src.policyFor(8080).meta.name).toBe('app');
    expect(authorize(src.policyFor(8080), { ip: '127.0.0.1', tls: { identity: CLIENT_ID } }).allowed).toBe(true);
    expect(authorize(src.policyFor(8080), { ip: '127.0.0.1', tls: { identity: OTHER_ID } }).allowed).toBe(false);
    // An uncovered port gets the controller's default (deny), not the proxy's.
    src.policyFor(9090);
    await until(() => src.answered(9090), 'the 9090 answer');
    expect(src.policyFor(9090).meta).toEqual({ group: '', kind: 'default', name: 'deny' });
    expect(client!.watchCount).toBe(2);
  });

  it('watches LINKERD2_PROXY_INBOUND_PORTS eagerly', async () => {
    server = await serve(new TopologyStore(topology(CLIENT_ID)));
    const src = newSource(server.addr, { eagerPorts: [8080, 8081] });
    await until(() => src.answered(8080) && src.answered(8081), 'eager answers');
    expect(src.watchedPorts).toEqual([8080, 8081]);
  });

  it('a policy update re-checks live connections: the now-denied one is cut, the newly allowed admitted', async () => {
    const store = new TopologyStore(topology(CLIENT_ID));
    server = await serve(store);
    const src = newSource(server.addr);
    src.policyFor(8080);
    await until(() => src.answered(8080), 'the first answer');
    const live = new LiveConnections();
    const cut: string[] = [];
    const client1 = { ip: '127.0.0.1', tls: { identity: CLIENT_ID } };
    expect(authorize(src.policyFor(8080), client1).allowed).toBe(true);
    live.add({ client: client1, port: 8080, terminate: (d) => cut.push(d.reason) });
    src.on('change', () => live.recheck(src));
    store.set(topology(OTHER_ID));
    await until(() => cut.length === 1, 'the live connection to be cut');
    expect(cut[0]).toMatch(/identity client\.default/);
    expect(authorize(src.policyFor(8080), { ip: '127.0.0.1', tls: { identity: OTHER_ID } }).allowed).toBe(true);
  });

  it('keeps the last policy while the controller is down, and follows it again after a restart', async () => {
    const store = new TopologyStore(topology(CLIENT_ID));
    server = await serve(store);
    const addr = server.addr;
    const src = newSource(addr);
    src.policyFor(8080);
    await until(() => src.answered(8080), 'the first answer');
    let changes = 0;
    src.on('change', () => changes++);
    await server.close(50);
    server = undefined;
    await new Promise((r) => setTimeout(r, 300));
    expect(src.policyFor(8080).meta.name).toBe('app');
    expect(changes).toBe(0);
    // The restarted controller has a new policy: the client reconnects on its own and applies it.
    server = await serve(new TopologyStore(topology(OTHER_ID)), addr);
    await until(() => changes === 1, 'the policy after reconnecting');
    expect(authorize(src.policyFor(8080), { ip: '127.0.0.1', tls: { identity: OTHER_ID } }).allowed).toBe(true);
  });

  it('an unknown pod keeps the default (NotFound is retried); a bad workload is final', async () => {
    server = await serve(new TopologyStore(topology(CLIENT_ID)));
    const finals: grpc.status[] = [];
    client = new InboundPolicyClient({ addr: server.addr, workload: 'nonsense', backoff: BACKOFF, log: silentLogger });
    client.watch(8080, { onPolicy: () => {}, onFinal: (s) => finals.push(s.code) });
    await until(() => finals.length === 1, 'the final status');
    expect(finals).toEqual([grpc.status.INVALID_ARGUMENT]);
    expect(client.watchCount).toBe(0);
    const other = new InboundPolicyClient({ addr: server.addr, workload: '{"ns":"shop","pod":"gone"}', backoff: BACKOFF, log: silentLogger });
    const src = new ApiPolicySource({ defaultPolicy: 'deny', clusterNetworks: [], opaquePorts: [], log: silentLogger }, other);
    src.policyFor(8080);
    await new Promise((r) => setTimeout(r, 200));
    expect(src.answered(8080)).toBe(false);
    expect(src.policyFor(8080).meta.name).toBe('deny');
    expect(other.watchCount).toBe(1);
    src.close();
    other.close();
  });
});
