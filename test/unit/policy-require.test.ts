// LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY / _REQUIRE_TLS as a pure decision, by table:
// every default policy × requirement × kind of client (plaintext, pass-through TLS, mesh TLS
// without a client certificate, mesh TLS with an identity), plus which policies are left alone
// (explicit servers, deny, audit), the identity-over-TLS precedence, and both policy sources
// (defaults + file, policy API) applying it to default policies only.
import { describe, expect, it } from 'vitest';
import { authorize } from '../../proxy/policy/authorize.js';
import { defaultPolicy, PortDefaults, DEFAULT_POLICY_NAMES, type DefaultPolicyName } from '../../proxy/policy/defaults.js';
import { applyRequirement, requirementFor } from '../../proxy/policy/require.js';
import { PolicyStore } from '../../proxy/policy/store.js';
import { ApiPolicySource } from '../../proxy/policy/api-source.js';
import { ALL_NETWORKS } from '../../proxy/policy/networks.js';
import { parseNetwork } from '../../proxy/config/parse.js';
import type { PortPolicyWatcher, PortWatchHooks } from '../../discovery-client/policy.js';
import type { PolicyClient, PortRequirement, ServerPolicy } from '../../proxy/policy/types.js';

const ID = 'web.shop.serviceaccount.identity.linkerd.cluster.local';
const CLUSTER = [parseNetwork('10.0.0.0/8')];
type ClientKind = 'plaintext' | 'passthrough' | 'tls-no-id' | 'mesh-id';
const CLIENTS: Record<ClientKind, PolicyClient> = {
  // Pass-through TLS (another SNI) is not mesh TLS: the app terminates it, so authorization sees no TLS.
  plaintext: { ip: '10.1.2.3', tls: undefined },
  passthrough: { ip: '10.1.2.3', tls: undefined },
  'tls-no-id': { ip: '10.1.2.3', tls: {} },
  'mesh-id': { ip: '10.1.2.3', tls: { identity: ID } },
};
const silent = { info() {}, warn() {}, error() {}, debug() {} };

function decide(name: DefaultPolicyName, requirement: PortRequirement | undefined, client: ClientKind) {
  const policy = applyRequirement(defaultPolicy(name, CLUSTER), requirement);
  return { policy, decision: authorize(policy, CLIENTS[client]) };
}

describe('required ports tighten the default policy', () => {
  // [default, requirement, client, admitted, server name in force]
  it.each([
    ['all-unauthenticated', undefined, 'plaintext', true, 'all-unauthenticated'],
    ['all-unauthenticated', 'identity', 'plaintext', false, 'all-authenticated'],
    ['all-unauthenticated', 'identity', 'passthrough', false, 'all-authenticated'],
    ['all-unauthenticated', 'identity', 'tls-no-id', false, 'all-authenticated'],
    ['all-unauthenticated', 'identity', 'mesh-id', true, 'all-authenticated'],
    ['all-unauthenticated', 'tls', 'plaintext', false, 'all-tls-unauthenticated'],
    ['all-unauthenticated', 'tls', 'passthrough', false, 'all-tls-unauthenticated'],
    ['all-unauthenticated', 'tls', 'tls-no-id', true, 'all-tls-unauthenticated'],
    ['all-unauthenticated', 'tls', 'mesh-id', true, 'all-tls-unauthenticated'],
    ['cluster-unauthenticated', 'identity', 'plaintext', false, 'cluster-authenticated'],
    ['cluster-unauthenticated', 'identity', 'mesh-id', true, 'cluster-authenticated'],
    ['cluster-unauthenticated', 'tls', 'plaintext', false, 'cluster-tls-unauthenticated'],
    ['cluster-unauthenticated', 'tls', 'tls-no-id', true, 'cluster-tls-unauthenticated'],
    ['all-authenticated', 'tls', 'tls-no-id', false, 'all-authenticated'],
    ['all-authenticated', 'identity', 'mesh-id', true, 'all-authenticated'],
    ['cluster-authenticated', 'identity', 'plaintext', false, 'cluster-authenticated'],
    ['deny', 'identity', 'mesh-id', false, 'deny'],
    ['audit', 'identity', 'plaintext', true, 'audit'],
  ] as const)('%s on a %s-required port, %s client: admitted=%s (server %s)', (name, requirement, client, admitted, server) => {
    const { policy, decision } = decide(name, requirement, client);
    expect(decision.allowed).toBe(admitted);
    expect(policy.meta).toMatchObject({ kind: 'default', name: server });
  });

  it('names the variable and the client in the denial reason', () => {
    const id = decide('all-unauthenticated', 'identity', 'tls-no-id').decision;
    expect(id.allowed).toBe(false);
    expect(!id.allowed && id.reason).toBe('port requires a mesh client identity (LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY); client has mesh TLS without an identity');
    const tls = decide('all-unauthenticated', 'tls', 'plaintext').decision;
    expect(!tls.allowed && tls.reason).toBe('port requires mesh TLS (LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_TLS); client has no mesh TLS');
  });

  it('keeps the networks of a cluster-* default: a client outside them is still refused', () => {
    const policy = applyRequirement(defaultPolicy('cluster-unauthenticated', CLUSTER), 'identity');
    expect(authorize(policy, { ip: '192.168.1.1', tls: { identity: ID } }).allowed).toBe(false);
  });

  it('leaves explicit servers (policy API Server, file rule) alone', () => {
    const server: ServerPolicy = {
      protocol: 'detect',
      meta: { group: 'policy.linkerd.io', kind: 'server', name: 'web-http' },
      authorizations: [{ networks: ALL_NETWORKS, authentication: { kind: 'unauthenticated' }, meta: { group: 'policy.linkerd.io', kind: 'authorizationpolicy', name: 'open' } }],
    };
    expect(applyRequirement(server, 'identity')).toBe(server);
    expect(authorize(applyRequirement(server, 'identity'), CLIENTS.plaintext).allowed).toBe(true);
  });

  it('is idempotent, and identity is not weakened by a later TLS requirement', () => {
    const once = applyRequirement(defaultPolicy('all-unauthenticated', []), 'identity');
    expect(applyRequirement(once, 'identity')).toBe(once);
    expect(applyRequirement(once, 'tls')).toBe(once);
  });

  it('gives identity precedence over TLS for a port in both lists, ranges inclusive', () => {
    const required = { identity: [[8080, 8080]] as const, tls: [[8000, 8090]] as const };
    expect(requirementFor(required, 8080)).toBe('identity');
    expect(requirementFor(required, 8000)).toBe('tls');
    expect(requirementFor(required, 8090)).toBe('tls');
    expect(requirementFor(required, 8091)).toBeUndefined();
  });

  it('keeps every default policy name valid after tightening', () => {
    for (const name of DEFAULT_POLICY_NAMES) {
      for (const r of ['identity', 'tls'] as const) {
        expect(applyRequirement(defaultPolicy(name, CLUSTER), r).meta.name).toMatch(/^(all|cluster)-(tls-)?(un)?authenticated$|^deny$|^audit$/);
      }
    }
  });
});

