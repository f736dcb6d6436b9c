// Metrics of the controller's inbound policy service (InboundServerPolicies): how many GetPort and
// WatchPort requests were served or refused, how many watches are open, and how many policy
// changes were pushed to them. podwire's own names (Linkerd's policy controller is a separate Rust
// service with its own metrics), in the style of destination-metrics.ts.
import client from 'prom-client';

export class PolicyMetrics {
  readonly requests: client.Counter<'method' | 'code'>;
  readonly openStreams: client.Gauge;
  readonly updates: client.Counter;

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
  }
}
