// Installing and removing podwire's interception rules, idempotently: the current nat table is
// read first, and when it already holds exactly this plan nothing is touched (a second run changes
// nothing, counters included). Otherwise our chains are rebuilt and the hook jumps re-added once.
import { OUTPUT_CHAIN, REDIRECT_CHAIN, jumpRule, type ChainPlan, type RulePlan } from './rules.js';
import { IptablesError, formatCommand, splitRuleLine, type Iptables } from './iptables.js';

const OUR_CHAINS = [REDIRECT_CHAIN, OUTPUT_CHAIN];
const HOOKS = ['PREROUTING', 'OUTPUT'];

export type InstallResult = 'unchanged' | 'installed';

/** The nat table as `-S` lines, each split into arguments. */
export async function natRules(ipt: Iptables): Promise<string[][]> {
  const r = await ipt.run(['-t', 'nat', '-S']);
  if (!r.ok) throw new IptablesError(`${ipt.bin} -t nat -S failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.trim() !== '').map(splitRuleLine);
}

export function isInstalled(table: readonly string[][], plan: RulePlan): boolean {
  return plan.chains.every((c) => {
    if (!table.some((l) => l[0] === '-N' && l[1] === c.chain)) return false;
    const jumps = jumpsTo(table, c.chain);
    if (jumps.length !== 1 || jumps[0]![1] !== c.hook || !containsAll(jumps[0]!, jumpRule(plan, c))) return false;
    const rules = table.filter((l) => l[0] === '-A' && l[1] === c.chain);
    return rules.length === c.rules.length && rules.every((l, i) => containsAll(l, c.rules[i]!));
  });
}

export async function installRules(ipt: Iptables, plan: RulePlan): Promise<InstallResult> {
  const table = await natRules(ipt);
  if (isInstalled(table, plan)) return 'unchanged';
  for (const cmd of removeJumpsCommands(table)) await must(ipt, cmd);
  for (const c of plan.chains) {
    const exists = table.some((l) => l[0] === '-N' && l[1] === c.chain);
    await must(ipt, ['-t', 'nat', exists ? '-F' : '-N', c.chain]);
    for (const rule of c.rules) await must(ipt, ['-t', 'nat', '-A', c.chain, ...rule]);
  }
  for (const c of plan.chains) await must(ipt, hookCommand(plan, c));
  return 'installed';
}

/** Remove our jumps and chains; returns how many chains were removed (0: nothing was there). */
export async function cleanRules(ipt: Iptables): Promise<number> {
  const table = await natRules(ipt);
  for (const cmd of removeJumpsCommands(table)) await must(ipt, cmd);
  let removed = 0;
  for (const chain of OUR_CHAINS) {
    if (!table.some((l) => l[0] === '-N' && l[1] === chain)) continue;
    await must(ipt, ['-t', 'nat', '-F', chain]);
    await must(ipt, ['-t', 'nat', '-X', chain]);
    removed++;
  }
  return removed;
}

/** Everything an install from an empty table runs, as command lines (what --dry-run prints). */
export function installCommands(bin: string, plan: RulePlan): string[] {
  const cmds: string[][] = [];
  for (const c of plan.chains) {
    cmds.push(['-t', 'nat', '-N', c.chain]);
    for (const rule of c.rules) cmds.push(['-t', 'nat', '-A', c.chain, ...rule]);
  }
  for (const c of plan.chains) cmds.push(hookCommand(plan, c));
  return cmds.map((args) => formatCommand(bin, args));
}

/**
 * What --clean runs against a table holding this install (what `--clean --dry-run` prints): the
 * hook jumps deleted first (a chain still jumped to cannot be removed), then each chain flushed and
 * deleted. A real --clean reads the table and removes whatever podwire jumps it finds instead.
 */
export function cleanCommands(bin: string, plan: RulePlan): string[] {
  const cmds: string[][] = plan.chains.map((c) => ['-t', 'nat', '-D', c.hook, ...jumpRule(plan, c)]);
  for (const c of plan.chains) cmds.push(['-t', 'nat', '-F', c.chain], ['-t', 'nat', '-X', c.chain]);
  return cmds.map((args) => formatCommand(bin, args));
}

function hookCommand(plan: RulePlan, c: ChainPlan): string[] {
  return ['-t', 'nat', '-A', c.hook, ...jumpRule(plan, c)];
}

function jumpsTo(table: readonly string[][], chain: string): string[][] {
  return table.filter((l) => l[0] === '-A' && HOOKS.includes(l[1]!) && targetOf(l) === chain);
}

function removeJumpsCommands(table: readonly string[][]): string[][] {
  return table
    .filter((l) => l[0] === '-A' && HOOKS.includes(l[1]!) && OUR_CHAINS.includes(targetOf(l) ?? ''))
    .map((l) => ['-t', 'nat', '-D', ...l.slice(1)]);
}

function targetOf(line: readonly string[]): string | undefined {
  const i = line.indexOf('-j');
  return i >= 0 ? line[i + 1] : undefined;
}

/** iptables may reorder matches when it prints a rule, so compare as sets of words. */
function containsAll(line: readonly string[], words: readonly string[]): boolean {
  const have = new Set(line);
  return words.every((w) => have.has(w));
}

async function must(ipt: Iptables, args: readonly string[]): Promise<void> {
  const r = await ipt.run(args);
  if (!r.ok) throw new IptablesError(`${formatCommand(ipt.bin, args)} failed: ${r.stderr}`);
}
