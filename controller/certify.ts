// The decision and the signature behind Identity/Certify (wire spec §3.2), kept free of gRPC so it can
// be read against Linkerd's `pkg/identity/service.go` line by line:
//   1. no issuer loaded                               -> UNAVAILABLE
//   2. identity, token or CSR empty, CSR not DER      -> INVALID_ARGUMENT
//   3. CSR content (SANs, CN, key, signature) wrong   -> FAILED_PRECONDITION
//   4. token unknown, or its identity != requested    -> FAILED_PRECONDITION
//   5. sign: subject from the CSR, DNS SAN = identity, KU/EKU as Linkerd, validity clamped to the chain.
// Beyond Linkerd: an issuer chain that has expired since it was loaded gives UNAVAILABLE (Linkerd
// would mint an already-expired leaf), and a failing token check or signer gives INTERNAL.
// The order is Linkerd's (issuer before arguments, CSR before token), so clients see the same code
// Linkerd would give them for the same request. Issuer loading (loadIssuer) lives here too because it
// decides what the chain and its expiry are.
import { X509Certificate, createPrivateKey, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import { csrSignatureValid, describeKey, parseCsr, CsrParseError, type ParsedCsr } from '../proxy/pki/csr.js';
import { x509 } from '../proxy/pki/x509.js';
import { tokenIdentityName, type TokenValidator } from './tokens.js';

/** gRPC status names used by Linkerd's identity service; identity-server.ts maps them to codes. */
export type CertifyCode = 'INVALID_ARGUMENT' | 'UNAVAILABLE' | 'FAILED_PRECONDITION' | 'INTERNAL';

export class CertifyError extends Error {
  constructor(
    readonly code: CertifyCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CertifyError';
  }
}

/** Issuer certificate (optionally followed by further intermediates) and its private key, PEM. */
export interface IssuerPem {
  readonly certPem: string;
  readonly keyPem: string;
}

/** An issuer checked against the trust anchors and ready to sign. */
export interface LoadedIssuer {
  readonly cert: x509.X509Certificate;
  readonly key: webcrypto.CryptoKey;
  /** Returned as intermediate_certificates: the issuer, then bundle intermediates (no self-signed roots). */
  readonly intermediatesDer: readonly Buffer[];
  /** Earliest notAfter of the issuer bundle and the anchor it chains to: leaves never outlive it. */
  readonly chainNotAfter: Date;
}

export interface CertifyPolicy {
  readonly trustDomain: string;
  readonly controlPlaneNamespace: string;
  readonly issuanceLifetimeMs: number;
  readonly clockSkewMs: number;
}

/** CertifyRequest fields as received; anything may be missing. */
export interface CertifyInput {
  readonly identity?: string | null;
  readonly token?: Uint8Array | null;
  readonly csrDer?: Uint8Array | null;
}

export interface Certified {
  readonly identity: string;
  readonly leafDer: Buffer;
  readonly intermediatesDer: readonly Buffer[];
  /** = the leaf's notAfter (whole seconds, as X.509 encodes it). */
  readonly validUntil: Date;
}

export interface CertifyDeps {
  readonly issuer: LoadedIssuer | undefined;
  readonly tokens: TokenValidator;
  readonly policy: CertifyPolicy;
  readonly now: Date;
}

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN_ALG = { name: 'ECDSA', hash: 'SHA-256' } as const;
/** Longest issuer bundle -> anchor path we walk; real meshes use one or two levels. */
const MAX_CHAIN = 8;

/** Validate a CertifyRequest and sign the leaf, or throw CertifyError with Linkerd's status. */
export async function certify(req: CertifyInput, deps: CertifyDeps): Promise<Certified> {
  const { issuer, policy, now } = deps;
  if (!issuer) throw new CertifyError('UNAVAILABLE', 'cert issuer not ready yet');
  const identity = req.identity ?? '';
  const token = Buffer.from(req.token ?? []);
  if (identity === '') throw new CertifyError('INVALID_ARGUMENT', 'missing identity');
  if (token.length === 0) throw new CertifyError('INVALID_ARGUMENT', 'missing token');
  const csr = parseRequestCsr(req.csrDer);

  const problems = checkCsr(csr, identity);
  if (problems.length === 0 && !(await csrSignatureValid(csr))) {
    problems.push('CSR signature does not verify with its own public key');
  }
  if (problems.length > 0) throw new CertifyError('FAILED_PRECONDITION', `invalid CSR: ${problems.join('; ')}`);

  const owner = validateToken(deps.tokens, token, identity);
  // Linkerd answers FailedPrecondition both for a token the TokenReview did not authenticate and for
  // a token of another service account; an unknown token here is the former (see identity-server.ts).
  if (!owner) throw new CertifyError('FAILED_PRECONDITION', `authentication token could not be authenticated (requested=${identity})`);
  const tokenIdentity = tokenIdentityName(owner, policy.controlPlaneNamespace, policy.trustDomain);
  if (tokenIdentity !== identity) {
    throw new CertifyError(
      'FAILED_PRECONDITION',
      `requested identity did not match provided token: requested=${identity}; found=${tokenIdentity}`,
    );
  }
  return issueLeaf(issuer, csr, identity, policy, now);
}

function parseRequestCsr(der: Uint8Array | null | undefined): ParsedCsr {
  if (!der || der.length === 0) throw new CertifyError('INVALID_ARGUMENT', 'missing certificate signing request');
  try {
    return parseCsr(der);
  } catch (err) {
    if (err instanceof CsrParseError) throw new CertifyError('INVALID_ARGUMENT', err.message, { cause: err });
    throw err;
  }
}

function validateToken(tokens: TokenValidator, token: Buffer, identity: string): ReturnType<TokenValidator> {
  try {
    return tokens(token);
  } catch (err) {
    throw new CertifyError('INTERNAL', `error validating token for ${identity}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Every reason the CSR can't be signed for `identity` (empty = acceptable). All are reported at once so
 * an operator fixes a broken CSR in one round trip. Stricter than Linkerd in two places, both
 * deliberate: any non-DNS SAN is refused (Linkerd names email/IP/URI; otherName and friends would be
 * dropped silently there), and the key must be P-256 rather than any ECDSA curve, because
 * linkerd2-proxy only serves certificates to peers offering ecdsa_secp256r1_sha256 (§3.3).
 */
export function checkCsr(csr: ParsedCsr, identity: string): string[] {
  const problems: string[] = [];
  if (csr.sanError) problems.push(csr.sanError);
  for (const [type, what] of [['url', 'URI'], ['email', 'email'], ['ip', 'IP']] as const) {
    const found = csr.otherSans.filter((s) => s.type === type).map((s) => s.value);
    if (found.length > 0) problems.push(`${what} SANs are not allowed (found ${found.join(', ')}); the identity must be the only, DNS, SAN`);
  }
  const exotic = csr.otherSans.filter((s) => !['url', 'email', 'ip'].includes(s.type));
  if (exotic.length > 0) problems.push(`SANs other than DNS are not allowed (found ${exotic.map((s) => `${s.type}:${s.value}`).join(', ')})`);
  if (csr.dnsNames.length !== 1) {
    problems.push(`CSR must have exactly one DNS SAN, found ${csr.dnsNames.length}${csr.dnsNames.length ? ` (${csr.dnsNames.join(', ')})` : ''}`);
  } else if (csr.dnsNames[0] !== identity) {
    problems.push(`CSR name does not match requested identity: csr=${csr.dnsNames[0]}; req=${identity}`);
  }
  if (csr.commonNames.length > 1) problems.push(`CSR subject has ${csr.commonNames.length} CNs; at most one, equal to the identity`);
  const cn = csr.commonNames[0];
  if (cn !== undefined && cn !== '' && cn !== identity) problems.push(`invalid CommonName: ${cn} (must be empty or ${identity})`);
  if (!csr.keyIsP256) problems.push(`CSR key must be ECDSA P-256, got ${csr.keyDescription}`);
  return problems;
}

/** Sign the leaf exactly as Linkerd's CA does (pkg/tls/ca.go), with the clamp to the chain's expiry. */
async function issueLeaf(issuer: LoadedIssuer, csr: ParsedCsr, identity: string, policy: CertifyPolicy, now: Date): Promise<Certified> {
  // X.509 times have whole-second precision; rounding here keeps valid_until == the leaf's notAfter.
  const notBefore = floorSeconds(now.getTime() - policy.clockSkewMs);
  let notAfter = floorSeconds(now.getTime() + policy.issuanceLifetimeMs + policy.clockSkewMs);
  if (issuer.chainNotAfter.getTime() < notAfter.getTime()) notAfter = floorSeconds(issuer.chainNotAfter.getTime());
  if (notAfter.getTime() <= now.getTime()) {
    throw new CertifyError('UNAVAILABLE', `issuer chain expired at ${issuer.chainNotAfter.toISOString()}; rotate the issuer`);
  }
  const subject = csr.request.subjectName;
  const subjectEmpty = subject.toArrayBuffer().byteLength <= 2; // `30 00`: an empty SEQUENCE
  try {
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject,
      issuer: issuer.cert.subjectName,
      notBefore,
      notAfter,
      publicKey: csr.request.publicKey,
      signingKey: issuer.key,
      signingAlgorithm: SIGN_ALG,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
        // RFC 5280: with an empty subject the SAN carries the name and must be critical.
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: identity }], subjectEmpty),
        await x509.SubjectKeyIdentifierExtension.create(csr.request.publicKey),
        await authorityKeyId(issuer.cert),
      ],
    });
    return { identity, leafDer: Buffer.from(leaf.rawData), intermediatesDer: issuer.intermediatesDer, validUntil: notAfter };
  } catch (err) {
    throw new CertifyError('INTERNAL', `signing the certificate for ${identity} failed: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Parse and check an issuer: the first certificate in `certPem` is the issuer, any further ones are
 * intermediates between it and a trust anchor. Like Linkerd's loadCredentials, an issuer that does
 * not verify against the trust anchors is refused, so a bad rotation keeps the previous issuer.
 */
export async function loadIssuer(pem: IssuerPem, trustAnchorsPem: string, now: Date = new Date()): Promise<LoadedIssuer> {
  const bundle = parseCerts(pem.certPem, 'issuer certificate');
  const anchors = parseCerts(trustAnchorsPem, 'trust anchors');
  const issuerCert = bundle[0]!;
  const name = `issuer certificate (${issuerCert.subject.replace(/\n/g, ', ')})`;
  if (!issuerCert.ca) throw new IssuerError(`${name} is not a CA (basicConstraints CA:TRUE missing)`);
  const key = parseIssuerKey(pem.keyPem, issuerCert, name);
  const path = chainToAnchor(issuerCert, bundle.slice(1), anchors, name);
  for (const c of path) {
    const { notBefore, notAfter } = validity(c);
    if (now < notBefore || now > notAfter) {
      throw new IssuerError(`${name}: chain certificate ${c.subject.replace(/\n/g, ', ')} is not valid now (valid ${notBefore.toISOString()} to ${notAfter.toISOString()})`);
    }
  }
  const expiries = [...bundle, path[path.length - 1]!].map((c) => validity(c).notAfter.getTime());
  return {
    cert: new x509.X509Certificate(issuerCert.raw),
    key: await webcrypto.subtle.importKey('pkcs8', key.export({ type: 'pkcs8', format: 'der' }), EC_P256, false, ['sign']),
    intermediatesDer: bundle.filter((c) => !isSelfSigned(c)).map((c) => Buffer.from(c.raw)),
    chainNotAfter: new Date(Math.min(...expiries)),
  };
}

export class IssuerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IssuerError';
  }
}

function parseCerts(pem: string, what: string): X509Certificate[] {
  let ders: ArrayBuffer[];
  try {
    ders = x509.PemConverter.decode(pem);
  } catch (err) {
    throw new IssuerError(`${what}: not PEM: ${(err as Error).message}`, { cause: err });
  }
  if (ders.length === 0) throw new IssuerError(`${what}: no PEM certificate found`);
  return ders.map((der, i) => {
    try {
      return new X509Certificate(Buffer.from(der));
    } catch (err) {
      throw new IssuerError(`${what}: PEM block ${i + 1} is not a certificate: ${(err as Error).message}`, { cause: err });
    }
  });
}

function parseIssuerKey(keyPem: string, cert: X509Certificate, name: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (err) {
    throw new IssuerError(`issuer key: not a PEM private key: ${(err as Error).message}`, { cause: err });
  }
  const { description, isP256 } = describeKey(key);
  if (!isP256) throw new IssuerError(`issuer key must be ECDSA P-256 (Linkerd requires it), got ${description}`);
  if (!cert.checkPrivateKey(key)) throw new IssuerError(`issuer key does not match the ${name}`);
  return key;
}

/** issuer, [intermediates...], anchor: the path Linkerd's x509 Verify would find, or an error saying why not. */
function chainToAnchor(issuer: X509Certificate, rest: X509Certificate[], anchors: X509Certificate[], name: string): X509Certificate[] {
  const path = [issuer];
  let cur = issuer;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    const anchor = anchors.find((a) => issuedBy(cur, a));
    if (anchor) return cur === anchor || cur.raw.equals(anchor.raw) ? path : [...path, anchor];
    const next = rest.find((c) => !path.includes(c) && issuedBy(cur, c));
    if (!next) break;
    path.push(next);
    cur = next;
  }
  throw new IssuerError(`${name} does not chain to any of the ${anchors.length} trust anchor(s)`);
}

/** Dates via @peculiar/x509 (Node 20's X509Certificate only offers OpenSSL-formatted strings). */
function validity(c: X509Certificate): { notBefore: Date; notAfter: Date } {
  const parsed = new x509.X509Certificate(c.raw);
  return { notBefore: parsed.notBefore, notAfter: parsed.notAfter };
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  return child.checkIssued(parent) && child.verify(parent.publicKey);
}

function isSelfSigned(c: X509Certificate): boolean {
  return issuedBy(c, c);
}

async function authorityKeyId(issuer: x509.X509Certificate): Promise<x509.AuthorityKeyIdentifierExtension> {
  const ski = issuer.getExtension(x509.SubjectKeyIdentifierExtension);
  return ski ? new x509.AuthorityKeyIdentifierExtension(ski.keyId) : x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey);
}

function floorSeconds(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000);
}

/** Positive, non-zero, 128-bit random serial (Linkerd counts up; random avoids reuse across restarts). */
function randomSerial(): string {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b.toString('hex');
}
