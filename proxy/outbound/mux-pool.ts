// The outbound pool of multiplexed mTLS connections to podwire peers (PODWIRE_MUX, ALPN
// podwire.mux/1, docs/architecture.md). Each application connection to a peer becomes a stream
// (mux/session.ts) on one of a few long-lived connections instead of a TCP + TLS handshake of its own.
//
// - Sessions are keyed exactly as TLS tickets are (tls-sessions.ts): dialled address, SNI and the
//   server identity discovery expects. A stream therefore only ever rides a connection whose peer
//   proved that very identity, under our current credentials.
// - Credentials own their sessions: when identity or trust anchors rotate (a new Credentials
//   object), every session dialled under the old ones is drained (its streams finish, no new ones)
//   and later connections dial afresh with the new credentials.
// - Streams are spread over `maxPerPeer` connections per key. A new stream takes the session with
//   the fewest open streams that can take one, unless every open session already carries streams
//   and the key has room for another connection: then it dials one (spreadNow), so concurrent
//   streams ride `maxPerPeer` TCP connections, not one. When no session can take it, a dial is
//   started if the key has room, else the caller waits briefly for a session being dialled (the
//   dial fewest others wait for: leastAwaited, so a burst of streams spreads evenly; or any ready
//   one, if its own dial lags far behind the others: waitForDial). When
//   all of them are full (each at the peer's maxStreams) another mux connection is dialled, up to
//   MUX_OVERFLOW_LIMIT: one handshake for up to a thousand more streams, where a plain connection
//   per stream would cost a handshake and a TLS socket each (with 1,000 streams per connection and
//   2 connections, the 2,001st idle application connection used to get its own TLS connection).
//   Past that limit, an ordinary Linkerd-protocol connection (never a refused connection).
// - A peer that answered with Linkerd's ALPN instead (a linkerd2-proxy) is remembered for the key
//   for MUX_FALLBACK_MEMORY_MS, so further connections to it are plain Linkerd-protocol ones
//   without the pool's bookkeeping (and a pod IP later reused by a podwire is offered mux again).
// - A session that closes (error, GOAWAY drained, peer gone) leaves the pool at once; its open
//   streams fail (the session resets them), so each application sees a reset.
// - Replay: a stream the peer refused unprocessed (it drained just as the stream was opened, e.g.
//   after a rotation) is carried again by the mux layer (mux/replay.ts) on the session the caller's
//   SessionSupplier finds for the same key (sessionFor() here, or a fresh dial by connect.ts);
//   the pool follows the stream to its new session and counts it in
//   outbound_mux_streams_retried_total.
// - A session without streams for MUX_IDLE_TIMEOUT_MS is drained and closed, so connections to
//   endpoints discovery no longer names do not stay open for ever.
// - Every session is PINGed every MUX_PING_INTERVAL_MS; one that does not answer within
//   MUX_PING_TIMEOUT_MS is destroyed (its streams reset). Without this a peer that vanished without
//   a reset (host gone, network partition) would swallow every new stream, where a dial per
//   connection would have timed out and failed over to another endpoint.
import type tls from 'node:tls';
import type { Credentials } from '../identity/credentials.js';
import type { Metrics } from '../metrics.js';
import type { Logger } from '../log.js';
import type { TransportHeader } from '../transport/header.js';
import { MuxSession, MuxSessionError, type MuxStream, type SessionSupplier } from '../mux/index.js';
import type { SessionKey } from './tls-sessions.js';
import { disarmResetOnClose } from '../transport/linger.js';

/** Pooled mux connections per (address, SNI, identity) by default (PODWIRE_MUX_CONNECTIONS_PER_PEER). */
export const MUX_MAX_CONNECTIONS_PER_PEER = 2;
/**
 * Most mux connections per key while all of them are full (PODWIRE_MUX_CONNECTIONS_PER_PEER's own
 * maximum): 64,000 streams at the default maxStreams, before streams get plain connections.
 */
