// `podwire init` without iptables: flag parsing (Linkerd proxy-init's names), the rule plan, the
// idempotency check against a printed nat table, and splitting `iptables -S` lines.
import { describe, expect, it } from 'vitest';
import { parseInitArgs, InitUsageError, type InitOptions } from '../../proxy/init/options.js';
import { planRules, jumpRule, OUTPUT_CHAIN, REDIRECT_CHAIN } from '../../proxy/init/rules.js';
import { cleanCommands, installCommands, isInstalled } from '../../proxy/init/apply.js';
import { splitRuleLine, formatCommand } from '../../proxy/init/iptables.js';

const opts = (argv: string[]): InitOptions => {
  const o = parseInitArgs(argv);
  if ('help' in o) throw new Error('help');
  return o;
};

/** What `iptables -t nat -S` prints after installing `plan` (commands minus the binary and -t nat). */
function printedTable(o: InitOptions): string[][] {
  const plan = planRules(o, 4);
  const lines = installCommands('iptables', plan).map((c) => splitRuleLine(c).slice(3));
  return [['-P', 'PREROUTING', 'ACCEPT'], ['-P', 'OUTPUT', 'ACCEPT'], ...lines];
}

describe('podwire init flags', () => {
  it('defaults to Linkerd proxy-init values', () => {
    const o = opts([]);
    expect(o).toMatchObject({ inboundPort: 4143, outboundPort: 4140, proxyUid: 2102, ipv6: false, mode: 'auto', dryRun: false, clean: false });
    expect(o.inboundPortsToIgnore).toEqual([{ lo: 4190, hi: 4190 }, { lo: 4191, hi: 4191 }]);
    expect(o.outboundPortsToIgnore).toEqual([]);
  });

  it('takes lists comma-separated or repeated, ranges with - or :', () => {
    const o = opts(['--outbound-ports-to-ignore', '443,5432-5433', '--outbound-ports-to-ignore', '6000:6001', '--subnets-to-ignore', '10.96.0.0/12,fd00::/8', '--subnets-to-ignore', '192.168.1.1']);
    expect(o.outboundPortsToIgnore).toEqual([{ lo: 443, hi: 443 }, { lo: 5432, hi: 5433 }, { lo: 6000, hi: 6001 }]);
    expect(o.subnetsToIgnore).toEqual(['10.96.0.0/12', 'fd00::/8', '192.168.1.1/32']);
    expect(opts(['--simulate']).dryRun).toBe(true);
  });

  it.each([
    [['--proxy-uid', 'nobody'], /--proxy-uid: expected a numeric uid, got "nobody"/],
    [['--incoming-proxy-port', '70000'], /--incoming-proxy-port: a port number 70000 is out of range/],
    [['--outgoing-proxy-port', '0'], /--outgoing-proxy-port: port 0 is not a port/],
    [['--incoming-proxy-port', '4140'], /are both 4140/],
    [['--inbound-ports-to-ignore', '9-3'], /port range "9-3" runs backwards/],
    [['--subnets-to-ignore', '10.0.0.0/33'], /--subnets-to-ignore: a prefix length 33 is out of range/],
    [['--subnets-to-ignore', 'ten/8'], /expected a CIDR like 10.0.0.0\/8, got "ten\/8"/],
    [['--iptables-mode', 'xtables'], /--iptables-mode: expected auto, nft or legacy/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], /Unexpected argument 'extra'/],
  ])('refuses %j with a message naming the flag', (argv, message) => {
    expect(() => parseInitArgs(argv)).toThrow(InitUsageError);
    expect(() => parseInitArgs(argv)).toThrow(message);
  });
});

