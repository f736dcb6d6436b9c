// Inbound multiplexed connections (PODWIRE_MUX, ALPN podwire.mux/1): a podwire outbound carries
// many application connections as streams over one verified mTLS connection to the direct port.
// Each stream is served exactly as a direct connection after its transport header (handle.ts):
// its own ConnectionRecord (so per-application-connection metrics and access-log lines are the
// same as without mux), the target from its header, policy with the connection's verified client
// identity, live registration so a policy change can cut it (a RESET of that stream only), the
// gateway for a named header. A refused stream is reset (REFUSED, or CONNECT_FAILED when the
// application could not be reached), never the connection.
//
// InboundMuxSessions lets shutdown and identity rotation drain every session (GOAWAY: no new
// streams, the open ones finish) and lets the end of the grace period say `shutdown` in the
// records of the streams it cuts.
import { ConnectionRecord, type RecordDeps } from '../connection.js';
import { classify, ignoreError, type ProxyError } from '../errors.js';
import { MuxSession, ResetCode, type MuxStream } from '../mux/index.js';
import type { TransportHeader } from '../transport/header.js';
import type { AcceptedMux } from './direct.js';
import { disarmResetOnClose } from '../transport/linger.js';

/** What serves one stream once its header is known: handle.ts's direct-port path. */
export type ServeStream = (
  record: ConnectionRecord,
  accepted: { socket: MuxStream; clientId: string; header: TransportHeader; headerBytes: number },
) => Promise<void>;

export interface InboundMuxDeps extends RecordDeps {
  readonly muxSessions: InboundMuxSessions;
}

/** The inbound's live mux sessions and, per session, the records of its open streams. */
export class InboundMuxSessions {
  private readonly sessions = new Map<MuxSession, Set<ConnectionRecord>>();
  private draining = false;

  add(session: MuxSession): Set<ConnectionRecord> {
    const records = new Set<ConnectionRecord>();
    this.sessions.set(session, records);
    if (this.draining) session.drain();
    session.once('close', () => this.sessions.delete(session));
    return records;
  }

  /** GOAWAY on every session: no new streams, the open ones finish. */
  drainAll(): void {
    for (const session of this.sessions.keys()) session.drain();
  }

  /** Stopping: drain now, and drain sessions accepted from now on as soon as they start. */
  stop(): void {
    this.draining = true;
    this.drainAll();
  }

  /** The grace period is over: the streams still open are about to be cut; their records say so. */
  cutByShutdown(): Promise<void>[] {
    return [...this.sessions.values()].flatMap((records) => [...records].map((r) => r.cutByShutdown()));
  }

  get size(): number {
    return this.sessions.size;
  }
}

/**
 * Serve a verified mux connection until it closes. `connRecord` (the accepted connection's record)
 * writes nothing: each stream has its own.
 */
export function serveMux(deps: InboundMuxDeps, connRecord: ConnectionRecord, accepted: AcceptedMux, serve: ServeStream): Promise<void> {
  connRecord.carriesStreams();
  const { metrics } = deps;
  const session = new MuxSession(accepted.socket, { role: 'server' });
  // As the outbound pool does: the framing detects a cut (a FIN with streams open fails them), so
  // the connection may close with a FIN rather than the reset accepted sockets are armed with.
  disarmResetOnClose(accepted.socket);
  const records = deps.muxSessions.add(session);
  metrics.inboundMuxConnections.inc();
  session.on('stream', (stream, header) => void serveOne(deps, accepted, records, stream, header, serve));
  return new Promise((resolve) => {
    session.once('close', (error) => {
      metrics.inboundMuxConnections.dec();
      if (error) deps.log.debug({ client_id: accepted.clientId, error: error.message }, 'mux connection closed with an error');
      resolve();
    });
  });
}

async function serveOne(
  deps: InboundMuxDeps,
  accepted: AcceptedMux,
  records: Set<ConnectionRecord>,
  stream: MuxStream,
  header: TransportHeader,
  serve: ServeStream,
): Promise<void> {
  const { metrics } = deps;
  metrics.inboundMuxStreamsTotal.inc();
  metrics.inboundMuxStreamsOpen.inc();
  // The stream's peer is its connection's: the access log's `client` stays the peer's address.
  const record = new ConnectionRecord(deps, 'inbound', stream, accepted.socket);
  record.clientId = accepted.clientId;
  record.muxStream(accepted.socket, stream.id);
  records.add(record);
  // Until the pipe owns the stream, a peer's RESET must not become an unhandled 'error'.
  stream.on('error', ignoreError);
  try {
    await serve(record, { socket: stream, clientId: accepted.clientId, header, headerBytes: 0 });
  } catch (err) {
    const error = classify(err, 'unexpected');
    stream.reset(resetCodeFor(error));
    record.close(error);
  } finally {
    records.delete(record);
    metrics.inboundMuxStreamsOpen.dec();
  }
}

/** What the peer is told when a stream is refused before any byte flowed. */
export function resetCodeFor(error: ProxyError): number {
  return error.reason.startsWith('connect_') ? ResetCode.CONNECT_FAILED : ResetCode.REFUSED;
}