export const MUX_OVERFLOW_LIMIT = 64;
/** How long a pooled connection may carry no stream before it is closed (PODWIRE_MUX_IDLE_TIMEOUT). */
export const MUX_IDLE_TIMEOUT_MS = 60_000;
/** How long a peer that chose Linkerd's protocol is dialled without a mux offer. */
export const MUX_FALLBACK_MEMORY_MS = 300_000;
/** Liveness PINGs on pooled connections: how often, and how long an answer may take. */
export const MUX_PING_INTERVAL_MS = 10_000;
export const MUX_PING_TIMEOUT_MS = 5_000;

/** What the pool needs to know of a session to choose one (a MuxSession; plain objects in unit tests). */
export interface Choosable {
  canOpen(): boolean;
  readonly openStreams: number;
}

/** The session that should carry the next stream: the least loaded one that can take it. */
export function chooseSession<S extends Choosable>(sessions: Iterable<S>): S | undefined {
  let best: S | undefined;
  for (const s of sessions) {
    if (s.canOpen() && (best === undefined || s.openStreams < best.openStreams)) best = s;
  }
  return best;
}

/**
 * Whether a new stream should dial another connection although `best` (the least loaded open
 * session) could take it: every open session carries streams, and the key has fewer than
 * `maxPerPeer` connections open or being dialled. Four bulk streams on one pooled connection moved
 * ~15% fewer bytes than on two (bulk over 4 connections, builds alternated: two better in 8 of 10
 * pairs; medians of the last 6, 424 vs 355 MB/s and 2.99 vs 3.37 s CPU per GB); the price is one
 * more handshake per peer, once.
 */
export function spreadNow(best: Choosable | undefined, peer: { readonly sessions: number; readonly dialling: number }, maxPerPeer: number): boolean {
  return best !== undefined && best.openStreams > 0 && peer.sessions + peer.dialling < maxPerPeer;
}

/**
 * What to do when no session can take a stream now (all are full, or spreadNow): dial a new mux
 * connection while the key has room, wait for one being dialled, dial one more past `maxPerPeer`
 * (up to MUX_OVERFLOW_LIMIT), or dial a plain Linkerd-protocol connection.
 */
export function nextStep(peer: { readonly sessions: number; readonly dialling: number; readonly linkerdOnly: boolean }, maxPerPeer: number): 'dial_mux' | 'wait' | 'dial_plain' {
  if (peer.linkerdOnly) return 'dial_plain';
  if (peer.sessions + peer.dialling < maxPerPeer) return 'dial_mux';
  if (peer.dialling > 0) return 'wait';
  return peer.sessions < MUX_OVERFLOW_LIMIT ? 'dial_mux' : 'dial_plain';
}

/**
 * Least time a stream waiting for one dial gives it after another dial to the same peer has
 * settled (WAIT_FOR_SIBLING_FLOOR_MS or as long as that one took, whichever is longer).
 */
export const WAIT_FOR_SIBLING_FLOOR_MS = 100;

/** A mux dial in flight: settles once its session is ready (or the dial failed). */
interface PendingDial {
  readonly settled: Promise<void>;
  /** When it started (Date.now() ms). */
  readonly startedAt: number;
  /** Streams waiting for this dial (plan's 'wait'), besides the one that dialled it. */
  waiting: number;
}

/**
 * The dial in flight a waiting stream should wait for: the one with the fewest streams waiting
 * for it already. Waiting for whichever dial settled first put every waiter on the first session
 * ready: 16 connections opened at once rode one pooled connection 15 to 1 instead of 8 to 8, and
 * streams sharing a TLS socket wait for each other's writes (a TLS socket takes one write per
 * event-loop turn; the rest wait in its buffer until the turn ends).
 */
export function leastAwaited<D extends { readonly waiting: number }>(dials: Iterable<D>): D | undefined {
  let best: D | undefined;
  for (const d of dials) if (best === undefined || d.waiting < best.waiting) best = d;
  return best;
}

interface Peer {
  readonly sessions: Set<MuxSession>;
  /** Mux dials in flight for this key. */
  readonly pending: Set<PendingDial>;
  /** Until when (Date.now() ms) this peer is taken to speak Linkerd's protocol only. */
  linkerdOnlyUntil: number;
}

