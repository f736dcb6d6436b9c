// `podwire pki …`: create trust anchors, issuers and workload certificates on disk for development,
// tests and bring-your-own-PKI setups. Exit codes: 0 ok, 1 failure while creating/writing, 2 bad usage.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseIdentity } from '../identity/id.js';
import { createIssuer, createLeaf, createTrustAnchor, DEFAULT_ANCHOR_DAYS, DEFAULT_ISSUER_DAYS } from './certs.js';
import { readCaFiles, writeCaFiles, writeLeafFiles, writeMeshFiles } from './files.js';
import { createMesh } from './mesh.js';

export interface CliIo {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

interface Subcommand {
  readonly help: string;
  readonly options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;
  readonly required: readonly string[];
  run(values: Values, io: CliIo): Promise<void>;
}

/** Thrown for bad invocations; becomes exit code 2. */
class UsageError extends Error {}

const DAY_S = 86_400;

const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  force: { type: 'boolean' },
} as const;

const TOP_HELP = `Usage: podwire pki <command> [options]

Create an ECDSA P-256 mesh PKI (PEM files, Kubernetes secret names).

Commands:
  anchor   create a self-signed trust anchor       -> DIR/ca.crt, DIR/ca.key
  issuer   create an issuer signed by an anchor    -> DIR/ca.crt, DIR/ca.key
  leaf     create a workload certificate           -> DIR/tls.crt (leaf+issuer), DIR/tls.key
  mesh     anchor + issuer + one leaf per identity in one go

Run 'podwire pki <command> --help' for a command's options.
`;

