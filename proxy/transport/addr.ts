// Socket addresses: parsing, formatting and role-typed wrappers.
// Addresses are typed by role (linkerd2-proxy's habit) so an original destination can't be passed
// where a remote endpoint is expected. IPs are kept in Node's canonical text form, IPv6 without brackets.
import net from 'node:net';

export interface SocketAddr {
  readonly ip: string;
  readonly port: number;
}

/** The address the application meant to reach (from SO_ORIGINAL_DST or an explicit forward). */
export type OrigDstAddr = SocketAddr & { readonly __role: 'orig-dst' };
/** The address of a concrete endpoint we dial (a pod's inbound port, a gateway, ...). */
export type RemoteAddr = SocketAddr & { readonly __role: 'remote' };

export function origDst(a: SocketAddr): OrigDstAddr {
  return { ip: a.ip, port: a.port } as OrigDstAddr;
}

export function remote(a: SocketAddr): RemoteAddr {
  return { ip: a.ip, port: a.port } as RemoteAddr;
}

export class AddrParseError extends Error {
  constructor(readonly input: string, why: string) {
    super(`invalid address ${JSON.stringify(input)}: ${why}`);
    this.name = 'AddrParseError';
  }
}

/**
 * "1.2.3.4:80" or "[fd00::1]:80" (Linkerd's Display form). Runs for every connection (pool keys,
 * records), so IPv6 is told by its colon rather than by net.isIPv6, whose regular expression
 * walks its IPv6 alternatives on every IPv4 address first.
 */
export function formatAddr(a: SocketAddr): string {
  return a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`;
}

export function parsePort(text: string, input = text): number {
  if (!/^\d{1,5}$/.test(text)) throw new AddrParseError(input, `port ${JSON.stringify(text)} is not a number`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new AddrParseError(input, `port ${port} is outside 1..65535`);
  return port;
}

/** Parse "ip:port" / "[ipv6]:port". Port 0 is allowed only with allowPortZero (listeners). */
export function parseSocketAddr(input: string, opts: { allowPortZero?: boolean } = {}): SocketAddr {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(input) ?? /^([^:[\]]+):(\d+)$/.exec(input);
  if (!m) throw new AddrParseError(input, 'expected IP:PORT or [IPv6]:PORT');
  const host = m[1]!;
  const portText = m[2]!;
  if (!net.isIP(host)) throw new AddrParseError(input, `${JSON.stringify(host)} is not an IP address`);
  if (net.isIPv4(host) && input.startsWith('[')) throw new AddrParseError(input, 'brackets are for IPv6 only');
  if (net.isIPv6(host) && !input.startsWith('[')) throw new AddrParseError(input, 'IPv6 addresses need brackets');
  const port = opts.allowPortZero && portText === '0' ? 0 : parsePort(portText, input);
  return { ip: normalizeIp(host), port };
}

/** Canonical text for an IP (lower-case, compressed IPv6) so map keys compare equal. */
export function normalizeIp(ip: string): string {
  if (net.isIPv4(ip)) return ip;
  const sa = new net.SocketAddress({ address: ip, family: 'ipv6' });
  return sa.address;
}

/** Name and port of a logical destination, e.g. "web.default.svc.cluster.local:80". */
export interface NameAddr {
  readonly name: string;
  readonly port: number;
}

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export function isDnsName(name: string): boolean {
  return DNS_NAME.test(name);
}

export function parseNameAddr(input: string): NameAddr {
  const i = input.lastIndexOf(':');
  if (i <= 0) throw new AddrParseError(input, 'expected NAME:PORT');
  const name = input.slice(0, i).toLowerCase();
  if (!isDnsName(name)) throw new AddrParseError(input, `${JSON.stringify(name)} is not a DNS name (no trailing dot)`);
  return { name, port: parsePort(input.slice(i + 1), input) };
}

/** formatNameAddr's text per object: a forward's or a service's authority is formatted per connection. */
const nameAddrTexts = new WeakMap<NameAddr, string>();

export function formatNameAddr(a: NameAddr): string {
  let text = nameAddrTexts.get(a);
  if (text === undefined) nameAddrTexts.set(a, (text = `${a.name}:${a.port}`));
  return text;
}

export function addrKey(a: SocketAddr): string {
  return formatAddr(a);
}
