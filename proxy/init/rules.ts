// The iptables rules `podwire init` installs, as data: two chains in the nat table, laid out like
// Linkerd's proxy-init so an operator who knows one can read the other.
//
//   PREROUTING → PROXY_INIT_REDIRECT: ignored inbound ports RETURN; every other TCP → inbound port
//   OUTPUT     → PROXY_INIT_OUTPUT:   the proxy's own uid RETURN (its connections must leave),
//                                     loopback RETURN, ignored ports and subnets RETURN,
//                                     every other TCP → outbound port
//
// Pure: tested by table; apply.ts turns the plan into iptables commands.
import { createHash } from 'node:crypto';
import type { InitOptions, PortSpec } from './options.js';

export const REDIRECT_CHAIN = 'PROXY_INIT_REDIRECT';
export const OUTPUT_CHAIN = 'PROXY_INIT_OUTPUT';
export const COMMENT_PREFIX = 'podwire-init';

export type Family = 4 | 6;

export interface ChainPlan {
  readonly chain: string;
  /** The built-in chain that jumps here. */
  readonly hook: 'PREROUTING' | 'OUTPUT';
  /** Rule specs appended to `chain`, in order (arguments after `-A <chain>`). */
  readonly rules: readonly (readonly string[])[];
}

export interface RulePlan {
  readonly family: Family;
  readonly chains: readonly ChainPlan[];
  /** Names this exact plan; carried on the hook jumps so a second run can see nothing changed. */
  readonly fingerprint: string;
}

/** iptables multiport takes at most 15 ports per rule, a range counting as two. */
const MULTIPORT_MAX = 15;

export function planRules(opts: InitOptions, family: Family): RulePlan {
  const subnets = opts.subnetsToIgnore.filter((c) => (family === 4 ? !c.includes(':') : c.includes(':')));
  const redirect: string[][] = [
    ...portRules(opts.inboundPortsToIgnore, 'ignore-inbound-ports'),
    ['-p', 'tcp', '-m', 'comment', '--comment', `${COMMENT_PREFIX}/redirect-inbound`, '-j', 'REDIRECT', '--to-ports', String(opts.inboundPort)],
  ];
  const output: string[][] = [
    ['-m', 'owner', '--uid-owner', String(opts.proxyUid), '-m', 'comment', '--comment', `${COMMENT_PREFIX}/ignore-proxy-uid`, '-j', 'RETURN'],
    ['-o', 'lo', '-m', 'comment', '--comment', `${COMMENT_PREFIX}/ignore-loopback`, '-j', 'RETURN'],
    ...portRules(opts.outboundPortsToIgnore, 'ignore-outbound-ports'),
    ...subnets.map((cidr) => ['-d', cidr, '-m', 'comment', '--comment', `${COMMENT_PREFIX}/ignore-subnet`, '-j', 'RETURN']),
    ['-p', 'tcp', '-m', 'comment', '--comment', `${COMMENT_PREFIX}/redirect-outbound`, '-j', 'REDIRECT', '--to-ports', String(opts.outboundPort)],
  ];
  const chains: ChainPlan[] = [
    { chain: REDIRECT_CHAIN, hook: 'PREROUTING', rules: redirect },
    { chain: OUTPUT_CHAIN, hook: 'OUTPUT', rules: output },
  ];
  const fingerprint = createHash('sha256').update(JSON.stringify({ family, chains })).digest('hex').slice(0, 12);
  return { family, chains, fingerprint };
}

/** The rule in `hook` that sends packets to the plan's chain, marked with the fingerprint. */
export function jumpRule(plan: RulePlan, chain: ChainPlan): string[] {
  return ['-m', 'comment', '--comment', `${COMMENT_PREFIX}/${plan.fingerprint}`, '-j', chain.chain];
}

function portRules(ports: readonly PortSpec[], what: string): string[][] {
  const rules: string[][] = [];
  let batch: string[] = [];
  let weight = 0;
  const flush = () => {
    if (batch.length === 0) return;
    rules.push(['-p', 'tcp', '-m', 'multiport', '--dports', batch.join(','), '-m', 'comment', '--comment', `${COMMENT_PREFIX}/${what}`, '-j', 'RETURN']);
    batch = [];
    weight = 0;
  };
  for (const p of ports) {
    const w = p.lo === p.hi ? 1 : 2;
    if (weight + w > MULTIPORT_MAX) flush();
    batch.push(p.lo === p.hi ? String(p.lo) : `${p.lo}:${p.hi}`);
    weight += w;
  }
  flush();
  return rules;
}
