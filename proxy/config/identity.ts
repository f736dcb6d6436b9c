// The identity part of the configuration: where the workload certificate comes from. Either files
// (PODWIRE_IDENTITY_CERT_FILE/KEY_FILE, watched) or Linkerd's Identity service (Certify) with
// linkerd2-proxy's variables (spec §6): LINKERD2_PROXY_IDENTITY_SVC_ADDR/_NAME, _DIR, _TOKEN_FILE,
// _MIN_REFRESH/_MAX_REFRESH. Trust anchors and the local name are common to both. config.ts owns the
// environment; this module only reads through the accessor it is handed.
import { isDnsName } from '../transport/addr.js';
import { parseIdentity } from '../identity/id.js';
import type { ControlPlaneAddr } from '../config.js';
import { parseDuration } from './parse.js';

/** What config.ts's reader offers: raw values, parsing with problems recorded per variable. */
export interface EnvAccess {
  raw(name: string): string | undefined;
  problem(name: string, why: string): void;
  get<T>(name: string, parse: (text: string) => T, fallback?: string): T | undefined;
  required<T>(name: string, parse: (text: string) => T, why: string): T | undefined;
}

/** linkerd2-proxy's refresh bounds (linkerd/app/src/env.rs). */
export const IDENTITY_DEFAULTS = { minRefresh: '10s', maxRefresh: '24h' } as const;

/** What every identity mode shares: who we are and whom we trust. */
interface IdentityCommon {
  readonly localName: string;
  /** Exactly one of these (inline PEM as Linkerd passes it, or a watched bundle file). */
  readonly trustAnchorsPem?: string;
  readonly trustAnchorsFile?: string;
}

/** Certificate and key from (watched) PEM files, e.g. a mounted Kubernetes TLS secret. */
export interface FileIdentityConfig extends IdentityCommon {
  readonly mode: 'files';
  readonly certFile: string;
  readonly keyFile: string;
}

/** Certificates from Linkerd's Identity service (Certify), as linkerd2-proxy gets them. */
export interface CertifyIdentityConfig extends IdentityCommon {
  readonly mode: 'certify';
  /** LINKERD2_PROXY_IDENTITY_SVC_ADDR/_NAME; `name` absent only for loopback (plaintext) addresses. */
  readonly svc: ControlPlaneAddr;
  /** Holds key.p8 (PKCS#8 DER) and csr.der; generated there when missing. */
  readonly dir: string;
  /** Service-account token, re-read for every request (projected tokens rotate). */
  readonly tokenFile: string;
  readonly minRefreshMs: number;
  readonly maxRefreshMs: number;
}

export type IdentityConfig = FileIdentityConfig | CertifyIdentityConfig;

const FILE_VARS = ['PODWIRE_IDENTITY_CERT_FILE', 'PODWIRE_IDENTITY_KEY_FILE'] as const;
const CERTIFY_VARS = ['LINKERD2_PROXY_IDENTITY_SVC_ADDR', 'LINKERD2_PROXY_IDENTITY_DIR', 'LINKERD2_PROXY_IDENTITY_TOKEN_FILE'] as const;

/**
 * Identity comes from files (PODWIRE_IDENTITY_CERT_FILE/KEY_FILE) or from the Identity service
 * (LINKERD2_PROXY_IDENTITY_SVC_ADDR + DIR + TOKEN_FILE, Linkerd's way); exactly one of the two.
 */
export function readIdentity(r: EnvAccess, readControlAddr: (base: string) => ControlPlaneAddr | undefined): IdentityConfig | undefined {
  if (r.raw('LINKERD2_PROXY_IDENTITY_DISABLED') !== undefined) {
    r.problem('LINKERD2_PROXY_IDENTITY_DISABLED', 'identity cannot be disabled: podwire always uses mTLS');
  }
  const localName = r.required('LINKERD2_PROXY_IDENTITY_LOCAL_NAME', (t) => t.trim(), 'the local identity is required');
  const anchors = readTrustAnchors(r);
  const fileSet = FILE_VARS.filter((n) => r.raw(n) !== undefined);
  const certifySet = CERTIFY_VARS.filter((n) => r.raw(n) !== undefined);
  const refresh = readRefresh(r);
  if (fileSet.length > 0 && certifySet.length > 0) {
    const why = `identity comes from files (${FILE_VARS.join(', ')}) or from the identity service ` +
      `(${CERTIFY_VARS.join(', ')}), not both; set: ${[...fileSet, ...certifySet].join(', ')}`;
    for (const name of [...fileSet, ...certifySet]) r.problem(name, why);
    return undefined;
  }
  if (certifySet.length > 0) {
    const certify = readCertify(r, localName, readControlAddr);
    if (localName === undefined || !anchors || !certify || !refresh) return undefined;
    return { mode: 'certify', localName, ...anchors, ...certify, ...refresh };
  }
  const alternative = `, or get certificates from the identity service with ${CERTIFY_VARS.join(', ')}`;
  const certFile = r.required('PODWIRE_IDENTITY_CERT_FILE', (t) => t.trim(), `a PEM certificate chain file is required${fileSet.length === 0 ? alternative : ''}`);
  const keyFile = r.required('PODWIRE_IDENTITY_KEY_FILE', (t) => t.trim(), 'a PEM private key file is required');
  if (localName === undefined || certFile === undefined || keyFile === undefined || !anchors) return undefined;
  return { mode: 'files', localName, certFile, keyFile, ...anchors };
}

