// SO_ORIGINAL_DST for real sockets: where a connection that iptables REDIRECTed to one of our
// listeners was going. Node has no API for it, so native/orig_dst.c (built by `npm ci`) reads it
// with getsockopt on the socket's fd. When the addon can't load, the source says why and podwire
// runs with explicit forwards only (app.ts puts that in the startup log line).
import type net from 'node:net';
import { origDst, type OrigDstAddr } from './addr.js';
import { normalizeIp } from './addr.js';
import { nativeAddon, socketFd, type NativeAddon } from './native-addon.js';
import type { OrigDstSource } from './orig-dst.js';

export { ADDON_PATH } from './native-addon.js';

type OrigDstAddon = Pick<NativeAddon, 'originalDst'>;

export type NativeOrigDst =
  | { readonly available: true; readonly source: OrigDstSource }
  | { readonly available: false; readonly reason: string };

/** The SO_ORIGINAL_DST source, or why there is none (the addon did not load). */
export function nativeOrigDst(): NativeOrigDst {
  const n = nativeAddon();
  if (!n.available) return { available: false, reason: `no SO_ORIGINAL_DST: ${n.reason}` };
  return { available: true, source: addonSource(n.addon) };
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

/** A v4-mapped address (::ffff:10.0.0.1) from a dual-stack listener is the IPv4 address. */
function unmapped(ip: string): string {
  return normalizeIp(ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip);
}
