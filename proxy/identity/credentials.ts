// Validated TLS credentials for one local identity: leaf chain + key + trust anchors, checked the way
// linkerd2-proxy's credential store checks a new certificate before using it (key matches, local id in
// the SANs, chains to an anchor, currently valid), plus the TLS 1.3-only secure contexts built from them.
// Everything is synchronous so the file store can validate inside a watcher callback or at startup.
import { X509Certificate, createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import tls from 'node:tls';
import { IdentityError, parseIdentity } from './id.js';
import { certIdentities, identityMatches } from './verify.js';

export interface CredentialsInput {
  /** Leaf first, then intermediates (what Kubernetes calls tls.crt). */
  readonly chainPem: string;
  /** PKCS#8 (or SEC1) PEM private key of the leaf. */
  readonly keyPem: string;
  /** PEM bundle of trust anchors; unparseable entries are skipped with a warning. */
  readonly anchorsPem: string;
  readonly localId: string;
  /** Clock for validity checks (tests). */
  readonly now?: Date;
}

export interface Credentials {
  /** The local identity as configured (DNS ids lower-cased). */
  readonly localId: string;
  readonly chainPem: string;
  readonly keyPem: string;
  /** Only the usable anchors, re-encoded: what the secure contexts trust. */
  readonly anchorsPem: string;
  /** Why individual anchors in the input bundle were skipped (empty when all were usable). */
  readonly anchorWarnings: readonly string[];
  /** DNS and URI SANs of the leaf. */
  readonly leafIdentities: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly serverContext: tls.SecureContext;
  readonly clientContext: tls.SecureContext;
  /** SHA-256 fingerprint of the leaf (colon-separated hex, as Node prints it). */
  readonly fingerprint: string;
}

/** linkerd2-proxy's default (non-FIPS) TLS 1.3 suites, in its preference order. */
export const TLS13_CIPHERSUITES = 'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256';
/**
 * linkerd2-proxy's key-exchange groups in its order: the post-quantum hybrid X25519MLKEM768, then
 * X25519, P-256, P-384. '*' marks the groups a ClientHello carries key shares for: the hybrid and
 * X25519 both (as Node 24's own default does), so a server without the hybrid (podwire on Node 20,
 * an older linkerd2-proxy) takes X25519 at once instead of answering with a HelloRetryRequest, an
 * extra round trip on every connection. A ClientHello grows by ~1.2 KB.
 */
export const LINKERD_GROUPS = '*X25519MLKEM768:*X25519:P-256:P-384';
/** Linkerd's groups without the hybrid, for an OpenSSL without ML-KEM (3.0, in Node 20 and 22). */
export const CLASSICAL_GROUPS = 'X25519:P-256:P-384';
/** The groups podwire offers and accepts: Linkerd's where this OpenSSL has them (3.5+, Node 24). */
export const ECDH_CURVES = supportedGroups(process.versions.openssl);

/**
 * Linkerd's groups on OpenSSL 3.5 or later (ML-KEM and the '*' marks came in 3.5); there a context
 * is built with them first, in case the build left ML-KEM out. Never tried on an older OpenSSL: a
 * refused group list leaves an error on OpenSSL's queue, and on Node 20 the process's next WebCrypto
 * key import then fails ("Invalid keyData"; `podwire pki leaf` could not load its issuer key).
 */
export function supportedGroups(opensslVersion: string): string {
  const [major = 0, minor = 0] = opensslVersion.split('.').map((n) => Number.parseInt(n, 10));
  if (major < 3 || (major === 3 && minor < 5)) return CLASSICAL_GROUPS;
  try {
    tls.createSecureContext({ ecdhCurve: LINKERD_GROUPS });
    return LINKERD_GROUPS;
  } catch {
    return CLASSICAL_GROUPS;
  }
}
/** Any constant works; it only has to be set (OpenSSL caps it at 32 bytes). */
const SESSION_ID_CONTEXT = 'podwire-inbound';
/**
 * Lifetime of the TLS 1.3 session tickets the inbound issues (podwire outbounds resume with them).
 * Short, because a resumed session is not re-verified: it bounds how long a client certificate
 * is trusted on the strength of an earlier handshake (policy is still checked on every connection).
 */
export const SESSION_TICKET_LIFETIME_S = 300;
/** Guard against pathological chains: anchor -> issuer -> leaf is depth 2 in Linkerd. */
const MAX_CHAIN_DEPTH = 8;

/** How validity messages name an anchor (credentialProblems tells anchor problems apart by it). */
const ANCHOR = 'trust anchor';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** Validate the material and build contexts; throws IdentityError whose message names the problem. */
export function buildCredentials(input: CredentialsInput): Credentials {
  const localId = parseIdentity(input.localId).id;
  const chain = parseChain(input.chainPem);
  const leaf = chain[0]!;
  const key = parseKey(input.keyPem);
  if (!leaf.checkPrivateKey(key)) {
    throw new IdentityError('key_mismatch', `private key does not match the leaf certificate (${describe(leaf)})`);
  }
  const anchors = parseAnchors(input.anchorsPem);
  const leafIdentities = certIdentities(leaf);
  checkLocalId(localId, leaf, leafIdentities);
  const now = input.now ?? new Date();
  checkValidity(leaf, 'leaf certificate', now);
  verifyChain(leaf, chain.slice(1), anchors.certs, now);
  const anchorsPem = anchors.certs.map((c) => c.toString()).join('');
  return {
    localId,
    chainPem: input.chainPem,
    keyPem: input.keyPem,
    anchorsPem,
    anchorWarnings: anchors.warnings,
    leafIdentities,
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
    serverContext: makeContext(input.chainPem, input.keyPem, anchorsPem, 'server'),
    clientContext: makeContext(input.chainPem, input.keyPem, anchorsPem, 'client'),
    fingerprint: leaf.fingerprint256,
  };
}

/** Which input of CredentialsInput a problem is about. */
export type CredentialInput = 'chain' | 'key' | 'anchors' | 'localId';

export interface CredentialProblem {
  readonly input: CredentialInput;
  readonly error: IdentityError;
}

/**
 * Every problem with the material at once, for startup checks (buildCredentials stops at the
 * first): each input is parsed on its own, and the checks that relate two inputs (key against
 * certificate, certificate against anchors and local identity) run where both parsed.
 */
export function credentialProblems(input: CredentialsInput): CredentialProblem[] {
  const problems: CredentialProblem[] = [];
  const attempt = <T>(about: CredentialInput | ((err: IdentityError) => CredentialInput), check: () => T): T | undefined => {
    try {
      return check();
    } catch (err) {
      if (!(err instanceof IdentityError)) throw err;
      problems.push({ input: typeof about === 'function' ? about(err) : about, error: err });
      return undefined;
    }
  };
  const localId = attempt('localId', () => parseIdentity(input.localId).id);
  const chain = attempt('chain', () => parseChain(input.chainPem));
  const key = attempt('key', () => parseKey(input.keyPem));
  const anchors = attempt('anchors', () => parseAnchors(input.anchorsPem));
  const leaf = chain?.[0];
  if (!leaf) return problems;
  const now = input.now ?? new Date();
  if (key && !leaf.checkPrivateKey(key)) {
    problems.push({ input: 'key', error: new IdentityError('key_mismatch', `private key does not match the leaf certificate (${describe(leaf)})`) });
  }
  if (localId !== undefined) attempt('chain', () => checkLocalId(localId, leaf, certIdentities(leaf)));
  attempt('chain', () => checkValidity(leaf, 'leaf certificate', now));
  if (anchors) attempt((err) => (err.message.startsWith(ANCHOR) ? 'anchors' : 'chain'), () => verifyChain(leaf, chain!.slice(1), anchors.certs, now));
  return problems;
}

/** Every PEM block in `text`, with its label, in order; text outside blocks is ignored. */
export function pemBlocks(text: string): { label: string; pem: string }[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1]!, pem: m[0] + '\n' }));
}

