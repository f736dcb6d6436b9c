// Certificate creation for a Linkerd-style mesh PKI: trust anchor -> issuer -> workload leaves.
// Everything is ECDSA P-256 / SHA-256 because linkerd2-proxy only serves its certificate to peers
// offering ecdsa_secp256r1_sha256, and Linkerd's docs require P-256 for anchors and issuers too.
// ASN.1 is left to @peculiar/x509; inputs and outputs are PEM strings so callers never see CryptoKeys.
import { createPrivateKey, createPublicKey, randomBytes, webcrypto } from 'node:crypto';
import { PkiError } from './pki-error.js';
import { x509 } from './x509.js';

/** A certificate and its private key (PKCS#8), both PEM. */
export interface CertKeyPair {
  readonly certPem: string;
  readonly keyPem: string;
}

/** What a workload proxy needs: its leaf, the chain it serves, and its key. */
export interface LeafBundle {
  /** The leaf certificate alone. */
  readonly certPem: string;
  /** Leaf followed by the issuer certificate: what a proxy presents in the handshake. */
  readonly chainPem: string;
  /** PKCS#8 PEM private key of the leaf. */
  readonly keyPem: string;
}

export interface CaOptions {
  readonly commonName?: string;
  readonly validDays?: number;
}

export interface LeafOptions {
  /** DNS-like ids become DNS SANs; `spiffe://` ids become URI SANs. The first DNS id is also the CN. */
  readonly identities: readonly string[];
  readonly validDays?: number;
  /** Overrides validDays; handy for short-lived and already-expired test certs. */
  readonly validSeconds?: number;
  /** Start of validity; defaults to now minus the clock-skew allowance. */
  readonly notBefore?: Date;
}

const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const SIGN_ALG = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
/** Linkerd's Helm default `identity.issuer.clockSkewAllowance` (20s): certs start slightly in the past. */
export const CLOCK_SKEW_MS = 20_000;

export const DEFAULT_ANCHOR_CN = 'root.linkerd.cluster.local';
export const DEFAULT_ISSUER_CN = 'identity.linkerd.cluster.local';
export const DEFAULT_ANCHOR_DAYS = 3650;
export const DEFAULT_ISSUER_DAYS = 365;
/** Linkerd's default issuance lifetime is 24h. */
export const DEFAULT_LEAF_DAYS = 1;

export { PkiError };

/** Self-signed root CA. pathLen 1 so exactly one issuer level fits beneath it (like `step --profile root-ca`). */
export async function createTrustAnchor(opts: CaOptions = {}): Promise<CertKeyPair> {
  const keys = await generateKeyPair();
  const notBefore = new Date(Date.now() - CLOCK_SKEW_MS);
  const name = cnName(opts.commonName ?? DEFAULT_ANCHOR_CN);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: name,
    issuer: name,
    notBefore,
    notAfter: addDays(notBefore, opts.validDays ?? DEFAULT_ANCHOR_DAYS),
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    signingAlgorithm: SIGN_ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: await exportKeyPem(keys.privateKey) };
}

/** Intermediate CA signed by the anchor (Linkerd's "identity issuer"); pathLen 0 = it may only sign leaves. */
export async function createIssuer(anchor: CertKeyPair, opts: CaOptions = {}): Promise<CertKeyPair> {
  const parent = await loadSigner(anchor, 'anchor');
  const keys = await generateKeyPair();
  const notBefore = new Date(Date.now() - CLOCK_SKEW_MS);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: cnName(opts.commonName ?? DEFAULT_ISSUER_CN),
    issuer: parent.cert.subjectName,
    notBefore,
    notAfter: clampTo(addDays(notBefore, opts.validDays ?? DEFAULT_ISSUER_DAYS), parent.cert.notAfter),
    publicKey: keys.publicKey,
    signingKey: parent.key,
    signingAlgorithm: SIGN_ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(parent.cert.publicKey),
    ],
  });
  return { certPem: cert.toString('pem') + '\n', keyPem: await exportKeyPem(keys.privateKey) };
}

