// The inbound direct port (4143): every connection must be mutual TLS terminated here with our
// identity as SNI, negotiate ALPN transport.l5d.io/v1, and send a transport header within the
// detect timeout. Only then is the target known; policy and forwarding happen in handle.ts.
import net from 'node:net';
import tls from 'node:tls';
import type { Credentials } from '../identity/credentials.js';
import { peerIdentities, peerCertificateError, primaryIdentity } from '../identity/verify.js';
import { ProxyError } from '../errors.js';
import { TRANSPORT_ALPN, type TransportHeader } from '../transport/header.js';
import { readTransportHeader } from '../transport/header-read.js';

export interface AcceptedDirect {
  readonly socket: tls.TLSSocket;
  readonly clientId: string;
  readonly header: TransportHeader;
}

/** Terminate TLS, check the client's identity and ALPN, and read the header, all before `deadline`. */
export async function acceptDirect(
  raw: net.Socket,
  creds: Credentials | undefined,
  detectTimeoutMs: number,
): Promise<AcceptedDirect> {
  if (!creds) throw new ProxyError('identity_not_ready', 'inbound TLS refused: our identity is not ready');
  const started = Date.now();
  const socket = await terminateTls(raw, creds, detectTimeoutMs);
  const clientId = checkClient(socket, creds);
  const left = Math.max(1, detectTimeoutMs - (Date.now() - started));
  const header = await readTransportHeader(socket, { timeoutMs: left });
  return { socket, clientId, header };
}

function terminateTls(raw: net.Socket, creds: Credentials, timeoutMs: number): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = new tls.TLSSocket(raw, {
      isServer: true,
      secureContext: creds.serverContext,
      requestCert: true,
      // Verified below, so a missing or untrusted certificate gets a precise reason instead of an alert.
      rejectUnauthorized: false,
      ALPNProtocols: [TRANSPORT_ALPN],
    });
    const timer = setTimeout(() => fail(new ProxyError('tls_handshake_timeout', `TLS handshake not finished within ${timeoutMs}ms`)), timeoutMs);
    const fail = (err: unknown) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err instanceof ProxyError ? err : new ProxyError('tls_handshake_failed', `TLS handshake failed: ${(err as Error).message}`, { cause: err }));
    };
    const onClose = () => fail(new ProxyError('tls_handshake_failed', 'peer closed during the TLS handshake'));
    socket.once('error', fail);
    socket.once('close', onClose);
    socket.once('secure', () => {
      clearTimeout(timer);
      socket.off('close', onClose);
      socket.off('error', fail);
      resolve(socket);
    });
    raw.resume();
  });
}

function checkClient(socket: tls.TLSSocket, creds: Credentials): string {
  const sni = (socket as tls.TLSSocket & { servername?: string | false }).servername;
  const fail = (reason: ConstructorParameters<typeof ProxyError>[0], msg: string): never => {
    socket.destroy();
    throw new ProxyError(reason, msg);
  };
  if (!socket.getPeerX509Certificate()) {
    fail('no_client_identity', 'direct connections must be mutually authenticated: no client certificate');
  }
  // A bare server-side TLSSocket doesn't reject untrusted client certs itself; verify.ts reads
  // OpenSSL's verdict, and peerIdentities() returns nothing for an unverified chain.
  const untrusted = peerCertificateError(socket);
  if (untrusted) fail('untrusted_client_cert', `client certificate is not trusted: ${untrusted.message}`);
  const clientId = primaryIdentity(peerIdentities(socket));
  if (clientId === undefined) fail('no_client_identity', 'client certificate carries no usable DNS or URI identity');
  if (sni && !isOurServerName(sni, creds)) {
    fail('tls_handshake_failed', `SNI ${sni} is not our identity ${creds.localId}`);
  }
  if (socket.alpnProtocol !== TRANSPORT_ALPN) {
    fail('no_transport_alpn', `direct connections require transport header negotiation (ALPN ${TRANSPORT_ALPN})`);
  }
  return clientId!;
}

/**
 * SNI names us when it is our identity or, for a SPIFFE identity (which can't be an SNI value),
 * one of our certificate's DNS names: discovery sends that as `server_name`.
 */
function isOurServerName(sni: string, creds: Credentials): boolean {
  const name = sni.toLowerCase();
  return name === creds.localId.toLowerCase() || creds.leafIdentities.some((id) => id.toLowerCase() === name);
}
