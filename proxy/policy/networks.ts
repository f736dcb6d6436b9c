// IP-in-network tests for policy, as pure arithmetic (no BlockList per decision): addresses become
// BigInts and a network matches when the top prefixLen bits agree. IPv4-mapped IPv6 clients
// (::ffff:a.b.c.d, what a dual-stack listener reports) are treated as the IPv4 address.
// A decision runs for every connection: the client IP is parsed once per decision (parseClientIp)
// and each network's own address once per network object (a policy's networks live as long as it).
import net from 'node:net';
import type { Network } from '../config/parse.js';
import type { ClientNetwork } from './types.js';

export const ALL_NETWORKS: readonly ClientNetwork[] = [
  { net: { ip: '0.0.0.0', prefixLen: 0, family: 4 }, except: [] },
  { net: { ip: '::', prefixLen: 0, family: 6 }, except: [] },
];

/** An IP as a number, what networkContains compares; from parseClientIp. */
export interface Ip {
  readonly family: 4 | 6;
  readonly value: bigint;
}

/** The client's IP for networkContains, or undefined when unparseable (it is then in no network). */
export function parseClientIp(text: string): Ip | undefined {
  return parseIp(text);
}

function parseIp(text: string): Ip | undefined {
  const t = text.startsWith('::ffff:') && net.isIPv4(text.slice(7)) ? text.slice(7) : text;
  if (net.isIPv4(t)) {
    return { family: 4, value: t.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n) };
  }
  if (!net.isIPv6(t)) return undefined;
  const expanded = expandV6(t);
  return expanded === undefined ? undefined : { family: 6, value: expanded };
}

function expandV6(text: string): bigint | undefined {
  let s = text.split('%')[0]!;
  // A dotted IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const v4 = parseIp(dotted[1]!)!.value;
    s = `${s.slice(0, -dotted[1]!.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = s.split('::') as [string, string | undefined];
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined ? [] : tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Each network's parsed address (null: unparseable), by the network object. */
const parsedBases = new WeakMap<Network, Ip | null>();

function baseOf(n: Network): Ip | undefined {
  let base = parsedBases.get(n);
  if (base === undefined) {
    base = parseIp(n.ip) ?? null;
    parsedBases.set(n, base);
  }
  return base ?? undefined;
}

function inNetwork(ip: Ip, n: Network): boolean {
  if (ip.family !== n.family) return false;
  const bits = n.family === 4 ? 32 : 128;
  const base = baseOf(n);
  if (!base) return false;
  const shift = BigInt(bits - n.prefixLen);
  return ip.value >> shift === base.value >> shift;
}

/** Is the client IP (text, or parseClientIp's) in `n.net` and in none of `n.except`? Unparseable IPs are in no network. */
export function networkContains(n: ClientNetwork, client: string | Ip | undefined): boolean {
  const ip = typeof client === 'string' ? parseIp(client) : client;
  if (!ip || !inNetwork(ip, n.net)) return false;
  return !n.except.some((e) => inNetwork(ip, e));
}

export function formatNetwork(n: Network): string {
  return `${n.ip}/${n.prefixLen}`;
}