export interface MuxPoolDeps {
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly maxPerPeer?: number;
  /** Default MUX_IDLE_TIMEOUT_MS. */
  readonly idleTimeoutMs?: number;
  /** Defaults MUX_PING_INTERVAL_MS and MUX_PING_TIMEOUT_MS. */
  readonly pingIntervalMs?: number;
  readonly pingTimeoutMs?: number;
}

/** A stream the pool opened, and the mux connection that carries it (whose TLS session names it). */
export interface MuxCarrier {
  readonly stream: MuxStream;
  readonly connection: tls.TLSSocket;
  /** 'new': the connection was dialled for this stream; 'pooled': it was already open. */
  readonly kind: 'new' | 'pooled';
}

/** Claim on a mux dial for one key: settle it once the dial ended (whatever the outcome). */
export interface DialTicket {
  settle(): void;
}

export class MuxPool {
  private readonly maxPerPeer: number;
  private creds: Credentials | undefined;
  /** Credentials replaced by a rotation: a connection still holding them dials plainly. */
  private readonly retired = new WeakSet<Credentials>();
  private readonly idleTimers = new Map<MuxSession, NodeJS.Timeout>();
  private peers = new Map<string, Peer>();
  private closed = false;

  constructor(private readonly deps: MuxPoolDeps) {
    this.maxPerPeer = deps.maxPerPeer ?? MUX_MAX_CONNECTIONS_PER_PEER;
  }

  /** The credentials pooled sessions are dialled with now (the latest the pool was told of). */
  get credentials(): Credentials | undefined {
    return this.creds;
  }

  /**
   * A stream for `header` on a pooled session to this peer, or undefined when none can take it.
   * `replay` finds a session for the stream if the peer refuses it unprocessed.
   */
  openStream(creds: Credentials, key: SessionKey, header: TransportHeader, replay?: SessionSupplier, spread = true): MuxCarrier | undefined {
    const session = this.sessionFor(creds, key, spread);
    // The pool only makes sessions on TLS sockets (adopt).
    return session && { stream: this.open(session, header, replay), connection: session.socket as tls.TLSSocket, kind: 'pooled' };
  }

  /**
   * A pooled session to this peer that should take a stream now, if any: none also when spreadNow
   * (unless `spread` is false: the dial that would spread failed, and any session will do).
   */
  sessionFor(creds: Credentials, key: SessionKey, spread = true): MuxSession | undefined {
    const peer = this.peerOf(creds, key);
    const best = chooseSession(peer.sessions);
    return spread && spreadNow(best, { sessions: openCount(peer.sessions), dialling: peer.pending.size }, this.maxPerPeer) ? undefined : best;
  }

  /**
   * No pooled session could take the stream: 'dial_mux' comes with a ticket the caller settles
   * when its dial ends; 'wait' comes with a promise that settles when the dial in flight with the
   * fewest streams waiting for it does (leastAwaited), so that waiters spread over the new sessions,
   * or when that dial lags far behind another one to the peer (waitForDial).
   */
  plan(creds: Credentials, key: SessionKey): { step: 'dial_mux'; ticket: DialTicket } | { step: 'wait'; settled: Promise<void> } | { step: 'dial_plain' } {
    const peer = this.peerOf(creds, key);
    const step = this.closed ? 'dial_plain' : nextStep({ sessions: openCount(peer.sessions), dialling: peer.pending.size, linkerdOnly: peer.linkerdOnlyUntil > Date.now() }, this.maxPerPeer);
    if (step === 'dial_plain') return { step };
    if (step === 'wait') {
      const dial = leastAwaited(peer.pending)!; // nextStep waits only while a dial is in flight
      dial.waiting++;
      return { step, settled: waitForDial(dial, peer.pending) };
    }
    let settle!: () => void;
    const dial: PendingDial = { settled: new Promise<void>((resolve) => (settle = resolve)), startedAt: Date.now(), waiting: 0 };
    peer.pending.add(dial);
    return { step, ticket: { settle: () => (peer.pending.delete(dial), settle()) } };
  }

