// The id an access-log line gives its connection (`conn_id`), the same on both sides of a meshed
// connection with nothing sent on the wire: it is a TLS exporter value (RFC 8446 §7.5 / RFC 5705)
// of the connection's mTLS session, which client and server derive identically from the session's
// secrets, and which differs for every session (resumed ones included). A rustls peer (Linkerd)
// can derive the same value with the same label. A connection without mesh TLS gets an id unique
// to this process instead.
import { randomBytes } from 'node:crypto';
import type tls from 'node:tls';

/** The exporter label: any label works as long as both sides use the same one. */
export const CONN_ID_EXPORTER_LABEL = 'EXPORTER-podwire-connection-id';

/** 8 bytes: 16 hex digits, unique enough across a mesh's access logs. */
const CONN_ID_BYTES = 8;

/** The id both ends of `socket`'s TLS session derive; undefined when the session has none (yet). */
export function tlsConnId(socket: tls.TLSSocket): string | undefined {
  try {
    return socket.exportKeyingMaterial(CONN_ID_BYTES, CONN_ID_EXPORTER_LABEL, Buffer.alloc(0)).toString('hex');
  } catch {
    // Not established, or already torn down.
    return undefined;
  }
}

/**
 * tlsConnId for a connection that carries many streams (PODWIRE_MUX), derived once: each stream's
 * id starts with it, and deriving it per stream was about 3% of a proxy's CPU under connection
 * churn. A session's exporter value never changes, so the cache cannot go stale.
 */
export function sessionConnId(socket: tls.TLSSocket): string | undefined {
  let id = sessionIds.get(socket);
  if (id === undefined) {
    id = tlsConnId(socket);
    if (id !== undefined) sessionIds.set(socket, id);
  }
  return id;
}

const sessionIds = new WeakMap<tls.TLSSocket, string>();

// Local ids: a random per-process prefix and a counter, so no random bytes are drawn per connection.
const localPrefix = randomBytes(4).toString('hex');
let localCount = 0;

/** A fresh id for a connection without a TLS session of its own, same shape as tlsConnId's. */
export function localConnId(): string {
  localCount = (localCount + 1) >>> 0;
  return `${localPrefix}${localCount.toString(16).padStart(8, '0')}`;
}
