// One record per proxied connection. Stages fill it in as they learn things (target, identities,
// labels); close() runs exactly once and writes the transport metrics and one access-log line.
// Nothing here runs per chunk: bytes are read from the sockets' own counters, at each scrape while
// the connection is open (live-bytes.ts) and at close.
import tls from 'node:tls';
import type { Logger } from './log.js';
import type { Metrics, TransportLabels } from './metrics.js';
import type { ByteCountingSocket, CountedSocket } from './live-bytes.js';
import type { AccessLog, AccessLogEntry } from './access-log.js';
import { localConnId, sessionConnId, tlsConnId } from './conn-id.js';
import { ProxyError } from './errors.js';
import { closeLabels } from './transport-labels.js';
import { addToSeries } from './metric-cells.js';
import { keepLatest, socketHandle } from './warm-shapes.js';

export type Direction = 'inbound' | 'outbound';

/**
 * The accepted side a record is about: a socket, or (inbound over a multiplexed connection) one
 * stream, whose peer address is its connection's.
 */
export type RecordClient = ByteCountingSocket & { readonly remoteAddress?: string; readonly remotePort?: number };

/** What a record writes to: the metrics, the component's logger and the access log. */
export interface RecordDeps {
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly accessLog: AccessLog;
}

/** Each accepted socket's record, so a shutdown that cuts the socket can say so in the record. */
const recordsBySocket = new WeakMap<object, ConnectionRecord>();

/** The record of the connection accepted on `socket`, while it has one. */
export function recordOf(socket: object): ConnectionRecord | undefined {
  return recordsBySocket.get(socket);
}

/** warm-shapes.ts kinds: the last finished record of each direction. */
export const INBOUND_KIND = 'inbound connection';
export const OUTBOUND_KIND = 'outbound connection';

export class ConnectionRecord {
  private readonly startedAt = performance.now();
  private src?: CountedSocket;
  private dst?: CountedSocket;
  private closed = false;
  /** Shared with the peer when the mesh TLS session gives one (conn-id.ts); set when first known. */
  private connId?: string;
  /**
   * Bytes read on the accepted side before the application's first byte (the transport header):
   * not application bytes, so the access log's bytes_in leaves them out.
   */
  srcPrefixBytes = 0;
  /** Logical target (authority or address) for the access log. */
  target?: string;
  /** The address actually dialled. */
  endpoint?: string;
  clientId?: string;
  serverId?: string;
  /** Dials made for this connection when failover retried (logged only when more than one). */
  connectAttempts = 0;
  /** Captured at accept: a destroyed socket forgets its peer address. */
  private readonly clientAddr: string;
  /**
   * The sockets' libuv handle wrappers, which Node detaches at close: kept with the record so that
   * a finished record kept by warm-shapes.ts holds their shapes too.
   */
  private readonly clientHandle: object | undefined;
  private dstHandle: object | undefined;

  private readonly metrics: Metrics;
  private readonly log: Logger;
  private readonly accessLog: AccessLog;

  constructor(
    deps: RecordDeps,
    readonly direction: Direction,
    readonly client: RecordClient,
    /** Where the client connected from, when `client` does not say (a mux stream). */
    peer: { readonly remoteAddress?: string; readonly remotePort?: number } = client,
  ) {
    this.metrics = deps.metrics;
    this.log = deps.log;
    this.accessLog = deps.accessLog;
    this.clientAddr = `${peer.remoteAddress ?? '?'}:${peer.remotePort ?? '?'}`;
    this.clientHandle = socketHandle(client);
    recordsBySocket.set(client, this);
  }

  /** Set by cutByShutdown: resolves the promise it returned once the record is written. */
  private onShutdownClosed: (() => void) | undefined;

