// The remembered authorization decisions (policy/decision-memo.ts): exactly authorize()'s answer
// for every client, one decision object per policy, client IP and identity (plaintext, mesh TLS
// without an identity and each identity apart), a new policy object decides afresh, and the memo
// starts over past its bound instead of growing.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { authorize } from '../../proxy/policy/authorize.js';
import { decide, MAX_REMEMBERED } from '../../proxy/policy/decision-memo.js';
import { parseNetwork } from '../../proxy/config/parse.js';
import type { Authz, PolicyClient, ServerPolicy } from '../../proxy/policy/types.js';

const WEB = 'web.default.serviceaccount.identity.linkerd.cluster.local';
const API = 'api.default.serviceaccount.identity.linkerd.cluster.local';

const authz = (name: string, cidr: string, authentication: Authz['authentication']): Authz => ({
  networks: [{ net: parseNetwork(cidr), except: [] }], authentication, meta: { group: 'policy.podwire.io', kind: 'authorization', name },
});
const policy = (): ServerPolicy => ({
  protocol: 'opaque',
  meta: { group: 'policy.podwire.io', kind: 'server', name: 'web' },
  authorizations: [
    authz('web-only', '10.0.0.0/8', { kind: 'identities', identities: [WEB], suffixes: [] }),
    authz('mesh-local', '127.0.0.0/8', { kind: 'tls-unauthenticated' }),
  ],
});

const clients: PolicyClient[] = [
  { ip: '10.1.2.3', tls: { identity: WEB } },
  { ip: '10.1.2.3', tls: { identity: API } },
  { ip: '10.1.2.3', tls: {} },
  { ip: '10.1.2.3', tls: undefined },
  { ip: '127.0.0.1', tls: {} },
  { ip: '127.0.0.1', tls: undefined },
  { ip: '192.168.0.9', tls: { identity: WEB } },
  { ip: 'not-an-ip', tls: { identity: WEB } },
];

describe('decision memo', () => {
  it('answers as authorize() does, whatever the order clients arrive in', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...clients), { minLength: 1, maxLength: 40 }), (arrivals) => {
      const p = policy();
      for (const client of arrivals) expect(decide(p, client)).toEqual(authorize(p, client));
    }));
  });

  it('keeps one decision per client IP and identity, and tells plaintext, TLS without identity and identities apart', () => {
    const p = policy();
    const web = decide(p, { ip: '10.1.2.3', tls: { identity: WEB } });
    expect(web.allowed).toBe(true);
    expect(decide(p, { ip: '10.1.2.3', tls: { identity: WEB } })).toBe(web);
    const api = decide(p, { ip: '10.1.2.3', tls: { identity: API } });
    expect(api.allowed).toBe(false);
    expect(decide(p, { ip: '127.0.0.1', tls: {} }).allowed).toBe(true);
    expect(decide(p, { ip: '127.0.0.1', tls: undefined }).allowed).toBe(false);
    expect(decide(p, { ip: '127.0.0.1', tls: {} })).not.toBe(decide(p, { ip: '127.0.0.1', tls: undefined }));
    // Another IP with the same identity is decided for itself.
    expect(decide(p, { ip: '192.168.0.9', tls: { identity: WEB } }).allowed).toBe(false);
  });

  it('decides afresh for a new policy object (a policy change)', () => {
    const before = policy();
    const client: PolicyClient = { ip: '10.1.2.3', tls: { identity: WEB } };
    expect(decide(before, client).allowed).toBe(true);
    const after: ServerPolicy = { ...before, authorizations: [] };
    const now = decide(after, client);
    expect(now.allowed).toBe(false);
    expect(now.policy).toBe(after);
  });

  it('starts over past its bound rather than remembering every client IP', () => {
    const p = policy();
    const first = decide(p, { ip: '10.0.0.1', tls: { identity: WEB } });
    expect(decide(p, { ip: '10.0.0.1', tls: { identity: WEB } })).toBe(first);
    for (let i = 0; i < MAX_REMEMBERED; i++) decide(p, { ip: `10.9.${i >> 8}.${i & 255}`, tls: { identity: WEB } });
    const again = decide(p, { ip: '10.0.0.1', tls: { identity: WEB } });
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
