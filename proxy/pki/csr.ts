// Certificate signing requests as Linkerd's identity flow uses them (wire spec §3.3): an ECDSA P-256
// key written as PKCS#8 DER (`key.p8`) and a DER CSR (`csr.der`) with CN = DNS SAN = the local identity.
// createCsr makes them (for the proxy's Certify client and for tests); parseCsr reads a DER CSR into
// plain facts (names, SANs, key type) so callers - the controller's Certify validation, or a proxy
// checking a csr.der it found on disk - judge them without touching ASN.1 themselves.
import { createPrivateKey, createPublicKey, webcrypto, type KeyObject } from 'node:crypto';
import { isDnsName } from '../transport/addr.js';
import { PkiError } from './certs.js';
import { x509 } from './x509.js';

/** What a workload needs to ask for a certificate. */
export interface CsrMaterial {
  /** Unencrypted PKCS#8 DER private key: the contents of Linkerd's `key.p8`. */
  readonly keyPkcs8Der: Buffer;
  /** The same key as PKCS#8 PEM ("PRIVATE KEY"), ready for node:tls. */
  readonly keyPem: string;
  /** DER CSR: the contents of Linkerd's `csr.der`, sent as-is in CertifyRequest field 3. */
  readonly csrDer: Buffer;
}

export interface CreateCsrOptions {
  /** The local identity, e.g. `default.default.serviceaccount.identity.linkerd.cluster.local`. */
  readonly identity: string;
  /** Reuse this PKCS#8 DER key (a `key.p8` found on disk) instead of generating one. Must be P-256. */
  readonly keyPkcs8Der?: Buffer;
}

/** A subject alternative name as read from a CSR. */
export interface CsrSan {
  /** @peculiar/x509's GeneralName type: dns, url, ip, email, dn, guid, upn, id. */
  readonly type: string;
  readonly value: string;
}

/** Everything a reviewer needs to know about a CSR, plus the parsed request for signing. */
export interface ParsedCsr {
  readonly request: x509.Pkcs10CertificateRequest;
  /** Every CN in the subject (normally zero or one). */
  readonly commonNames: readonly string[];
  /** DNS SANs, in order. */
  readonly dnsNames: readonly string[];
  /** Every SAN that is not a DNS name (URI/SPIFFE, IP, email, ...). */
  readonly otherSans: readonly CsrSan[];
  /** Set when a SAN extension exists but could not be decoded (e.g. an unsupported otherName). */
  readonly sanError?: string;
  /** The subject public key as SPKI DER. */
  readonly spkiDer: Buffer;
  /** Human description of the key, e.g. "ECDSA P-256", "ECDSA P-384", "RSA 2048-bit". */
  readonly keyDescription: string;
  /** True when the key is ECDSA on P-256, the only curve linkerd2-proxy serves certificates for. */
  readonly keyIsP256: boolean;
}

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN_ALG = { name: 'ECDSA', hash: 'SHA-256' } as const;
const SAN_OID = '2.5.29.17';
/** OpenSSL's names for the curves a CSR is likely to carry, mapped to the names people know. */
const CURVE_NAMES: Readonly<Record<string, string>> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp256k1: 'secp256k1',
};

/** Generate (or reuse) a P-256 key and a CSR for `identity`, shaped exactly like proxy-identity's. */
export async function createCsr(opts: CreateCsrOptions): Promise<CsrMaterial> {
  const identity = opts.identity;
  if (!identity) throw new PkiError('createCsr: identity is empty');
  if (!isDnsName(identity)) {
    throw new PkiError(`createCsr: identity ${JSON.stringify(identity)} is not a lower-case DNS name`);
  }
  const keys = opts.keyPkcs8Der ? await importP256KeyPair(opts.keyPkcs8Der) : await generateP256KeyPair();
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [identity] }],
    keys,
    signingAlgorithm: SIGN_ALG,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: identity }])],
  });
  const keyPkcs8Der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    keyPkcs8Der,
    keyPem: x509.PemConverter.encode(keyPkcs8Der, 'PRIVATE KEY') + '\n',
    csrDer: Buffer.from(csr.rawData),
  };
}