  /**
   * The connection is being reset because the proxy is stopping (grace period over): the
   * access-log line and error metrics say `shutdown`, not the I/O error the reset causes. The
   * returned promise resolves once the record is written (or at once if it already was).
   */
  cutByShutdown(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => (this.onShutdownClosed = resolve));
  }

  /**
   * The connection is a stream of a multiplexed connection (PODWIRE_MUX): its id is that
   * connection's TLS exporter id plus the stream number, which both peers derive alike.
   * `moved`: the stream was replayed on another connection (mux/replay.ts), which names it now.
   */
  muxStream(connection: tls.TLSSocket, streamId: number, moved = false): void {
    if ((this.connId !== undefined && !moved) || !this.accessLog.enabled) return;
    const id = sessionConnId(connection);
    if (id !== undefined) this.connId = `${id}-${streamId}`;
  }

  /**
   * The accepted connection turned out to be a multiplexed one (inbound/mux.ts): each of its
   * streams gets a record of its own, and this one writes nothing.
   */
  carriesStreams(): void {
    this.closed = true;
    recordsBySocket.delete(this.client);
  }

  /**
   * The accepted (application- or peer-facing) side is known well enough to be counted, under its
   * full label set (transport-labels.ts).
   */
  openSrc(socket: ByteCountingSocket, labels: TransportLabels): void {
    this.src = this.count(socket, labels);
  }

  /** The dialled side is connected (and, for TLS, verified). Outbound, its mesh TLS session names the connection. */
  openDst(socket: ByteCountingSocket, labels: TransportLabels): void {
    this.dst = this.count(socket, labels);
    this.dstHandle = socketHandle(socket);
    if (this.direction === 'outbound') this.tlsSession(socket);
  }

  /**
   * The connection's mesh TLS session is established (inbound: as soon as the handshake is done,
   * so a connection refused afterwards still logs the id its client logs).
   */
  tlsSession(socket: ByteCountingSocket): void {
    // Derived only while the session is up, and only when an access log will print it.
    if (this.connId === undefined && this.accessLog.enabled && socket instanceof tls.TLSSocket) this.connId = tlsConnId(socket);
  }

  private count(socket: ByteCountingSocket, labels: TransportLabels): CountedSocket {
    addToSeries(this.metrics.tcpOpenTotal, labels, 1);
    addToSeries(this.metrics.tcpOpenConnections, labels, 1);
    return this.metrics.liveBytes.open(socket, labels);
  }

  /** Finish the record. `error` is why the connection failed or was cut; absent for a clean close. */
  close(error?: ProxyError): void {
    if (this.closed) return;
    this.closed = true;
    // The finished connection's objects outlive it until the next one closes: warm-shapes.ts.
    keepLatest(this.direction === 'inbound' ? INBOUND_KIND : OUTBOUND_KIND, this);
    if (this.onShutdownClosed) error = new ProxyError('shutdown', 'the proxy is stopping: reset when the shutdown grace period ended', { cause: error });
    const errno = error ? errnoOf(error) : '';
    for (const side of [this.src, this.dst]) {
      if (!side) continue;
      addToSeries(this.metrics.tcpOpenConnections, side.labels, -1);
      addToSeries(this.metrics.tcpCloseTotal, closeLabels(side.labels, errno), 1);
      this.metrics.liveBytes.close(side);
    }
    if (error) {
      const counter = this.direction === 'inbound' ? this.metrics.inboundTcpErrorsTotal : this.metrics.outboundTcpErrorsTotal;
      counter.inc({ error: error.linkerdClass, reason: error.reason });
    }
    if (this.accessLog.enabled) this.writeAccessLog(error);
    this.onShutdownClosed?.();
  }

  private writeAccessLog(error?: ProxyError): void {
    const bytes = this.applicationBytes();
    // One literal with every field, absent ones undefined (JSON, and so pino and the line
    // formats, leave them out): its shape lives as long as this code. An entry built with spreads
    // got shapes no live object held, which every full collection dropped, taking this function's
    // optimized code with them (warm-shapes.ts has the mechanism).
    const entry: AccessLogEntry = {
      direction: this.direction,
      conn_id: this.connId ?? localConnId(),
      client: this.clientAddr,
      client_id: this.clientId,
      target: this.target,
      endpoint: this.endpoint,
      server_id: this.serverId,
      bytes_in: bytes.bytes_in,
      bytes_out: bytes.bytes_out,
      duration_ms: Math.round((performance.now() - this.startedAt) * 1000) / 1000,
      connect_attempts: this.connectAttempts > 1 ? this.connectAttempts : undefined,
      reason: error?.reason ?? 'ok',
      error: error?.message,
    };
    this.accessLog.write(this.log, entry, error !== undefined && error.reason !== 'io');
  }

  /**
   * Bytes from and to the client, as the applications see them: on the accepted side after TLS and
   * without the transport header, so both proxies of a meshed connection log the same figures.
   * Before the accepted side was classified (a refusal), what the raw socket carried.
   */
  private applicationBytes(): { bytes_in: number; bytes_out: number } {
    if (!this.src) return { bytes_in: this.client.bytesRead, bytes_out: this.client.bytesWritten ?? 0 };
    return { bytes_in: Math.max(0, this.src.read - this.srcPrefixBytes), bytes_out: this.src.written };
  }
}

/** Mux errors that end a stream as a reset (mux/errors.ts): what the application sees too. */
const MUX_RESET_CODES: ReadonlySet<string> = new Set(['ERR_MUX_RESET', 'ERR_MUX_SESSION_CLOSED']);

function errnoOf(error: ProxyError): string {
  const cause = error.cause as NodeJS.ErrnoException | undefined;
  if (cause?.code && /^E[A-Z]+$/.test(cause.code)) return cause.code;
  // A stream reset, or its mux connection lost: the failure a reset is on a TCP connection.
  return cause?.code && MUX_RESET_CODES.has(cause.code) ? 'ECONNRESET' : '';
}
