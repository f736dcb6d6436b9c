// Dial one endpoint chosen by the balancer: TCP within the connect timeout, then, when discovery
// gave the endpoint an identity, TLS 1.3 with our client certificate, SNI = the server name, the
// peer's SANs checked against the identity discovery named, and the transport header written when
// the server selected ALPN transport.l5d.io/v1. No application byte is written before all of that.
// A session ticket from an earlier verified connection to the same peer and identity is offered
// when one is cached (tls-sessions.ts says why that is safe).
// With PODWIRE_MUX (a MuxPool in the options), an endpoint on the transport-header path is reached
// over a pooled multiplexed connection when one can take a stream (no TCP, no TLS: the stream is
// the dialled socket), and a new connection offers ALPN podwire.mux/1 before Linkerd's; a peer
// that picks Linkerd's protocol is served exactly as before (mux-pool.ts). Each such stream comes
// with a SessionSupplier (replaySession below): should the peer refuse it unprocessed, the mux
// layer carries it again on a pooled session to the same key or on one dialled here the same way.
import net from 'node:net';
import tls from 'node:tls';
import type { Endpoint } from '../../discovery-client/types.js';
import type { Credentials } from '../identity/credentials.js';
import { makeCheckServerIdentity } from '../identity/verify.js';
import { ProxyError, classify } from '../errors.js';
import { formatAddr, type SocketAddr } from '../transport/addr.js';
import { TRANSPORT_ALPN, encodeHeader, type TransportHeader } from '../transport/header.js';
import { armResetOnClose } from '../transport/linger.js';
import { tcpConnectOptions } from '../tcp-connect-options.js';
import type { PipeSocket } from '../transport/copy.js';
import { MUX_ALPN, type MuxSession, type SessionSupplier } from '../mux/index.js';
import { sessionCacheFor, type SessionKey } from './tls-sessions.js';
import type { DialTicket, MuxCarrier, MuxPool } from './mux-pool.js';
import { keyedPlanOf, type DialOptions, type DialPlan, type KeyedPlan } from './dial-plan.js';

export interface Dialled {
  /** A TCP or TLS socket, or a stream on a multiplexed connection to a podwire peer. */
  readonly socket: PipeSocket;
  /** The address actually dialled (the inbound port when opaque transport is used). */
  readonly remote: SocketAddr;
  /** Verified server identity, when TLS was used. */
  readonly serverId?: string;
  readonly noTlsReason?: string;
  readonly header?: TransportHeader;
  /** TLS was used and the handshake resumed a cached session (no certificates exchanged). */
  readonly tlsResumed?: boolean;
  /** Carried as a stream on a multiplexed connection (already open, or dialled for it). */
  readonly mux?: MuxCarrier;
}

/** muxingOf's answer per plan, with the options it was made for. */
const muxings = new WeakMap<KeyedPlan, { opts: DialOptions; muxing: Muxing | undefined }>();

/**
 * How the endpoint is reached over the mux pool, when it is (a podwire peer on the header path,
 * and we have credentials); kept with the plan while the options are the same object (they are,
 * per credentials: dialOptionsOf), so the replay supplier is not a new closure per connection.
 */
function muxingOf(keyed: KeyedPlan, opts: DialOptions): Muxing | undefined {
  const known = muxings.get(keyed);
  if (known !== undefined && known.opts === opts) return known.muxing;
  const { plan, key } = keyed;
  const { mux, credentials } = opts;
  const muxing: Muxing | undefined = mux && plan.tls?.alpn && plan.header && credentials
    ? { pool: mux, creds: credentials, key: key!, header: plan.header, replay: () => replaySession(mux, opts, plan.remote, plan.tls!, key!) }
    : undefined;
  muxings.set(keyed, { opts, muxing });
  return muxing;
}

/**
 * dialEndpoint's common case with PODWIRE_MUX, without waiting: a stream on a pooled session that
 * can take one now, or undefined (nothing was opened; dialEndpoint then dials, and reports any
 * problem such as missing credentials).
 */