  /**
   * The peer selected podwire.mux/1 on `socket`: pool a client session on it and open the first
   * stream (a session takes one stream before the peer's SETTINGS say how many).
   */
  adopt(creds: Credentials, key: SessionKey, socket: tls.TLSSocket, header: TransportHeader, ticket: DialTicket, replay?: SessionSupplier): MuxCarrier {
    const { session, pooled } = this.adoptSession(creds, key, socket, ticket);
    const stream = this.open(session, header, replay);
    // Not pooled: carry this stream only, then close.
    if (!pooled) session.drain();
    return { stream, connection: socket, kind: 'new' };
  }

  /**
   * As adopt(), without opening a stream: the session for a stream being replayed. `pooled` is
   * false when the credentials rotated during the dial, or we are stopping: the caller drains it.
   */
  adoptSession(creds: Credentials, key: SessionKey, socket: tls.TLSSocket, ticket: DialTicket): { session: MuxSession; pooled: boolean } {
    const session = new MuxSession(socket, { role: 'client' });
    // The mux framing tells a cut from a clean end by itself (a FIN with streams open fails them),
    // so the connection closes with a FIN: no reset that could drop our last frames.
    disarmResetOnClose(socket);
    // Dialled under credentials that rotated meanwhile, or while stopping: not pooled.
    const peer = creds === this.creds && !this.closed ? this.peerOf(creds, key) : undefined;
    peer?.sessions.add(session);
    this.deps.metrics.outboundMuxPooledConnections.inc();
    session.once('ready', () => ticket.settle());
    // A peer that drains takes no new streams: make room at once for a connection that does.
    session.once('goaway', () => peer?.sessions.delete(session));
    session.once('close', (error) => {
      ticket.settle();
      this.stopIdleTimer(session);
      peer?.sessions.delete(session);
      this.deps.metrics.outboundMuxPooledConnections.dec();
      this.deps.log.debug({ peer: key.addr, identity: key.identity, ...(error && { error: error.message }) }, 'pooled mux connection closed');
    });
    this.watchLiveness(session);
    return { session, pooled: peer !== undefined };
  }

  /** The peer selected Linkerd's protocol: stop offering mux to it (until credentials rotate). */
  markLinkerdOnly(creds: Credentials, key: SessionKey): void {
    this.peerOf(creds, key).linkerdOnlyUntil = Date.now() + MUX_FALLBACK_MEMORY_MS;
  }

  /** Identity or trust anchors rotated: retire the sessions dialled under the old credentials. */
  rotated(creds: Credentials): void {
    if (!this.retired.has(creds)) this.useCredentials(creds);
  }

  /** Graceful: every session sends GOAWAY, its streams finish, then it closes. New streams dial. */
  drainAll(): void {
    for (const peer of this.peers.values()) for (const s of peer.sessions) s.drain();
    this.peers = new Map();
  }

  /** Stopping: drain everything and pool nothing new. */
  close(): void {
    this.closed = true;
    this.drainAll();
  }

  /** Sessions pooled now (for tests and debugging). */
  get size(): number {
    let n = 0;
    for (const peer of this.peers.values()) n += peer.sessions.size;
    return n;
  }

  private open(session: MuxSession, header: TransportHeader, replay: SessionSupplier | undefined): MuxStream {
    const stream = session.open(header, replay && { replay });
    this.stopIdleTimer(session);
    const { metrics } = this.deps;
    metrics.outboundMuxStreamsTotal.inc();
    metrics.outboundMuxStreamsOpen.inc();
    // The session carrying the stream now: a replayed stream moves (mux/replay.ts).
    let carrier = session;
    stream.on('rehomed', (next: MuxSession) => {
      carrier = next;
      this.stopIdleTimer(next);
      metrics.outboundMuxStreamsRetriedTotal.inc();
    });
    stream.once('close', () => {
      metrics.outboundMuxStreamsOpen.dec();
      if (carrier.openStreams === 0 && carrier.state === 'open') this.startIdleTimer(carrier);
    });
    return stream;
  }

