// Metrics of the controller's live topology: how many edits of the topology file (or of a file it
// names: issuer, tokens, serving and link certificates) were applied or rejected, and when the
// served version was loaded. A rejected edit leaves the last good version serving, so without
// these an operator sees a broken edit only in the log. podwire's own names, in the style of
// destination-metrics.ts.
import client from 'prom-client';

export class TopologyMetrics {
  readonly reloads: client.Counter<'result'>;
  readonly lastReload: client.Gauge;

  /** Registers into `registry` (a fresh one by default, so several instances never collide). */
  constructor(readonly registry: client.Registry = new client.Registry()) {
    const registers = [registry];
    this.reloads = new client.Counter({
      name: 'topology_reloads_total',
      help: 'Topology edits after start-up by result: ok (applied) or error (rejected; the last good version keeps serving, the log says why)',
      labelNames: ['result'],
      registers,
    });
    this.lastReload = new client.Gauge({
      name: 'topology_last_reload_success_timestamp_seconds',
      help: 'When the topology now served was loaded (start-up or the last applied edit)',
      registers,
    });
    // Both results exist from the start, so `increase(topology_reloads_total{result="error"}[…])`
    // has a series to work on before the first failure.
    this.reloads.inc({ result: 'ok' }, 0);
    this.reloads.inc({ result: 'error' }, 0);
    this.lastReload.setToCurrentTime();
  }
}
