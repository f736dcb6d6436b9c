// Certificate signing requests as Linkerd's identity flow uses them (wire spec §3.3): an ECDSA P-256
// key written as PKCS#8 DER (`key.p8`) and a DER CSR (`csr.der`) with CN = DNS SAN = the local identity.
// createCsr makes them (csr-der.ts, without @peculiar/x509, so the proxy's Certify client never loads
// it; re-exported here for the controller and tests); parseCsr reads a DER CSR into
// plain facts (names, SANs, key type) so callers - the controller's Certify validation, or a proxy
// checking a csr.der it found on disk - judge them without touching ASN.1 themselves.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { PkiError } from './certs.js';
import { createOwnCsr, describeKey, type CsrMaterial } from './csr-der.js';
import { x509 } from './x509.js';

export type { CsrMaterial };
export { describeKey };

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

const SAN_OID = '2.5.29.17';

/** Generate (or reuse) a P-256 key and a CSR for `identity`, shaped exactly like proxy-identity's. */
export async function createCsr(opts: CreateCsrOptions): Promise<CsrMaterial> {
  return createOwnCsr(opts.identity, opts.keyPkcs8Der);
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

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
