// The proxy's own CSR, written and recognised with node:crypto and a few lines of DER, so a sidecar
// in Certify mode never loads @peculiar/x509 (with its ASN.1 stack and reflect-metadata, several MB
// resident for the life of the process). The request is exactly what proxy-identity sends (wire
// spec §3.3): an ECDSA P-256 key, subject CN = the identity, an extensionRequest with one DNS SAN =
// the identity, signed with ecdsa-with-SHA256. Reading arbitrary CSRs (the controller, or a csr.der
// this code did not write) stays with csr.ts's parseCsr.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { isDnsName } from '../transport/addr.js';
import { PkiError } from './pki-error.js';

/** What a workload needs to ask for a certificate. */
export interface CsrMaterial {
  /** Unencrypted PKCS#8 DER private key: the contents of Linkerd's `key.p8`. */
  readonly keyPkcs8Der: Buffer;
  /** The same key as PKCS#8 PEM ("PRIVATE KEY"), ready for node:tls. */
  readonly keyPem: string;
  /** DER CSR: the contents of Linkerd's `csr.der`, sent as-is in CertifyRequest field 3. */
  readonly csrDer: Buffer;
}

/** OpenSSL's names for the curves a key is likely to be on, mapped to the names people know. */
const CURVE_NAMES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp256k1: 'secp256k1',
};

/** "ECDSA P-256", "ECDSA P-384", "RSA 2048-bit"..., and whether the key is the P-256 Linkerd requires. */
export function describeKey(key: KeyObject): { description: string; isP256: boolean } {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'ec': {
      const curve = details.namedCurve ?? 'unknown curve';
      return { description: `ECDSA ${CURVE_NAMES[curve] ?? curve}`, isP256: curve === 'prime256v1' };
    }
    case 'rsa':
    case 'rsa-pss':
      return { description: `RSA ${details.modulusLength ?? '?'}-bit`, isP256: false };
    default:
      return { description: key.asymmetricKeyType ?? 'unknown key type', isP256: false };
  }
}

/** Generate (or reuse) a P-256 key and a CSR for `identity`, shaped exactly like proxy-identity's. */
export function createOwnCsr(identity: string, keyPkcs8Der?: Buffer): CsrMaterial {
  if (!identity) throw new PkiError('createCsr: identity is empty');
  if (!isDnsName(identity)) throw new PkiError(`createCsr: identity ${JSON.stringify(identity)} is not a lower-case DNS name`);
  const key = keyPkcs8Der ? importP256(keyPkcs8Der) : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const der = key.export({ type: 'pkcs8', format: 'der' });
  return { keyPkcs8Der: der, keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(), csrDer: buildCsrDer(identity, key) };
}

/** True when `der` is the CSR createOwnCsr makes for this key and identity, with a valid signature. */
export function isOwnCsr(der: Buffer, key: KeyObject, identity: string): boolean {
  try {
    const outer = readTlv(der, 0);
    if (outer.tag !== 0x30 || outer.end !== der.length) return false;
    const info = readTlv(der, outer.start);
    const alg = readTlv(der, info.end);
    const sig = readTlv(der, alg.end);
    if (sig.end !== der.length || sig.tag !== 0x03 || der[sig.start] !== 0) return false;
    const expected = requestInfo(identity, spkiOf(key));
    if (!der.subarray(outer.start, info.end).equals(expected)) return false;
    if (!der.subarray(info.end, alg.end).equals(ECDSA_SHA256)) return false;
    return verify('sha256', expected, { key: createPublicKey(key), dsaEncoding: 'der' }, der.subarray(sig.start + 1, sig.end));
  } catch {
    return false;
  }
}

function buildCsrDer(identity: string, key: KeyObject): Buffer {
  const info = requestInfo(identity, spkiOf(key));
  const signature = sign('sha256', info, { key, dsaEncoding: 'der' });
  return tlv(0x30, info, ECDSA_SHA256, tlv(0x03, Buffer.of(0), signature));
}

function importP256(pkcs8Der: Buffer): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pkcs8Der, format: 'der', type: 'pkcs8' });
  } catch (err) {
    throw new PkiError(`createCsr: key is not an unencrypted PKCS#8 DER private key: ${(err as Error).message}`, { cause: err });
  }
  const { description, isP256 } = describeKey(key);
  if (!isP256) throw new PkiError(`createCsr: key must be ECDSA P-256 (Linkerd requires it), got ${description}`);
  return key;
}

const spkiOf = (key: KeyObject) => createPublicKey(key).export({ type: 'spki', format: 'der' });

// --- DER ---------------------------------------------------------------------------------------

/** A DER tag-length-value; lengths in the short or long form. */
function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const len = n < 0x80 ? Buffer.of(n) : n < 0x100 ? Buffer.of(0x81, n) : Buffer.of(0x82, n >> 8, n & 0xff);
  return Buffer.concat([Buffer.of(tag), len, body]);
}

/** Where one TLV's content starts and ends (the next TLV begins at `end`). */
function readTlv(der: Buffer, at: number): { tag: number; start: number; end: number } {
  const tag = der[at]!;
  let len = der[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const bytes = len & 0x7f;
    if (bytes < 1 || bytes > 2) throw new Error('unsupported DER length');
    len = bytes === 1 ? der[at + 2]! : (der[at + 2]! << 8) | der[at + 3]!;
    start += bytes;
  }
  if (start + len > der.length) throw new Error('truncated DER');
  return { tag, start, end: start + len };
}

/** DER of a dotted object identifier. */
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [a! * 40 + b!];
  for (const v of rest) {
    const chunk = [v & 0x7f];
    for (let x = v >>> 7; x > 0; x >>>= 7) chunk.unshift((x & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** AlgorithmIdentifier ecdsa-with-SHA256, parameters absent (RFC 5758). */
const ECDSA_SHA256 = tlv(0x30, oid('1.2.840.10045.4.3.2'));

/**
 * CertificationRequestInfo (RFC 2986): version 0, subject CN=identity (UTF8String), the key's SPKI,
 * and attributes [0] holding one extensionRequest with subjectAltName = dNSName identity.
 */
function requestInfo(identity: string, spkiDer: Buffer): Buffer {
  const name = Buffer.from(identity, 'utf8');
  const subject = tlv(0x30, tlv(0x31, tlv(0x30, oid('2.5.4.3'), tlv(0x0c, name))));
  const san = tlv(0x30, oid('2.5.29.17'), tlv(0x04, tlv(0x30, tlv(0x82, name))));
  const extensionRequest = tlv(0x30, oid('1.2.840.113549.1.9.14'), tlv(0x31, tlv(0x30, san)));
  return tlv(0x30, tlv(0x02, Buffer.of(0)), subject, spkiDer, tlv(0xa0, extensionRequest));
}