/** Thrown when bytes are not a DER PKCS#10 request at all (as opposed to a request with bad content). */
export class CsrParseError extends PkiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CsrParseError';
  }
}

/** Parse a DER CSR. Throws CsrParseError for anything that is not a readable PKCS#10 request. */
export function parseCsr(der: Uint8Array): ParsedCsr {
  if (der.length === 0) throw new CsrParseError('CSR is empty');
  // @peculiar/x509 also accepts PEM text here; Linkerd's controller (Go's ParseCertificateRequest)
  // does not, and the wire format is DER (spec §3.1). A DER CSR is a SEQUENCE, tag byte 0x30.
  if (der[0] !== 0x30) {
    const hint = Buffer.from(der.subarray(0, 11)).toString('latin1') === '-----BEGIN ' ? ' (got PEM; send DER)' : '';
    throw new CsrParseError(`CSR is not a valid DER PKCS#10 certificate request${hint}`);
  }
  let request: x509.Pkcs10CertificateRequest;
  let commonNames: string[];
  let key: KeyObject;
  try {
    request = new x509.Pkcs10CertificateRequest(der);
    commonNames = request.subjectName.getField('CN');
    key = createPublicKey({ key: Buffer.from(request.publicKey.rawData), format: 'der', type: 'spki' });
  } catch (err) {
    throw new CsrParseError(`CSR is not a valid DER PKCS#10 certificate request: ${errorText(err)}`, { cause: err });
  }
  const sans = readSans(request);
  const keyInfo = describeKey(key);
  return {
    request,
    commonNames,
    dnsNames: sans.names.filter((n) => n.type === 'dns').map((n) => n.value),
    otherSans: sans.names.filter((n) => n.type !== 'dns'),
    ...(sans.error === undefined ? {} : { sanError: sans.error }),
    spkiDer: key.export({ type: 'spki', format: 'der' }),
    keyDescription: keyInfo.description,
    keyIsP256: keyInfo.isP256,
  };
}

/** Check the CSR's self-signature (proof that the requester holds the private key). */
export async function csrSignatureValid(csr: ParsedCsr): Promise<boolean> {
  try {
    return await csr.request.verify();
  } catch {
    // Unsupported or malformed signature algorithms count as "not valid", never as a crash.
    return false;
  }
}

/** SAN entries from every SAN extension in the request's extensionRequest attribute. */
function readSans(request: x509.Pkcs10CertificateRequest): { names: CsrSan[]; error?: string } {
  try {
    const names: CsrSan[] = [];
    for (const ext of request.extensions) {
      if (ext.type !== SAN_OID) continue;
      const san = ext instanceof x509.SubjectAlternativeNameExtension ? ext : new x509.SubjectAlternativeNameExtension(ext.rawData);
      for (const n of san.names.items) names.push({ type: n.type, value: n.value });
    }
    return { names };
  } catch (err) {
    return { names: [], error: `CSR subject alternative names could not be read: ${errorText(err)}` };
  }
}

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

async function generateP256KeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
}

/** Import a PKCS#8 DER key as a WebCrypto pair, refusing anything but P-256 with a clear message. */
async function importP256KeyPair(pkcs8Der: Buffer): Promise<webcrypto.CryptoKeyPair> {
  let priv: KeyObject;
  try {
    priv = createPrivateKey({ key: pkcs8Der, format: 'der', type: 'pkcs8' });
  } catch (err) {
    throw new PkiError(`createCsr: key is not an unencrypted PKCS#8 DER private key: ${errorText(err)}`, { cause: err });
  }
  const { description, isP256 } = describeKey(priv);
  if (!isP256) throw new PkiError(`createCsr: key must be ECDSA P-256 (Linkerd requires it), got ${description}`);
  const spki = createPublicKey(priv).export({ type: 'spki', format: 'der' });
  const [privateKey, publicKey] = await Promise.all([
    webcrypto.subtle.importKey('pkcs8', pkcs8Der, EC_P256, true, ['sign']),
    webcrypto.subtle.importKey('spki', spki, EC_P256, true, ['verify']),
  ]);
  return { privateKey, publicKey };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
