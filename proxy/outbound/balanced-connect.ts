// Connect to a logical service (an authority balanced by an EndpointPool): pick an endpoint, let
// the caller vet it, dial it (TCP, mTLS, header), and when the connect fails try another endpoint
// that is ready right now. Used by the outbound pipeline and by the gateway.
//
// Retrying is safe because nothing has been read from the accepted socket yet (listeners accept
// paused) and nothing reaches the endpoint before the dial completes, so the application can't
// tell a failed first attempt from a slow one. Rules (decideRetry is the pure part):
// - at most MAX_CONNECT_ATTEMPTS dials per connection, and none started after the failfast
//   deadline (which also bounds the wait for the first ready endpoint);
// - only failures of the endpoint itself are retried: TCP refused / timed out / unreachable, TLS
//   failures, and identity failures (server_identity_mismatch, untrusted_server_cert) — the
//   endpoint is not the workload discovery named, so it goes into cooldown like a dead one and
//   another endpoint may serve the connection. Never silently: every failed attempt is logged at
//   warn with its reason and counted in outbound_tcp_connect_attempt_failures_total;
// - a retry takes only an endpoint that is ready now; when none is (e.g. the service has a single
//   endpoint) the connection fails with the attempt's own error, not a later failfast, so the
//   reason stays precise;
// - errors about us (identity_not_ready) or discovery (resolve_failed, failfast) and a vetting
//   refusal (gateway_loop) are not retried.
import type { Endpoint } from '../../discovery-client/types.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { ProxyError, classify, type Reason } from '../errors.js';
import { formatAddr, formatNameAddr, type NameAddr } from '../transport/addr.js';
import { dialEndpoint, type DialOptions, type Dialled } from './connect.js';
import type { EndpointPools, Picked } from './pool.js';

export const MAX_CONNECT_ATTEMPTS = 3;

/** Connect failures that say the endpoint is unusable, so another endpoint may take the connection. */
export const RETRYABLE_REASONS: ReadonlySet<Reason> = new Set<Reason>([
  'connect_refused', 'connect_timeout', 'connect_failed',
  'tls_handshake_failed', 'tls_handshake_timeout', 'alpn_not_negotiated',
  'server_identity_mismatch', 'untrusted_server_cert',
]);

/** Whether a failed attempt counts against the endpoint (cooldown) and may be retried elsewhere. */
export function decideRetry(reason: Reason, attempt: number, msLeft: number): { endpointFailed: boolean; retry: boolean } {
  const endpointFailed = RETRYABLE_REASONS.has(reason);
  return { endpointFailed, retry: endpointFailed && attempt < MAX_CONNECT_ATTEMPTS && msLeft > 0 };
}

export interface BalancedConnectDeps {
  readonly pools: EndpointPools;
  readonly dial: DialOptions;
  readonly failfastTimeoutMs: number;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Refuse an endpoint before it is dialled (throws; not retried). */
  readonly vet?: (endpoint: Endpoint) => void;
  /** Told the number of each dial as it starts, so the access log can say a connection was retried. */
  readonly onAttempt?: (attempt: number) => void;
}

export interface BalancedConnection {
  readonly dialled: Dialled;
  readonly endpoint: Endpoint;
  readonly picked: Picked;
  readonly attempts: number;
}

export async function connectBalanced(deps: BalancedConnectDeps, authority: NameAddr): Promise<BalancedConnection> {
  const deadline = Date.now() + deps.failfastTimeoutMs;
  let picked: Picked | undefined = await deps.pools.pick(authority, deps.failfastTimeoutMs);
  for (let attempt = 1; ; attempt++) {
    const current = picked;
    try {
      deps.vet?.(current.endpoint);
    } catch (err) {
      current.cancel();
      throw err;
    }
    deps.onAttempt?.(attempt);
    const started = performance.now();
    try {
      const dialled = await dialEndpoint(current.endpoint, deps.dial);
      current.done(performance.now() - started);
      if (current.failover) deps.metrics.outboundFailoverConnectionsTotal.inc({ authority: formatNameAddr(authority) });
      return { dialled, endpoint: current.endpoint, picked: current, attempts: attempt };
    } catch (thrown) {
      const err = classify(thrown, 'connect_failed');
      const { endpointFailed, retry } = decideRetry(err.reason, attempt, deadline - Date.now());
      if (endpointFailed) current.done('failed');
      else current.cancel();
      picked = retry ? deps.pools.tryPick(authority) : undefined;
      reportAttempt(deps, authority, current, err, picked !== undefined, attempt);
      if (!picked) throw err;
    }
  }
}

function reportAttempt(deps: BalancedConnectDeps, authority: NameAddr, p: Picked, err: ProxyError, retrying: boolean, attempt: number): void {
  deps.metrics.outboundConnectAttemptFailuresTotal.inc({ error: err.linkerdClass, reason: err.reason, retried: String(retrying) });
  if (!retrying) return; // the connection's own access-log line reports the final failure
  deps.log.warn({
    authority: formatNameAddr(authority), endpoint: formatAddr(p.endpoint.addr), locality: p.locality,
    attempt, reason: err.reason, error: err.message,
  }, 'connect to endpoint failed; trying another endpoint');
}
