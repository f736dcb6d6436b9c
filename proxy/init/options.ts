// `podwire init` options: Linkerd proxy-init's flag names and defaults, so the init container of an
// injected pod can run podwire's image with the arguments Linkerd's injector already writes.
import { parseArgs } from 'node:util';
import net from 'node:net';

export type IptablesMode = 'auto' | 'nft' | 'legacy';

/** Ports as iptables multiport takes them: single ports or `lo:hi` ranges. */
export type PortSpec = { readonly lo: number; readonly hi: number };

export interface InitOptions {
  readonly inboundPort: number;
  readonly outboundPort: number;
  readonly proxyUid: number;
  readonly inboundPortsToIgnore: readonly PortSpec[];
  readonly outboundPortsToIgnore: readonly PortSpec[];
  readonly subnetsToIgnore: readonly string[];
  readonly ipv6: boolean;
  readonly mode: IptablesMode;
  readonly dryRun: boolean;
  readonly clean: boolean;
}

/** proxy-init's defaults: 4190/4191 (tap, admin) are never redirected inbound. */
export const INIT_DEFAULTS = {
  inboundPort: 4143,
  outboundPort: 4140,
  proxyUid: 2102,
  inboundPortsToIgnore: '4190,4191',
  outboundPortsToIgnore: '',
  subnetsToIgnore: '',
} as const;

export class InitUsageError extends Error {}

export function parseInitArgs(argv: readonly string[]): InitOptions | { help: true } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        'incoming-proxy-port': { type: 'string' }, 'outgoing-proxy-port': { type: 'string' },
        'proxy-uid': { type: 'string' },
        'inbound-ports-to-ignore': { type: 'string', multiple: true },
        'outbound-ports-to-ignore': { type: 'string', multiple: true },
        'subnets-to-ignore': { type: 'string', multiple: true },
        ipv6: { type: 'boolean' }, 'iptables-mode': { type: 'string' },
        'dry-run': { type: 'boolean' }, simulate: { type: 'boolean' }, clean: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (err) {
    throw new InitUsageError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) return { help: true };
  const join = (xs: string[] | undefined, dflt: string) => (xs === undefined ? dflt : xs.join(','));
  const inboundPort = flag('incoming-proxy-port', v['incoming-proxy-port'] ?? String(INIT_DEFAULTS.inboundPort), parsePort);
  const outboundPort = flag('outgoing-proxy-port', v['outgoing-proxy-port'] ?? String(INIT_DEFAULTS.outboundPort), parsePort);
  if (inboundPort === outboundPort) throw new InitUsageError(`--incoming-proxy-port and --outgoing-proxy-port are both ${inboundPort}`);
  return {
    inboundPort,
    outboundPort,
    proxyUid: flag('proxy-uid', v['proxy-uid'] ?? String(INIT_DEFAULTS.proxyUid), parseUid),
    inboundPortsToIgnore: flag('inbound-ports-to-ignore', join(v['inbound-ports-to-ignore'], INIT_DEFAULTS.inboundPortsToIgnore), parsePortList),
    outboundPortsToIgnore: flag('outbound-ports-to-ignore', join(v['outbound-ports-to-ignore'], INIT_DEFAULTS.outboundPortsToIgnore), parsePortList),
    subnetsToIgnore: flag('subnets-to-ignore', join(v['subnets-to-ignore'], INIT_DEFAULTS.subnetsToIgnore), parseCidrList),
    ipv6: v.ipv6 ?? false,
    mode: flag('iptables-mode', v['iptables-mode'] ?? 'auto', parseMode),
    dryRun: Boolean(v['dry-run'] || v.simulate),
    clean: v.clean ?? false,
  };
}

function flag<T>(name: string, text: string, parse: (t: string) => T): T {
  try {
    return parse(text);
  } catch (err) {
    throw new InitUsageError(`--${name}: ${(err as Error).message}`);
  }
}

function parseInteger(text: string, what: string, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new Error(`expected ${what}, got ${JSON.stringify(text)}`);
  const n = Number(text.trim());
  if (n > max) throw new Error(`${what} ${n} is out of range (max ${max})`);
  return n;
}

export function parsePort(text: string): number {
  const n = parseInteger(text, 'a port number', 65535);
  if (n === 0) throw new Error('port 0 is not a port');
  return n;
}

function parseUid(text: string): number {
  return parseInteger(text, 'a numeric uid', 2 ** 32 - 2);
}

/** `4190,4191,4567-4568` (Linkerd writes ranges with `-`; `:` is accepted too). */
export function parsePortList(text: string): PortSpec[] {
  return splitList(text).map((item) => {
    const m = /^(\d+)\s*[-:]\s*(\d+)$/.exec(item);
    if (!m) {
      const p = parsePort(item);
      return { lo: p, hi: p };
    }
    const lo = parsePort(m[1]!);
    const hi = parsePort(m[2]!);
    if (lo > hi) throw new Error(`port range ${JSON.stringify(item)} runs backwards`);
    return { lo, hi };
  });
}

/** CIDRs (`10.0.0.0/8`, `fd00::/8`) or bare addresses (taken as /32 or /128). */
export function parseCidrList(text: string): string[] {
  return splitList(text).map((item) => {
    const [ip, bits, extra] = item.split('/');
    const family = net.isIP(ip ?? '');
    if (family === 0 || extra !== undefined) throw new Error(`expected a CIDR like 10.0.0.0/8, got ${JSON.stringify(item)}`);
    const max = family === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : parseInteger(bits, 'a prefix length', max);
    return `${ip}/${prefix}`;
  });
}

function parseMode(text: string): IptablesMode {
  if (text === 'auto' || text === 'nft' || text === 'legacy') return text;
  throw new Error(`expected auto, nft or legacy, got ${JSON.stringify(text)}`);
}

function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
