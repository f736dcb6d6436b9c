// PODWIRE_POLICY_FILE parsing: the documented format, and every problem reported with its path.
import { describe, expect, it } from 'vitest';
import { parsePolicyFile, PolicyFileError } from '../../proxy/policy/policy-file.js';
import { authorize } from '../../proxy/policy/authorize.js';

const WEB = 'web.default.serviceaccount.identity.linkerd.cluster.local';

function problems(text: string): string[] {
  try {
    parsePolicyFile(text);
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyFileError);
    return [...(err as PolicyFileError).problems];
  }
  throw new Error('expected the file to be rejected');
}

describe('policy file', () => {
  it('parses the documented format', () => {
    const file = parsePolicyFile(`
ports:
  - port: 8080
    name: web
    networks: [10.0.0.0/8, {net: 0.0.0.0/0, except: [127.0.0.0/8]}]
    authentication:
      identities: [${WEB.toUpperCase()}, spiffe://cluster.local/ns/default/sa/web]
      identitySuffixes: ["*.prod.serviceaccount.identity.linkerd.cluster.local", "*"]
  - port: "9000-9010"
    protocol: opaque
    authorizations:
      - { name: scrape, networks: [10.0.0.0/8], authentication: unauthenticated }
      - { authentication: any-mesh-identity }
`);
    expect(file.rules).toHaveLength(2);
    const [web, range] = file.rules;
    expect(web!.ports).toEqual([8080, 8080]);
    expect(web!.meta).toEqual({ group: 'policy.podwire.io', kind: 'server', name: 'web' });
    expect(web!.protocol).toBeUndefined();
    expect(web!.authorizations[0]!.networks[1]!.except[0]).toEqual({ ip: '127.0.0.0', prefixLen: 8, family: 4 });
    expect(web!.authorizations[0]!.authentication).toEqual({
      kind: 'identities',
      identities: [WEB, 'spiffe://cluster.local/ns/default/sa/web'],
      suffixes: [['prod', 'serviceaccount', 'identity', 'linkerd', 'cluster', 'local'], []],
    });
    expect(range!.ports).toEqual([9000, 9010]);
    expect(range!.protocol).toBe('opaque');
    expect(range!.meta.name).toBe('ports-9000-9010');
    expect(range!.authorizations.map((a) => [a.meta.name, a.authentication.kind])).toEqual([
      ['scrape', 'unauthenticated'], ['ports-9000-9010-1', 'tls-unauthenticated'],
    ]);
    // Networks default to all: an IPv6 client is in range.
    const policy = { protocol: 'opaque' as const, meta: range!.meta, authorizations: range!.authorizations };
    expect(authorize(policy, { ip: '2001:db8::1', tls: { identity: WEB } }).allowed).toBe(true);
  });

  it('an empty file has no rules', () => {
    expect(parsePolicyFile('').rules).toEqual([]);
    expect(parsePolicyFile('ports: []').rules).toEqual([]);
  });

  it('reports every problem with its path', () => {
    const found = problems(`
ports:
  - port: 70000
    authentication: unauthenticated
  - port: 8080
    networks: [10.0.0.0/33, {net: 10.0.0.0/8, except: [banana]}]
    authentication:
      identities: ["*.cluster.local", "ftp://x/y", 42]
      identitySuffixes: [cluster.local, "*.bad..name"]
  - port: 8081
    authentcation: unauthenticated
  - port: 8082
    authentication: sometimes
    protocol: http9
`);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^ports\[0\]\.port: .*outside 1\.\.65535/),
      expect.stringMatching(/^ports\[1\]\.networks\[0\]: prefix length/),
      expect.stringMatching(/^ports\[1\]\.networks\[1\]\.except\[0\]: .*banana/),
      expect.stringMatching(/^ports\[1\]\.authentication\.identities\[0\]: .*list it under identitySuffixes/),
      expect.stringMatching(/^ports\[1\]\.authentication\.identities\[1\]: .*spiffe/),
      expect.stringMatching(/^ports\[1\]\.authentication\.identities\[2\]: expected an identity string/),
      expect.stringMatching(/^ports\[1\]\.authentication\.identitySuffixes\[0\]: expected "\*"/),
      expect.stringMatching(/^ports\[1\]\.authentication\.identitySuffixes\[1\]: .*not a DNS suffix/),
      expect.stringMatching(/^ports\[2\]\.authentcation: unknown key/),
      expect.stringMatching(/^ports\[2\]\.authentication: required/),
      expect.stringMatching(/^ports\[3\]\.authentication: expected unauthenticated, any-mesh-identity/),
      expect.stringMatching(/^ports\[3\]\.protocol: expected one of detect, opaque, tls/),
    ]));
    expect(found).toHaveLength(12);
  });

  it.each([
    ['ports: {port: 1}', /^ports: expected a list/],
    ['[1, 2]', /^\(top\): expected a mapping/],
    ['ports:\n  - port: 80\n    authentication: unauthenticated\n  - port: 70-90\n    authentication: unauthenticated', /^ports\[1\]\.port: overlaps ports\[0\]\.port/],
    ['ports:\n  - port: 80\n    networks: []\n    authentication: unauthenticated', /^ports\[0\]\.networks: an empty list admits nobody/],
    ['ports:\n  - port: 80\n    authentication: {}', /^ports\[0\]\.authentication: lists no identities/],
    ['ports:\n  - port: 80\n    authentication: unauthenticated\n    authorizations: []', /^ports\[0\]: use either/],
    ['ports:\n  - port: [80\n', /^YAML at line \d+/],
    ['ports:\n  - port: 80\n    audit: maybe\n    authentication: unauthenticated', /^ports\[0\]\.audit: expected true or false/],
  ])('rejects %j', (text, why) => {
    expect(problems(text)[0]).toMatch(why);
  });
});
