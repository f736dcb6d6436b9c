// addToSeries must leave the registry exactly as prom-client's own inc()/dec() would: same
// series, same values, across reuse of a label-set object, several objects with equal values,
// and a reset of the metric (its cells are replaced, the cached keys must still find the new ones).
import client from 'prom-client';
import { describe, expect, it } from 'vitest';
import { addToSeries } from '../../proxy/metric-cells.js';

const LABELS = ['direction', 'peer', 'target_addr', 'tls', 'server_id', 'no_tls_reason'];

function pair() {
  const registry = new client.Registry();
  return {
    registry,
    counter: new client.Counter({ name: 'opened_total', help: 'h', labelNames: LABELS, registers: [registry] }),
    gauge: new client.Gauge({ name: 'open', help: 'h', labelNames: LABELS, registers: [registry] }),
  };
}

describe('addToSeries', () => {
  it('matches prom-client inc()/dec() for reused and equal label sets, and survives a reset', async () => {
    const ours = pair();
    const theirs = pair();
    const a = Object.freeze({ direction: 'outbound', peer: 'dst', target_addr: '10.0.0.1:80', tls: 'true', server_id: 'web.ns' });
    const sameAsA = Object.freeze({ ...a });
    const b = Object.freeze({ direction: 'inbound', peer: 'src', target_addr: '10.0.0.2:80', tls: 'no_identity', no_tls_reason: 'loopback' });
    const steps: [Record<string, string>, number][] = [[a, 1], [a, 1], [b, 1], [sameAsA, 1], [a, -1], [b, -1], [sameAsA, 1]];
    for (const [labels, d] of steps) {
      addToSeries(ours.counter, labels, 1);
      addToSeries(ours.gauge, labels, d);
      theirs.counter.inc(labels);
      if (d < 0) theirs.gauge.dec(labels);
      else theirs.gauge.inc(labels);
    }
    expect(await ours.registry.metrics()).toBe(await theirs.registry.metrics());
    expect((await ours.counter.get()).values.find((v) => v.labels.target_addr === '10.0.0.1:80')?.value).toBe(5);
    expect((await ours.gauge.get()).values.find((v) => v.labels.target_addr === '10.0.0.2:80')?.value).toBe(0);

    ours.counter.reset();
    theirs.counter.reset();
    addToSeries(ours.counter, a, 1);
    addToSeries(ours.counter, a, 1);
    theirs.counter.inc(a);
    theirs.counter.inc(a);
    expect(await ours.registry.metrics()).toBe(await theirs.registry.metrics());
    expect((await ours.counter.get()).values).toHaveLength(1);
    expect((await ours.counter.get()).values[0]!.value).toBe(2);
  });
});