function parseChain(chainPem: string): X509Certificate[] {
  const blocks = pemBlocks(chainPem);
  if (blocks.length === 0) {
    throw new IdentityError('no_certificate', 'no certificate found in the certificate chain (expected PEM "CERTIFICATE" blocks)');
  }
  return blocks.map((b, i) => {
    if (b.label !== 'CERTIFICATE') {
      throw new IdentityError('bad_certificate', `certificate chain entry #${i + 1} is a "${b.label}" block, not a CERTIFICATE`);
    }
    try {
      return new X509Certificate(b.pem);
    } catch (err) {
      throw new IdentityError('bad_certificate', `certificate chain entry #${i + 1} is not a valid X.509 certificate: ${errText(err)}`, { cause: err });
    }
  });
}

/** Only ECDSA P-256: linkerd2-proxy serves its cert only for ecdsa_secp256r1_sha256. */
function parseKey(keyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (err) {
    throw new IdentityError('bad_key', `private key is not a readable unencrypted PEM key: ${errText(err)}`, { cause: err });
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    throw new IdentityError('unsupported_key', `private key is ${describeKey(key)}; Linkerd identities require ECDSA P-256 (prime256v1)`);
  }
  return key;
}

function describeKey(key: KeyObject): string {
  const d = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec') return `EC ${d?.namedCurve ?? 'unknown curve'}`;
  if (d?.modulusLength) return `${key.asymmetricKeyType?.toUpperCase()} ${d.modulusLength}-bit`;
  return String(key.asymmetricKeyType ?? key.type).toUpperCase();
}

/** Invalid anchors are skipped with a warning, zero usable anchors is fatal (linkerd meshtls creds.rs). */
function parseAnchors(anchorsPem: string): { certs: X509Certificate[]; warnings: string[] } {
  const certs: X509Certificate[] = [];
  const warnings: string[] = [];
  pemBlocks(anchorsPem).forEach((b, i) => {
    if (b.label !== 'CERTIFICATE') {
      warnings.push(`trust anchor #${i + 1} skipped: "${b.label}" block is not a CERTIFICATE`);
      return;
    }
    try {
      certs.push(new X509Certificate(b.pem));
    } catch (err) {
      warnings.push(`trust anchor #${i + 1} skipped: not a valid X.509 certificate (${errText(err)})`);
    }
  });
  if (certs.length === 0) {
    const why = warnings.length === 0 ? 'no PEM CERTIFICATE blocks found' : warnings.join('; ');
    throw new IdentityError('no_trust_anchors', `no usable trust anchors: ${why}`);
  }
  return { certs, warnings };
}

