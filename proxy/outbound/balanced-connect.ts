// Connect to a logical service (an authority balanced by an EndpointPool): pick an endpoint, let
// the caller vet it, dial it (TCP, mTLS, header), and when the connect fails try another endpoint
// that is ready right now. Used by the outbound pipeline and by the gateway. connectBalancedNow is
// the same first attempt made synchronously, for when it cannot fail slowly: a ready endpoint and a
// pooled mux session that takes the stream now (otherwise it hands back, having counted nothing).
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
import { dialEndpoint, dialPooledNow, type Dialled } from './connect.js';
import type { DialOptions } from './dial-plan.js';
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

/**
 * connectBalanced's common case with PODWIRE_MUX, without waiting: an endpoint ready now that a
 * pooled mux session can take a stream to at once. Undefined when there is none (nothing was
 * counted; connectBalanced then picks and dials as usual). An endpoint the caller's vet refuses
 * throws as in connectBalanced. Skipping the awaits of the general path saves each connection its
 * promises and their turns of the microtask queue.
 */
export function connectBalancedNow(deps: BalancedConnectDeps, authority: NameAddr): BalancedConnection | undefined {
  const picked = deps.pools.tryPick(authority);
  if (picked === undefined) return undefined;
  vetOrCancel(deps, picked);
  const started = performance.now();
  const dialled = dialPooledNow(picked.endpoint, deps.dial);
  if (dialled === undefined) {
    picked.cancel();
    return undefined;
  }
  deps.onAttempt?.(1);
  return connected(deps, authority, picked, dialled, started, 1);
}

export async function connectBalanced(deps: BalancedConnectDeps, authority: NameAddr): Promise<BalancedConnection> {
  const deadline = Date.now() + deps.failfastTimeoutMs;
  let picked: Picked | undefined = await deps.pools.pick(authority, deps.failfastTimeoutMs);
  for (let attempt = 1; ; attempt++) {
    const current = picked;
    vetOrCancel(deps, current);
    deps.onAttempt?.(attempt);
    const started = performance.now();
    try {
      const dialled = await dialEndpoint(current.endpoint, deps.dial);
      return connected(deps, authority, current, dialled, started, attempt);
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

/** The caller's vet of a picked endpoint; a refused pick is given back before the error goes on. */
function vetOrCancel(deps: BalancedConnectDeps, picked: Picked): void {
  try {
    deps.vet?.(picked.endpoint);
  } catch (err) {
    picked.cancel();
    throw err;
  }
}

/** A dial succeeded: the balancer learns how long it took, a failover is counted. */
function connected(deps: BalancedConnectDeps, authority: NameAddr, picked: Picked, dialled: Dialled, started: number, attempts: number): BalancedConnection {
  picked.done(performance.now() - started);
  if (picked.failover) deps.metrics.outboundFailoverConnectionsTotal.inc({ authority: formatNameAddr(authority) });
  return { dialled, endpoint: picked.endpoint, picked, attempts };
}

function reportAttempt(deps: BalancedConnectDeps, authority: NameAddr, p: Picked, err: ProxyError, retrying: boolean, attempt: number): void {
  deps.metrics.outboundConnectAttemptFailuresTotal.inc({ error: err.linkerdClass, reason: err.reason, retried: String(retrying) });
  if (!retrying) return; // the connection's own access-log line reports the final failure
  deps.log.warn({
    authority: formatNameAddr(authority), endpoint: formatAddr(p.endpoint.addr), locality: p.locality,
    attempt, reason: err.reason, error: err.message,
  }, 'connect to endpoint failed; trying another endpoint');
}