const SUBCOMMANDS: Record<string, Subcommand> = {
  anchor: {
    help: `Usage: podwire pki anchor --out DIR [--common-name CN] [--valid 3650d] [--force]

Create a self-signed trust anchor (root CA) and write DIR/ca.crt and DIR/ca.key (mode 0600).

Options:
  --out DIR            directory to write to (created if missing)
  --common-name CN     subject CN (default root.linkerd.cluster.local)
  --valid DURATION     lifetime, e.g. 3650d, 8760h (default ${DEFAULT_ANCHOR_DAYS}d)
  --force              overwrite existing files
  -h, --help           show this help
`,
    options: { out: { type: 'string' }, 'common-name': { type: 'string' }, valid: { type: 'string' }, ...COMMON_OPTIONS },
    required: ['out'],
    async run(v, io) {
      const pair = await createTrustAnchor({ ...cn(v), validDays: days(v, DEFAULT_ANCHOR_DAYS) });
      report(io, writeCaFiles(str(v, 'out'), pair, { overwrite: v['force'] === true }));
    },
  },
  issuer: {
    help: `Usage: podwire pki issuer --anchor DIR --out DIR [--common-name CN] [--valid 365d] [--force]

Create an issuer (intermediate CA, pathLen 0) signed by the trust anchor in --anchor DIR
(ca.crt + ca.key) and write DIR/ca.crt and DIR/ca.key (mode 0600).

Options:
  --anchor DIR         directory holding the anchor's ca.crt and ca.key
  --out DIR            directory to write to (created if missing)
  --common-name CN     subject CN (default identity.linkerd.cluster.local)
  --valid DURATION     lifetime, e.g. 365d (default ${DEFAULT_ISSUER_DAYS}d; clamped to the anchor's)
  --force              overwrite existing files
  -h, --help           show this help
`,
    options: {
      anchor: { type: 'string' },
      out: { type: 'string' },
      'common-name': { type: 'string' },
      valid: { type: 'string' },
      ...COMMON_OPTIONS,
    },
    required: ['anchor', 'out'],
    async run(v, io) {
      const opts = { ...cn(v), validDays: days(v, DEFAULT_ISSUER_DAYS) }; // flags before any IO
      const pair = await createIssuer(readCaFiles(str(v, 'anchor')), opts);
      report(io, writeCaFiles(str(v, 'out'), pair, { overwrite: v['force'] === true }));
    },
  },
  leaf: {
    help: `Usage: podwire pki leaf --issuer DIR --identity ID [--identity ID…] --out DIR [--valid 24h] [--force]

Create a workload certificate signed by the issuer in --issuer DIR (ca.crt + ca.key) and write
DIR/tls.crt (leaf followed by the issuer: what the proxy serves) and DIR/tls.key (mode 0600).

Options:
  --issuer DIR         directory holding the issuer's ca.crt and ca.key
  --identity ID        a Linkerd identity, e.g. web.default.serviceaccount.identity.linkerd.cluster.local
                       (DNS SAN; the first one is also the CN) or spiffe://td/ns/default/sa/web (URI SAN).
                       Repeat for several SANs.
  --out DIR            directory to write to (created if missing)
  --valid DURATION     lifetime, e.g. 24h, 90m, 7d (default 24h; clamped to the issuer's)
  --force              overwrite existing files
  -h, --help           show this help
`,
    options: {
      issuer: { type: 'string' },
      identity: { type: 'string', multiple: true },
      out: { type: 'string' },
      valid: { type: 'string' },
      ...COMMON_OPTIONS,
    },
    required: ['issuer', 'identity', 'out'],
    async run(v, io) {
      const opts = { identities: identitiesOf(v), validSeconds: seconds(v, DAY_S) }; // flags before any IO
      const bundle = await createLeaf(readCaFiles(str(v, 'issuer')), opts);
      report(io, writeLeafFiles(str(v, 'out'), bundle, { overwrite: v['force'] === true }));
    },
  },
  mesh: {
    help: `Usage: podwire pki mesh --out DIR --identity ID [--identity ID…] [--valid 24h] [--force]

Create a trust anchor, an issuer and one workload certificate per identity:
  DIR/anchor/{ca.crt,ca.key}    DIR/issuer/{ca.crt,ca.key}    DIR/trust-anchors.pem
  DIR/<name>/{tls.crt,tls.key}  where <name> is the identity's first DNS label
                                (or the last path segment of a spiffe:// id)

Options:
  --out DIR            directory to write to (created if missing)
  --identity ID        workload identity; repeat for several workloads
  --valid DURATION     leaf lifetime, e.g. 24h (default 24h)
  --force              overwrite existing files
  -h, --help           show this help
`,
    options: {
      out: { type: 'string' },
      identity: { type: 'string', multiple: true },
      valid: { type: 'string' },
      ...COMMON_OPTIONS,
    },
    required: ['out', 'identity'],
    async run(v, io) {
      const mesh = await createMesh({ identities: identitiesOf(v), leafValidSeconds: seconds(v, DAY_S) });
      const paths = writeMeshFiles(str(v, 'out'), mesh, { overwrite: v['force'] === true });
      report(io, paths.anchor, paths.issuer, { trustAnchorsFile: paths.trustAnchorsFile }, ...Object.values(paths.leaves));
    },
  },
};

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
  const sub = SUBCOMMANDS[name];
  if (!sub) return usage(io, `unknown command ${JSON.stringify(name)}`, TOP_HELP);
  try {
    const values = parse(sub, rest);
    if (values['help'] === true) {
      io.stdout.write(sub.help);
      return 0;
    }
    await sub.run(values, io);
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
function parse(sub: Subcommand, args: string[]): Values {
  let values: Values;
  try {
    values = parseArgs({ args, options: sub.options, strict: true, allowPositionals: false }).values as Values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values['help'] === true) return values;
  for (const flag of sub.required) {
    const v = values[flag];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) throw new UsageError(`missing required flag --${flag}`);
  }
  return values;
}

function str(v: Values, flag: string): string {
  return path.resolve(String(v[flag]));
}

function cn(v: Values): { commonName?: string } {
  const name = v['common-name'];
  if (name === undefined) return {};
  if (typeof name !== 'string' || name.trim() === '') throw new UsageError('--common-name must not be empty');
  return { commonName: name };
}

function identitiesOf(v: Values): string[] {
  return (v['identity'] as string[]).map((id) => {
    try {
      return parseIdentity(id).id;
    } catch (err) {
      throw new UsageError(`--identity: ${(err as Error).message}`);
    }
  });
}

function seconds(v: Values, fallback: number): number {
  const text = v['valid'];
  return typeof text === 'string' ? parseDuration(text) : fallback;
}

function days(v: Values, fallback: number): number {
  return seconds(v, fallback * DAY_S) / DAY_S;
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

function report(io: CliIo, ...groups: object[]): void {
  for (const g of groups) {
    for (const [k, p] of Object.entries(g)) if (k !== 'dir' && typeof p === 'string') io.stdout.write(`wrote ${p}\n`);
  }
}
