// Inbound authorization as a pure function (spec §5), by table: networks with except, identities
// exact (DNS case-insensitive, SPIFFE exact), suffixes on whole DNS labels, the empty suffix,
// unauthenticated vs mesh TLS, empty authorizations = deny, HTTP-only ports, audit.
import { describe, expect, it } from 'vitest';
import { authorize, suffixMatches, identityEquals } from '../../proxy/policy/authorize.js';
import { networkContains, parseClientIp, ALL_NETWORKS } from '../../proxy/policy/networks.js';
import { parseNetwork } from '../../proxy/config/parse.js';
import type { Authentication, Authz, ClientNetwork, PolicyClient, ServerPolicy } from '../../proxy/policy/types.js';

const net = (cidr: string, ...except: string[]): ClientNetwork => ({ net: parseNetwork(cidr), except: except.map(parseNetwork) });
const authz = (name: string, authentication: Authentication, networks: readonly ClientNetwork[] = ALL_NETWORKS): Authz => ({
  networks, authentication, meta: { group: 'policy.podwire.io', kind: 'authorization', name },
});
const server = (authorizations: Authz[], extra: Partial<ServerPolicy> = {}): ServerPolicy => ({
  protocol: 'opaque', authorizations, meta: { group: 'policy.podwire.io', kind: 'server', name: 'web' }, ...extra,
});
const ids = (identities: string[], suffixes: string[][] = []): Authentication => ({ kind: 'identities', identities, suffixes });
const tlsClient = (identity: string, ip = '10.1.2.3'): PolicyClient => ({ ip, tls: { identity } });
const plain = (ip = '10.1.2.3'): PolicyClient => ({ ip, tls: undefined });

const WEB = 'web.default.serviceaccount.identity.linkerd.cluster.local';
const OTHER_TD = 'web.default.serviceaccount.identity.linkerd.other.local';
const SPIFFE = 'spiffe://cluster.local/ns/default/sa/web';

describe('networks', () => {
  it.each([
    ['10.0.0.0/8', [], '10.255.0.1', true],
    ['10.0.0.0/8', [], '11.0.0.1', false],
    ['10.0.0.0/8', ['10.1.0.0/16'], '10.1.2.3', false],
    ['10.0.0.0/8', ['10.1.0.0/16'], '10.2.2.3', true],
    ['0.0.0.0/0', [], '::ffff:192.168.1.1', true],
    ['0.0.0.0/0', [], '2001:db8::1', false],
    ['::/0', [], '2001:db8::1', true],
    ['2001:db8::/32', ['2001:db8:1::/48'], '2001:db8:1::5', false],
    ['2001:db8::/32', ['2001:db8:1::/48'], '2001:db8:2::5', true],
    ['fd00::/8', [], '::ffff:10.0.0.1', false],
    ['127.0.0.2/32', [], '127.0.0.1', false],
    ['127.0.0.2/32', [], '127.0.0.2', true],
    ['10.0.0.0/8', [], 'not-an-ip', false],
  ] as const)('%s except %j contains %s: %s', (cidr, except, ip, expected) => {
    expect(networkContains(net(cidr, ...except), ip)).toBe(expected);
  });

  it('gives the same answers for a client IP parsed once and for one network object asked again', () => {
    // authorize() parses the client once per decision, and each network's address is parsed once
    // per network object: every answer must match the fresh one's.
    const networks = [net('10.0.0.0/8', '10.1.0.0/16'), net('fd00::/8'), net('0.0.0.0/0'), net('192.168.1.7/32')];
    const ips = ['10.1.2.3', '10.2.0.1', 'fd00::1', '::ffff:10.2.0.1', '192.168.1.7', '192.168.1.8', 'not-an-ip', '2001:db8::1'];
    for (let round = 0; round < 3; round++) {
      for (const n of networks) {
        for (const ip of ips) {
          const fresh = networkContains({ net: parseNetwork(`${n.net.ip}/${n.net.prefixLen}`), except: n.except.map((e) => parseNetwork(`${e.ip}/${e.prefixLen}`)) }, ip);
          expect(networkContains(n, parseClientIp(ip)), `${ip} in ${n.net.ip}/${n.net.prefixLen}`).toBe(fresh);
          expect(networkContains(n, ip)).toBe(fresh);
        }
      }
    }
  });
});

describe('identity matching', () => {
  it.each([
    [WEB, WEB, true],
    [WEB.toUpperCase(), WEB, true],
    [WEB, OTHER_TD, false],
    [SPIFFE, SPIFFE, true],
    [SPIFFE, SPIFFE.replace('web', 'WEB'), false],
    ['spiffe://Cluster.local/ns/default/sa/web', SPIFFE, false],
  ])('identityEquals(%s, %s) = %s', (want, id, expected) => expect(identityEquals(want, id)).toBe(expected));

  it.each([
    [['default', 'serviceaccount', 'identity', 'linkerd', 'cluster', 'local'], WEB, true],
    [['cluster', 'local'], WEB, true],
    [['CLUSTER', 'Local'], WEB.toUpperCase(), true],
    [['ster', 'local'], WEB, false],            // not a whole label
    [['other', 'local'], WEB, false],
    [WEB.split('.'), WEB, false],                // a suffix needs at least one more label
    [[], WEB, true],                             // the empty suffix matches every identity
    [[], SPIFFE, true],
    [['cluster.local'], SPIFFE, false],
    [['local'], SPIFFE, false],                  // URIs never match a non-empty suffix
  ])('suffix %j matches %s: %s', (parts, id, expected) => expect(suffixMatches(parts, id)).toBe(expected));
});

