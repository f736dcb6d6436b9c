// The proxy's own CSR, built with node:crypto and hand-written DER (no @peculiar/x509): read back
// with the full parser the controller uses, it has the shape proxy-identity's has and a valid
// signature; isOwnCsr recognises exactly the request made for this key and identity.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createOwnCsr, isOwnCsr } from '../../proxy/pki/csr-der.js';
import { csrSignatureValid, parseCsr } from '../../proxy/pki/csr.js';
import { PkiError } from '../../proxy/pki/certs.js';

const ID = 'web.default.serviceaccount.identity.linkerd.cluster.local';
const keyOf = (der: Buffer) => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });

describe('the proxy\'s own CSR', () => {
  it('parses as a P-256 request with CN = the one DNS SAN = the identity, validly signed', async () => {
    const made = createOwnCsr(ID);
    const csr = parseCsr(made.csrDer);
    expect(csr.commonNames).toEqual([ID]);
    expect(csr.dnsNames).toEqual([ID]);
    expect(csr.otherSans).toEqual([]);
    expect(csr.keyIsP256).toBe(true);
    expect(csr.spkiDer.equals(createPublicKey(keyOf(made.keyPkcs8Der)).export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(await csrSignatureValid(csr)).toBe(true);
    expect(made.keyPem).toContain('BEGIN PRIVATE KEY');
  });

  it('reuses a given key, and a long identity (DER long-form lengths) still parses', async () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'der' });
    const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.serviceaccount.identity.linkerd.cluster.local`;
    const made = createOwnCsr(long, key);
    expect(made.keyPkcs8Der.equals(key)).toBe(true);
    const csr = parseCsr(made.csrDer);
    expect(csr.dnsNames).toEqual([long]);
    expect(await csrSignatureValid(csr)).toBe(true);
  });

  it('isOwnCsr: true for its own request, false for another key, identity, a bad signature or garbage', () => {
    const made = createOwnCsr(ID);
    const key = keyOf(made.keyPkcs8Der);
    expect(isOwnCsr(made.csrDer, key, ID)).toBe(true);
    expect(isOwnCsr(made.csrDer, key, `other.${ID}`)).toBe(false);
    expect(isOwnCsr(made.csrDer, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, ID)).toBe(false);
    const tampered = Buffer.from(made.csrDer);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 1, tampered.length - 1);
    expect(isOwnCsr(tampered, key, ID)).toBe(false);
    expect(isOwnCsr(Buffer.from('not a csr'), key, ID)).toBe(false);
    expect(isOwnCsr(made.csrDer.subarray(0, 40), key, ID)).toBe(false);
  });

  it('refuses a non-P-256 key and a name that is not a DNS name, saying which', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'der' });
    expect(() => createOwnCsr(ID, p384)).toThrow(PkiError);
    expect(() => createOwnCsr(ID, p384)).toThrow(/ECDSA P-256.*got ECDSA P-384/);
    expect(() => createOwnCsr('Not A Name')).toThrow(/not a lower-case DNS name/);
  });
});
