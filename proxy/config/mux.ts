// The multiplexed transport's settings (PODWIRE_MUX*, docs/architecture.md "Multiplexed transport
// between podwire peers"): whether podwire peers carry connections as streams on pooled
// connections, how many pooled connections the outbound keeps per peer, and how long one may
// carry no stream before it is closed. config.ts owns the environment; this module reads through
// the accessor it is handed.
import type { EnvAccess } from './identity.js';
import { parseBool, parseDuration } from './parse.js';

export interface MuxConfig {
  /** PODWIRE_MUX: offer and accept podwire.mux/1 (on by default: docs/architecture.md says when to turn it off). */
  readonly enabled: boolean;
  /** PODWIRE_MUX_CONNECTIONS_PER_PEER: pooled connections per (endpoint, identity). */
  readonly connectionsPerPeer: number;
  /** PODWIRE_MUX_IDLE_TIMEOUT: a pooled connection without streams this long is closed. */
  readonly idleTimeoutMs: number;
}

export const MUX_CONFIG_DEFAULTS = { connectionsPerPeer: '2', idleTimeout: '60s' } as const;

/** More than this is a typo: each pooled connection can carry 1,000 streams. */
const MAX_CONNECTIONS_PER_PEER = 64;

function parseConnectionsPerPeer(text: string): number {
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONNECTIONS_PER_PEER) {
    throw new Error(`expected a whole number from 1 to ${MAX_CONNECTIONS_PER_PEER} (each connection carries up to 1,000 streams)`);
  }
  return n;
}

function parseIdleTimeout(text: string): number {
  const ms = parseDuration(text);
  if (ms < 1000) throw new Error('must be at least 1s (a pooled connection closed sooner is dialled again at once)');
  return ms;
}

export function readMux(r: EnvAccess): MuxConfig {
  return {
    enabled: r.get('PODWIRE_MUX', parseBool, 'true') ?? true,
    connectionsPerPeer: r.get('PODWIRE_MUX_CONNECTIONS_PER_PEER', parseConnectionsPerPeer, MUX_CONFIG_DEFAULTS.connectionsPerPeer) ?? 2,
    idleTimeoutMs: r.get('PODWIRE_MUX_IDLE_TIMEOUT', parseIdleTimeout, MUX_CONFIG_DEFAULTS.idleTimeout) ?? 60_000,
  };
}
