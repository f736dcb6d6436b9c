// Trust-anchor rotation helpers of `podwire pki`: cross-sign (same CA, new parent), bundle (roots
// only, each once) and verify (which root a chain leads to), through the CLI and on the files it
// writes, checked with node:crypto's X509Certificate rather than podwire's own chain walker alone.
import { X509Certificate, webcrypto } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIssuer, createLeaf, createTrustAnchor, type CertKeyPair } from '../../proxy/pki/certs.js';
import { crossSignIssuer } from '../../proxy/pki/cross-sign.js';
import { buildTrustBundle } from '../../proxy/pki/bundle.js';
import { chainToAnchor, parseCertificates } from '../../proxy/pki/chains.js';
import { readCaFiles } from '../../proxy/pki/files.js';
import { buildCredentials } from '../../proxy/identity/credentials.js';
import { x509 } from '../../proxy/pki/x509.js';
import { runPki as run, useTempDir } from '../harness/pki-cli.js';

const WEB = 'web.default.serviceaccount.identity.linkerd.cluster.local';

const tmp = useTempDir('podwire-pki-rotation-');

const mode = (f: string) => fs.statSync(f).mode & 0o777;
const cert = (f: string) => new X509Certificate(fs.readFileSync(f));
const certs = (f: string) => parseCertificates(fs.readFileSync(f, 'utf8'), f);
const ski = (pem: string) => new x509.X509Certificate(pem).getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
const issuedBy = (child: X509Certificate, parent: X509Certificate) => child.checkIssued(parent) && child.verify(parent.publicKey);

/** A rotation's material made with the CLI, the way the README does it (the new root keeps the default CN). */
async function rotationDirs(name: string): Promise<{ d: (p: string) => string }> {
  const base = tmp(name);
  const d = (p: string) => path.join(base, p);
  expect((await run('mesh', '--out', base, '--identity', WEB)).code).toBe(0);
  expect((await run('anchor', '--out', d('anchor-2'))).code).toBe(0);
  return { d };
}