function checkLocalId(localId: string, leaf: X509Certificate, ids: readonly string[]): void {
  if (identityMatches(localId, ids)) return;
  const sans = ids.length === 0 ? 'none' : ids.join(', ');
  throw new IdentityError(
    'identity_not_in_certificate',
    `leaf certificate (${describe(leaf)}) SANs do not include local identity ${localId}; SANs: ${sans}`,
  );
}

function checkValidity(cert: X509Certificate, what: string, now: Date): void {
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (now < notBefore) {
    throw new IdentityError('not_yet_valid', `${what} (${describe(cert)}) is not valid until ${notBefore.toISOString()} (now ${now.toISOString()})`);
  }
  if (now > notAfter) {
    throw new IdentityError('expired', `${what} (${describe(cert)}) expired at ${notAfter.toISOString()} (now ${now.toISOString()})`);
  }
}

/**
 * Walk leaf -> intermediates -> anchor by issuer name/AKID and signature, checking dates on the way
 * (OpenSSL checks every certificate's dates, anchors included, so an expired one breaks handshakes).
 */
function verifyChain(leaf: X509Certificate, intermediates: X509Certificate[], anchors: X509Certificate[], now: Date): void {
  let current = leaf;
  const pool = [...intermediates];
  for (let depth = 0; depth < MAX_CHAIN_DEPTH; depth++) {
    const anchor = anchors.find((a) => issuedBy(current, a));
    if (anchor) return checkValidity(anchor, ANCHOR, now);
    const i = pool.findIndex((c) => c.ca && issuedBy(current, c));
    if (i < 0) throw untrusted(leaf, current, anchors);
    current = pool.splice(i, 1)[0]!;
    checkValidity(current, 'intermediate certificate', now);
  }
  throw new IdentityError('untrusted', `certificate chain of ${describe(leaf)} is deeper than ${MAX_CHAIN_DEPTH}`);
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  return child.checkIssued(parent) && child.verify(parent.publicKey);
}

function untrusted(leaf: X509Certificate, stuck: X509Certificate, anchors: X509Certificate[]): IdentityError {
  const names = anchors.map((a) => dn(a.subject)).join('; ');
  return new IdentityError(
    'untrusted',
    `leaf certificate (${describe(leaf)}) does not chain to any trust anchor: nothing in the chain or the ` +
      `${anchors.length} anchor(s) [${names}] issued "${dn(stuck.issuer)}"`,
  );
}

/**
 * Separate contexts per role so callers can tune one without affecting the other.
 * Server side: tls.createServer() IGNORES a `secureContext` option (it rebuilds one from cert/key), so
 * use `new tls.TLSSocket(raw, { isServer: true, secureContext, requestCert: true })` or SNICallback.
 * sessionIdContext is required there: with client-cert requests and no session id context, OpenSSL
 * aborts any resumption attempt with "session id context uninitialized" (tls.Server sets one for you,
 * a bare TLSSocket doesn't).
 */
function makeContext(chainPem: string, keyPem: string, anchorsPem: string, role: 'server' | 'client'): tls.SecureContext {
  try {
    return tls.createSecureContext({
      cert: chainPem,
      key: keyPem,
      ca: anchorsPem,
      minVersion: 'TLSv1.3',
      maxVersion: 'TLSv1.3',
      // Node routes TLS_* names in `ciphers` to SSL_CTX_set_ciphersuites (there is no separate option).
      ciphers: TLS13_CIPHERSUITES,
      ecdhCurve: ECDH_CURVES,
      // Fresh ticket keys for every context: a rotated certificate or new anchors build new
      // contexts, and tickets issued under the old ones can no longer be decrypted, so no session
      // from before the rotation resumes (the client does a full, verified handshake instead).
      ...(role === 'server' && { sessionIdContext: SESSION_ID_CONTEXT, ticketKeys: randomBytes(48), sessionTimeout: SESSION_TICKET_LIFETIME_S }),
    });
  } catch (err) {
    throw new IdentityError('bad_certificate', `TLS rejected the credentials: ${errText(err)}`, { cause: err });
  }
}

/** Subject for messages; pure-SPIFFE leaves have an empty subject, so fall back to SANs/serial. */
function describe(cert: X509Certificate): string {
  const subject = dn(cert.subject);
  if (subject) return subject;
  const sans = certIdentities(cert);
  return sans.length > 0 ? `SAN ${sans[0]}` : `serial ${cert.serialNumber}`;
}

/** Node prints DNs one RDN per line, and returns undefined (despite its typings) for an empty DN. */
function dn(name: string | undefined): string {
  return (name ?? '').replace(/\n/g, ', ');
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
