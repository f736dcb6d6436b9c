// How `podwire controller` decides who a workload is when it calls Certify. In Kubernetes, Linkerd's
// identity controller asks the API server (TokenReview) whom a service-account token belongs to;
// outside Kubernetes there is no API server, so a tokens file maps each token to `<sa>.<ns>`:
//
//   # YAML or JSON, one entry per workload token
//   "9c1f...e7": web.default
//   "3ab0...41": db.payments
//
// The controller then turns `<sa>.<ns>` into the Linkerd identity the token may request
// (`<sa>.<ns>.serviceaccount.identity.<cp-ns>.<trust-domain>`, see certify.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** The service account a token belongs to (what Linkerd reads from a TokenReview's username). */
export interface TokenIdentity {
  readonly sa: string;
  readonly ns: string;
}

/** Who presented this token, or undefined when the token is not known (not authenticated). */
export type TokenValidator = (token: Buffer) => TokenIdentity | undefined;

export class TokenFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TokenFileError';
  }
}

/** Kubernetes names service accounts and namespaces with DNS-1123 labels; Linkerd's validator insists. */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

interface Entry {
  readonly digest: Buffer;
  readonly identity: TokenIdentity;
}

/** Read and validate a tokens file. Errors name the file and the offending entry. */
export function loadTokens(file: string): TokenValidator {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new TokenFileError(`tokens file ${file}: cannot read: ${(err as Error).message}`, { cause: err });
  }
  return parseTokens(text, file);
}

/** Parse tokens file text (YAML or JSON; JSON is YAML). `source` names the origin in errors. */
export function parseTokens(text: string, source = 'tokens file'): TokenValidator {
  let doc: unknown;
  try {
    // The failsafe schema keeps every scalar a string, so a token like `0x10` or `true` stays exactly
    // what was written instead of becoming 16 or a boolean; mapAsMap keeps odd keys like __proto__ safe.
    doc = parseYaml(text, { schema: 'failsafe', mapAsMap: true });
  } catch (err) {
    throw new TokenFileError(`${source}: not valid YAML/JSON: ${(err as Error).message}`, { cause: err });
  }
  if (doc === null || doc === undefined || doc === '') {
    throw new TokenFileError(`${source}: is empty; expected a mapping of "<token>": "<serviceaccount>.<namespace>"`);
  }
  if (!(doc instanceof Map)) {
    throw new TokenFileError(`${source}: expected a mapping of "<token>": "<serviceaccount>.<namespace>"`);
  }
  const entries: [string, string][] = [];
  for (const [k, v] of doc) {
    if (typeof k !== 'string' || typeof v !== 'string') {
      throw new TokenFileError(`${source}: entry ${JSON.stringify(String(k))} must map a token string to "<serviceaccount>.<namespace>"`);
    }
    entries.push([k, v]);
  }
  return createTokenValidator(entries, source);
}

/**
 * Build a validator from [token, "<sa>.<ns>"] pairs (also usable for tokens inlined in a topology).
 * Rejects empty tokens, tokens with surrounding whitespace, and values that are not `<sa>.<ns>`.
 */
export function createTokenValidator(pairs: Iterable<readonly [string, string]>, source = 'tokens'): TokenValidator {
  const entries: Entry[] = [];
  for (const [token, owner] of pairs) {
    entries.push({ digest: digestOf(checkToken(token, owner, source)), identity: parseOwner(token, owner, source) });
  }
  if (entries.length === 0) throw new TokenFileError(`${source}: contains no tokens`);
  return (presented: Buffer) => lookup(entries, presented);
}

/** `<sa>.<ns>.serviceaccount.identity.<cp-ns>.<trust-domain>`: the identity a token may request. */
export function tokenIdentityName(id: TokenIdentity, controlPlaneNamespace: string, trustDomain: string): string {
  return `${id.sa}.${id.ns}.serviceaccount.identity.${controlPlaneNamespace}.${trustDomain}`;
}

/**
 * Compare the presented token with every known token in constant time: each comparison is of
 * fixed-length SHA-256 digests with timingSafeEqual, and the loop never exits early, so neither the
 * position of a match nor the length of a common prefix leaks through response timing.
 */
function lookup(entries: readonly Entry[], presented: Buffer): TokenIdentity | undefined {
  const digest = digestOf(trimTrailingWhitespace(presented));
  let found: TokenIdentity | undefined;
  for (const e of entries) {
    if (timingSafeEqual(e.digest, digest)) found = e.identity;
  }
  return found;
}

/**
 * Token files are often written with `echo`, which appends a newline, and the proxy sends the file's
 * raw bytes (spec §3.1). Kubernetes tokens never contain whitespace, so trailing whitespace is
 * dropped before comparing rather than making operators chase an invisible "\n".
 */
function trimTrailingWhitespace(b: Buffer): Buffer {
  let end = b.length;
  while (end > 0 && isAsciiSpace(b[end - 1]!)) end--;
  return b.subarray(0, end);
}

function isAsciiSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function digestOf(token: string | Buffer): Buffer {
  return createHash('sha256').update(token).digest();
}

function checkToken(token: string, owner: string, source: string): string {
  if (token === '') throw new TokenFileError(`${source}: an entry for ${JSON.stringify(owner)} has an empty token`);
  if (token.trim() !== token) {
    throw new TokenFileError(`${source}: the token for ${JSON.stringify(owner)} has leading or trailing whitespace`);
  }
  return token;
}

/** Tokens are secrets: errors about their values name the owner and a token prefix, not the token. */
function parseOwner(token: string, owner: string, source: string): TokenIdentity {
  const where = `${source}: token ${redact(token)}`;
  if (owner === '') throw new TokenFileError(`${where} maps to nothing; expected "<serviceaccount>.<namespace>"`);
  const parts = owner.split('.');
  const [sa, ns] = parts;
  if (parts.length !== 2 || sa === undefined || ns === undefined) {
    throw new TokenFileError(`${where} maps to ${JSON.stringify(owner)}; expected "<serviceaccount>.<namespace>"`);
  }
  for (const [what, label] of [['service account', sa], ['namespace', ns]] as const) {
    if (!DNS_LABEL.test(label)) {
      throw new TokenFileError(`${where}: ${what} ${JSON.stringify(label)} is not a DNS-1123 label (lower-case a-z, 0-9, '-')`);
    }
  }
  return { sa, ns };
}

function redact(token: string): string {
  return token.length <= 8 ? '"…"' : JSON.stringify(`${token.slice(0, 4)}…`);
}
