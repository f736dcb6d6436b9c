// Identity/Certify of `podwire controller` over real gRPC on 127.0.0.1, driven by a client built from
// the spec's field numbers: what a good CSR gets back (chain, SAN, KU/EKU, validity, valid_until),
// that the issued certificates really work for mTLS, and issuer clamping and rotation.
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIssuer, createTrustAnchor, type CertKeyPair } from '../../proxy/pki/certs.js';
import { createCsr } from '../../proxy/pki/csr.js';
import { x509 } from '../../proxy/pki/x509.js';
import { createTokenValidator } from '../../controller/tokens.js';
import { expectOk, makeCa, makeCsr, startIdentity, toPem, type RunningIdentity } from '../harness/certify.js';

const WEB = 'web.default.serviceaccount.identity.linkerd.cluster.local';
const DB = 'db.payments.serviceaccount.identity.linkerd.cluster.local';
const tokens = createTokenValidator([
  ['tok-web', 'web.default'],
  ['tok-db', 'db.payments'],
]);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const base = { trustDomain: 'cluster.local', controlPlaneNamespace: 'linkerd', tokens, now: () => NOW };

let anchor: CertKeyPair;
let issuer: CertKeyPair;
let id: RunningIdentity;

beforeAll(async () => {
  anchor = await createTrustAnchor();
  issuer = await createIssuer(anchor);
  id = await startIdentity({ ...base, issuer, trustAnchorsPem: anchor.certPem });
});
afterAll(async () => id?.close());

function x(der: Buffer): X509Certificate {
  return new X509Certificate(der);
}