describe('policy sources apply it per port', () => {
  const required = { identity: [[8080, 8080]] as const, tls: [[9000, 9001]] as const };

  it('defaults (and the opaque variant) per port', () => {
    const d = new PortDefaults({ defaultPolicy: 'all-unauthenticated', clusterNetworks: [], opaquePorts: [[9001, 9001]], required });
    expect(d.forPort(80)).toMatchObject({ protocol: 'detect', meta: { name: 'all-unauthenticated' } });
    expect(d.forPort(8080)).toMatchObject({ protocol: 'detect', required: 'identity', meta: { name: 'all-authenticated' } });
    expect(d.forPort(9000)).toMatchObject({ protocol: 'detect', required: 'tls', meta: { name: 'all-tls-unauthenticated' } });
    expect(d.forPort(9001)).toMatchObject({ protocol: 'opaque', required: 'tls' });
    expect(d.forPort(9000)).toBe(d.forPort(9000));
  });

  it('PolicyStore: default ports tightened, a file rule wins and its overlap is logged', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-require-'));
    const file = path.join(dir, 'policy.yaml');
    fs.writeFileSync(file, 'ports:\n  - port: 8080\n    name: open-8080\n    authentication: unauthenticated\n');
    const warnings: string[] = [];
    try {
      const store = new PolicyStore({
        defaultPolicy: 'all-unauthenticated', clusterNetworks: [], opaquePorts: [], required, file,
        log: { ...silent, warn: (_o: object, msg: string) => void warnings.push(msg) },
      });
      expect(authorize(store.policyFor(9000), CLIENTS.plaintext).allowed).toBe(false);
      expect(authorize(store.policyFor(8080), CLIENTS.plaintext).allowed).toBe(true);
      expect(warnings).toEqual([expect.stringContaining('LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY does not apply where a policy file rule covers the port')]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ApiPolicySource: before the answer, and on a `default` answer, the port is tightened; a Server answer decides', () => {
    const handlers = new Map<number, PortWatchHooks>();
    const client: PortPolicyWatcher = {
      watch: (port, h) => {
        handlers.set(port, h);
        return { stop() {} };
      },
      close() {},
    };
    const source = new ApiPolicySource({ defaultPolicy: 'all-unauthenticated', clusterNetworks: [], opaquePorts: [], required, log: silent }, client);
    expect(authorize(source.policyFor(8080), CLIENTS.plaintext).allowed).toBe(false);
    handlers.get(8080)!.onPolicy(defaultPolicy('all-unauthenticated', []));
    expect(source.policyFor(8080)).toMatchObject({ meta: { kind: 'default', name: 'all-authenticated' }, required: 'identity' });
    expect(authorize(source.policyFor(8080), CLIENTS['tls-no-id']).allowed).toBe(false);
    expect(authorize(source.policyFor(8080), CLIENTS['mesh-id']).allowed).toBe(true);
    const server: ServerPolicy = {
      protocol: 'detect', meta: { group: 'policy.linkerd.io', kind: 'server', name: 'web' },
      authorizations: [{ networks: ALL_NETWORKS, authentication: { kind: 'unauthenticated' }, meta: { group: 'policy.linkerd.io', kind: 'authorizationpolicy', name: 'open' } }],
    };
    handlers.get(8080)!.onPolicy(server);
    expect(authorize(source.policyFor(8080), CLIENTS.plaintext).allowed).toBe(true);
    source.close();
  });
});
