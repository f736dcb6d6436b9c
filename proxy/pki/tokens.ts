// Workload tokens for `podwire controller`'s Certify server. Outside Kubernetes there is no
// TokenReview: the controller's tokensFile maps each secret token to `<serviceaccount>.<namespace>`
// (controller/tokens.ts reads it), and each workload's proxy sends its token from the file named by
// LINKERD2_PROXY_IDENTITY_TOKEN_FILE. This module makes both sides: random tokens, the JSON map, and
// how a Linkerd identity names its service account.
import { randomBytes } from 'node:crypto';
import { PkiError } from './certs.js';

export interface WorkloadToken {
  /** `<serviceaccount>.<namespace>`. */
  readonly workload: string;
  /** 256 random bits, hex: no character YAML or a shell would reinterpret. */
  readonly token: string;
}

/** What the controller's token check also requires of each label (Kubernetes DNS-1123 labels). */
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Validate `<serviceaccount>.<namespace>`; returns it unchanged. */
export function parseWorkload(text: string): string {
  const parts = text.split('.');
  if (parts.length !== 2 || !parts.every((p) => DNS_LABEL.test(p))) {
    throw new PkiError(
      `workload ${JSON.stringify(text)} is not "<serviceaccount>.<namespace>" (two DNS labels: lower-case a-z, 0-9, '-')`,
    );
  }
  return text;
}

/** The parts of a Linkerd identity `<sa>.<ns>.serviceaccount.identity.<cp-ns>.<trust-domain>`. */
export interface LinkerdIdentityParts {
  readonly workload: string;
  readonly controlPlaneNamespace: string;
  readonly trustDomain: string;
}

/** Split a Linkerd identity; throws for anything else (SPIFFE ids, other DNS names). */
export function linkerdIdentityParts(identity: string): LinkerdIdentityParts {
  const labels = identity.split('.');
  const [sa, ns, kind, identityLabel, cpNs] = labels;
  if (labels.length < 6 || kind !== 'serviceaccount' || identityLabel !== 'identity' || !sa || !ns || !cpNs) {
    throw new PkiError(
      `${JSON.stringify(identity)} is not a Linkerd identity (<serviceaccount>.<namespace>.serviceaccount.identity.<control-plane-ns>.<trust-domain>); ` +
        'the controller issues only those',
    );
  }
  return { workload: parseWorkload(`${sa}.${ns}`), controlPlaneNamespace: cpNs, trustDomain: labels.slice(5).join('.') };
}

/** One fresh random token per workload; a workload listed twice is an error, not two tokens. */
export function createTokens(workloads: readonly string[]): WorkloadToken[] {
  const seen = new Set<string>();
  return workloads.map((w) => {
    parseWorkload(w);
    if (seen.has(w)) throw new PkiError(`workload ${w} is listed twice`);
    seen.add(w);
    return { workload: w, token: randomBytes(32).toString('hex') };
  });
}

/** The controller's tokensFile: `{ "<token>": "<sa>.<ns>" }` (JSON, which is YAML too). */
export function tokensFileText(tokens: readonly WorkloadToken[]): string {
  return JSON.stringify(Object.fromEntries(tokens.map((t) => [t.token, t.workload])), null, 2) + '\n';
}
