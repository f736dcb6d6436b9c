// Terminating mesh TLS on an accepted socket, shared by the direct port (ALPN transport.l5d.io/v1)
// and application ports (no ALPN). A client certificate is requested but not enforced by OpenSSL:
// callers check it afterwards (verify.ts) so a missing or untrusted certificate gets a precise
// reason instead of a TLS alert.
import type net from 'node:net';
import tls from 'node:tls';
import type { Credentials } from '../identity/credentials.js';
import { ProxyError } from '../errors.js';

export interface ServerTlsOptions {
  readonly timeoutMs: number;
  /** ALPN protocols to offer; none on application ports (Linkerd's regular inbound sets none). */
  readonly alpn?: string[];
  /** Resume the raw socket (it was accepted paused and nothing has read from it yet). */
  readonly resume?: boolean;
}

/** Finish the server side of the handshake within timeoutMs; the TLS socket is destroyed on failure. */
export function terminateServerTls(raw: net.Socket, creds: Credentials, opts: ServerTlsOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = new tls.TLSSocket(raw, {
      isServer: true,
      secureContext: creds.serverContext,
      requestCert: true,
      rejectUnauthorized: false,
      ...(opts.alpn && { ALPNProtocols: opts.alpn }),
    });
    const timer = setTimeout(() => fail(new ProxyError('tls_handshake_timeout', `TLS handshake not finished within ${opts.timeoutMs}ms`)), opts.timeoutMs);
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
    if (opts.resume) raw.resume();
  });
}

/**
 * SNI names us when it is our identity or, for a SPIFFE identity (which can't be an SNI value),
 * one of our certificate's DNS names: discovery sends that as `server_name`.
 */
export function isOurServerName(sni: string, creds: Pick<Credentials, 'localId' | 'leafIdentities'>): boolean {
  const name = sni.toLowerCase();
  return name === creds.localId.toLowerCase() || creds.leafIdentities.some((id) => id.toLowerCase() === name);
}