/** Workload certificate shaped like what Linkerd's identity controller issues (§3.2 of the wire spec). */
export async function createLeaf(issuer: CertKeyPair, opts: LeafOptions): Promise<LeafBundle> {
  const sans = leafSans(opts.identities);
  const parent = await loadSigner(issuer, 'issuer');
  const keys = await generateKeyPair();
  const notBefore = opts.notBefore ?? new Date(Date.now() - CLOCK_SKEW_MS);
  const firstDns = sans.find((n) => n.type === 'dns')?.value;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    // No DNS id (pure SPIFFE) -> empty subject, which RFC 5280 says requires a critical SAN.
    subject: firstDns === undefined ? '' : cnName(firstDns),
    issuer: parent.cert.subjectName,
    notBefore,
    notAfter: clampTo(leafNotAfter(notBefore, opts), parent.cert.notAfter),
    publicKey: keys.publicKey,
    signingKey: parent.key,
    signingAlgorithm: SIGN_ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension(sans, firstDns === undefined),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(parent.cert.publicKey),
    ],
  });
  const certPem = cert.toString('pem') + '\n';
  return { certPem, chainPem: certPem + parent.cert.toString('pem') + '\n', keyPem: await exportKeyPem(keys.privateKey) };
}

/** Map identities to SAN entries; rejects an empty list since a leaf without an identity is useless. */
function leafSans(identities: readonly string[]): { type: 'dns' | 'url'; value: string }[] {
  if (identities.length === 0) throw new PkiError('createLeaf needs at least one identity');
  return identities.map((id) => (id.startsWith('spiffe://') ? { type: 'url', value: id } : { type: 'dns', value: id }));
}

function leafNotAfter(notBefore: Date, opts: LeafOptions): Date {
  if (opts.validSeconds !== undefined) return new Date(notBefore.getTime() + opts.validSeconds * 1000);
  return addDays(notBefore, opts.validDays ?? DEFAULT_LEAF_DAYS);
}

/** Linkerd clamps a child's NotAfter to its issuer's so a chain never outlives its weakest link. */
export function clampTo(notAfter: Date, limit: Date): Date {
  return notAfter.getTime() > limit.getTime() ? limit : notAfter;
}

function addDays(d: Date, days: number): Date {
  if (!(days > 0)) throw new PkiError(`validity must be positive, got ${days} days`);
  return new Date(d.getTime() + days * DAY_MS);
}

/** Escape RFC 4514 specials so an odd CN can't inject extra RDNs. */
function cnName(cn: string): string {
  return `CN=${cn.replace(/([,+"\\<>;=#])/g, '\\$1')}`;
}

/** Positive 128-bit serial (top bit cleared so DER doesn't need a sign byte; never zero). */
export function randomSerial(): string {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b.toString('hex');
}

async function generateKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify']);
}

async function exportKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY') + '\n';
}

export interface Signer {
  readonly cert: x509.X509Certificate;
  readonly key: webcrypto.CryptoKey;
}

/** Parse a CA pair for signing; errors say which role's cert or key is broken. */
export async function loadSigner(pair: CertKeyPair, role: string): Promise<Signer> {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(pair.certPem);
  } catch (err) {
    throw new PkiError(`${role} certificate is not a valid PEM certificate`, { cause: err });
  }
  let key: webcrypto.CryptoKey;
  try {
    const der = x509.PemConverter.decodeFirst(pair.keyPem);
    key = await webcrypto.subtle.importKey('pkcs8', der, EC_ALG, false, ['sign']);
  } catch (err) {
    throw new PkiError(`${role} private key is not a PKCS#8 ECDSA P-256 PEM key`, { cause: err });
  }
  // A mismatched pair would silently mint certificates nobody can verify; catch it here instead.
  if (!samePublicKey(pair.keyPem, cert)) {
    throw new PkiError(`${role} private key does not match ${role} certificate (${cert.subject})`);
  }
  return { cert, key };
}

function samePublicKey(keyPem: string, cert: x509.X509Certificate): boolean {
  const fromKey = createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
  return fromKey.equals(Buffer.from(cert.publicKey.rawData));
}