describe('authorize', () => {
  const cases: Array<[string, ServerPolicy, PolicyClient, string | false]> = [
    ['empty authorizations deny all', server([]), tlsClient(WEB), false],
    ['unauthenticated admits plaintext', server([authz('any', { kind: 'unauthenticated' })]), plain(), 'any'],
    ['unauthenticated admits TLS', server([authz('any', { kind: 'unauthenticated' })]), tlsClient(WEB), 'any'],
    ['mesh TLS refuses plaintext', server([authz('mtls', { kind: 'tls-unauthenticated' })]), plain(), false],
    ['mesh TLS admits any identity', server([authz('mtls', { kind: 'tls-unauthenticated' })]), tlsClient(OTHER_TD), 'mtls'],
    ['identities admit the exact id', server([authz('ids', ids([WEB]))]), tlsClient(WEB), 'ids'],
    ['identities compare DNS ids case-insensitively', server([authz('ids', ids([WEB.toUpperCase()]))]), tlsClient(WEB), 'ids'],
    ['identities refuse another trust domain', server([authz('ids', ids([WEB]))]), tlsClient(OTHER_TD), false],
    ['identities refuse plaintext', server([authz('ids', ids([WEB]))]), plain(), false],
    ['SPIFFE ids match exactly', server([authz('ids', ids([SPIFFE]))]), tlsClient(SPIFFE), 'ids'],
    ['SPIFFE ids do not match a DNS suffix', server([authz('sfx', ids([], [['cluster', 'local']]))]), tlsClient(SPIFFE), false],
    ['suffix admits DNS ids under it', server([authz('sfx', ids([], [['cluster', 'local']]))]), tlsClient(WEB), 'sfx'],
    ['suffix refuses another trust domain', server([authz('sfx', ids([], [['cluster', 'local']]))]), tlsClient(OTHER_TD), false],
    ['empty suffix admits any identity', server([authz('sfx', ids([], [[]]))]), tlsClient(SPIFFE), 'sfx'],
    ['client outside the networks is refused', server([authz('net', { kind: 'unauthenticated' }, [net('192.168.0.0/16')])]), plain('10.1.2.3'), false],
    ['except carves a hole', server([authz('net', { kind: 'unauthenticated' }, [net('10.0.0.0/8', '10.1.0.0/16')])]), plain('10.1.2.3'), false],
    ['an authz with no networks is ignored', server([authz('none', { kind: 'unauthenticated' }, [])]), plain(), false],
    ['the first matching authz wins', server([
      authz('ids', ids([WEB]), [net('192.168.0.0/16')]),
      authz('mtls', { kind: 'tls-unauthenticated' }),
    ]), tlsClient(WEB), 'mtls'],
    ['network match then identity mismatch falls through', server([
      authz('ids', ids([WEB])),
      authz('other', ids([OTHER_TD])),
    ]), tlsClient(OTHER_TD), 'other'],
    ['HTTP-only ports deny opaque TCP', server([authz('any', { kind: 'unauthenticated' })], { protocol: 'http2' }), tlsClient(WEB), false],
  ];

  it.each(cases)('%s', (_name, policy, client, expected) => {
    const d = authorize(policy, client);
    if (expected === false) {
      expect(d.allowed).toBe(false);
      if (!d.allowed) expect(d.reason).toMatch(/server server:web/);
    } else {
      expect(d.allowed).toBe(true);
      if (d.allowed) expect(d.authz.meta.name).toBe(expected);
    }
  });

  it('audit mode admits what it would deny and says why', () => {
    const d = authorize(server([authz('ids', ids([WEB]))], { audit: true }), tlsClient(OTHER_TD));
    expect(d.allowed).toBe(true);
    if (!d.allowed) return;
    expect(d.authz.meta.name).toBe('audit');
    expect(d.auditDenial).toMatch(/not authenticated/);
    const ok = authorize(server([authz('ids', ids([WEB]))], { audit: true }), tlsClient(WEB));
    expect(ok.allowed && ok.auditDenial).toBeUndefined();
  });

  it('denials name the client and the server', () => {
    const d = authorize(server([authz('ids', ids([WEB]))]), tlsClient(OTHER_TD, '10.9.9.9'));
    expect(!d.allowed && d.reason).toContain(OTHER_TD);
    const n = authorize(server([authz('n', { kind: 'unauthenticated' }, [net('192.168.0.0/16')])]), plain('10.9.9.9'));
    expect(!n.allowed && n.reason).toContain('10.9.9.9');
  });
});
