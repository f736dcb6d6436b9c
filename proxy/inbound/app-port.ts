// The inbound pipeline for a connection redirected from an application port (spec §4.4): in a pod,
// iptables sends traffic for the app's ports to the inbound listener, and the original destination
// says which port it was for. As a straight line:
// policy protocol → TLS detection (unless opaque) → plan → [terminate mesh TLS] → policy → forward.
//
// | detection                         | what happens                       | tls label (no_tls_reason / sni) |
// |-----------------------------------|------------------------------------|---------------------------------|
// | skipped (opaque port)             | raw bytes, unauthenticated         | no_identity (port_skipped)      |
// | ClientHello, SNI is ours          | TLS terminated here, client id     | true (client_id)                |
// | ClientHello, another SNI          | passed through untouched           | opaque (sni)                    |
// | ClientHello without SNI, not TLS  | raw bytes, unauthenticated         | no_identity (no_tls_from_remote)|
// | nothing decisive in time          | closed: detect_timeout             | —                               |
// | client gone before a decision     | closed: io                         | —                               |
//
// Every forwarded connection goes through admitInbound, so `all-authenticated` refuses plaintext
// and pass-through alike, and stays registered for policy re-checks (forward.ts).
import type net from 'node:net';
import type { ConnectionRecord } from '../connection.js';
import type { Credentials } from '../identity/credentials.js';
import { inboundServerLabels, type TlsAcceptLabels } from '../transport-labels.js';
import { ProxyError, classify, ignoreError } from '../errors.js';
import { formatAddr, type SocketAddr } from '../transport/addr.js';
import { admitInbound, type NoMeshTlsLabels } from '../policy/enforce.js';
import type { PolicyClient } from '../policy/types.js';
import { detectTls, type DetectTlsResult } from './detect.js';
import { meshClient, terminateAppTls } from './app-port-tls.js';
import { isOurServerName } from './server-tls.js';
import { forwardAuthorized } from './forward.js';
import type { InboundContext } from './handle.js';

/** Detection was not run: the port's policy is opaque. */
export const DETECTION_SKIPPED = { kind: 'skipped' } as const;

export type AppPortPlan<C> =
  /** Mesh TLS for us: terminate with `creds`, then authorize the client's identity. */
  | { readonly kind: 'terminate'; readonly creds: C }
  /** TLS for someone else (the app terminates it): forward the bytes untouched. */
  | { readonly kind: 'passthrough'; readonly sni: string }
  /** No mesh TLS: forward the bytes untouched as an unauthenticated client. */
  | { readonly kind: 'plaintext'; readonly noTlsReason: 'no_tls_from_remote' | 'port_skipped' }
  /** Close without forwarding. */
  | { readonly kind: 'refuse'; readonly error: ProxyError };

/**
 * What to do with a connection, from what detection saw (pure). `creds` is our identity, if
 * loaded; without one a ClientHello with an SNI can't be told ours or foreign, so it is refused.
 */
export function planAppPort<C extends Pick<Credentials, 'localId' | 'leafIdentities'>>(
  detected: DetectTlsResult | typeof DETECTION_SKIPPED,
  creds: C | undefined,
  detectTimeoutMs: number,
): AppPortPlan<C> {
  switch (detected.kind) {
    case 'skipped':
      return { kind: 'plaintext', noTlsReason: 'port_skipped' };
    case 'plaintext':
      return { kind: 'plaintext', noTlsReason: 'no_tls_from_remote' };
    case 'tls':
      // Linkerd treats a ClientHello without (valid) SNI as no TLS at all.
      if (detected.sni === undefined) return { kind: 'plaintext', noTlsReason: 'no_tls_from_remote' };
      if (!creds) {
        return { kind: 'refuse', error: new ProxyError('identity_not_ready', `TLS for ${detected.sni} refused: our identity is not ready`) };
      }
      return isOurServerName(detected.sni, creds) ? { kind: 'terminate', creds } : { kind: 'passthrough', sni: detected.sni };
    case 'timeout':
      return { kind: 'refuse', error: new ProxyError('detect_timeout', `TLS detection timed out after ${detectTimeoutMs}ms`) };
    case 'closed':
      return {
        kind: 'refuse',
        error: detected.error ? classify(detected.error) : new ProxyError('io', 'client closed the connection before TLS detection decided'),
      };
  }
}

/**
 * Handle one connection whose original destination `orig` is an application port. Throws a
 * ProxyError for every refusal; the caller (handle.ts) closes the socket and the record then.
 */
export async function handleAppPort(ctx: InboundContext, record: ConnectionRecord, raw: net.Socket, clientIp: string, orig: SocketAddr): Promise<void> {
  const started = Date.now();
  const target: SocketAddr = { ip: ctx.targetIp ?? orig.ip, port: orig.port };
  record.target = formatAddr(target);
  const opaque = ctx.policy.policyFor(target.port).protocol === 'opaque';
  const detected = opaque ? DETECTION_SKIPPED : await detectTls(raw, { timeoutMs: ctx.detectTimeoutMs });
  const plan = planAppPort(detected, ctx.identity.current(), ctx.detectTimeoutMs);

  let client: net.Socket = raw;
  let policyClient: PolicyClient = { ip: clientIp, tls: undefined };
  let tlsLabels: NoMeshTlsLabels | undefined;
  let accept: TlsAcceptLabels;
  switch (plan.kind) {
    case 'refuse':
      throw plan.error;
    case 'terminate': {
      // One deadline for detection and handshake together, so a slow client can't stretch it.
      const left = Math.max(1, ctx.detectTimeoutMs - (Date.now() - started));
      const socket = await terminateAppTls(raw, plan.creds, left);
      record.tlsSession(socket);
      socket.on('error', ignoreError);
      const mesh = meshClient(socket);
      record.clientId = mesh.identity;
      accept = { tls: 'true', ...(mesh.identity !== undefined && { client_id: mesh.identity }) };
      client = socket;
      policyClient = { ip: clientIp, tls: mesh };
      break;
    }
    case 'passthrough':
      accept = tlsLabels = { tls: 'opaque', sni: plan.sni };
      break;
    case 'plaintext':
      accept = tlsLabels = { tls: 'no_identity', no_tls_reason: plan.noTlsReason };
      break;
  }
  ctx.log.debug({ client_ip: clientIp, target: record.target, plan: plan.kind, ...(plan.kind === 'passthrough' && { sni: plan.sni }) }, 'application port connection detected');
  let authorized;
  try {
    authorized = admitInbound(ctx, target, policyClient, tlsLabels);
  } catch (err) {
    client.destroy();
    throw err;
  }
  // Counted once authorized, under the Server that admitted it, as linkerd2-proxy does.
  record.openSrc(client, inboundServerLabels(target, accept, authorized.policy.meta));
  await forwardAuthorized(ctx, record, client, target, authorized);
}