export function dialPooledNow(ep: Endpoint, opts: DialOptions): Dialled | undefined {
  const keyed = keyedPlanOf(ep, opts.localIps);
  const muxing = muxingOf(keyed, opts);
  const ready = muxing?.pool.openStream(muxing.creds, muxing.key, muxing.header, muxing.replay);
  return ready && pooledDial(keyed.plan, ready);
}

function pooledDial(plan: DialPlan, carried: MuxCarrier): Dialled {
  return { socket: carried.stream, remote: plan.remote, serverId: plan.tls!.identity, header: plan.header, mux: carried };
}

export async function dialEndpoint(ep: Endpoint, opts: DialOptions): Promise<Dialled> {
  const keyed = keyedPlanOf(ep, opts.localIps);
  const { plan, key } = keyed;
  // Checked before dialling: without credentials there's nothing to say to a meshed peer, and a
  // connection we'd drop at once would show up as a spurious refusal in its logs.
  if (plan.tls && !opts.credentials) {
    throw new ProxyError('identity_not_ready', `endpoint ${formatAddr(ep.addr)} requires identity ${plan.tls.identity} but our identity is not ready`);
  }
  const muxing = muxingOf(keyed, opts);
  // The common case with a pooled session: a stream on it at once, without the deadline's
  // AbortController and timer (an EventTarget and a timer-list entry per connection otherwise).
  const ready = muxing?.pool.openStream(muxing.creds, muxing.key, muxing.header, muxing.replay);
  if (ready) return pooledDial(plan, ready);
  // A cleared timer, not AbortSignal.timeout(): that one fires (and builds a DOMException) for
  // every connection even after the dial succeeded.
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), opts.connectTimeoutMs);
  let tcp: net.Socket;
  let secured: tls.TLSSocket | undefined;
  let ticket: DialTicket | undefined;
  try {
    if (muxing) {
      const pooled = await pooledStream(muxing, ctl.signal);
      if (pooled.carried) return pooledDial(plan, pooled.carried);
      ticket = pooled.ticket;
    }
    tcp = await connectTcp(plan.remote, ctl.signal, opts.keepaliveMs);
    if (plan.tls && opts.credentials) {
      const resume = opts.resumeSessions !== false ? { key: key! } : undefined;
      const alpn = ticket ? [MUX_ALPN, TRANSPORT_ALPN] : [TRANSPORT_ALPN];
      secured = await handshake(tcp, plan.tls, opts.credentials, ctl.signal, resume, alpn);
    }
  } catch (err) {
    ticket?.settle();
    // A dial that only spread streams over more connections failed: a pooled one still carries it.
    const pooled = muxing && ticket && muxing.pool.openStream(muxing.creds, muxing.key, muxing.header, muxing.replay, false);
    if (pooled) return pooledDial(plan, pooled);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  if (!plan.tls || !secured) return { socket: tcp, remote: plan.remote, noTlsReason: plan.noTlsReason ?? 'disabled' };
  const tlsResumed = secured.isSessionReused();
  const carried = muxing && ticket ? takeMuxAnswer(muxing, ticket, secured) : undefined;
  if (carried) return { socket: carried.stream, remote: plan.remote, serverId: plan.tls.identity, header: plan.header, tlsResumed, mux: carried };
  if (plan.tls.alpn && secured.alpnProtocol === TRANSPORT_ALPN && plan.header) {
    secured.write(encodeHeader(plan.header));
    return { socket: secured, remote: plan.remote, serverId: plan.tls.identity, header: plan.header, tlsResumed };
  }
  if (plan.tls.alpn && plan.remote.port !== ep.addr.port) {
    // We dialled the peer's inbound port but it didn't agree to the header: bytes would go nowhere.
    secured.destroy();
    throw new ProxyError('alpn_not_negotiated', `${formatAddr(plan.remote)} did not select ALPN ${ticket ? `${MUX_ALPN} or ` : ''}${TRANSPORT_ALPN}`);
  }
  return { socket: secured, remote: plan.remote, serverId: plan.tls.identity, tlsResumed };
}

type Muxing = { pool: MuxPool; creds: Credentials; key: SessionKey; header: TransportHeader; replay: SessionSupplier };

