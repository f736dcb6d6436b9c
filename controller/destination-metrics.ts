// Metrics of the controller's Destination service. The overflow counters keep linkerd-destination's
// names and labels (endpoint_updates_queue_overflow{service}, profile_updates_queue_overflow{fqn,port},
// endpoint_profile_updates_queue_overflow) so dashboards written for Linkerd read them unchanged;
// they count streams reset for holding too many bytes. The byte gauge and the slow-stream counter
// are podwire's own (destination-stream.ts bounds each stream's memory).
import client from 'prom-client';

export class DestinationMetrics {
  readonly endpointUpdatesQueueOverflow: client.Counter<'service'>;
  readonly profileUpdatesQueueOverflow: client.Counter<'fqn' | 'port'>;
  readonly endpointProfileUpdatesQueueOverflow: client.Counter;
  readonly requests: client.Counter<'method' | 'code'>;
  readonly openStreams: client.Gauge<'method'>;
  readonly queuedBytes: client.Gauge<'method'>;
  readonly slowStreamsReset: client.Counter<'method' | 'reason'>;

  /** Registers into `registry` (a fresh one by default, so several instances never collide). */
  constructor(readonly registry: client.Registry = new client.Registry()) {
    const registers = [registry];
    this.endpointUpdatesQueueOverflow = new client.Counter({
      name: 'endpoint_updates_queue_overflow',
      help: 'A counter incremented whenever the endpoint updates queue overflows',
      labelNames: ['service'],
      registers,
    });
    this.profileUpdatesQueueOverflow = new client.Counter({
      name: 'profile_updates_queue_overflow',
      help: 'A counter incremented whenever the profile updates queue overflows',
      labelNames: ['fqn', 'port'],
      registers,
    });
    this.endpointProfileUpdatesQueueOverflow = new client.Counter({
      name: 'endpoint_profile_updates_queue_overflow',
      help: 'A counter incremented whenever the endpoint profile updates queue overflows',
      registers,
    });
    this.requests = new client.Counter({
      name: 'destination_requests_total',
      help: 'Destination requests by method and how they ended: a refusal code, or OK/CANCELLED for served streams',
      labelNames: ['method', 'code'],
      registers,
    });
    this.openStreams = new client.Gauge({
      name: 'destination_open_streams',
      help: 'Destination streams currently open',
      labelNames: ['method'],
      registers,
    });
    this.queuedBytes = new client.Gauge({
      name: 'destination_stream_queued_bytes',
      help: 'Encoded bytes of updates waiting to reach Destination clients, queued by the controller or held by gRPC/HTTP2 until the client grants window',
      labelNames: ['method'],
      registers,
    });
    this.slowStreamsReset = new client.Counter({
      name: 'destination_slow_streams_reset_total',
      help: 'Destination streams reset because the client did not keep up: reason=buffer (more than the per-stream byte limit held), stalled (nothing delivered for the stall timeout) or total (the largest holder when all streams together held more than the total limit)',
      labelNames: ['method', 'reason'],
      registers,
    });
  }
}
