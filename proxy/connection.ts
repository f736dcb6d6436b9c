// One record per proxied connection. Stages fill it in as they learn things (target, identities,
// labels); close() runs exactly once and writes the transport metrics and one access-log line.
// Nothing here runs per chunk: bytes are read from the sockets' own counters at close.
import type net from 'node:net';
import type { Logger } from './log.js';
import type { Metrics, TransportLabels } from './metrics.js';
import { ProxyError } from './errors.js';

export type Direction = 'inbound' | 'outbound';

interface Side {
  readonly socket: net.Socket;
  readonly labels: TransportLabels;
}

/** Each accepted socket's record, so a shutdown that cuts the socket can say so in the record. */
const recordsBySocket = new WeakMap<net.Socket, ConnectionRecord>();

/** The record of the connection accepted on `socket`, while it has one. */
export function recordOf(socket: net.Socket): ConnectionRecord | undefined {
  return recordsBySocket.get(socket);
}

export class ConnectionRecord {
  private readonly startedAt = performance.now();
  private src?: Side;
  private dst?: Side;
  private closed = false;
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

  constructor(
    private readonly metrics: Metrics,
    private readonly log: Logger,
    readonly direction: Direction,
    readonly client: net.Socket,
  ) {
    this.clientAddr = `${client.remoteAddress ?? '?'}:${client.remotePort ?? '?'}`;
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

  /** The accepted (application- or peer-facing) side is known well enough to be counted. */
  openSrc(socket: net.Socket, labels: TransportLabels): void {
    this.src = { socket, labels: { direction: this.direction, peer: 'src', ...labels } };
    this.metrics.tcpOpenTotal.inc(this.src.labels);
    this.metrics.tcpOpenConnections.inc(this.src.labels);
  }

  /** The dialled side is connected (and, for TLS, verified). */
  openDst(socket: net.Socket, labels: TransportLabels): void {
    this.dst = { socket, labels: { direction: this.direction, peer: 'dst', ...labels } };
    this.metrics.tcpOpenTotal.inc(this.dst.labels);
    this.metrics.tcpOpenConnections.inc(this.dst.labels);
  }

  /** Finish the record. `error` is why the connection failed or was cut; absent for a clean close. */
  close(error?: ProxyError): void {
    if (this.closed) return;
    this.closed = true;
    if (this.onShutdownClosed) error = new ProxyError('shutdown', 'the proxy is stopping: reset when the shutdown grace period ended', { cause: error });
    const errno = error ? errnoOf(error) : '';
    for (const side of [this.src, this.dst]) {
      if (!side) continue;
      this.metrics.tcpOpenConnections.dec(side.labels);
      this.metrics.tcpCloseTotal.inc({ ...side.labels, errno });
      this.metrics.tcpReadBytesTotal.inc(side.labels, side.socket.bytesRead);
      this.metrics.tcpWriteBytesTotal.inc(side.labels, side.socket.bytesWritten);
    }
    if (error) {
      const counter = this.direction === 'inbound' ? this.metrics.inboundTcpErrorsTotal : this.metrics.outboundTcpErrorsTotal;
      counter.inc({ error: error.linkerdClass, reason: error.reason });
    }
    this.writeAccessLog(error);
    this.onShutdownClosed?.();
  }

  private writeAccessLog(error?: ProxyError): void {
    const entry = {
      direction: this.direction,
      client: this.clientAddr,
      client_id: this.clientId,
      target: this.target,
      endpoint: this.endpoint,
      server_id: this.serverId,
      bytes_in: this.client.bytesRead,
      bytes_out: this.client.bytesWritten,
      duration_ms: Math.round((performance.now() - this.startedAt) * 1000) / 1000,
      ...(this.connectAttempts > 1 && { connect_attempts: this.connectAttempts }),
      reason: error?.reason ?? 'ok',
      ...(error && { error: error.message }),
    };
    if (error && error.reason !== 'io') this.log.warn(entry, 'connection closed');
    else this.log.info(entry, 'connection closed');
  }
}

function errnoOf(error: ProxyError): string {
  const cause = error.cause as NodeJS.ErrnoException | undefined;
  return cause?.code && /^E[A-Z]+$/.test(cause.code) ? cause.code : '';
}
