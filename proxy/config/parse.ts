// Value parsers for configuration: Linkerd's duration syntax, address lists, networks, ports.
// Each parser throws a plain Error whose message says why; config.ts attaches the variable name.
import net from 'node:net';
import { parseSocketAddr, parseNameAddr, isDnsName, type SocketAddr, type NameAddr } from '../transport/addr.js';

const DURATION = /^(\d+)(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Linkerd's duration: an integer and one of ms|s|m|h|d; bare "0" is allowed, floats are not. */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (t === '0') return 0;
  const m = DURATION.exec(t);
  if (!m) throw new Error('expected an integer with a unit ms, s, m, h or d (e.g. 300ms, 10s)');
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

export function parseBool(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1' || t === 'yes') return true;
  if (t === 'false' || t === '0' || t === 'no' || t === '') return false;
  throw new Error('expected true or false');
}

export function parseListenAddr(text: string): SocketAddr {
  return parseSocketAddr(text.trim(), { allowPortZero: true });
}

export function parseList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

export interface Network {
  readonly ip: string;
  readonly prefixLen: number;
  readonly family: 4 | 6;
}

export function parseNetwork(text: string): Network {
  const [ip, len, extra] = text.trim().split('/');
  if (!ip || extra !== undefined) throw new Error(`${JSON.stringify(text)} is not a CIDR like 10.0.0.0/8`);
  const family = net.isIPv4(ip) ? 4 : net.isIPv6(ip) ? 6 : 0;
  if (family === 0) throw new Error(`${JSON.stringify(ip)} is not an IP address`);
  const max = family === 4 ? 32 : 128;
  const prefixLen = len === undefined ? max : Number(len);
  if (!/^\d+$/.test(len ?? String(max)) || prefixLen > max) {
    throw new Error(`prefix length in ${JSON.stringify(text)} must be 0..${max}`);
  }
  return { ip, prefixLen, family };
}

/** A BlockList answering "is this IP in one of these networks". */
export function networksBlockList(networks: readonly Network[]): net.BlockList {
  const list = new net.BlockList();
  for (const n of networks) list.addSubnet(n.ip, n.prefixLen, n.family === 4 ? 'ipv4' : 'ipv6');
  return list;
}

/** An explicit outbound forward: a local plaintext listener and the logical destination behind it. */
export interface OutboundForward {
  readonly listen: SocketAddr;
  readonly target: { readonly kind: 'name'; readonly name: NameAddr } | { readonly kind: 'addr'; readonly addr: SocketAddr };
}

/** "LISTEN=NAME:PORT" or "LISTEN=IP:PORT". */
export function parseForward(text: string): OutboundForward {
  const i = text.indexOf('=');
  if (i < 0) throw new Error(`${JSON.stringify(text)}: expected LISTEN_ADDR=NAME:PORT`);
  const listen = parseSocketAddr(text.slice(0, i).trim(), { allowPortZero: true });
  const targetText = text.slice(i + 1).trim();
  if (/^\[|^\d+\.\d+\.\d+\.\d+:/.test(targetText)) {
    return { listen, target: { kind: 'addr', addr: parseSocketAddr(targetText) } };
  }
  return { listen, target: { kind: 'name', name: parseNameAddr(targetText) } };
}

/**
 * A DNS suffix as Linkerd writes them (LINKERD2_PROXY_INBOUND_GATEWAY_SUFFIXES: `svc.cluster.local.`),
 * returned lower-case without the trailing dot; `.` alone is the root, returned as "" (every name).
 */
export function parseDnsSuffix(text: string): string {
  const t = text.trim().toLowerCase();
  if (t === '.') return '';
  const bare = t.endsWith('.') ? t.slice(0, -1) : t;
  if (!isDnsName(bare)) throw new Error(`${JSON.stringify(text.trim())} is not a DNS suffix (e.g. svc.cluster.local.)`);
  return bare;
}

/** A cluster domain such as `cluster.local` (one trailing dot allowed), lower-case without the dot. */
export function parseClusterDomain(text: string): string {
  const domain = parseDnsSuffix(text);
  if (domain === '') throw new Error('the cluster domain cannot be the root');
  return domain;
}

/** A control-plane address "host:port" where host may be a DNS name (trailing dot allowed) or IP. */
export function parseControlAddr(text: string): { host: string; port: number } {
  const t = text.trim();
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(t) ?? /^([^:[\]]+):(\d+)$/.exec(t);
  if (!m) throw new Error('expected HOST:PORT');
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new Error(`port ${port} is outside 1..65535`);
  return { host: m[1]!, port };
}

/** 127.0.0.0/8, ::1 and localhost: control-plane traffic that never leaves the host. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (net.isIPv4(h)) return h.split('.')[0] === '127';
  if (net.isIPv6(h)) return new net.SocketAddress({ address: h, family: 'ipv6' }).address === '::1';
  return false;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';
const LEVELS: Record<string, LogLevel> = {
  trace: 'trace', debug: 'debug', info: 'info', warn: 'warn', error: 'error', off: 'silent',
};

/**
 * LINKERD2_PROXY_LOG is a tracing env-filter ("warn,linkerd=info,hickory=error"). podwire has one
 * logger, so it takes the level of a `podwire=` or `linkerd=` directive, else the bare default level.
 */
export function parseLogLevel(text: string): LogLevel {
  let bare: LogLevel | undefined;
  let ours: LogLevel | undefined;
  for (const directive of parseList(text)) {
    const [target, level] = directive.includes('=') ? directive.split('=', 2) : [undefined, directive];
    const parsed = LEVELS[(level ?? '').toLowerCase()];
    if (!parsed) throw new Error(`unknown level ${JSON.stringify(level)} (use trace, debug, info, warn, error or off)`);
    if (target === undefined) bare = parsed;
    else if (target === 'podwire' || target === 'linkerd' || target.startsWith('linkerd')) ours ??= parsed;
  }
  return ours ?? bare ?? 'info';
}

/** Ports list with ranges, as in LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION ("25,3306,8000-8010"). */
export function parsePortRanges(text: string): Array<[number, number]> {
  return parseList(text).map((part) => {
    const [a, b, extra] = part.split('-');
    const lo = Number(a);
    const hi = b === undefined ? lo : Number(b);
    if (extra !== undefined || !/^\d+$/.test(a ?? '') || (b !== undefined && !/^\d+$/.test(b))) {
      throw new Error(`${JSON.stringify(part)} is not a port or port range`);
    }
    if (lo < 1 || hi > 65535 || lo > hi) throw new Error(`${JSON.stringify(part)} is outside 1..65535`);
    return [lo, hi];
  });
}
