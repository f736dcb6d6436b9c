// Metrics of the controller's Destination service. The overflow counters keep linkerd-destination's
// names and labels (endpoint_updates_queue_overflow{service}, profile_updates_queue_overflow{fqn,port},
// endpoint_profile_updates_queue_overflow) so dashboards written for Linkerd read them unchanged.
import client from 'prom-client';

export class DestinationMetrics {
  readonly endpointUpdatesQueueOverflow: client.Counter<'service'>;
  readonly profileUpdatesQueueOverflow: client.Counter<'fqn' | 'port'>;
  readonly endpointProfileUpdatesQueueOverflow: client.Counter;
  readonly requests: client.Counter<'method' | 'code'>;
  readonly openStreams: client.Gauge<'method'>;

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
  }
}
