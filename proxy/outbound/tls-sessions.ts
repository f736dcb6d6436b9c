// TLS 1.3 session tickets the outbound keeps to resume later connections to the same podwire peer
// (a resumed handshake skips both certificate signatures and the chain checks: ~1.5x new
// connections per second between podwire proxies). linkerd2-proxy peers issue no tickets (rustls
// server with tickets off), so towards them there is never anything to resume and every
// connection does a full handshake, as before.
//
// Why the cache is safe:
// - On a resumed session Node does NOT call checkServerIdentity and the client side cannot even
//   see the server certificate again (getPeerCertificate() is empty). A ticket therefore only
//   stands for "this peer proved identity X to us under these anchors": entries are keyed by the
//   dialled address, the SNI and the expected identity, so a ticket is offered only where the very
//   same identity is expected again. A changed identity in discovery misses and does a full,
//   checked handshake.
// - The cache belongs to one Credentials object (a WeakMap): a new certificate or new trust anchors
//   build new Credentials, so every ticket issued under the old ones is dropped at once and no
//   server identity is ever trusted from a ticket obtained under other anchors.
// - The server side (inbound) builds a new SecureContext, with fresh random ticket keys, on each
//   rotation, so it never resumes a session issued under its previous certificate or anchors.
// - No 0-RTT: Node has no early-data API; a resumed connection still completes a 1-RTT handshake
//   before the first application byte.
import type { Credentials } from '../identity/credentials.js';

/** Tickets kept per local identity; past this the least recently used entry goes. */
export const MAX_CACHED_SESSIONS = 1024;
/**
 * How long a ticket is offered. podwire's inbound issues tickets for this long (sessionTimeout in
 * credentials.ts); OpenSSL itself skips a ticket older than the lifetime its server announced, so
 * this bound only keeps stale entries from being offered (and kept in memory) indefinitely.
 */
export const SESSION_MAX_AGE_MS = 300_000;

interface Entry {
  readonly session: Buffer;
  readonly expiresAt: number;
}

export interface SessionKey {
  readonly addr: string;
  readonly serverName: string;
  readonly identity: string;
}

/** An LRU of session tickets (a Map iterates in insertion order: re-inserting marks as recent). */
export class TlsSessionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = MAX_CACHED_SESSIONS,
    private readonly maxAgeMs = SESSION_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The ticket to offer for this peer, if a fresh one is cached. */
  get(key: SessionKey): Buffer | undefined {
    const k = keyOf(key);
    const entry = this.entries.get(k);
    if (!entry) return undefined;
    this.entries.delete(k);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(k, entry);
    return entry.session;
  }

  /** Keep the latest ticket the peer sent (only ever called after its identity was verified). */
  set(key: SessionKey, session: Buffer): void {
    const k = keyOf(key);
    this.entries.delete(k);
    this.entries.set(k, { session, expiresAt: this.now() + this.maxAgeMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forget a peer's ticket (e.g. the resumed connection failed: the next one starts afresh). */
  delete(key: SessionKey): void {
    this.entries.delete(keyOf(key));
  }
}

function keyOf(k: SessionKey): string {
  // Newlines can't occur in an address, a DNS name or a SPIFFE id: the join is unambiguous.
  return `${k.addr}\n${k.serverName}\n${k.identity}`;
}

const caches = new WeakMap<Credentials, TlsSessionCache>();

/** The ticket cache of these credentials; it is dropped with them when identity or anchors rotate. */
export function sessionCacheFor(creds: Credentials): TlsSessionCache {
  let cache = caches.get(creds);
  if (!cache) {
    cache = new TlsSessionCache();
    caches.set(creds, cache);
  }
  return cache;
}
