// The CLI's help, run from the built CLI: `podwire --help` lists every command main.ts dispatches,
// each command's --help (and each pki subcommand's) exits 0 and mentions every flag the command
// accepts, and docs/cli.md is exactly what `npm run docs` generates from these texts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CA_COMMANDS } from '../../proxy/pki/cli-ca.js';
import { MESH_COMMANDS } from '../../proxy/pki/cli-mesh.js';
import { ROTATION_COMMANDS } from '../../proxy/pki/cli-rotation.js';
import {
  CLI_REFERENCE_PATH, TRIVIAL_COMMANDS, collectHelp, listedCommands, renderCliReference, runCli, type CommandHelp,
} from '../../proxy/docs/cli-reference.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'dist/proxy/main.js');
const run = (args: readonly string[]) => runCli(CLI, args);

/**
 * Where each top-level command declares its flags (parseArgs option keys, or '--flag' literals for
 * hand-parsed arguments). A command without an entry here fails the test, so a new command is
 * not left untested.
 */
const FLAG_SOURCES: Readonly<Record<string, readonly string[]>> = {
  proxy: ['proxy/cli/proxy-command.ts'],
  controller: ['proxy/cli/controller-command.ts'],
  init: ['proxy/init/options.ts'],
  await: ['proxy/await/options.ts'],
  demo: ['demo/main.ts'],
  bench: ['proxy/cli/bench-command.ts', 'bench/params.ts'],
};

const PKI = { ...CA_COMMANDS, ...MESH_COMMANDS, ...ROTATION_COMMANDS };

/** Long flags a source file declares: `name: { type: … }` option keys and '--name' literals. */
function declaredFlags(files: readonly string[]): Set<string> {
  const flags = new Set<string>();
  for (const rel of files) {
    const file = path.join(ROOT, rel);
    // A renamed source must fail here, not silently check nothing.
    if (!fs.existsSync(file)) throw new Error(`FLAG_SOURCES names ${rel}, which does not exist`);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/['"]?([a-z][a-z0-9-]*)['"]?\s*:\s*\{\s*type\s*:\s*['"](?:string|boolean)['"]/g)) flags.add(`--${m[1]}`);
    for (const m of text.matchAll(/['"](--[a-z][a-z0-9-]*)['"]/g)) flags.add(m[1]!);
  }
  return flags;
}

/** The keys of main.ts's COMMANDS table: what the CLI dispatches. */
function dispatchedCommands(): string[] {
  const text = fs.readFileSync(path.join(ROOT, 'proxy/main.ts'), 'utf8');
  const block = /const COMMANDS[^=]*=\s*\{([\s\S]*?)\n\};/.exec(text);
  expect(block, 'main.ts has a COMMANDS table').not.toBeNull();
  return [...block![1]!.matchAll(/^ {2}['"]?([a-z][a-z0-9-]*)['"]?\s*:/gm)].map((m) => m[1]!);
}

/** Every help text, collected once (each is a node process start). */
const helps: CommandHelp[] = collectHelp(run);
const helpOf = (...p: string[]) => helps.find((h) => h.path.join(' ') === p.join(' '))?.help;

describe('podwire --help', () => {
  const top = helps.find((h) => h.path.length === 0)!.help;

  it('lists every command the CLI dispatches, and nothing else', () => {
    expect(listedCommands(top).sort()).toEqual(dispatchedCommands().sort());
  });

  it('-h and help print the same text, exit 0', () => {
    for (const args of [['-h'], ['help']]) {
      const r = run(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(top);
    }
  });

  it('an unknown command exits 2 and shows the help on stderr', () => {
    const r = run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain('Commands:');
  });

  const commands = listedCommands(top).filter((c) => !TRIVIAL_COMMANDS.has(c));
  it.each(commands)('podwire %s --help exits 0, shows usage and every flag', (command) => {
    const help = helpOf(command);
    expect(help, `podwire ${command} --help`).toBeDefined();
    expect(help).toMatch(/Usage: podwire /);
    if (command === 'pki') return; // its subcommands are checked below
    const sources = FLAG_SOURCES[command];
    expect(sources, `add podwire ${command}'s source files to FLAG_SOURCES in ${path.basename(import.meta.filename)}`).toBeDefined();
    const flags = declaredFlags(sources!);
    expect(flags.has('--help'), `${command} accepts --help`).toBe(true);
    for (const flag of flags) expect(help, `podwire ${command} --help mentions ${flag}`).toContain(flag);
  });

  it('version prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const args of [['version'], ['--version']]) expect(run(args).stdout).toBe(`podwire ${pkg.version}\n`);
  });
});

describe('podwire pki <command> --help', () => {
  it('lists every pki subcommand', () => {
    expect(listedCommands(helpOf('pki')!).sort()).toEqual(Object.keys(PKI).sort());
  });

  // collectHelp already required exit 0 of each.
  it.each(Object.entries(PKI))('pki %s --help mentions every flag it accepts', (name, sub) => {
    const help = helpOf('pki', name);
    expect(help).toBe(sub.help);
    for (const flag of Object.keys(sub.options)) expect(help, `pki ${name}: --${flag}`).toContain(`--${flag}`);
  });
});

describe(CLI_REFERENCE_PATH, () => {
  it('is what `npm run docs` generates from the help texts', () => {
    const file = path.join(ROOT, CLI_REFERENCE_PATH);
    const onDisk = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    expect(onDisk === renderCliReference(helps), `${CLI_REFERENCE_PATH} is out of date: run \`npm run docs\``).toBe(true);
  });
});
