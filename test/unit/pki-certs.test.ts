// pki library: certificates chain correctly, carry the requested SANs/extensions, and files get safe modes.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { x509 } from '../../proxy/pki/x509.js';
import { createIssuer, createLeaf, createTrustAnchor, PkiError, type CertKeyPair } from '../../proxy/pki/certs.js';
import { leafDirName, writeCaFiles, writeLeafFiles, writeMeshFiles, writePemFile } from '../../proxy/pki/files.js';
import { createMesh } from '../../proxy/pki/mesh.js';

const CLIENT = 'client.default.serviceaccount.identity.linkerd.cluster.local';
const SPIFFE = 'spiffe://cluster.local/ns/default/sa/client';

let anchor: CertKeyPair;
let issuer: CertKeyPair;
let tmp: string;

beforeAll(async () => {
  anchor = await createTrustAnchor();
  issuer = await createIssuer(anchor);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-pki-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function keyUsage(pem: string): number | undefined {
  return new x509.X509Certificate(pem).getExtension(x509.KeyUsagesExtension)?.usages;
}

describe('createTrustAnchor / createIssuer', () => {
  it('makes a self-signed P-256 CA and an issuer it signs, pathLen 1 and 0', () => {
    const a = new X509Certificate(anchor.certPem);
    const i = new X509Certificate(issuer.certPem);
    expect(a.ca).toBe(true);
    expect(a.checkIssued(a)).toBe(true);
    expect(a.verify(a.publicKey)).toBe(true);
    expect(i.ca).toBe(true);
    expect(i.checkIssued(a)).toBe(true);
    expect(i.verify(a.publicKey)).toBe(true);
    expect(a.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(new x509.X509Certificate(anchor.certPem).getExtension(x509.BasicConstraintsExtension)?.pathLength).toBe(1);
    expect(new x509.X509Certificate(issuer.certPem).getExtension(x509.BasicConstraintsExtension)?.pathLength).toBe(0);
    expect(keyUsage(issuer.certPem)).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    expect(new x509.X509Certificate(issuer.certPem).signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
  });

  it('writes PKCS#8 keys', () => {
    expect(anchor.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('honours commonName and validDays, and clamps the issuer to the anchor', async () => {
    const a = await createTrustAnchor({ commonName: 'my root', validDays: 10 });
    const i = await createIssuer(a, { commonName: 'my issuer', validDays: 100 });
    const ac = new X509Certificate(a.certPem);
    const ic = new X509Certificate(i.certPem);
    expect(ac.subject).toBe('CN=my root');
    expect(ic.subject).toBe('CN=my issuer');
    expect(ic.validTo).toBe(ac.validTo);
  });

  it('rejects a CA key that does not belong to its certificate', async () => {
    const other = await createTrustAnchor();
    await expect(createIssuer({ certPem: anchor.certPem, keyPem: other.keyPem })).rejects.toThrow(
      /anchor private key does not match anchor certificate/,
    );
  });
});

describe('createLeaf', () => {
  it('chains leaf -> issuer -> anchor and carries DNS + URI SANs, CN = first DNS id', async () => {
    const leaf = await createLeaf(issuer, { identities: [CLIENT, SPIFFE] });
    const l = new X509Certificate(leaf.certPem);
    const i = new X509Certificate(issuer.certPem);
    expect(l.checkIssued(i)).toBe(true);
    expect(l.verify(i.publicKey)).toBe(true);
    expect(l.ca).toBe(false);
    expect(l.subject).toBe(`CN=${CLIENT}`);
    expect(l.subjectAltName).toBe(`DNS:${CLIENT}, URI:${SPIFFE}`);
    expect(l.checkPrivateKey(await import('node:crypto').then((c) => c.createPrivateKey(leaf.keyPem)))).toBe(true);
    expect(keyUsage(leaf.certPem)).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
    const eku = new x509.X509Certificate(leaf.certPem).getExtension(x509.ExtendedKeyUsageExtension)?.usages;
    expect(eku).toEqual([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]);
  });

  it('chainPem is leaf followed by issuer', async () => {
    const leaf = await createLeaf(issuer, { identities: [CLIENT] });
    const blocks = leaf.chainPem.match(/-----BEGIN CERTIFICATE-----/g);
    expect(blocks).toHaveLength(2);
    expect(leaf.chainPem.startsWith(leaf.certPem)).toBe(true);
    expect(new X509Certificate(leaf.chainPem.slice(leaf.certPem.length)).fingerprint256).toBe(
      new X509Certificate(issuer.certPem).fingerprint256,
    );
  });

  it('a SPIFFE-only leaf has an empty subject and a critical SAN', async () => {
    const leaf = await createLeaf(issuer, { identities: [SPIFFE] });
    const l = new X509Certificate(leaf.certPem);
    // Node's X509Certificate.subject is undefined for an empty DN (its typings say string).
    expect(l.subject ?? '').toBe('');
    expect(l.subjectAltName).toBe(`URI:${SPIFFE}`);
    expect(new x509.X509Certificate(leaf.certPem).getExtension(x509.SubjectAlternativeNameExtension)?.critical).toBe(true);
  });

  it('validSeconds and notBefore set the window (defaults to 24h)', async () => {
    const nb = new Date(Date.UTC(2020, 0, 1));
    const old = new X509Certificate((await createLeaf(issuer, { identities: [CLIENT], notBefore: nb, validSeconds: 60 })).certPem);
    expect(new Date(old.validFrom).toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(new Date(old.validTo).toISOString()).toBe('2020-01-01T00:01:00.000Z');
    const d = new X509Certificate((await createLeaf(issuer, { identities: [CLIENT] })).certPem);
    expect(Date.parse(d.validTo) - Date.parse(d.validFrom)).toBe(86_400_000);
  });

  it('needs at least one identity', async () => {
    await expect(createLeaf(issuer, { identities: [] })).rejects.toBeInstanceOf(PkiError);
  });
});

describe('files', () => {
  it('writes keys 0600 and certs 0644, creating directories', async () => {
    const leaf = await createLeaf(issuer, { identities: [CLIENT] });
    const ca = writeCaFiles(path.join(tmp, 'a/b/ca'), anchor);
    const lp = writeLeafFiles(path.join(tmp, 'a/b/leaf'), leaf);
    const mode = (f: string) => fs.statSync(f).mode & 0o777;
    expect(mode(ca.keyFile)).toBe(0o600);
    expect(mode(ca.certFile)).toBe(0o644);
    expect(mode(lp.keyFile)).toBe(0o600);
    expect(mode(lp.certFile)).toBe(0o644);
    expect(fs.readFileSync(lp.certFile, 'utf8')).toBe(leaf.chainPem);
    expect(path.basename(ca.certFile)).toBe('ca.crt');
    expect(path.basename(lp.keyFile)).toBe('tls.key');
  });

  it('refuses to overwrite unless asked, and then fixes a loose mode', () => {
    const f = path.join(tmp, 'loose.key');
    fs.writeFileSync(f, 'old', { mode: 0o666 });
    fs.chmodSync(f, 0o666);
    expect(() => writePemFile(f, 'new', 0o600)).toThrow(/refusing to overwrite existing file/);
    writePemFile(f, 'new', 0o600, { overwrite: true });
    expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(f, 'utf8')).toBe('new');
  });

  it('replaces an existing file by rename, so a watcher never reads half of it', () => {
    const dir = path.join(tmp, 'atomic');
    const f = path.join(dir, 'bundle.pem');
    writePemFile(f, 'first', 0o644);
    const before = fs.statSync(f).ino;
    const reader = fs.openSync(f, 'r'); // a reader that opened the old file keeps reading the old content
    writePemFile(f, 'second', 0o644, { overwrite: true });
    expect(fs.statSync(f).ino).not.toBe(before);
    expect(fs.readFileSync(reader, 'utf8')).toBe('first');
    fs.closeSync(reader);
    expect(fs.readFileSync(f, 'utf8')).toBe('second');
    expect(fs.statSync(f).mode & 0o777).toBe(0o644);
    expect(fs.readdirSync(dir)).toEqual(['bundle.pem']);
  });

  it('writeMeshFiles lays out anchor/issuer/leaves and trust-anchors.pem', async () => {
    const mesh = await createMesh({ identities: [CLIENT, SPIFFE.replace('/client', '/web')] });
    const p = writeMeshFiles(path.join(tmp, 'mesh'), mesh);
    expect(Object.keys(p.leaves).sort()).toEqual(['client', 'web']);
    expect(fs.readFileSync(p.trustAnchorsFile, 'utf8')).toBe(mesh.anchor.certPem);
    const leaf = new X509Certificate(fs.readFileSync(p.leaves['client']!.certFile));
    expect(leaf.checkIssued(new X509Certificate(fs.readFileSync(p.issuer.certFile)))).toBe(true);
  });

  it('leafDirName uses the first label or the last SPIFFE segment; clashes are errors', async () => {
    expect(leafDirName(CLIENT)).toBe('client');
    expect(leafDirName(SPIFFE)).toBe('client');
    await expect(createMesh({ identities: [CLIENT, SPIFFE] })).rejects.toThrow(/would both be written to directory "client"/);
  });
});