describe('Certify: a good CSR', () => {
  it('returns a DER leaf for exactly the identity, chained to the anchor through the returned issuer', async () => {
    const csr = await createCsr({ identity: WEB });
    const res = expectOk(await id.client.certify({ identity: WEB, token: Buffer.from('tok-web'), certificate_signing_request: csr.csrDer }));
    const leaf = x(res.leaf);
    const anchorCert = new X509Certificate(anchor.certPem);
    expect(res.intermediates).toHaveLength(1);
    const inter = x(res.intermediates[0]!);
    expect(inter.raw.equals(new X509Certificate(issuer.certPem).raw)).toBe(true);
    expect(leaf.checkIssued(inter)).toBe(true);
    expect(leaf.verify(inter.publicKey)).toBe(true);
    expect(inter.checkIssued(anchorCert) && inter.verify(anchorCert.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe(`DNS:${WEB}`);
    expect(leaf.subject).toBe(`CN=${WEB}`);
    expect(leaf.ca).toBe(false);
    // The leaf certifies the CSR's key, which is the key.p8 the requester holds.
    const spki = createPublicKey(createPrivateKey({ key: csr.keyPkcs8Der, format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' });
    expect(leaf.publicKey.export({ type: 'spki', format: 'der' }).equals(spki)).toBe(true);
  });

  it('sets KeyUsage digitalSignature+keyEncipherment, EKU serverAuth+clientAuth, ECDSA-SHA256', async () => {
    const csr = await createCsr({ identity: WEB });
    const res = expectOk(await id.client.certify({ identity: WEB, token: Buffer.from('tok-web'), certificate_signing_request: csr.csrDer }));
    const leaf = new x509.X509Certificate(res.leaf);
    const ku = leaf.getExtension(x509.KeyUsagesExtension);
    expect(ku?.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment);
    expect(ku?.critical).toBe(true);
    expect(x(res.leaf).keyUsage?.slice().sort()).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(leaf.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
  });

  it('validity: notBefore = now - 20s skew, notAfter = now + 24h + skew, valid_until = notAfter', async () => {
    const csr = await createCsr({ identity: WEB });
    const res = expectOk(await id.client.certify({ identity: WEB, token: Buffer.from('tok-web'), certificate_signing_request: csr.csrDer }));
    const leaf = new x509.X509Certificate(res.leaf);
    expect(leaf.notBefore.getTime()).toBe(NOW.getTime() - 20_000);
    expect(leaf.notAfter.getTime()).toBe(NOW.getTime() + DAY + 20_000);
    expect(res.validUntilSeconds * 1000).toBe(leaf.notAfter.getTime());
    expect(res.validUntilNanos).toBe(0);
  });

  it('accepts an empty CN (SAN then critical) and a token file line ending in a newline', async () => {
    const der = await makeCsr({ sans: [{ type: 'dns', value: DB }] });
    const res = expectOk(await id.client.certify({ identity: DB, token: Buffer.from('tok-db\n'), certificate_signing_request: der }));
    const leaf = new x509.X509Certificate(res.leaf);
    expect(leaf.subject).toBe('');
    expect(leaf.getExtension(x509.SubjectAlternativeNameExtension)?.critical).toBe(true);
    expect(x(res.leaf).subjectAltName).toBe(`DNS:${DB}`);
  });

  it('issues certificates that complete a real mTLS handshake trusting only the anchor', async () => {
    const issue = async (identity: string, token: string) => {
      const csr = await createCsr({ identity });
      const res = expectOk(await id.client.certify({ identity, token: Buffer.from(token), certificate_signing_request: csr.csrDer }));
      return { key: csr.keyPem, cert: [res.leaf, ...res.intermediates].map(toPem).join('') };
    };
    const [web, db] = await Promise.all([issue(WEB, 'tok-web'), issue(DB, 'tok-db')]);
    const server = tls.createServer({ ...web, ca: anchor.certPem, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.3' }, (s) => {
      s.end((s.getPeerCertificate() as tls.PeerCertificate).subjectaltname ?? '');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const seen = await new Promise<string>((resolve, reject) => {
        const c = tls.connect({
          host: '127.0.0.1',
          port,
          ...db,
          ca: anchor.certPem,
          minVersion: 'TLSv1.3',
          checkServerIdentity: (_h, cert) => (cert.subjectaltname === `DNS:${WEB}` ? undefined : new Error(`unexpected ${cert.subjectaltname}`)),
        });
        let data = '';
        c.on('data', (d: Buffer) => (data += d.toString()));
        c.on('end', () => resolve(data));
        c.on('error', reject);
      });
      expect(seen).toBe(`DNS:${DB}`);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('Certify: issuer chain and rotation', () => {
  it('clamps notAfter to the earliest expiry in the issuer bundle and returns its intermediates without the root', async () => {
    const root = await makeCa('root.test', { notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 3650 * DAY) });
    const mid = await makeCa('mid.test', { parent: root, notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 2 * HOUR) });
    const iss = await makeCa('identity.test', { parent: mid, notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 365 * DAY), pathLen: 0 });
    const svc = await startIdentity({ ...base, issuer: { certPem: iss.certPem + mid.certPem + root.certPem, keyPem: iss.keyPem }, trustAnchorsPem: root.certPem });
    try {
      const csr = await createCsr({ identity: WEB });
      const res = expectOk(await svc.client.certify({ identity: WEB, token: Buffer.from('tok-web'), certificate_signing_request: csr.csrDer }));
      const leaf = new x509.X509Certificate(res.leaf);
      expect(leaf.notAfter.getTime()).toBe(NOW.getTime() + 2 * HOUR);
      expect(res.validUntilSeconds * 1000).toBe(NOW.getTime() + 2 * HOUR);
      expect(res.intermediates.map((d) => x(d).subject)).toEqual(['CN=identity.test', 'CN=mid.test']);
      const [i0, i1] = res.intermediates.map(x);
      expect(x(res.leaf).verify(i0!.publicKey) && i0!.verify(i1!.publicKey) && i1!.verify(root.cert.publicKey)).toBe(true);
    } finally {
      await svc.close();
    }
  });

  it('clamps to the issuer itself when it expires before the lifetime ends', async () => {
    const r2 = await makeCa('r2.test', { notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 10 * DAY) });
    const iss = await makeCa('short.test', { parent: r2, notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 30 * 60_000) });
    const svc = await startIdentity({ ...base, issuer: iss, trustAnchorsPem: r2.certPem });
    try {
      const csr = await createCsr({ identity: WEB });
      const res = expectOk(await svc.client.certify({ identity: WEB, token: Buffer.from('tok-web'), certificate_signing_request: csr.csrDer }));
      expect(new x509.X509Certificate(res.leaf).notAfter.getTime()).toBe(NOW.getTime() + 30 * 60_000);
      expect(res.validUntilSeconds * 1000).toBe(NOW.getTime() + 30 * 60_000);
      expect(res.intermediates.map((d) => x(d).subject)).toEqual(['CN=short.test']);
    } finally {
      await svc.close();
    }
  });

  it('honours a custom issuance lifetime and clock-skew allowance', async () => {
    const svc = await startIdentity({ ...base, issuer, trustAnchorsPem: anchor.certPem, issuanceLifetimeMs: HOUR, clockSkewMs: 60_000 });
    try {
      const csr = await createCsr({ identity: WEB });
      const res = expectOk(await svc.client.certify({ identity: WEB, token: Buffer.from('tok-web'), certificate_signing_request: csr.csrDer }));
      const leaf = new x509.X509Certificate(res.leaf);
      expect(leaf.notBefore.getTime()).toBe(NOW.getTime() - 60_000);
      expect(leaf.notAfter.getTime()).toBe(NOW.getTime() + HOUR + 60_000);
    } finally {
      await svc.close();
    }
  });

  it('rotates to a new issuer at runtime; a broken or foreign issuer is refused and the old one keeps signing', async () => {
    const svc = await startIdentity({ ...base, issuer, trustAnchorsPem: anchor.certPem });
    try {
      const ask = async () => {
        const csr = await createCsr({ identity: WEB });
        return expectOk(await svc.client.certify({ identity: WEB, token: Buffer.from('tok-web'), certificate_signing_request: csr.csrDer }));
      };
      const next = await createIssuer(anchor, { commonName: 'identity-2.linkerd.cluster.local' });
      await svc.svc.setIssuer(next);
      expect(x((await ask()).leaf).issuer).toBe('CN=identity-2.linkerd.cluster.local');

      const foreign = await createIssuer(await createTrustAnchor({ commonName: 'root.elsewhere' }));
      await expect(svc.svc.setIssuer(foreign)).rejects.toThrow(/does not chain to any of the 1 trust anchor/);
      await expect(svc.svc.setIssuer({ certPem: next.certPem, keyPem: issuer.keyPem })).rejects.toThrow(/issuer key does not match/);
      await expect(svc.svc.setIssuer({ certPem: 'nope', keyPem: issuer.keyPem })).rejects.toThrow(/issuer certificate: no PEM certificate found/);
      expect(x((await ask()).leaf).issuer).toBe('CN=identity-2.linkerd.cluster.local');

      // New anchors together with a new issuer (trust-anchor rotation in the topology file).
      const root2 = await createTrustAnchor({ commonName: 'root-2.linkerd.cluster.local' });
      await svc.svc.setIssuer(await createIssuer(root2), anchor.certPem + root2.certPem);
      const res = await ask();
      expect(x(res.intermediates[0]!).verify(new X509Certificate(root2.certPem).publicKey)).toBe(true);
    } finally {
      await svc.close();
    }
  });

  it('refuses to start with an issuer that is not a CA, has expired, or has a non-P-256 key', async () => {
    const root = await makeCa('old-root.test', { notBefore: new Date(NOW.getTime() - 10 * DAY), notAfter: new Date(NOW.getTime() + 10 * DAY) });
    const old = await makeCa('old.test', { parent: root, notBefore: new Date(NOW.getTime() - 10 * DAY), notAfter: new Date(NOW.getTime() - DAY) });
    await expect(startIdentity({ ...base, issuer: old, trustAnchorsPem: root.certPem })).rejects.toThrow(/CN=old.test is not valid now/);
    const leafAsIssuer = await makeCsrSignedLeaf();
    await expect(startIdentity({ ...base, issuer: leafAsIssuer, trustAnchorsPem: anchor.certPem })).rejects.toThrow(/is not a CA/);
    const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(startIdentity({ ...base, issuer: { certPem: issuer.certPem, keyPem: rsaKey }, trustAnchorsPem: anchor.certPem })).rejects.toThrow(/issuer key must be ECDSA P-256.*got RSA 2048-bit/);
  });
});

/** A leaf certificate (CA:FALSE) and its key, issued by this very service: the wrong thing to use as an issuer. */
async function makeCsrSignedLeaf(): Promise<CertKeyPair> {
  const csr = await createCsr({ identity: WEB });
  const res = expectOk(await id.client.certify({ identity: WEB, token: Buffer.from('tok-web'), certificate_signing_request: csr.csrDer }));
  return { certPem: toPem(res.leaf), keyPem: csr.keyPem };
}