describe('pki cross-sign', () => {
  it('keeps the old issuer subject, key and key id, is signed by the new anchor, and old leaves verify through it', async () => {
    const { d } = await rotationDirs('xs');
    const r = await run('cross-sign', '--issuer', d('issuer'), '--anchor', d('anchor-2'), '--out', d('issuer-x'));
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain(`wrote ${d('issuer-x/ca.crt')}`);
    expect(mode(d('issuer-x/ca.key'))).toBe(0o600);
    expect(mode(d('issuer-x/ca.crt'))).toBe(0o644);

    const [oldAnchor, newAnchor, oldIssuer, crossed] = ['anchor/ca.crt', 'anchor-2/ca.crt', 'issuer/ca.crt', 'issuer-x/ca.crt'].map((f) => cert(d(f))) as X509Certificate[];
    expect(crossed!.subject).toBe(oldIssuer!.subject);
    expect(crossed!.publicKey.export({ type: 'spki', format: 'der' })).toEqual(oldIssuer!.publicKey.export({ type: 'spki', format: 'der' }));
    expect(ski(crossed!.toString())).toBe(ski(oldIssuer!.toString()));
    expect(fs.readFileSync(d('issuer-x/ca.key'), 'utf8')).toBe(fs.readFileSync(d('issuer/ca.key'), 'utf8'));
    expect(crossed!.ca).toBe(true);
    expect(crossed!.serialNumber).not.toBe(oldIssuer!.serialNumber);
    // Same CN on both roots: only the key identifier and the signature tell them apart.
    expect(newAnchor!.subject).toBe(oldAnchor!.subject);
    expect(issuedBy(crossed!, newAnchor!)).toBe(true);
    expect(issuedBy(crossed!, oldAnchor!)).toBe(false);
    expect(crossed!.validTo).toBe(oldIssuer!.validTo);

    // The leaf `pki mesh` issued before the cross-signing exists.
    const [oldLeaf] = certs(d('web/tls.crt'));
    expect(issuedBy(oldLeaf!, crossed!)).toBe(true);
    expect(chainToAnchor([oldLeaf!, crossed!], [newAnchor!]).ok).toBe(true);
    expect(chainToAnchor([oldLeaf!, oldIssuer!], [newAnchor!])).toMatchObject({ ok: false, reason: expect.stringMatching(/no trust anchor issued CN=identity/) });
    expect(chainToAnchor([oldLeaf!, oldIssuer!], [oldAnchor!]).ok).toBe(true);
  });

  it('new leaves from the cross-signed directory carry it as their chain and satisfy a proxy trusting only the new root', async () => {
    const { d } = await rotationDirs('xs-leaf');
    expect((await run('cross-sign', '--issuer', d('issuer'), '--anchor', d('anchor-2'), '--out', d('issuer-x'))).code).toBe(0);
    expect((await run('leaf', '--issuer', d('issuer-x'), '--identity', WEB, '--out', d('web'), '--force')).code).toBe(0);
    const chain = certs(d('web/tls.crt'));
    expect(chain[1]!.fingerprint256).toBe(cert(d('issuer-x/ca.crt')).fingerprint256);
    // The proxy's own credential check (what FileIdentityStore runs on every reload).
    const creds = buildCredentials({
      chainPem: fs.readFileSync(d('web/tls.crt'), 'utf8'),
      keyPem: fs.readFileSync(d('web/tls.key'), 'utf8'),
      anchorsPem: fs.readFileSync(d('anchor-2/ca.crt'), 'utf8'),
      localId: WEB,
    });
    expect(creds.leafIdentities).toEqual([WEB]);
    expect(() => buildCredentials({
      chainPem: fs.readFileSync(d('web/tls.crt'), 'utf8'),
      keyPem: fs.readFileSync(d('web/tls.key'), 'utf8'),
      anchorsPem: fs.readFileSync(d('anchor/ca.crt'), 'utf8'),
      localId: WEB,
    })).toThrow(/does not chain to any trust anchor/);
  });

  it('--valid sets the lifetime from now, clamped to the new anchor', async () => {
    const anchor = await createTrustAnchor({ validDays: 2 });
    const oldAnchor = await createTrustAnchor();
    const issuer = await createIssuer(oldAnchor);
    const short = new X509Certificate((await crossSignIssuer(issuer, anchor, { validSeconds: 3600 })).certPem);
    expect(Date.parse(short.validTo) - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(Date.parse(short.validTo) - Date.now()).toBeGreaterThan(3500_000);
    const clamped = new X509Certificate((await crossSignIssuer(issuer, anchor)).certPem);
    expect(clamped.validTo).toBe(new X509Certificate(anchor.certPem).validTo);
  });

  it.each([
    ['a root as --issuer', async (a: CertKeyPair, _i: CertKeyPair, n: CertKeyPair) => crossSignIssuer(a, n), /self-signed root; cross-sign the issuer beneath it/],
    ['a leaf as --anchor', async (_a: CertKeyPair, i: CertKeyPair, _n: CertKeyPair) => {
      const l = await createLeaf(i, { identities: [WEB] });
      return crossSignIssuer(i, { certPem: l.certPem, keyPem: l.keyPem });
    }, /anchor certificate .* is not a CA certificate/],
    ['the issuer\'s own key as anchor', async (_a: CertKeyPair, i: CertKeyPair) => crossSignIssuer(i, i), /share one key/],
    ['a key that does not match', async (a: CertKeyPair, i: CertKeyPair, n: CertKeyPair) => crossSignIssuer({ certPem: i.certPem, keyPem: n.keyPem }, a), /issuer private key does not match issuer certificate/],
  ])('refuses %s', async (_name, make, message) => {
    const a = await createTrustAnchor();
    const i = await createIssuer(a);
    const n = await createTrustAnchor({ commonName: 'new root' });
    await expect(make(a, i, n)).rejects.toThrow(message);
  });

  it('refuses to overwrite without --force and reports a missing directory (exit 1)', async () => {
    const { d } = await rotationDirs('xs-force');
    const args = ['cross-sign', '--issuer', d('issuer'), '--anchor', d('anchor-2'), '--out', d('issuer-x')];
    expect((await run(...args)).code).toBe(0);
    const again = await run(...args);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/refusing to overwrite existing file .*issuer-x\/ca\.crt/);
    expect((await run(...args, '--force')).code).toBe(0);
    const missing = await run('cross-sign', '--issuer', d('nope'), '--anchor', d('anchor-2'), '--out', d('x'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/cannot read .*nope\/ca\.crt/);
  });
});

describe('pki issuer --anchor NEW (re-issued)', () => {
  it('is a new key under the new root only', async () => {
    const { d } = await rotationDirs('reissue');
    expect((await run('issuer', '--anchor', d('anchor-2'), '--out', d('issuer-2'))).code).toBe(0);
    const [oldAnchor, newAnchor, oldIssuer, issuer2] = ['anchor/ca.crt', 'anchor-2/ca.crt', 'issuer/ca.crt', 'issuer-2/ca.crt'].map((f) => cert(d(f))) as X509Certificate[];
    expect(issuedBy(issuer2!, newAnchor!)).toBe(true);
    expect(issuedBy(issuer2!, oldAnchor!)).toBe(false);
    expect(issuer2!.publicKey.export({ type: 'spki', format: 'der' })).not.toEqual(oldIssuer!.publicKey.export({ type: 'spki', format: 'der' }));
    const [oldLeaf] = certs(d('web/tls.crt'));
    expect(issuedBy(oldLeaf!, issuer2!)).toBe(false);
  });
});

describe('pki bundle', () => {
  it('writes old + new roots in order, once each, mode 0644, and replaces only with --force', async () => {
    const { d } = await rotationDirs('bundle');
    const out = d('bundle.pem');
    const r = await run('bundle', '--out', out, d('anchor/ca.crt'), d('anchor-2'), d('trust-anchors.pem'), d('anchor-2/ca.crt'));
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain(`wrote ${out} (2 trust anchors)`);
    expect(r.out.match(/^skipped /gm)).toHaveLength(2);
    expect(mode(out)).toBe(0o644);
    expect(certs(out).map((c) => c.fingerprint256)).toEqual([cert(d('anchor/ca.crt')).fingerprint256, cert(d('anchor-2/ca.crt')).fingerprint256]);

    const again = await run('bundle', '--out', out, d('anchor-2'));
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/refusing to overwrite existing file .*bundle\.pem/);
    expect((await run('bundle', '--out', out, '--force', d('anchor-2'))).code).toBe(0);
    expect(certs(out).map((c) => c.fingerprint256)).toEqual([cert(d('anchor-2/ca.crt')).fingerprint256]);
    expect(fs.readdirSync(d('.')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it.each([
    ['a workload leaf', 'web/tls.crt', /certificate #1\): CN=web\.default.* is not a CA certificate.*a leaf cannot be a trust anchor/],
    ['a private key', 'anchor/ca.key', /anchor\/ca\.key: is a "PRIVATE KEY" block; a trust bundle holds certificates only/],
    ['an intermediate', 'issuer', /CN=identity\.linkerd\.cluster\.local is an intermediate CA issued by CN=root\.linkerd\.cluster\.local, not a self-signed root/],
    ['garbage', 'garbage.txt', /garbage\.txt: no PEM certificates found/],
    ['a corrupt certificate', 'corrupt.pem', /corrupt\.pem: not a valid X\.509 certificate/],
    ['a missing file', 'missing.pem', /cannot read .*missing\.pem/],
  ])('refuses %s (exit 1) and writes nothing', async (_name, input, message) => {
    const { d } = await rotationDirs(`refuse-${input.replace(/\W/g, '')}`);
    fs.writeFileSync(d('garbage.txt'), 'not a certificate\n');
    fs.writeFileSync(d('corrupt.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    const r = await run('bundle', '--out', d('bundle.pem'), d('anchor/ca.crt'), d(input));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(fs.existsSync(d('bundle.pem'))).toBe(false);
  });

  it('refuses an expired root and no inputs', async () => {
    const keys = await x509Keys();
    const expired = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=old root', keys, notBefore: new Date(Date.now() - 7_200_000), notAfter: new Date(Date.now() - 3_600_000),
      extensions: [new x509.BasicConstraintsExtension(true, 1, true)],
    });
    expect(() => buildTrustBundle([{ source: 'old.pem', text: expired.toString('pem') }])).toThrow(/old\.pem: CN=old root expired at .*leave it out of the bundle/);
    expect(() => buildTrustBundle([])).toThrow(/no certificate files/);
    const r = await run('bundle', '--out', tmp('none.pem'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing file arguments/);
  });
});

describe('pki verify', () => {
  it('names the root each chain leads to and exits 1 when one leads to none', async () => {
    const { d } = await rotationDirs('verify');
    expect((await run('issuer', '--anchor', d('anchor-2'), '--out', d('issuer-2'))).code).toBe(0);
    expect((await run('leaf', '--issuer', d('issuer-2'), '--identity', WEB, '--out', d('web-2'))).code).toBe(0);
    const newFp = cert(d('anchor-2/ca.crt')).fingerprint256;
    const ok = await run('verify', '--anchors', d('anchor-2/ca.crt'), d('web-2'), d('issuer-2/ca.crt'));
    expect(ok).toMatchObject({ code: 0, err: '' });
    expect(ok.out).toContain(`${d('web-2/tls.crt')}: OK CN=${WEB} -> CN=identity.linkerd.cluster.local -> CN=root.linkerd.cluster.local (anchor sha256 ${newFp})`);
    const mixed = await run('verify', '--anchors', d('anchor-2/ca.crt'), d('web-2'), d('web'));
    expect(mixed.code).toBe(1);
    expect(mixed.out).toContain(`${d('web/tls.crt')}: NOT TRUSTED by ${d('anchor-2/ca.crt')}: no trust anchor issued CN=identity.linkerd.cluster.local`);
    expect(mixed.err).toMatch(/1 of 2 chain\(s\) do not lead to an anchor/);
    // An expired leaf is untrusted even though its signatures are fine.
    const expired = await createLeaf(readCaFiles(d('issuer-2')), { identities: [WEB], notBefore: new Date(Date.now() - 7_200_000), validSeconds: 3600 });
    const verdict = chainToAnchor(parseCertificates(expired.chainPem, 'expired'), certs(d('anchor-2/ca.crt')));
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringMatching(/expired at/) });
  });
});

describe('help', () => {
  it.each(['cross-sign', 'bundle', 'verify', 'tokens'])('pki %s --help prints usage and exits 0', async (sub) => {
    const r = await run(sub, '--help');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain(`Usage: podwire pki ${sub}`);
  });

  it('pki --help lists the rotation helpers', async () => {
    const r = await run('--help');
    expect(r.out).toMatch(/cross-sign[\s\S]*tokens[\s\S]*bundle[\s\S]*verify/);
  });
});

function x509Keys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
}
