// Renders docs/cli.md from the CLI's own --help output: `podwire --help`, then every command it
// lists, then the subcommands a command lists (pki). The output is collected by running the built
// CLI (helpOf), so the reference shows exactly what a user sees.
import { spawnSync } from 'node:child_process';
import { generatedBanner } from './markdown.js';
import { childProcessEnv } from '../config.js';

export const CLI_REFERENCE_PATH = 'docs/cli.md';

export interface HelpRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandHelp {
  /** Arguments after `podwire`, without --help: [] for the top level, ['pki', 'leaf'] … */
  readonly path: readonly string[];
  readonly help: string;
}

/** Commands that only print something and have no options of their own. */
export const TRIVIAL_COMMANDS: ReadonlySet<string> = new Set(['help', 'version']);

/** Run `node <cli> ...args` and capture it. */
export function runCli(cliPath: string, args: readonly string[]): HelpRun {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 30_000, env: childProcessEnv({}) });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * The names under a help text's "Commands:" heading: lines indented by exactly two spaces
 * (continuation lines are indented further).
 */
export function listedCommands(help: string): string[] {
  const lines = help.split('\n');
  const start = lines.findIndex((l) => l.trim() === 'Commands:');
  if (start < 0) return [];
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    const m = /^ {2}([a-z][a-z0-9-]*)(\s|$)/.exec(line);
    if (m) names.push(m[1]!);
  }
  return names;
}

/** Every help text, top level first; throws naming the command when one does not exit 0. */
export function collectHelp(run: (args: readonly string[]) => HelpRun): CommandHelp[] {
  const out: CommandHelp[] = [];
  const visit = (path: readonly string[]) => {
    const r = run([...path, '--help']);
    if (r.code !== 0) throw new Error(`podwire ${[...path, '--help'].join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
    out.push({ path, help: r.stdout });
    for (const name of listedCommands(r.stdout)) {
      if (path.length === 0 && TRIVIAL_COMMANDS.has(name)) continue;
      visit([...path, name]);
    }
  };
  visit([]);
  return out;
}

export function renderCliReference(helps: readonly CommandHelp[]): string {
  const sections = helps.map(({ path, help }) => {
    const title = ['podwire', ...path].join(' ');
    return `## ${title}\n\n\`\`\`text\n$ ${title} --help\n${help.trimEnd()}\n\`\`\`\n`;
  });
  const index = helps.map(({ path }) => {
    const title = ['podwire', ...path].join(' ');
    return `${'  '.repeat(Math.max(0, path.length - 1))}- [\`${title}\`](#${title.replace(/\s+/g, '-')})`;
  });
  return `${generatedBanner('the --help output of every command')}
# CLI reference

One binary, \`podwire\` (\`dist/proxy/main.js\` in a checkout, the image's entrypoint in a
container). Without a command it runs \`proxy\`. Exit codes are the same everywhere: 0 success,
1 a runtime failure, 2 bad usage or configuration.

${index.join('\n')}

${sections.join('\n')}`;
}
