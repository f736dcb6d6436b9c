// ProxyError and the closed set of reasons a connection can fail for.
// Each reason is stable: it is the `reason` field of the access log and a metric label value, and
// it maps onto Linkerd's coarser `error` label (linkerd2-proxy's error classifier habit).

export const REASONS = {
  // outbound
  no_original_dst: 'unexpected',
  proxy_loop: 'unexpected',
  resolve_failed: 'unexpected',
  failfast: 'failfast',
  identity_not_ready: 'identity required',
  server_identity_mismatch: 'unexpected',
  untrusted_server_cert: 'unexpected',
  alpn_not_negotiated: 'unexpected',
  // inbound
  no_client_identity: 'unexpected',
  untrusted_client_cert: 'unexpected',
  no_transport_alpn: 'unexpected',
  header_missing: 'unexpected',
  header_malformed: 'unexpected',
  header_too_large: 'unexpected',
  header_timeout: 'tls detection timeout',
  header_targets_inbound_port: 'unexpected',
  // the original destination IP is not one of LINKERD2_PROXY_INBOUND_IPS
  not_local_ip: 'unexpected',
  // application ports (inbound/app-port.ts): no ClientHello decision within the detect timeout.
  detect_timeout: 'tls detection timeout',
  gateway_unsupported: 'unexpected',
  gateway_domain_invalid: 'gateway domain invalid',
  gateway_loop: 'gateway loop',
  // inbound policy (proxy/policy): Linkerd counts these in inbound_tcp_authz_*_total; its error
  // classes have no better match than unexpected.
  unauthorized: 'unexpected',
  policy_changed: 'unexpected',
  // both
  tls_handshake_failed: 'unexpected',
  tls_handshake_timeout: 'tls detection timeout',
  connect_timeout: 'i/o',
  connect_refused: 'i/o',
  connect_failed: 'i/o',
  io: 'i/o',
  shutdown: 'unexpected',
  unexpected: 'unexpected',
} as const;

export type Reason = keyof typeof REASONS;

export class ProxyError extends Error {
  constructor(
    readonly reason: Reason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProxyError';
  }

  /** Linkerd's `error` label value for this reason. */
  get linkerdClass(): string {
    return REASONS[this.reason];
  }
}

/**
 * An 'error' listener that does nothing, for a socket or stream whose failure is dealt with
 * elsewhere (an unhandled 'error' event would end the process). One function for all of them: a
 * `() => {}` per connection is a new closure each time.
 */
export function ignoreError(): void {}

/** Turn any thrown value into a ProxyError, classifying socket errors by errno. */
export function classify(err: unknown, fallback: Reason = 'io'): ProxyError {
  if (err instanceof ProxyError) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  const code = e?.code;
  const message = e?.message ?? String(err);
  if (code === 'ECONNREFUSED') return new ProxyError('connect_refused', message, { cause: err });
  if (code === 'ETIMEDOUT') return new ProxyError('connect_timeout', message, { cause: err });
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') {
    return new ProxyError('connect_failed', message, { cause: err });
  }
  return new ProxyError(fallback, message, { cause: err });
}
