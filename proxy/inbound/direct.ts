// The inbound direct port (4143): every connection must be mutual TLS terminated here with our
// identity as SNI, negotiate ALPN transport.l5d.io/v1, and send a transport header within the
// detect timeout. Only then is the target known; policy and forwarding happen in handle.ts.
import net from 'node:net';
import type tls from 'node:tls';
import type { Credentials } from '../identity/credentials.js';
import { checkPeer, primaryIdentity } from '../identity/verify.js';
import { ProxyError } from '../errors.js';
import { terminateServerTls, isOurServerName } from './server-tls.js';
import { TRANSPORT_ALPN, type TransportHeader } from '../transport/header.js';
import { readTransportHeader } from '../transport/header-read.js';

export interface AcceptedDirect {
  readonly socket: tls.TLSSocket;
  readonly clientId: string;
  readonly header: TransportHeader;
  /** The header's length on the wire: read before the application's first byte. */
  readonly headerBytes: number;
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
): Promise<AcceptedDirect> {
  if (!creds) throw new ProxyError('identity_not_ready', 'inbound TLS refused: our identity is not ready');
  const started = Date.now();
  const socket = await terminateServerTls(raw, creds, { timeoutMs: detectTimeoutMs, alpn: [TRANSPORT_ALPN], resume: true });
  onSecure?.(socket);
  const clientId = checkClient(socket, creds);
  const left = Math.max(1, detectTimeoutMs - (Date.now() - started));
  // Bytes taken off the stream: read from TLS and not waiting in the socket's buffer (the header
  // read puts back whatever followed the header).
  const consumed = () => socket.bytesRead - socket.readableLength;
  const before = consumed();
  const header = await readTransportHeader(socket, { timeoutMs: left });
  return { socket, clientId, header, headerBytes: consumed() - before };
}

function checkClient(socket: tls.TLSSocket, creds: Credentials): string {
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
  if (socket.alpnProtocol !== TRANSPORT_ALPN) {
    fail('no_transport_alpn', `direct connections require transport header negotiation (ALPN ${TRANSPORT_ALPN})`);
  }
  return clientId!;
}
