// The inbound direct port (4143): every connection must be mutual TLS terminated here with our
// identity as SNI, negotiate ALPN transport.l5d.io/v1, and send a transport header within the
// detect timeout. Only then is the target known; policy and forwarding happen in handle.ts.
// With PODWIRE_MUX the port also offers ALPN podwire.mux/1 first; a client that offers it too (a
// podwire outbound) gets a multiplexed connection, whose streams carry the headers (mux.ts).
import net from 'node:net';
import type tls from 'node:tls';
import type { Credentials } from '../identity/credentials.js';
import { checkPeer, primaryIdentity } from '../identity/verify.js';
import { ProxyError } from '../errors.js';
import { terminateServerTls, isOurServerName } from './server-tls.js';
import { TRANSPORT_ALPN, type TransportHeader } from '../transport/header.js';
import { MUX_ALPN } from '../mux/index.js';
import { readTransportHeader } from '../transport/header-read.js';

export interface AcceptedDirect {
  readonly kind: 'header';
  readonly socket: tls.TLSSocket;
  readonly clientId: string;
  readonly header: TransportHeader;
  /** The header's length on the wire: read before the application's first byte. */
  readonly headerBytes: number;
}

/** A verified client that selected podwire.mux/1: the connection carries streams, each with its header. */
export interface AcceptedMux {
  readonly kind: 'mux';
  readonly socket: tls.TLSSocket;
  readonly clientId: string;
}

/**
 * Terminate TLS, check the client's identity and ALPN, and read the header, all before `deadline`.
 * `onSecure` sees the TLS session as soon as the handshake is done, before the checks that may
 * refuse it (the access log takes the connection's id from it).
 */
export async function acceptDirect(
  raw: net.Socket,
  creds: Credentials | undefined,
  detectTimeoutMs: number,
  onSecure?: (socket: tls.TLSSocket) => void,
  mux = false,
): Promise<AcceptedDirect | AcceptedMux> {
  if (!creds) throw new ProxyError('identity_not_ready', 'inbound TLS refused: our identity is not ready');
  const started = Date.now();
  // Server preference order: mux whenever the client offers it, else Linkerd's protocol.
  const alpn = mux ? [MUX_ALPN, TRANSPORT_ALPN] : [TRANSPORT_ALPN];
  const socket = await terminateServerTls(raw, creds, { timeoutMs: detectTimeoutMs, alpn, resume: true });
  onSecure?.(socket);
  const clientId = checkClient(socket, creds, alpn);
  if (socket.alpnProtocol === MUX_ALPN) return { kind: 'mux', socket, clientId };
  const left = Math.max(1, detectTimeoutMs - (Date.now() - started));
  // Bytes taken off the stream: read from TLS and not waiting in the socket's buffer (the header
  // read puts back whatever followed the header).
  const consumed = () => socket.bytesRead - socket.readableLength;
  const before = consumed();
  const header = await readTransportHeader(socket, { timeoutMs: left });
  return { kind: 'header', socket, clientId, header, headerBytes: consumed() - before };
}

function checkClient(socket: tls.TLSSocket, creds: Credentials, alpn: readonly string[]): string {
  const sni = (socket as tls.TLSSocket & { servername?: string | false }).servername;
  const fail = (reason: ConstructorParameters<typeof ProxyError>[0], msg: string): never => {
    socket.destroy();
    throw new ProxyError(reason, msg);
  };
  // A bare server-side TLSSocket doesn't reject untrusted client certs itself; verify.ts reads
  // OpenSSL's verdict, and returns no identities for an unverified chain.
  const peer = checkPeer(socket);
  if (!peer.presented) {
    fail('no_client_identity', 'direct connections must be mutually authenticated: no client certificate');
  }
  if (peer.untrusted) fail('untrusted_client_cert', `client certificate is not trusted: ${peer.untrusted.message}`);
  const clientId = primaryIdentity(peer.identities);
  if (clientId === undefined) fail('no_client_identity', 'client certificate carries no usable DNS or URI identity');
  if (sni && !isOurServerName(sni, creds)) {
    fail('tls_handshake_failed', `SNI ${sni} is not our identity ${creds.localId}`);
  }
  if (!alpn.includes(socket.alpnProtocol || '')) {
    fail('no_transport_alpn', `direct connections require transport header negotiation (ALPN ${alpn.join(' or ')})`);
  }
  return clientId!;
}
