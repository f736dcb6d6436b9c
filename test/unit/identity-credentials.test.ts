// buildCredentials: accepts good material and names exactly what is wrong with bad material.
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCredentials, pemBlocks, type CredentialsInput } from '../../proxy/identity/credentials.js';
import { IdentityError, type IdentityErrorCode } from '../../proxy/identity/id.js';
import { IDS, makeTestPki, type TestPki } from '../harness/pki.js';

let pki: TestPki;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-creds-'));
  pki = await makeTestPki(tmp);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function input(overrides: Partial<CredentialsInput> = {}): CredentialsInput {
  const l = pki.leaves.client;
  return { chainPem: l.chainPem, keyPem: l.keyPem, anchorsPem: pki.ca.anchorsPem, localId: IDS.client, ...overrides };
}

function failure(i: CredentialsInput): IdentityError {
  try {
    buildCredentials(i);
  } catch (err) {
    if (err instanceof IdentityError) return err;
    throw err;
  }
  throw new Error('expected buildCredentials to throw');
}

function expectFailure(i: CredentialsInput, code: IdentityErrorCode, ...messages: (string | RegExp)[]): void {
  const err = failure(i);
  expect(err.code).toBe(code);
  for (const m of messages) expect(err.message).toMatch(m);
}

describe('buildCredentials (valid)', () => {
  it('returns the leaf facts and TLS contexts', () => {
    const c = buildCredentials(input());
    expect(c.localId).toBe(IDS.client);
    expect(c.leafIdentities).toEqual([IDS.client]);
    expect(c.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(c.notAfter.getTime() - c.notBefore.getTime()).toBe(86_400_000);
    expect(c.anchorWarnings).toEqual([]);
    expect(pemBlocks(c.anchorsPem)).toHaveLength(1);
    expect(c.serverContext).toBeDefined();
    expect(c.clientContext).not.toBe(c.serverContext);
  });

  it('accepts a SPIFFE-only leaf for a SPIFFE local id', () => {
    const l = pki.leaves.spiffeClient;
    const c = buildCredentials(input({ chainPem: l.chainPem, keyPem: l.keyPem, localId: IDS.spiffeClient }));
    expect(c.leafIdentities).toEqual([IDS.spiffeClient]);
  });

  it('matches the local id case-insensitively and normalises it', () => {
    expect(buildCredentials(input({ localId: IDS.client.toUpperCase() })).localId).toBe(IDS.client);
  });

  it('skips a corrupt anchor in the bundle with a warning and keeps the good one', () => {
    const corrupt = pki.otherCa.anchorsPem.replace(/\n[A-Za-z0-9+/]{20}/, '\n' + 'A'.repeat(20));
    const c = buildCredentials(input({ anchorsPem: `# bundle\n${corrupt}${pki.ca.anchorsPem}-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n` }));
    expect(c.anchorWarnings).toHaveLength(2);
    expect(c.anchorWarnings[0]).toMatch(/^trust anchor #1 skipped: not a valid X.509 certificate/);
    expect(c.anchorWarnings[1]).toBe('trust anchor #3 skipped: "PRIVATE KEY" block is not a CERTIFICATE');
    expect(c.anchorsPem).toBe(pki.ca.anchorsPem);
  });

  it('accepts an extra unrelated anchor next to the right one', () => {
    expect(() => buildCredentials(input({ anchorsPem: pki.otherCa.anchorsPem + pki.ca.anchorsPem }))).not.toThrow();
  });
});

describe('buildCredentials (invalid)', () => {
  it('wrong SAN: lists the SANs the certificate does have', () => {
    const l = pki.leaves.wrongSan;
    expectFailure(
      input({ chainPem: l.chainPem, keyPem: l.keyPem }),
      'identity_not_in_certificate',
      `SANs do not include local identity ${IDS.client}; SANs: ${IDS.impostor}`,
    );
  });

  it('wrong CA: says the leaf does not chain and names the missing issuer and the anchors', () => {
    const l = pki.leaves.wrongCa;
    expectFailure(
      input({ chainPem: l.chainPem, keyPem: l.keyPem }),
      'untrusted',
      `leaf certificate (CN=${IDS.client}) does not chain to any trust anchor`,
      'issued "CN=root.other-mesh.example"',
      '1 anchor(s) [CN=root.linkerd.cluster.local]',
    );
  });

  it('missing intermediate: leaf alone does not reach the anchor', () => {
    expectFailure(input({ chainPem: pki.leaves.client.certPem }), 'untrusted', 'issued "CN=identity.root.linkerd.cluster.local"');
  });

  it('key mismatch', () => {
    expectFailure(input({ keyPem: pki.leaves.server.keyPem }), 'key_mismatch', `private key does not match the leaf certificate (CN=${IDS.client})`);
  });

  it('expired leaf: says when', () => {
    const l = pki.leaves.expired;
    expectFailure(input({ chainPem: l.chainPem, keyPem: l.keyPem }), 'expired', new RegExp(`^leaf certificate \\(CN=${IDS.client}\\) expired at \\d{4}-`));
  });

  it('not yet valid', () => {
    expectFailure(input({ now: new Date(Date.now() - 3_600_000) }), 'not_yet_valid', /leaf certificate .* is not valid until/);
  });

  it('no usable anchors: garbage, empty, or only corrupt certificates', () => {
    expectFailure(input({ anchorsPem: 'not pem at all' }), 'no_trust_anchors', 'no usable trust anchors: no PEM CERTIFICATE blocks found');
    expectFailure(input({ anchorsPem: '' }), 'no_trust_anchors', 'no PEM CERTIFICATE blocks found');
    const corrupt = pki.ca.anchorsPem.replace(/\n[A-Za-z0-9+/]{20}/, '\n' + 'A'.repeat(20));
    expectFailure(input({ anchorsPem: corrupt }), 'no_trust_anchors', /no usable trust anchors: trust anchor #1 skipped/);
  });

  it('no certificate in chain / non-certificate block / corrupt certificate', () => {
    expectFailure(input({ chainPem: '' }), 'no_certificate', 'no certificate found in the certificate chain');
    expectFailure(input({ chainPem: pki.leaves.client.keyPem }), 'bad_certificate', 'entry #1 is a "PRIVATE KEY" block');
    const broken = pki.leaves.client.chainPem.replace(/(CERTIFICATE-----\n)[A-Za-z0-9+/]{8}/, '$1AAAAAAAA');
    expectFailure(input({ chainPem: broken }), 'bad_certificate', /entry #1 is not a valid X.509 certificate/);
  });

  it('unreadable key / non-P-256 keys', () => {
    expectFailure(input({ keyPem: 'nope' }), 'bad_key', 'private key is not a readable unencrypted PEM key');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expectFailure(input({ keyPem: rsa }), 'unsupported_key', 'private key is RSA 2048-bit; Linkerd identities require ECDSA P-256');
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expectFailure(input({ keyPem: p384 }), 'unsupported_key', 'private key is EC secp384r1');
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expectFailure(input({ keyPem: ed }), 'unsupported_key', 'private key is ED25519');
  });

  it('invalid local id', () => {
    expectFailure(input({ localId: 'client.default.' }), 'invalid_identity', 'must not end with a dot');
  });
});
