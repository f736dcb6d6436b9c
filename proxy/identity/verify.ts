// Peer identity extraction and checking, the Linkerd way: the chain is verified by the TLS stack
// against the trust anchors, then identity is "the leaf's DNS/URI SANs contain the expected id".
// There is no SNI/hostname check (linkerd2-proxy's AnySanVerifier + verify_id). This runs per
// connection, so SAN lists are cached by certificate fingerprint.
import { X509Certificate } from 'node:crypto';
import type tls from 'node:tls';
import { loadX509 } from '../pki/x509-load.js';
import { isSpiffe, parseIdentity, tryParseIdentity } from './id.js';

/** Anything we can read SANs from: Node's X509Certificate, tls PeerCertificate, or PEM text. */
export type CertInput = X509Certificate | tls.PeerCertificate | string;

interface AltName {
  readonly type: string;
  readonly value: string;
}

/** Small LRU on Map insertion order; peers are few and long-lived, so 512 covers a busy pod. */
class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }

  get size(): number {
    return this.map.size;
  }
}

const SAN_CACHE_SIZE = 512;
const sanCache = new LruCache<string, readonly string[]>(SAN_CACHE_SIZE);

/** Number of cached SAN lists (for tests and debug endpoints). */
export function sanCacheSize(): number {
  return sanCache.size;
}

/**
 * The certificate's DNS and URI SANs in certificate order, verbatim (not validated: a SAN that is
 * not a valid identity simply never matches). Cached by SHA-256 fingerprint.
 */
export function certIdentities(cert: CertInput): readonly string[] {
  const c = typeof cert === 'string' ? new X509Certificate(cert) : cert;
  // getPeerCertificate() returns {} when there is no certificate: nothing to key on, nothing to cache.
  const key: string | undefined = c.fingerprint256;
  const hit = key ? sanCache.get(key) : undefined;
  if (hit) return hit;
  const ids = Object.freeze(
    altNames(c)
      .filter((n) => n.type === 'DNS' || n.type === 'URI')
      .map((n) => n.value),
  );
  if (key) sanCache.set(key, ids);
  return ids;
}

/**
 * Linkerd's client id rule: the first DNS or URI SAN that parses as an identity
 * (so DNS SANs with a trailing dot are skipped).
 */
export function primaryIdentity(ids: readonly string[]): string | undefined {
  for (const id of ids) if (tryParseIdentity(id)) return id;
  return undefined;
}

/** What the TLS stack established about the peer, read once per connection. */
export interface PeerCheck {
  /** The peer sent a certificate (verified or not). */
  readonly presented: boolean;
  /** Set when the peer sent a certificate whose chain did not verify against our anchors. */
  readonly untrusted: Error | undefined;
  /** DNS/URI SANs of a verified certificate; empty when none was sent or it did not verify. */
  readonly identities: readonly string[];
}

/**
 * Check the peer once: reading the peer certificate is costly on each connection, so
 * per-connection code asks here instead of calling Node's getters several times. With
 * `rejectUnauthorized: false` (Linkerd's "request but don't require" client certs) Node completes
 * the handshake even for an untrusted client certificate, so the SANs of an unverified certificate
 * are never returned. Works for tls.Server sockets, client sockets and bare
 * `new tls.TLSSocket(raw, { isServer: true })` sockets (see peerChainVerified).
 */
export function checkPeer(socket: tls.TLSSocket): PeerCheck {
  // getPeerCertificate(false) rather than getPeerX509Certificate(): on a connection's first call
  // it costs about 90 µs against 260 µs (Node 20, measured over 200 fresh connections), and it
  // carries what certIdentities needs (SAN text, fingerprint, DER).
  const cert = socket.getPeerCertificate(false) as tls.PeerCertificate | null;
  if (!cert?.raw) return { presented: false, untrusted: undefined, identities: [] };
  if (socket.authorized || opensslVerifyError(socket) === null) return { presented: true, untrusted: undefined, identities: certIdentities(cert) };
  const why = opensslVerifyError(socket);
  const text = why ? (why as NodeJS.ErrnoException).code ?? why.message : String(socket.authorizationError ?? 'verification result unavailable');
  const untrusted = Object.assign(new Error(`peer certificate not trusted: ${text}`), { code: 'ERR_PODWIRE_UNTRUSTED_PEER' });
  return { presented: true, untrusted, identities: [] };
}

/** Identities of an *authenticated* peer (see checkPeer). */
export function peerIdentities(socket: tls.TLSSocket): string[] {
  return [...checkPeer(socket).identities];
}

/**
 * Why the peer's certificate was not accepted, if it sent one that failed verification.
 * Linkerd's server rejects such clients (only *absent* client certs are tolerated), so inbound code
 * should close the connection when this returns an Error.
 */
export function peerCertificateError(socket: tls.TLSSocket): Error | undefined {
  return checkPeer(socket).untrusted;
}

