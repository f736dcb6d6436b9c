// Identity strings as Linkerd understands them, and the error type for everything identity-related.
// Linkerd ids are either DNS-like names carried in a DNS SAN
// (`<sa>.<ns>.serviceaccount.identity.<cp-ns>.<trust-domain>`) or SPIFFE URIs carried in a URI SAN
// (SPIRE / mesh expansion). Parsing is strict so a typo in config fails at startup, not per connection.
import { isDnsName } from '../transport/addr.js';

export type IdentityKind = 'dns' | 'uri';

export interface ParsedIdentity {
  readonly kind: IdentityKind;
  /** DNS ids are lower-cased (DNS is case-insensitive); SPIFFE ids are kept verbatim. */
  readonly id: string;
}

/** Machine-readable cause, so callers (e.g. the file store) can say which input was wrong. */
export type IdentityErrorCode =
  | 'invalid_identity'
  | 'no_certificate'
  | 'bad_certificate'
  | 'bad_key'
  | 'unsupported_key'
  | 'key_mismatch'
  | 'identity_not_in_certificate'
  | 'expired'
  | 'not_yet_valid'
  | 'untrusted'
  | 'no_trust_anchors'
  | 'io'
  | 'not_loaded';

export class IdentityError extends Error {
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IdentityError';
  }
}

const SPIFFE_PREFIX = 'spiffe://';
// SPIFFE ID spec: trust domain is lower-case letters, digits, '.', '-', '_'; path segments use
// letters, digits, '.', '-', '_' and may not be empty, '.' or '..'.
const TRUST_DOMAIN = /^[a-z0-9._-]+$/;
const PATH_SEGMENT = /^[A-Za-z0-9._-]+$/;

export function isSpiffe(s: string): boolean {
  return s.startsWith(SPIFFE_PREFIX);
}

/** Parse and normalise an identity; throws IdentityError('invalid_identity') saying what's wrong. */
export function parseIdentity(s: string): ParsedIdentity {
  if (s.length === 0) throw invalid(s, 'identity is empty');
  if (isSpiffe(s)) return { kind: 'uri', id: checkSpiffe(s) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    throw invalid(s, 'only spiffe:// URIs are supported as URI identities');
  }
  return { kind: 'dns', id: checkDnsId(s) };
}

/** Non-throwing variant for hot paths (peer certificates) where a bad SAN just doesn't count. */
export function tryParseIdentity(s: string): ParsedIdentity | undefined {
  try {
    return parseIdentity(s);
  } catch {
    return undefined;
  }
}

function checkDnsId(s: string): string {
  // Linkerd skips DNS SANs with a trailing dot, so such an id could never match a peer.
  if (s.endsWith('.')) throw invalid(s, 'DNS identity must not end with a dot');
  const lower = s.toLowerCase();
  if (!isDnsName(lower)) {
    throw invalid(s, 'not a valid DNS name (labels of a-z, 0-9, "-", at most 63 chars each, 253 total)');
  }
  return lower;
}

function checkSpiffe(s: string): string {
  const rest = s.slice(SPIFFE_PREFIX.length);
  const slash = rest.indexOf('/');
  const trustDomain = slash < 0 ? rest : rest.slice(0, slash);
  if (trustDomain.length === 0) throw invalid(s, 'SPIFFE id has an empty trust domain');
  if (!TRUST_DOMAIN.test(trustDomain)) {
    throw invalid(s, `SPIFFE trust domain ${JSON.stringify(trustDomain)} may only contain a-z, 0-9, ".", "-", "_"`);
  }
  if (slash < 0 || slash === rest.length - 1) {
    throw invalid(s, 'SPIFFE id needs a workload path (spiffe://trust-domain/path)');
  }
  for (const seg of rest.slice(slash + 1).split('/')) checkSpiffeSegment(s, seg);
  return s;
}

function checkSpiffeSegment(s: string, seg: string): void {
  if (seg === '' || seg === '.' || seg === '..') {
    throw invalid(s, 'SPIFFE path segments must not be empty, "." or ".."');
  }
  if (!PATH_SEGMENT.test(seg)) {
    throw invalid(s, `SPIFFE path segment ${JSON.stringify(seg)} may only contain A-Z, a-z, 0-9, ".", "-", "_"`);
  }
}

function invalid(s: string, why: string): IdentityError {
  return new IdentityError('invalid_identity', `invalid identity ${JSON.stringify(s)}: ${why}`);
}