/**
 * The peer's answer to our mux offer: a stream on a new pooled session when it selected
 * podwire.mux/1; otherwise undefined, and a peer that selected Linkerd's protocol is remembered.
 */
function takeMuxAnswer(m: Muxing, ticket: DialTicket, secured: tls.TLSSocket): MuxCarrier | undefined {
  if (secured.alpnProtocol === MUX_ALPN) return m.pool.adopt(m.creds, m.key, secured, m.header, ticket, m.replay);
  ticket.settle();
  if (secured.alpnProtocol === TRANSPORT_ALPN) m.pool.markLinkerdOnly(m.creds, m.key);
  return undefined;
}

/**
 * A stream on a pooled session, or the ticket to dial a new mux connection (none: dial a plain
 * Linkerd-protocol one). Waits for sessions being dialled to the same peer, within the deadline.
 */
async function pooledStream(m: Muxing, deadline: AbortSignal): Promise<{ carried?: MuxCarrier; ticket?: DialTicket }> {
  for (;;) {
    const carried = m.pool.openStream(m.creds, m.key, m.header, m.replay);
    if (carried) return { carried };
    const next = m.pool.plan(m.creds, m.key);
    if (next.step === 'dial_mux') return { ticket: next.ticket };
    if (next.step === 'dial_plain' || deadline.aborted) return {};
    await Promise.race([next.settled, aborted(deadline)]);
  }
}

/**
 * A session for a stream the peer refused unprocessed (mux/replay.ts): a pooled one to the same
 * key, or a new mux connection dialled as above (TCP, mTLS with the pool's current credentials,
 * which may be newer than the stream's), within the connect timeout. Undefined when none can be
 * had: the peer answers Linkerd's protocol now, the dial fails, there are no credentials, or the
 * pool is stopping; the stream then fails as it would have without replay.
 */
async function replaySession(
  pool: MuxPool, opts: DialOptions, remote: SocketAddr, tlsPlan: { serverName: string; identity: string; alpn: boolean }, key: SessionKey,
): Promise<MuxSession | undefined> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), opts.connectTimeoutMs);
  try {
    for (;;) {
      const creds = pool.credentials;
      if (creds === undefined) return undefined;
      const ready = pool.sessionFor(creds, key);
      if (ready) return ready;
      const next = pool.plan(creds, key);
      if (next.step === 'dial_plain' || ctl.signal.aborted) return undefined;
      if (next.step === 'wait') {
        await Promise.race([next.settled, aborted(ctl.signal)]);
        continue;
      }
      let secured: tls.TLSSocket;
      try {
        const tcp = await connectTcp(remote, ctl.signal, opts.keepaliveMs);
        const resume = opts.resumeSessions !== false ? { key } : undefined;
        secured = await handshake(tcp, tlsPlan, creds, ctl.signal, resume, [MUX_ALPN, TRANSPORT_ALPN]);
      } catch {
        next.ticket.settle();
        return undefined;
      }
      if (secured.alpnProtocol !== MUX_ALPN) {
        next.ticket.settle();
        if (secured.alpnProtocol === TRANSPORT_ALPN) pool.markLinkerdOnly(creds, key);
        secured.destroy();
        return undefined;
      }
      const { session, pooled } = pool.adoptSession(creds, key, secured, next.ticket);
      if (pooled) return session;
      session.drain(); // credentials rotated during the dial: dial again with the new ones
    }
  } finally {
    clearTimeout(timer);
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function connectTcp(addr: SocketAddr, deadline: AbortSignal, keepaliveMs: number | undefined): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    // TCP_NODELAY here, on the dialled socket: tls.connect({ socket }) does not apply its own
    // noDelay option to a socket it is given, and a resumed handshake's last flight waits ~40 ms
    // behind Nagle's algorithm without it.
    const socket = net.connect(tcpConnectOptions(addr.ip, addr.port));
    const onAbort = () => fail(new ProxyError('connect_timeout', `connect to ${formatAddr(addr)} timed out`));
    const fail = (err: unknown) => {
      cleanup();
      socket.destroy();
      reject(classify(err, 'connect_failed'));
    };
    const cleanup = () => {
      deadline.removeEventListener('abort', onAbort);
      socket.off('error', fail);
    };
    if (deadline.aborted) return onAbort();
    deadline.addEventListener('abort', onAbort);
    socket.once('error', fail);
    socket.once('connect', () => {
      cleanup();
      armResetOnClose(socket);
      if (keepaliveMs !== undefined) socket.setKeepAlive(true, keepaliveMs);
      resolve(socket);
    });
  });
}

