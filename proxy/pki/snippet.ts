// The `identity:` section of a `podwire controller` topology file (controller/TOPOLOGY.md) for the
// files `podwire pki` just wrote, so its output feeds the controller's Certify server without
// retyping paths. Paths are absolute: relative ones would be read relative to the topology file,
// whose location the pki command does not know.
import { stringify } from 'yaml';

export interface IdentitySnippetInput {
  readonly trustAnchorsFile: string;
  readonly issuerCertFile: string;
  readonly issuerKeyFile: string;
  /** Omitted: the controller's default (24h). */
  readonly issuanceLifetimeSeconds?: number;
  /** Omitted: a comment says how to make one (the controller requires it). */
  readonly tokensFile?: string;
  /** Extra comment lines above the section (e.g. which cluster settings the identities need). */
  readonly notes?: readonly string[];
}

/** Linkerd's Helm default clock-skew allowance, which the controller also defaults to. */
const CLOCK_SKEW = '20s';

export function identitySnippet(s: IdentitySnippetInput): string {
  const section: Record<string, string> = {
    trustAnchorsFile: s.trustAnchorsFile,
    issuerCertFile: s.issuerCertFile,
    issuerKeyFile: s.issuerKeyFile,
    issuanceLifetime: formatLinkerdDuration(s.issuanceLifetimeSeconds ?? 86_400),
    clockSkew: CLOCK_SKEW,
    ...(s.tokensFile !== undefined && { tokensFile: s.tokensFile }),
  };
  const header = [
    "# identity section for the topology file of 'podwire controller' (see controller/TOPOLOGY.md)",
    ...(s.notes ?? []).map((n) => `# ${n}`),
  ];
  const missingTokens = s.tokensFile === undefined
    ? ["  # tokensFile: required; make one with 'podwire pki tokens --out DIR --workload <sa>.<ns>'"]
    : [];
  return [...header, stringify({ identity: section }, { lineWidth: 0 }).trimEnd(), ...missingTokens].join('\n') + '\n';
}

/** A Linkerd duration (one integer and one unit), the largest unit that divides evenly. */
export function formatLinkerdDuration(seconds: number): string {
  if (seconds % 86_400 === 0 && seconds >= 2 * 86_400) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
