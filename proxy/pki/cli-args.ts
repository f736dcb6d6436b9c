// Shared pieces of the `podwire pki` subcommands: the subcommand shape, flag readers that turn bad
// values into usage errors (exit 2) naming the flag, durations, and the output conventions
// ("wrote FILE" lines, the controller topology snippet on stdout or in a file).
import fs from 'node:fs';
import path from 'node:path';
import { parseIdentity } from '../identity/id.js';
import { PkiError } from './certs.js';
import { CERT_MODE, writePemFile } from './files.js';
import { identitySnippet, type IdentitySnippetInput } from './snippet.js';

export interface CliIo {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

export interface Subcommand {
  /** One line for `podwire pki --help`. */
  readonly summary: string;
  readonly help: string;
  readonly options: OptionSpec;
  readonly required: readonly string[];
  /** Positional arguments are allowed (and then at least one is required). */
  readonly positionals?: boolean;
  run(values: Values, io: CliIo, positionals: readonly string[]): Promise<void>;
}

/** Thrown for bad invocations; becomes exit code 2. */
export class UsageError extends Error {}

export const DAY_S = 86_400;

export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  force: { type: 'boolean' },
} as const;

/** Flags of commands that print the controller's `identity:` section. */
export const SNIPPET_OPTIONS = {
  'topology-snippet': { type: 'string' },
  'tokens-file': { type: 'string' },
  'trust-anchors': { type: 'string' },
} as const;

export const SNIPPET_HELP = `  --topology-snippet FILE
                       write the controller topology's identity: section to FILE instead of
                       printing it (see controller/TOPOLOGY.md)
  --trust-anchors FILE trustAnchorsFile in that section (default: the anchor's ca.crt)
  --tokens-file FILE   tokensFile in that section (see 'podwire pki tokens')`;

/** Absolute path from a flag (required flags are checked before run()). */
export function pathFlag(v: Values, flag: string): string {
  return path.resolve(String(v[flag]));
}

export function optionalPath(v: Values, flag: string): string | undefined {
  const text = v[flag];
  if (text === undefined) return undefined;
  if (typeof text !== 'string' || text.trim() === '') throw new UsageError(`--${flag} must not be empty`);
  return path.resolve(text);
}

export function overwrite(v: Values): { overwrite: boolean } {
  return { overwrite: v['force'] === true };
}

export function cn(v: Values): { commonName?: string } {
  const name = v['common-name'];
  if (name === undefined) return {};
  if (typeof name !== 'string' || name.trim() === '') throw new UsageError('--common-name must not be empty');
  return { commonName: name };
}

export function identitiesOf(v: Values): string[] {
  return (v['identity'] as string[]).map((id) => {
    try {
      return parseIdentity(id).id;
    } catch (err) {
      throw new UsageError(`--identity: ${(err as Error).message}`);
    }
  });
}

export function seconds(v: Values, fallback: number): number {
  const text = v['valid'];
  return typeof text === 'string' ? parseDuration(text) : fallback;
}

export function days(v: Values, fallback: number): number {
  return seconds(v, fallback * DAY_S) / DAY_S;
}

/** --valid given? (Some commands derive the default from existing certificates.) */
export function validSeconds(v: Values): { validSeconds?: number } {
  return typeof v['valid'] === 'string' ? { validSeconds: parseDuration(v['valid']) } : {};
}

const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: DAY_S };

/** Go-style durations plus days: "24h", "90m", "1h30m", "365d". Whole seconds, at least 1. */
export function parseDuration(text: string): number {
  if (!/^(\d+[smhd])+$/.test(text)) {
    throw new UsageError(`--valid: invalid duration ${JSON.stringify(text)} (expected e.g. 24h, 90m, 1h30m, 365d)`);
  }
  let total = 0;
  for (const m of text.matchAll(/(\d+)([smhd])/g)) total += Number(m[1]) * UNIT_S[m[2]!]!;
  if (total < 1) throw new UsageError(`--valid: duration ${JSON.stringify(text)} must be positive`);
  return total;
}

/** "wrote FILE" for every string-valued path in the groups (the `dir` entries are directories). */
export function report(io: CliIo, ...groups: object[]): void {
  for (const g of groups) {
    for (const [k, p] of Object.entries(g)) if (k !== 'dir' && typeof p === 'string') io.stdout.write(`wrote ${p}\n`);
  }
}

/** Print the controller's identity section, or write it to --topology-snippet FILE. */
export function emitSnippet(v: Values, io: CliIo, input: IdentitySnippetInput): void {
  const text = identitySnippet(input);
  const file = optionalPath(v, 'topology-snippet');
  if (file === undefined) {
    io.stdout.write(`\n${text}`);
    return;
  }
  writePemFile(file, text, CERT_MODE, overwrite(v));
  io.stdout.write(`wrote ${file}\n`);
}

/** Read a file for a command, naming it in the error. */
export function readInput(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new PkiError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}