/**
 * Did the peer present a certificate chain that verified against our CA store?
 * `socket.authorized` is only maintained by tls.Server's connection handler and by tls.connect;
 * a bare server-side `new tls.TLSSocket(raw, { isServer: true, requestCert: true })` never sets it
 * (and never rejects an untrusted client certificate, even with rejectUnauthorized: true, because
 * Node's OpenSSL verify callback always continues and the check lives in that handler). So fall back
 * to the same OpenSSL result Node's handler reads. Fails closed if that internal is unavailable.
 */
export function peerChainVerified(socket: tls.TLSSocket): boolean {
  if (socket.authorized) return true;
  return opensslVerifyError(socket) === null && socket.getPeerX509Certificate() !== undefined;
}

type VerifyHandle = { verifyError?: () => Error | null };

/** Node-internal TLSWrap.verifyError(): null = chain verified; undefined = not available. */
function opensslVerifyError(socket: tls.TLSSocket): Error | null | undefined {
  const handle = (socket as unknown as { _handle?: VerifyHandle | null })._handle;
  return typeof handle?.verifyError === 'function' ? handle.verifyError() : undefined;
}

/** Exact match; DNS ids compare case-insensitively, SPIFFE ids exactly. */
export function identityMatches(expected: string, ids: readonly string[]): boolean {
  if (isSpiffe(expected)) return ids.includes(expected);
  const want = expected.toLowerCase();
  return ids.some((id) => id.length === want.length && id.toLowerCase() === want);
}

/** Error returned to Node from checkServerIdentity; Node destroys the socket with it. */
export class ServerIdentityError extends Error {
  readonly code = 'ERR_PODWIRE_SERVER_IDENTITY';
  constructor(
    readonly expected: string,
    readonly actual: readonly string[],
  ) {
    super(`server certificate does not match TLS identity: expected ${expected}, certificate has ${describeIds(actual)}`);
    this.name = 'ServerIdentityError';
  }
}

function describeIds(ids: readonly string[]): string {
  return ids.length === 0 ? 'no DNS or URI SANs' : `[${ids.join(', ')}]`;
}

/**
 * A `checkServerIdentity` for tls.connect that ignores the hostname/SNI and requires the expected id
 * among the server leaf's SANs. Validates expectedId up front so bad config fails before dialing.
 * Node only calls this after the chain verified and never for resumed sessions, so callers must not
 * pass `session` (linkerd2-proxy disables resumption on the client side too).
 */
export function makeCheckServerIdentity(
  expectedId: string,
): (host: string, cert: tls.PeerCertificate) => Error | undefined {
  parseIdentity(expectedId);
  return (_host, cert) => {
    const ids = certIdentities(cert);
    return identityMatches(expectedId, ids) ? undefined : new ServerIdentityError(expectedId, ids);
  };
}

/** SAN entries from Node's text form, falling back to a DER parse if the text is unparseable. */
function altNames(cert: X509Certificate | tls.PeerCertificate): AltName[] {
  const text = cert instanceof X509Certificate ? cert.subjectAltName : cert.subjectaltname;
  if (!text) return [];
  try {
    return parseAltNameText(text);
  } catch {
    return cert.raw ? altNamesFromDer(cert.raw) : [];
  }
}

/**
 * Parse Node's subjectAltName string, e.g. `DNS:a.b, URI:"spiffe://x/a\u002cb"`. Since Node 17.3
 * (CVE-2021-44532) any value containing `,`, quotes, backslashes or control characters is emitted as a
 * JSON string literal, so splitting on ", " outside quotes is unambiguous.
 */
export function parseAltNameText(text: string): AltName[] {
  const out: AltName[] = [];
  let i = 0;
  while (i < text.length) {
    const colon = text.indexOf(':', i);
    if (colon < 0) throw new Error(`malformed subjectAltName at ${i}`);
    const [value, next] = readAltValue(text, colon + 1);
    out.push({ type: text.slice(i, colon), value });
    if (next === text.length) break;
    if (!text.startsWith(', ', next)) throw new Error(`malformed subjectAltName at ${next}`);
    i = next + 2;
  }
  return out;
}

/** Returns [value, index after value]. */
function readAltValue(text: string, start: number): [string, number] {
  if (text[start] !== '"') {
    const end = text.indexOf(', ', start);
    return end < 0 ? [text.slice(start), text.length] : [text.slice(start, end), end];
  }
  let k = start + 1;
  while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
  if (k >= text.length) throw new Error('unterminated quoted subjectAltName value');
  return [JSON.parse(text.slice(start, k + 1)) as string, k + 1];
}

function altNamesFromDer(der: Buffer): AltName[] {
  try {
    const x509 = loadX509();
    const san = new x509.X509Certificate(der).getExtension(x509.SubjectAlternativeNameExtension);
    if (!san) return [];
    return san.names.items
      .filter((n) => n.type === 'dns' || n.type === 'url')
      .map((n) => ({ type: n.type === 'dns' ? 'DNS' : 'URI', value: n.value }));
  } catch {
    // e.g. an otherName SAN @peculiar/x509 refuses to decode: no identity we could match anyway.
    return [];
  }
}
