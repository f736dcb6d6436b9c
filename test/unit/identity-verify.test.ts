// SAN extraction and identity matching: exact, injection-proof parsing of Node's SAN text, caching.
import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIssuer, createLeaf, createTrustAnchor, type CertKeyPair } from '../../proxy/pki/certs.js';
import { x509 } from '../../proxy/pki/x509.js';
import {
  certIdentities,
  identityMatches,
  makeCheckServerIdentity,
  parseAltNameText,
  primaryIdentity,
  sanCacheSize,
  ServerIdentityError,
} from '../../proxy/identity/verify.js';
import { IdentityError } from '../../proxy/identity/id.js';

const SERVER = 'server.default.serviceaccount.identity.linkerd.cluster.local';
let issuer: CertKeyPair;

beforeAll(async () => {
  issuer = await createIssuer(await createTrustAnchor());
});

const leafPem = async (ids: string[]) => (await createLeaf(issuer, { identities: ids })).certPem;

/** Reference SAN list straight from the DER via @peculiar/x509. */
function derSans(pem: string): string[] {
  const san = new x509.X509Certificate(pem).getExtension(x509.SubjectAlternativeNameExtension);
  return (san?.names.items ?? []).filter((n) => n.type === 'dns' || n.type === 'url').map((n) => n.value);
}

describe('certIdentities', () => {
  it('returns DNS and URI SANs in certificate order', async () => {
    const pem = await leafPem([SERVER, 'spiffe://cluster.local/ns/default/sa/server']);
    expect(certIdentities(pem)).toEqual([SERVER, 'spiffe://cluster.local/ns/default/sa/server']);
  });

  it('keeps commas inside a URI and is not fooled by a SAN that spells out another SAN', async () => {
    const tricky = ['spiffe://td/a,b', `evil, DNS:${SERVER}`, 'q"uote\\back\'tick'];
    const pem = await leafPem(tricky);
    expect(new X509Certificate(pem).subjectAltName).toContain('\\u002c'); // Node quotes and escapes
    const ids = certIdentities(pem);
    expect(ids).toEqual(tricky);
    expect(identityMatches(SERVER, ids)).toBe(false);
  });

  it('agrees with a DER parse for arbitrary printable SAN values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: fc.constantFrom(...' ,:"\\\'=/aZ09.-_'), minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 3 }), async (values) => {
        const ids = values.map((v, i) => (i % 2 === 0 ? `spiffe://td/${v}` : `x${v}`));
        const pem = await leafPem(ids);
        expect(certIdentities(pem)).toEqual(derSans(pem));
        expect(certIdentities(pem)).toEqual(ids);
      }),
      { numRuns: 40 },
    );
  });

  it('falls back to parsing the DER when the SAN text is unparseable', async () => {
    const pem = await leafPem([SERVER, 'spiffe://td/ns/x']);
    const fake = { subjectaltname: 'DNS:"unterminated', fingerprint256: 'fallback-test', raw: new X509Certificate(pem).raw };
    expect(certIdentities(fake as never)).toEqual([SERVER, 'spiffe://td/ns/x']);
  });

  it('a certificate-less PeerCertificate ({}) has no identities and is not cached', () => {
    const before = sanCacheSize();
    expect(certIdentities({} as never)).toEqual([]);
    expect(sanCacheSize()).toBe(before);
  });

  it('caches by fingerprint: same frozen array for the same certificate', async () => {
    const pem = await leafPem([SERVER]);
    const before = sanCacheSize();
    const a = certIdentities(pem);
    const b = certIdentities(new X509Certificate(pem));
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(sanCacheSize()).toBe(before + 1);
  });
});

describe('parseAltNameText', () => {
  it('handles other SAN types and quoted values', () => {
    expect(parseAltNameText('DNS:a.b, IP Address:10.0.0.1, URI:"spiffe://x/a\\u002cb", email:x@y')).toEqual([
      { type: 'DNS', value: 'a.b' },
      { type: 'IP Address', value: '10.0.0.1' },
      { type: 'URI', value: 'spiffe://x/a,b' },
      { type: 'email', value: 'x@y' },
    ]);
  });

  it('throws on malformed text (callers fall back to DER)', () => {
    expect(() => parseAltNameText('DNS:"unterminated')).toThrow(/unterminated/);
    expect(() => parseAltNameText('DNS:"a"x')).toThrow(/malformed/);
  });
});

describe('identityMatches / primaryIdentity', () => {
  it('DNS ids match case-insensitively, SPIFFE ids exactly', () => {
    expect(identityMatches(SERVER, [SERVER.toUpperCase()])).toBe(true);
    expect(identityMatches(SERVER.toUpperCase(), [SERVER])).toBe(true);
    expect(identityMatches(SERVER, [`${SERVER}.`])).toBe(false);
    expect(identityMatches(SERVER, [`x${SERVER}`])).toBe(false);
    expect(identityMatches('spiffe://td/ns/a', ['spiffe://td/ns/a'])).toBe(true);
    expect(identityMatches('spiffe://td/ns/a', ['spiffe://td/ns/A'])).toBe(false);
    expect(identityMatches(SERVER, [])).toBe(false);
  });

  it("primaryIdentity is Linkerd's 'first SAN that parses' (trailing-dot DNS skipped)", () => {
    expect(primaryIdentity([`${SERVER}.`, 'spiffe://td/ns/x', SERVER])).toBe('spiffe://td/ns/x');
    expect(primaryIdentity(['bad name'])).toBeUndefined();
  });
});

describe('makeCheckServerIdentity', () => {
  it('ignores the hostname and checks SANs; the error names both sides', async () => {
    const pem = await leafPem([SERVER]);
    const peer = new X509Certificate(pem);
    const asPeerCert = { subjectaltname: peer.subjectAltName, fingerprint256: peer.fingerprint256, raw: peer.raw };
    const check = makeCheckServerIdentity(SERVER);
    expect(check('10.0.0.1', asPeerCert as never)).toBeUndefined();
    const err = makeCheckServerIdentity('other.default.serviceaccount.identity.linkerd.cluster.local')(SERVER, asPeerCert as never);
    expect(err).toBeInstanceOf(ServerIdentityError);
    expect((err as ServerIdentityError).code).toBe('ERR_PODWIRE_SERVER_IDENTITY');
    expect(err!.message).toBe(
      `server certificate does not match TLS identity: expected other.default.serviceaccount.identity.linkerd.cluster.local, certificate has [${SERVER}]`,
    );
  });

  it('rejects an invalid expected id up front', () => {
    expect(() => makeCheckServerIdentity('not a name')).toThrow(IdentityError);
  });
});