  /** PING the peer periodically; no answer in time destroys the session (see the header). */
  private watchLiveness(session: MuxSession): void {
    const timeoutMs = this.deps.pingTimeoutMs ?? MUX_PING_TIMEOUT_MS;
    const probe = () => {
      const deadline = setTimeout(() => {
        session.destroy(new MuxSessionError('ERR_MUX_SESSION_CLOSED', `peer did not answer a PING within ${timeoutMs} ms`));
      }, timeoutMs);
      deadline.unref();
      session.ping().then(() => clearTimeout(deadline), () => clearTimeout(deadline));
    };
    const interval = setInterval(probe, this.deps.pingIntervalMs ?? MUX_PING_INTERVAL_MS);
    interval.unref();
    session.once('close', () => clearInterval(interval));
  }

  private startIdleTimer(session: MuxSession): void {
    this.stopIdleTimer(session);
    const timer = setTimeout(() => {
      this.idleTimers.delete(session);
      session.drain(); // no stream is open, so it closes at once; 'close' takes it out of the pool
    }, this.deps.idleTimeoutMs ?? MUX_IDLE_TIMEOUT_MS);
    timer.unref();
    this.idleTimers.set(session, timer);
  }

  private stopIdleTimer(session: MuxSession): void {
    clearTimeout(this.idleTimers.get(session));
    this.idleTimers.delete(session);
  }

  private useCredentials(creds: Credentials): void {
    if (creds === this.creds) return;
    if (this.creds !== undefined) {
      this.retired.add(this.creds);
      this.drainAll();
    }
    this.creds = creds;
  }

  /** This key's entry under `creds`; other credentials than last time retire every session first. */
  private peerOf(creds: Credentials, key: SessionKey): Peer {
    if (this.retired.has(creds)) return { sessions: new Set(), pending: new Set(), linkerdOnlyUntil: Infinity };
    this.useCredentials(creds);
    const k = keyOf(key);
    let peer = this.peers.get(k);
    if (!peer) this.peers.set(k, (peer = { sessions: new Set(), pending: new Set(), linkerdOnlyUntil: 0 }));
    return peer;
  }
}

/**
 * Settles when `own` does, or, once another of `dials` has settled, after as long again as that one
 * took (at least WAIT_FOR_SIBLING_FLOOR_MS): dials to one peer that start together end together,
 * so a dial that far behind is stuck (a lost SYN waits a second for its retransmission), and its
 * waiters take a session that is ready rather than wait out their connect timeout for it.
 */
function waitForDial(own: PendingDial, dials: ReadonlySet<PendingDial>): Promise<void> {
  const others = [...dials].filter((d) => d !== own);
  if (others.length === 0) return own.settled;
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  const siblingDone = Promise.race(others.map((d) => d.settled.then(() => Date.now() - d.startedAt)));
  const gaveUp = siblingDone.then((took) => new Promise<void>((resolve) => {
    if (done) return resolve();
    timer = setTimeout(resolve, Math.max(took, WAIT_FOR_SIBLING_FLOOR_MS));
    timer.unref(); // the waiting connection keeps the process alive, not this
  }));
  return Promise.race([own.settled, gaveUp]).finally(() => {
    done = true;
    clearTimeout(timer);
  });
}

/** Sessions not draining or closing: the ones that count against the per-peer bound. */
function openCount(sessions: Iterable<MuxSession>): number {
  let n = 0;
  for (const s of sessions) if (s.state === 'open') n++;
  return n;
}

/** keyOf's string per key object: dialEndpoint reuses one key per endpoint (connect.ts). */
const keyStrings = new WeakMap<SessionKey, string>();

function keyOf(k: SessionKey): string {
  let text = keyStrings.get(k);
  // As tls-sessions.ts: newlines can't occur in an address, a DNS name or a SPIFFE id.
  if (text === undefined) keyStrings.set(k, (text = `${k.addr}\n${k.serverName}\n${k.identity}`));
  return text;
}