function readTrustAnchors(r: EnvAccess): Pick<IdentityCommon, 'trustAnchorsPem' | 'trustAnchorsFile'> | undefined {
  const trustAnchorsPem = r.raw('LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS');
  const trustAnchorsFile = r.raw('PODWIRE_IDENTITY_TRUST_ANCHORS_FILE');
  if (trustAnchorsPem === undefined && trustAnchorsFile === undefined) {
    r.problem('LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS', 'trust anchors are required (inline PEM, or PODWIRE_IDENTITY_TRUST_ANCHORS_FILE)');
    return undefined;
  }
  if (trustAnchorsPem !== undefined && !trustAnchorsPem.includes('-----BEGIN CERTIFICATE-----')) {
    r.problem('LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS', 'expected inline PEM certificates, not a path (use PODWIRE_IDENTITY_TRUST_ANCHORS_FILE for a file)');
    return undefined;
  }
  return {
    ...(trustAnchorsPem !== undefined && { trustAnchorsPem }),
    ...(trustAnchorsFile !== undefined && { trustAnchorsFile: trustAnchorsFile.trim() }),
  };
}

/** The Certify settings; every missing or bad one is reported. */
function readCertify(
  r: EnvAccess,
  localName: string | undefined,
  readControlAddr: (base: string) => ControlPlaneAddr | undefined,
): Pick<CertifyIdentityConfig, 'svc' | 'dir' | 'tokenFile'> | undefined {
  const svc = r.raw('LINKERD2_PROXY_IDENTITY_SVC_ADDR') === undefined
    ? (r.problem('LINKERD2_PROXY_IDENTITY_SVC_ADDR', 'the identity service address is required with LINKERD2_PROXY_IDENTITY_DIR and _TOKEN_FILE'), undefined)
    : readControlAddr('LINKERD2_PROXY_IDENTITY_SVC');
  if (svc?.name !== undefined) {
    try {
      parseIdentity(svc.name);
    } catch (err) {
      r.problem('LINKERD2_PROXY_IDENTITY_SVC_NAME', `not a valid identity: ${(err as Error).message}`);
    }
  }
  const dir = r.required('LINKERD2_PROXY_IDENTITY_DIR', (t) => t.trim(), 'a directory for key.p8 and csr.der is required with the identity service');
  const tokenFile = r.required('LINKERD2_PROXY_IDENTITY_TOKEN_FILE', (t) => t.trim(), 'a service-account token file is required with the identity service');
  if (localName !== undefined && !isDnsName(localName.toLowerCase())) {
    r.problem('LINKERD2_PROXY_IDENTITY_LOCAL_NAME', 'must be a DNS-like name with the identity service (Linkerd issues DNS SANs only)');
    return undefined;
  }
  if (!svc || dir === undefined || tokenFile === undefined) return undefined;
  return { svc, dir, tokenFile };
}

/** Linkerd's refresh bounds (10s / 24h); the minimum also paces retries, so it can't be 0. */
function readRefresh(r: EnvAccess): { minRefreshMs: number; maxRefreshMs: number } | undefined {
  const minRefreshMs = r.get('LINKERD2_PROXY_IDENTITY_MIN_REFRESH', parseDuration, IDENTITY_DEFAULTS.minRefresh);
  const maxRefreshMs = r.get('LINKERD2_PROXY_IDENTITY_MAX_REFRESH', parseDuration, IDENTITY_DEFAULTS.maxRefresh);
  if (minRefreshMs === undefined || maxRefreshMs === undefined) return undefined;
  if (minRefreshMs === 0) {
    r.problem('LINKERD2_PROXY_IDENTITY_MIN_REFRESH', 'must be greater than 0');
    return undefined;
  }
  if (maxRefreshMs < minRefreshMs) {
    r.problem('LINKERD2_PROXY_IDENTITY_MAX_REFRESH', 'must not be less than LINKERD2_PROXY_IDENTITY_MIN_REFRESH');
    return undefined;
  }
  return { minRefreshMs, maxRefreshMs };
}
