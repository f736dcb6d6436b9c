// IP text <-> the integers Linkerd's net.proto carries (spec §1.3).
// IPv4 is the address read big-endian (10.1.2.3 -> 0x0A010203); IPv6 is octets 0..7 and 8..15, each
// read big-endian into an unsigned 64-bit integer. Bigints keep the 64-bit halves exact; IP text is
// always returned in normalizeIp's canonical form so it compares equal to addresses parsed elsewhere.
import net from 'node:net';
import { normalizeIp } from '../proxy/transport/addr.js';

const U32_MAX = 0xffff_ffff;
const U64_MAX = (1n << 64n) - 1n;

export class IpCodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpCodecError';
  }
}

export function ipv4ToUint32(ip: string): number {
  if (!net.isIPv4(ip)) throw new IpCodecError(`${JSON.stringify(ip)} is not an IPv4 address`);
  // `>>> 0` keeps the result unsigned once the first octet is >= 128.
  return ip.split('.').reduce((acc, octet) => ((acc << 8) | Number(octet)) >>> 0, 0);
}

export function uint32ToIpv4(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > U32_MAX) throw new IpCodecError(`${n} is not a uint32`);
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
}

export interface Ipv6Halves {
  readonly first: bigint;
  readonly last: bigint;
}

export function ipv6ToHalves(ip: string): Ipv6Halves {
  const hextets = ipv6Hextets(ip);
  return { first: hextetsToU64(hextets.slice(0, 4)), last: hextetsToU64(hextets.slice(4, 8)) };
}

export function halvesToIpv6(first: bigint, last: bigint): string {
  for (const half of [first, last]) {
    if (half < 0n || half > U64_MAX) throw new IpCodecError(`${half} is not a uint64`);
  }
  const hextets = [...u64ToHextets(first), ...u64ToHextets(last)];
  return normalizeIp(hextets.map((h) => h.toString(16)).join(':'));
}

/** 0.0.0.0 and :: mean "any address": never a dialable endpoint (and Go's controller special-cases 0). */
export function isUnspecifiedIp(ip: string): boolean {
  return ip === '0.0.0.0' || (net.isIPv6(ip) && normalizeIp(ip) === '::');
}

/** The eight 16-bit groups of an IPv6 address, expanding "::" and a trailing dotted IPv4 part. */
function ipv6Hextets(ip: string): number[] {
  if (ip.includes('%') || !net.isIPv6(ip)) throw new IpCodecError(`${JSON.stringify(ip)} is not an IPv6 address`);
  const [head = '', tail] = ip.split('::') as [string, string | undefined];
  const headGroups = groupsOf(head);
  if (tail === undefined) return headGroups;
  const tailGroups = groupsOf(tail);
  const zeros = new Array<number>(8 - headGroups.length - tailGroups.length).fill(0);
  return [...headGroups, ...zeros, ...tailGroups];
}

function groupsOf(part: string): number[] {
  if (part === '') return [];
  return part.split(':').flatMap((group) => {
    if (!group.includes('.')) return [parseInt(group, 16)];
    const v4 = ipv4ToUint32(group);
    return [v4 >>> 16, v4 & 0xffff];
  });
}

function hextetsToU64(hextets: number[]): bigint {
  return hextets.reduce((acc, h) => (acc << 16n) | BigInt(h), 0n);
}

function u64ToHextets(v: bigint): number[] {
  return [48n, 32n, 16n, 0n].map((shift) => Number((v >> shift) & 0xffffn));
}
