// SO_ORIGINAL_DST for real sockets: where a connection that iptables REDIRECTed to one of our
// listeners was going. Node has no API for it, so native/orig_dst.c (built by `npm ci`) reads it
// with getsockopt on the socket's fd. When the addon can't load, the source says why and podwire
// runs with explicit forwards only (app.ts puts that in the startup log line).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type net from 'node:net';
import { origDst, type OrigDstAddr } from './addr.js';
import { normalizeIp } from './addr.js';
import type { OrigDstSource } from './orig-dst.js';

interface OrigDstAddon {
  originalDst(fd: number): { ip: string; port: number };
}

export type NativeOrigDst =
  | { readonly available: true; readonly source: OrigDstSource }
  | { readonly available: false; readonly reason: string };

const ADDON_FILE = 'native/build/Release/podwire_orig_dst.node';

/**
 * The package root holds native/: two levels up from proxy/transport/ when run from source (the
 * tests), three from dist/proxy/transport/ (the built CLI).
 */
export const ADDON_PATH = findAddon(path.dirname(fileURLToPath(import.meta.url)));

function findAddon(here: string): string {
  const candidates = [path.resolve(here, '../../..', ADDON_FILE), path.resolve(here, '../..', ADDON_FILE)];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

let loaded: NativeOrigDst | undefined;

/** Load the addon once; later calls return the same answer. */
export function nativeOrigDst(): NativeOrigDst {
  return (loaded ??= load());
}

function load(): NativeOrigDst {
  if (process.platform !== 'linux') return { available: false, reason: `SO_ORIGINAL_DST is Linux-only (this is ${process.platform})` };
  let addon: OrigDstAddon;
  try {
    addon = createRequire(import.meta.url)(ADDON_PATH) as OrigDstAddon;
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' ? `${ADDON_PATH} was not built` : (err as Error).message;
    return { available: false, reason: `the SO_ORIGINAL_DST addon did not load: ${why} (run \`npm run build:native\`)` };
  }
  return { available: true, source: addonSource(addon) };
}

function addonSource(addon: OrigDstAddon): OrigDstSource {
  return {
    description: 'SO_ORIGINAL_DST (iptables REDIRECT; podwire init)',
    lookup: (socket) => lookupWith(addon, socket),
  };
}

/**
 * The original destination of `socket`. ENOENT means conntrack holds no rewrite for it — the
 * client connected to our listener directly — so the original destination is the listener's own
 * address (outbound: refused as a loop; inbound: the direct port). Other failures (no netfilter,
 * a socket closed under us) give undefined: the caller refuses rather than guess.
 */
export function lookupWith(addon: OrigDstAddon, socket: net.Socket): OrigDstAddr | undefined {
  const fd = socketFd(socket);
  if (fd === undefined) return undefined;
  try {
    const a = addon.originalDst(fd);
    return origDst({ ip: unmapped(a.ip), port: a.port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
    const { localAddress, localPort } = socket;
    return localAddress && localPort ? origDst({ ip: unmapped(localAddress), port: localPort }) : undefined;
  }
}

/** libuv keeps the descriptor on the socket's handle; Node documents no public accessor. */
function socketFd(socket: net.Socket): number | undefined {
  const fd = (socket as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}

/** A v4-mapped address (::ffff:10.0.0.1) from a dual-stack listener is the IPv4 address. */
function unmapped(ip: string): string {
  return normalizeIp(ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip);
}
