// Which environment variables podwire would otherwise ignore in silence: every LINKERD2_PROXY_* or
// PODWIRE_* name (any case) that vars.ts does not declare is either a Linkerd variable podwire does
// not implement (linkerd-unimplemented.ts: say so, and what happens instead) or unknown — most
// likely a typo, so the nearest known name is suggested. Pure: config.ts hands in the names.
import { CONFIG_VARS, configVar } from './vars.js';
import { linkerdUnimplemented, linkerdUnimplementedNames } from './linkerd-unimplemented.js';
import { nearestName } from './suggest.js';

export type EnvWarning =
  | { readonly kind: 'not_implemented'; readonly name: string; readonly message: string }
  | { readonly kind: 'unknown'; readonly name: string; readonly suggestion?: string; readonly message: string };

/** Prefixes of the names podwire owns; anything else in the environment is none of its business. */
const PREFIXES = ['LINKERD2_PROXY_', 'PODWIRE_'] as const;

/**
 * Variables of other podwire commands (`podwire bench` reads PODWIRE_BENCH_*): known, not the
 * proxy's, so not worth a warning when a proxy happens to inherit them.
 */
const OTHER_COMMANDS = ['PODWIRE_BENCH_'] as const;

function ours(name: string): boolean {
  const upper = name.toUpperCase();
  return PREFIXES.some((p) => upper.startsWith(p)) && !OTHER_COMMANDS.some((p) => name.startsWith(p));
}

let candidates: string[] | undefined;
function knownNames(): string[] {
  candidates ??= [...CONFIG_VARS.map((v) => v.name), ...linkerdUnimplementedNames()];
  return candidates;
}

/** The warning for one name, or undefined when podwire reads it (or it is not ours). */
export function classifyEnvName(name: string): EnvWarning | undefined {
  if (!ours(name) || configVar(name) !== undefined) return undefined;
  const group = linkerdUnimplemented(name);
  if (group) {
    return { kind: 'not_implemented', name, message: `${name} is a Linkerd proxy variable that podwire does not implement: it has no effect (${group.instead})` };
  }
  const suggestion = nearestName(name, knownNames());
  if (suggestion === undefined) return { kind: 'unknown', name, message: `${name} is not a podwire variable and has no effect` };
  const what = linkerdUnimplemented(suggestion) ? ', a Linkerd variable podwire does not implement' : '';
  return { kind: 'unknown', name, suggestion, message: `${name} is not a podwire variable and has no effect; did you mean ${suggestion}${what}?` };
}

/** Warnings for every name in `names` that podwire would otherwise ignore, sorted by name. */
export function envWarnings(names: Iterable<string>): EnvWarning[] {
  const out: EnvWarning[] = [];
  for (const name of [...names].sort()) {
    const w = classifyEnvName(name);
    if (w) out.push(w);
  }
  return out;
}
