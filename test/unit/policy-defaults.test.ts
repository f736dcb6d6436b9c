// Default inbound policies (spec §5) and the opaque variant on LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION.
import { describe, expect, it } from 'vitest';
import { defaultPolicy, parseDefaultPolicyName } from '../../proxy/policy/defaults.js';
import { authorize } from '../../proxy/policy/authorize.js';
import { parseNetwork } from '../../proxy/config/parse.js';
import { PolicyStore } from '../../proxy/policy/store.js';
import { silentLogger } from '../../proxy/log.js';
import type { PolicyClient } from '../../proxy/policy/types.js';

const CLUSTER = ['10.0.0.0/8', 'fd00::/8'].map(parseNetwork);
const ID = 'web.default.serviceaccount.identity.linkerd.cluster.local';
const clients: Record<string, PolicyClient> = {
  meshedInCluster: { ip: '10.1.1.1', tls: { identity: ID } },
  plainInCluster: { ip: '10.1.1.1', tls: undefined },
  meshedOutside: { ip: '203.0.113.9', tls: { identity: ID } },
  plainOutside: { ip: '203.0.113.9', tls: undefined },
  meshedV6: { ip: 'fd00::7', tls: { identity: 'spiffe://cluster.local/ns/x/sa/y' } },
};

describe('default policies', () => {
  it.each([
    ['all-unauthenticated', ['meshedInCluster', 'plainInCluster', 'meshedOutside', 'plainOutside', 'meshedV6']],
    ['all-authenticated', ['meshedInCluster', 'meshedOutside', 'meshedV6']],
    ['cluster-authenticated', ['meshedInCluster', 'meshedV6']],
    ['cluster-unauthenticated', ['meshedInCluster', 'plainInCluster', 'meshedV6']],
    ['deny', []],
    ['audit', ['meshedInCluster', 'plainInCluster', 'meshedOutside', 'plainOutside', 'meshedV6']],
  ] as const)('%s admits %j', (name, admitted) => {
    const policy = defaultPolicy(name, CLUSTER);
    expect(policy.protocol).toBe('detect');
    expect(policy.meta).toEqual({ group: '', kind: 'default', name });
    const allowed = Object.entries(clients).filter(([, c]) => authorize(policy, c).allowed).map(([k]) => k);
    expect(allowed).toEqual(admitted);
  });

  it('audit admits by logging would-be denials', () => {
    const d = authorize(defaultPolicy('audit', []), clients.plainOutside!);
    expect(d.allowed && d.auditDenial).toMatch(/no authorizations/);
  });

  it('parses names and rejects others', () => {
    expect(parseDefaultPolicyName(' All-Authenticated ')).toBe('all-authenticated');
    expect(() => parseDefaultPolicyName('allow')).toThrow(/expected one of all-unauthenticated/);
  });

  it('opaque ports get the opaque variant; others detect', () => {
    const store = new PolicyStore({ defaultPolicy: 'all-authenticated', clusterNetworks: [], opaquePorts: [[3306, 3306], [8000, 8010]], log: silentLogger() });
    expect(store.policyFor(3306).protocol).toBe('opaque');
    expect(store.policyFor(8005).protocol).toBe('opaque');
    expect(store.policyFor(8080).protocol).toBe('detect');
    expect(store.policyFor(8080).meta.name).toBe('all-authenticated');
    expect(store.policyFor(3306).authorizations).toEqual(store.policyFor(8080).authorizations);
  });
});
