// Running iptables: which binary (nft or legacy backend), one command at a time with the xtables
// lock (-w), and splitting `iptables -S` lines back into arguments.
import { execFile } from 'node:child_process';
import type { IptablesMode } from './options.js';
import type { Family } from './rules.js';

export interface IptablesResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Iptables {
  readonly bin: string;
  /** Run `bin -w <args>`; never throws for a non-zero exit (callers decide what it means). */
  run(args: readonly string[]): Promise<IptablesResult>;
}

export class IptablesError extends Error {}

/** `auto` uses whatever `iptables` the host links (Debian's alternatives pick nft or legacy). */
export function iptablesBinary(mode: IptablesMode, family: Family): string {
  const base = family === 4 ? 'iptables' : 'ip6tables';
  return mode === 'auto' ? base : `${base}-${mode}`;
}

export function systemIptables(bin: string): Iptables {
  return {
    bin,
    run: (args) => new Promise((resolve, reject) => {
      execFile(bin, ['-w', ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new IptablesError(`${bin} not found: install iptables (Debian: apt-get install iptables), or pick another --iptables-mode`));
          return;
        }
        resolve({ ok: !err, stdout, stderr: stderr.trim() || (err ? err.message : '') });
      });
    }),
  };
}

/** Split one `iptables -S` line into arguments; double-quoted words (comments) keep their spaces. */
export function splitRuleLine(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return out;
}

/** A command line as a person would type it (for --dry-run and error messages). */
export function formatCommand(bin: string, args: readonly string[]): string {
  return [bin, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
