// TCP keepalive settings, linkerd2-proxy's four variables (linkerd/app/src/env.rs): the idle time
// before the kernel probes a quiet connection, for connections the proxy accepts (inbound: from
// other pods; outbound: from the application) and for those it dials (inbound: to the application;
// outbound: to other pods). As in Linkerd an unset variable means no keepalive on those sockets;
// Linkerd's injector sets LINKERD2_PROXY_INBOUND_ACCEPT_KEEPALIVE and _OUTBOUND_CONNECT_KEEPALIVE
// to 10000ms, the two sides that face the network. Applied in transport/listen.ts and at the dials
// (outbound/connect.ts, inbound/forward.ts).
import type { EnvAccess } from './identity.js';
import { parseDuration } from './parse.js';

/** Idle milliseconds before the first probe; undefined leaves keepalive off on those sockets. */
export interface KeepaliveConfig {
  readonly inboundAcceptMs?: number;
  readonly inboundConnectMs?: number;
  readonly outboundAcceptMs?: number;
  readonly outboundConnectMs?: number;
}

export const KEEPALIVE_VARS = {
  inboundAcceptMs: 'LINKERD2_PROXY_INBOUND_ACCEPT_KEEPALIVE',
  inboundConnectMs: 'LINKERD2_PROXY_INBOUND_CONNECT_KEEPALIVE',
  outboundAcceptMs: 'LINKERD2_PROXY_OUTBOUND_ACCEPT_KEEPALIVE',
  outboundConnectMs: 'LINKERD2_PROXY_OUTBOUND_CONNECT_KEEPALIVE',
} as const satisfies Record<keyof KeepaliveConfig, string>;

/**
 * Linkerd's duration syntax, at least 1s: the kernel's TCP_KEEPIDLE counts whole seconds (a
 * fraction is dropped) and 0 is not a time it accepts.
 */
export function parseKeepalive(text: string): number {
  const ms = parseDuration(text);
  if (ms < 1000) throw new Error('must be at least 1s (TCP keepalive counts whole seconds); unset it to turn keepalive off');
  return ms;
}

export function readKeepalive(r: EnvAccess): KeepaliveConfig {
  const out: { -readonly [K in keyof KeepaliveConfig]: KeepaliveConfig[K] } = {};
  for (const [key, name] of Object.entries(KEEPALIVE_VARS) as Array<[keyof KeepaliveConfig, string]>) {
    const ms = r.get(name, parseKeepalive);
    if (ms !== undefined) out[key] = ms;
  }
  return out;
}
