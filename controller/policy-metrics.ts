// Metrics of the controller's inbound policy service (InboundServerPolicies): how many GetPort and
// WatchPort requests were served or refused, how many watches are open, how many policy changes
// were pushed to them, and what slow watchers cost (bytes queued, streams reset). podwire's own
// names (Linkerd's policy controller is a separate Rust service with its own metrics), in the
// style of destination-metrics.ts.
import client from 'prom-client';

export class PolicyMetrics {
  readonly requests: client.Counter<'method' | 'code'>;
  readonly openStreams: client.Gauge;
  readonly updates: client.Counter;
  readonly queuedBytes: client.Gauge;
  readonly slowStreamsReset: client.Counter<'reason'>;

  /** Registers into `registry` (a fresh one by default, so several instances never collide). */
  constructor(readonly registry: client.Registry = new client.Registry()) {
    const registers = [registry];
    this.requests = new client.Counter({
      name: 'policy_requests_total',
      help: 'Inbound policy requests by method (GetPort, WatchPort) and result: OK or the refusal code',
      labelNames: ['method', 'code'],
      registers,
    });
    this.openStreams = new client.Gauge({
      name: 'policy_open_streams',
      help: 'WatchPort streams currently open',
      registers,
    });
    this.updates = new client.Counter({
      name: 'policy_updates_total',
      help: 'Changed port policies sent on open WatchPort streams after a topology edit',
      registers,
    });
    this.queuedBytes = new client.Gauge({
      name: 'policy_stream_queued_bytes',
      help: 'Encoded bytes of policies waiting to reach WatchPort clients, queued by the controller or held by gRPC/HTTP2 until the client grants window',
      registers,
    });
    this.slowStreamsReset = new client.Counter({
      name: 'policy_slow_streams_reset_total',
      help: 'WatchPort streams reset because the client did not keep up: reason=buffer (more than the per-stream byte limit held), stalled (nothing delivered for the stall timeout) or total (the largest holder when all streams together held more than the total limit)',
      labelNames: ['reason'],
      registers,
    });
  }
}
