// Inbound enforcement's counters (proxy/policy/enforce.ts): inbound_tcp_authz_allow_total and
// _deny_total with Linkerd's labels, one series per target, TLS and authorization. The allow
// counter's label sets are kept per authorization (so a connection builds none in the common
// case); these cases check that the reuse never puts a connection under another's series: other
// clients, other ports, other TLS, and a policy replaced under live traffic.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../proxy/metrics.js';
import { admitInbound } from '../../proxy/policy/enforce.js';
import type { PolicySource } from '../../proxy/policy/store.js';
import type { Authz, ServerPolicy } from '../../proxy/policy/types.js';
import { ALL_NETWORKS } from '../../proxy/policy/networks.js';
import { metricValue } from '../harness/proxy-process.js';
import { silentLogger } from '../../proxy/log.js';

function authz(name: string, authentication: Authz['authentication']): Authz {
  return { networks: ALL_NETWORKS, authentication, meta: { group: 'policy.linkerd.io', kind: 'authorizationpolicy', name } };
}

function server(name: string, authorizations: Authz[]): ServerPolicy {
  return { protocol: 'opaque', authorizations, meta: { group: 'policy.linkerd.io', kind: 'server', name } };
}

/** A policy source whose policy the test replaces, as a policy file or API update would. */
class SwappablePolicy extends EventEmitter<{ change: [] }> implements PolicySource {
  constructor(public current: ServerPolicy) {
    super();
  }

  policyFor(): ServerPolicy {
    return this.current;
  }
}

function setup(policy: ServerPolicy) {
  const metrics = new Metrics({ version: 'test', processMetrics: false });
  const source = new SwappablePolicy(policy);
  const deps = { metrics, log: silentLogger(), policy: source };
  return { deps, source, text: () => metrics.registry.metrics() };
}

const POD = { ip: '10.0.0.5', port: 8080 };
const mesh = (identity: string) => ({ ip: '10.1.0.9', tls: { identity } });

describe('admitInbound counters', () => {
  it('counts each allowed connection under its own target, client identity and authorization', async () => {
    const t = setup(server('web', [authz('mesh', { kind: 'tls-unauthenticated' }), authz('open', { kind: 'unauthenticated' })]));
    for (let i = 0; i < 3; i++) admitInbound(t.deps, POD, mesh('a.ns.serviceaccount.identity.linkerd.cluster.local'));
    admitInbound(t.deps, POD, mesh('b.ns.serviceaccount.identity.linkerd.cluster.local'));
    admitInbound(t.deps, { ip: POD.ip, port: 9090 }, mesh('a.ns.serviceaccount.identity.linkerd.cluster.local'));
    admitInbound(t.deps, POD, { ip: '10.1.0.9', tls: undefined });
    admitInbound(t.deps, POD, { ip: '10.1.0.9', tls: undefined }, { tls: 'opaque', sni: 'app.example.com' });
    const text = await t.text();
    const allow = (labels: Record<string, string>) => metricValue(text, 'inbound_tcp_authz_allow_total', labels);
    expect(allow({ target_addr: '10.0.0.5:8080', client_id: 'a.ns.serviceaccount.identity.linkerd.cluster.local', authz_name: 'mesh', srv_name: 'web', srv_port: '8080', tls: 'true' })).toBe(3);
    expect(allow({ target_addr: '10.0.0.5:8080', client_id: 'b.ns.serviceaccount.identity.linkerd.cluster.local' })).toBe(1);
    expect(allow({ target_addr: '10.0.0.5:9090', target_port: '9090', srv_port: '9090' })).toBe(1);
    expect(allow({ target_addr: '10.0.0.5:8080', tls: 'no_identity', no_tls_reason: 'no_tls_from_remote', authz_name: 'open' })).toBe(1);
    expect(allow({ target_addr: '10.0.0.5:8080', tls: 'opaque', sni: 'app.example.com', authz_name: 'open' })).toBe(1);
    expect(allow({})).toBe(7);
  });

  it('a replaced policy counts new connections under its own server and authorization', async () => {
    const t = setup(server('web', [authz('mesh', { kind: 'tls-unauthenticated' })]));
    const id = 'a.ns.serviceaccount.identity.linkerd.cluster.local';
    admitInbound(t.deps, POD, mesh(id));
    t.source.current = server('web-v2', [authz('mesh-v2', { kind: 'identities', identities: [id], suffixes: [] })]);
    admitInbound(t.deps, POD, mesh(id));
    admitInbound(t.deps, POD, mesh(id));
    const text = await t.text();
    expect(metricValue(text, 'inbound_tcp_authz_allow_total', { srv_name: 'web', authz_name: 'mesh' })).toBe(1);
    expect(metricValue(text, 'inbound_tcp_authz_allow_total', { srv_name: 'web-v2', authz_name: 'mesh-v2' })).toBe(2);
  });

  it('an authorization kept by the replacing policy counts under the new server', async () => {
    const shared = authz('mesh', { kind: 'tls-unauthenticated' });
    const t = setup(server('web', [shared]));
    admitInbound(t.deps, POD, mesh('a.ns.serviceaccount.identity.linkerd.cluster.local'));
    t.source.current = server('web-renamed', [shared]);
    admitInbound(t.deps, POD, mesh('a.ns.serviceaccount.identity.linkerd.cluster.local'));
    const text = await t.text();
    expect(metricValue(text, 'inbound_tcp_authz_allow_total', { srv_name: 'web', authz_name: 'mesh' })).toBe(1);
    expect(metricValue(text, 'inbound_tcp_authz_allow_total', { srv_name: 'web-renamed', authz_name: 'mesh' })).toBe(1);
  });

  it('a denied connection is counted under deny with the target labels, and throws unauthorized', async () => {
    const t = setup(server('web', [authz('only-a', { kind: 'identities', identities: ['a.ns.serviceaccount.identity.linkerd.cluster.local'], suffixes: [] })]));
    expect(() => admitInbound(t.deps, POD, mesh('b.ns.serviceaccount.identity.linkerd.cluster.local'))).toThrow(expect.objectContaining({ reason: 'unauthorized' }));
    admitInbound(t.deps, POD, mesh('a.ns.serviceaccount.identity.linkerd.cluster.local'));
    const text = await t.text();
    expect(metricValue(text, 'inbound_tcp_authz_deny_total', { target_addr: '10.0.0.5:8080', srv_name: 'web', client_id: 'b.ns.serviceaccount.identity.linkerd.cluster.local' })).toBe(1);
    expect(metricValue(text, 'inbound_tcp_authz_allow_total', { client_id: 'b.ns.serviceaccount.identity.linkerd.cluster.local' })).toBe(0);
    expect(metricValue(text, 'inbound_tcp_authz_allow_total', { client_id: 'a.ns.serviceaccount.identity.linkerd.cluster.local', authz_name: 'only-a' })).toBe(1);
  });
});
