// Loads podwire's native addon (native/, built by `npm ci`) once, for what Node has no API for:
// SO_ORIGINAL_DST (orig-dst-native.ts), SO_LINGER and SO_ERROR (linger.ts), malloc_trim
// (memory-release.ts). When it can't load, callers get the reason, so the proxy can say at startup
// what it runs without.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The functions native/*.c export. */
export interface NativeAddon {
  originalDst(fd: number): { ip: string; port: number };
  /** seconds >= 0: SO_LINGER on with that timeout (0: reset on close); < 0: linger off. */
  setLinger(fd: number, seconds: number): void;
  /** SO_LINGER (as setLinger takes it: -1 off) and TCP_NODELAY of a socket. */
  socketOptions(fd: number): { linger: number; noDelay: boolean };
  /** getsockopt(SO_ERROR): a pending errno the kernel holds for the socket, or 0. Clears it. */
  socketError(fd: number): number;
  /** glibc's malloc_trim(0): true if memory went back to the kernel; undefined off glibc. */
  mallocTrim(): boolean | undefined;
}

export type LoadedAddon = { readonly available: true; readonly addon: NativeAddon } | { readonly available: false; readonly reason: string };

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

let loaded: LoadedAddon | undefined;

/** Load the addon once; later calls return the same answer. */
export function nativeAddon(): LoadedAddon {
  return (loaded ??= load());
}

function load(): LoadedAddon {
  if (process.platform !== 'linux') return { available: false, reason: `podwire's socket options addon is Linux-only (this is ${process.platform})` };
  try {
    return { available: true, addon: createRequire(import.meta.url)(ADDON_PATH) as NativeAddon };
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' ? `${ADDON_PATH} was not built` : (err as Error).message;
    return { available: false, reason: `the native addon did not load: ${why} (run \`npm run build:native\`)` };
  }
}

/** libuv keeps the descriptor on the socket's handle (a TLSSocket's TLSWrap reports its TCP fd). */
export function socketFd(socket: { _handle?: unknown } | object): number | undefined {
  const fd = (socket as { _handle?: { fd?: unknown } | null })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}