describe('podwire init rule plan', () => {
  it('redirects inbound TCP to the inbound port, skipping ignored ports first', () => {
    const [redirect] = planRules(opts(['--inbound-ports-to-ignore', '4190,4191,22']), 4).chains;
    expect(redirect!.chain).toBe(REDIRECT_CHAIN);
    expect(redirect!.hook).toBe('PREROUTING');
    expect(redirect!.rules[0]).toEqual(expect.arrayContaining(['--dports', '4190,4191,22', 'RETURN']));
    expect(redirect!.rules.at(-1)).toEqual(expect.arrayContaining(['REDIRECT', '--to-ports', '4143']));
  });

  it('exempts the proxy uid and loopback before redirecting outbound TCP', () => {
    const out = planRules(opts(['--proxy-uid', '1337', '--subnets-to-ignore', '10.96.0.0/12,fd00::/8']), 4).chains[1]!;
    expect(out.chain).toBe(OUTPUT_CHAIN);
    expect(out.rules[0]).toEqual(expect.arrayContaining(['--uid-owner', '1337', 'RETURN']));
    expect(out.rules[1]).toEqual(expect.arrayContaining(['-o', 'lo', 'RETURN']));
    expect(out.rules.some((r) => r.includes('10.96.0.0/12'))).toBe(true);
    expect(out.rules.some((r) => r.includes('fd00::/8'))).toBe(false);
    expect(out.rules.at(-1)).toEqual(expect.arrayContaining(['REDIRECT', '--to-ports', '4140']));
    const v6 = planRules(opts(['--subnets-to-ignore', '10.96.0.0/12,fd00::/8']), 6).chains[1]!;
    expect(v6.rules.some((r) => r.includes('fd00::/8'))).toBe(true);
    expect(v6.rules.some((r) => r.includes('10.96.0.0/12'))).toBe(false);
  });

  it('splits ignored ports into multiport rules of at most 15 ports (a range counts twice)', () => {
    const ports = Array.from({ length: 20 }, (_, i) => String(1000 + i)).join(',') + ',2000-2010';
    const rules = planRules(opts(['--outbound-ports-to-ignore', ports]), 4).chains[1]!.rules.filter((r) => r.includes('multiport'));
    const lists = rules.map((r) => r[r.indexOf('--dports') + 1]!.split(','));
    expect(lists.map((l) => l.reduce((n, p) => n + (p.includes(':') ? 2 : 1), 0)).every((n) => n <= 15)).toBe(true);
    expect(lists.flat()).toEqual([...Array.from({ length: 20 }, (_, i) => String(1000 + i)), '2000:2010']);
  });

  it('gives different flags different fingerprints and the same flags the same one', () => {
    expect(planRules(opts([]), 4).fingerprint).toBe(planRules(opts([]), 4).fingerprint);
    expect(planRules(opts([]), 4).fingerprint).not.toBe(planRules(opts(['--proxy-uid', '0']), 4).fingerprint);
    expect(planRules(opts([]), 4).fingerprint).not.toBe(planRules(opts([]), 6).fingerprint);
  });
});

describe('podwire init idempotency check', () => {
  const o = opts(['--subnets-to-ignore', '10.96.0.0/12']);
  const plan = planRules(o, 4);

  it('recognises its own installed rules', () => {
    expect(isInstalled(printedTable(o), plan)).toBe(true);
  });

  it('sees a missing jump, a duplicated jump, an edited chain or other flags', () => {
    const table = printedTable(o);
    const withoutJump = table.filter((l) => !(l[1] === 'OUTPUT' && l.includes(OUTPUT_CHAIN)));
    expect(isInstalled(withoutJump, plan)).toBe(false);
    const jump = table.find((l) => l[1] === 'PREROUTING' && l.includes(REDIRECT_CHAIN))!;
    expect(isInstalled([...table, jump], plan)).toBe(false);
    expect(isInstalled([...table, ['-A', OUTPUT_CHAIN, '-p', 'tcp', '-j', 'RETURN']], plan)).toBe(false);
    expect(isInstalled(table, planRules(opts([]), 4))).toBe(false);
  });

  it('jumps carry the plan fingerprint', () => {
    expect(jumpRule(plan, plan.chains[0]!)).toEqual(['-m', 'comment', '--comment', `podwire-init/${plan.fingerprint}`, '-j', REDIRECT_CHAIN]);
  });
});

/** Apply -D/-F/-X commands to a printed nat table the way iptables would; throws where iptables fails. */
function applyRemovals(table: string[][], commands: readonly string[]): string[][] {
  let t = table.map((l) => [...l]);
  for (const cmd of commands) {
    const [op, chain, ...rule] = splitRuleLine(cmd).slice(3);
    if (op === '-D') {
      const i = t.findIndex((l) => l[0] === '-A' && l[1] === chain && l.slice(2).join(' ') === rule.join(' '));
      if (i < 0) throw new Error(`no such rule: ${cmd}`);
      t.splice(i, 1);
    } else if (op === '-F') {
      t = t.filter((l) => !(l[0] === '-A' && l[1] === chain));
    } else if (op === '-X') {
      if (t.some((l) => l[0] === '-A' && l.includes('-j') && l[l.indexOf('-j') + 1] === chain)) throw new Error(`${chain} still referenced: ${cmd}`);
      t = t.filter((l) => !(l[0] === '-N' && l[1] === chain));
    } else {
      throw new Error(`not a removal: ${cmd}`);
    }
  }
  return t;
}

describe('podwire init --clean --dry-run', () => {
  it('prints removals that take an installed table back to empty, jumps first', () => {
    const o = opts(['--subnets-to-ignore', '10.96.0.0/12']);
    const commands = cleanCommands('iptables', planRules(o, 4));
    expect(commands.every((c) => /^iptables -t nat -[DFX] /.test(c))).toBe(true);
    expect(applyRemovals(printedTable(o), commands)).toEqual([['-P', 'PREROUTING', 'ACCEPT'], ['-P', 'OUTPUT', 'ACCEPT']]);
  });
});

describe('iptables -S lines', () => {
  it('keeps quoted comments as one argument', () => {
    expect(splitRuleLine('-A OUTPUT -m comment --comment "proxy init \\"x\\"" -j PROXY_INIT_OUTPUT'))
      .toEqual(['-A', 'OUTPUT', '-m', 'comment', '--comment', 'proxy init "x"', '-j', 'PROXY_INIT_OUTPUT']);
  });

  it('formats commands so a shell reads them back the same', () => {
    expect(formatCommand('iptables', ['-t', 'nat', '--comment', 'a b'])).toBe("iptables -t nat --comment 'a b'");
  });
});
