// `podwire pki …`: create trust anchors, issuers and workload certificates on disk for development,
// tests and bring-your-own-PKI setups; feed `podwire controller`'s Certify server (topology snippet,
// tokens); and the trust-anchor rotation helpers (cross-sign, bundle, verify). This file dispatches;
// the subcommands live in cli-ca.ts, cli-mesh.ts and cli-rotation.ts.
// Exit codes: 0 ok, 1 failure while creating/reading/writing (or verify found an untrusted chain), 2 bad usage.
import { parseArgs } from 'node:util';
import { CA_COMMANDS } from './cli-ca.js';
import { MESH_COMMANDS } from './cli-mesh.js';
import { ROTATION_COMMANDS } from './cli-rotation.js';
import { UsageError, type CliIo, type Subcommand, type Values } from './cli-args.js';

export { parseDuration, type CliIo } from './cli-args.js';

const SUBCOMMANDS: Readonly<Record<string, Subcommand>> = { ...CA_COMMANDS, ...MESH_COMMANDS, ...ROTATION_COMMANDS };

const TOP_HELP = `Usage: podwire pki <command> [options]

Create an ECDSA P-256 mesh PKI (PEM files, Kubernetes secret names), feed it to
'podwire controller', and rotate trust anchors without a restart.

Commands:
${Object.entries(SUBCOMMANDS).map(([name, sub]) => `  ${name.padEnd(11)}${sub.summary}`).join('\n')}

Run 'podwire pki <command> --help' for a command's options.
`;

/**
 * Entry point for `podwire pki …`; `argv` is what follows `pki`. Returns the exit code and never
 * throws for user errors.
 */
export async function runPkiCommand(argv: string[], io: CliIo = process): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io[name === undefined ? 'stderr' : 'stdout'].write(TOP_HELP);
    return name === undefined ? 2 : 0;
  }
  const sub = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!sub) return usage(io, `unknown command ${JSON.stringify(name)}`, TOP_HELP);
  try {
    const { values, positionals } = parse(sub, rest);
    if (values['help'] === true) {
      io.stdout.write(sub.help);
      return 0;
    }
    await sub.run(values, io, positionals);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) return usage(io, `pki ${name}: ${err.message}`, `Run 'podwire pki ${name} --help' for usage.\n`);
    io.stderr.write(`podwire pki ${name}: ${(err as Error).message}\n`);
    return 1;
  }
}

function usage(io: CliIo, message: string, hint: string): number {
  io.stderr.write(`podwire ${message}\n${hint}`);
  return 2;
}

/** node:util parseArgs errors already name the flag; re-throw them as UsageError. */
function parse(sub: Subcommand, args: string[]): { values: Values; positionals: string[] } {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: sub.options, strict: true, allowPositionals: sub.positionals === true }) as typeof parsed;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values['help'] === true) return parsed;
  for (const flag of sub.required) {
    const v = values[flag];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) throw new UsageError(`missing required flag --${flag}`);
  }
  if (sub.positionals === true && positionals.length === 0) throw new UsageError('missing file arguments');
  return parsed;
}