function handshake(
  tcp: net.Socket,
  plan: { serverName: string; identity: string; alpn: boolean },
  creds: Credentials,
  deadline: AbortSignal,
  resume: { key: SessionKey } | undefined,
  alpn: string[],
): Promise<tls.TLSSocket> {
  const cache = resume && sessionCacheFor(creds);
  const session = resume && cache!.get(resume.key);
  return new Promise((resolve, reject) => {
    const secured = tls.connect({
      socket: tcp,
      ...(session && { session }),
      secureContext: creds.clientContext,
      servername: plan.serverName,
      checkServerIdentity: makeCheckServerIdentity(plan.identity),
      rejectUnauthorized: true,
      minVersion: 'TLSv1.3',
      ...(plan.alpn && { ALPNProtocols: alpn }),
    });
    leafOnlyPeerCertificate(secured);
    const onAbort = () => fail(new ProxyError('tls_handshake_timeout', `TLS handshake with ${plan.identity} timed out`));
    const fail = (err: unknown) => {
      cleanup();
      // A failed handshake that offered a ticket must not offer it again (the peer may have lost
      // its ticket keys, or be someone else now): the next connection does a full handshake.
      if (session) cache!.delete(resume!.key);
      secured.destroy();
      tcp.destroy();
      reject(classifyTlsError(err, plan.identity));
    };
    const cleanup = () => {
      deadline.removeEventListener('abort', onAbort);
      secured.off('error', fail);
    };
    if (deadline.aborted) return onAbort();
    deadline.addEventListener('abort', onAbort);
    secured.once('error', fail);
    secured.once('secureConnect', () => {
      cleanup();
      // Node emits 'session' only after checkServerIdentity passed (a ticket that arrived with
      // the handshake is held and emitted right after 'secureConnect'), so every cached ticket
      // stands for a verified identity. A resumed connection gets no new ticket from podwire's
      // inbound: the one it used stays cached until it expires.
      if (cache) secured.on('session', (ticket: Buffer) => cache.set(resume!.key, ticket));
      resolve(secured);
    });
  });
}

/**
 * Node's client handshake calls getPeerCertificate(true) only to hand checkServerIdentity the
 * server's certificate, and the detailed form walks and converts the whole issuer chain: about
 * 450 µs per connection against 25 µs for the leaf alone (a quarter of the client proxy's CPU per
 * new connection). Our check reads the leaf's SANs only (the chain is verified by OpenSSL), so
 * until the handshake is done this socket answers with the leaf. If Node stops calling the
 * method, the override is simply unused.
 */
function leafOnlyPeerCertificate(socket: tls.TLSSocket): void {
  const own = socket as tls.TLSSocket & { getPeerCertificate: tls.TLSSocket['getPeerCertificate'] };
  own.getPeerCertificate = (() => tls.TLSSocket.prototype.getPeerCertificate.call(socket, false)) as tls.TLSSocket['getPeerCertificate'];
  socket.once('secureConnect', () => {
    delete (own as { getPeerCertificate?: unknown }).getPeerCertificate;
  });
}

const UNTRUSTED_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'INVALID_CA',
]);

function classifyTlsError(err: unknown, identity: string): ProxyError {
  if (err instanceof ProxyError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const message = (err as Error).message;
  if (code === 'ERR_PODWIRE_SERVER_IDENTITY') {
    return new ProxyError('server_identity_mismatch', message, { cause: err });
  }
  if (UNTRUSTED_CODES.has(code)) {
    return new ProxyError('untrusted_server_cert', `server certificate for ${identity} is not trusted: ${code}`, { cause: err });
  }
  return new ProxyError('tls_handshake_failed', `TLS handshake with ${identity} failed: ${message}`, { cause: err });
}
