// Mesh TLS terminated on an application port (spec §4.4): the ClientHello named us, so we finish
// the handshake with our server context and learn the client's identity. Unlike the direct port
// (direct.ts) there is no ALPN (Linkerd's regular inbound server configures none, §4.2) and a
// client certificate is requested but not required: no certificate is mesh TLS without an
// identity, which policy may still admit (e.g. any-mesh-TLS) or refuse (any identity).
import type net from 'node:net';
import type tls from 'node:tls';
import type { Credentials } from '../identity/credentials.js';
import { checkPeer, primaryIdentity } from '../identity/verify.js';
import { ProxyError } from '../errors.js';
import { terminateServerTls } from './server-tls.js';

/** What policy learns about a terminated client: mesh TLS, with its verified identity if any. */
export interface MeshTlsClient {
  readonly identity?: string;
}

/** Finish the TLS handshake on `raw` (whose ClientHello detection put back) within `timeoutMs`, no ALPN. */
export function terminateAppTls(raw: net.Socket, creds: Credentials, timeoutMs: number): Promise<tls.TLSSocket> {
  return terminateServerTls(raw, creds, { timeoutMs });
}

/**
 * The client's mesh identity after the handshake. A certificate that doesn't chain to our trust
 * anchors is refused (untrusted_client_cert: Linkerd tolerates only an *absent* certificate); no
 * certificate, or one without a usable DNS/URI SAN, is TLS without an identity.
 */
export function meshClient(socket: tls.TLSSocket): MeshTlsClient {
  const peer = checkPeer(socket);
  if (peer.untrusted) {
    socket.destroy();
    throw new ProxyError('untrusted_client_cert', `client certificate is not trusted: ${peer.untrusted.message}`);
  }
  const identity = primaryIdentity(peer.identities);
  return identity === undefined ? {} : { identity };
}
