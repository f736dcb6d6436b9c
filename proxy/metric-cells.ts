// Per-connection updates of labelled prom-client series without re-hashing the label set each
// time. prom-client builds a string key from every label value on each inc()/dec() (~2-5 µs for
// a 15-label transport set); the transport label sets are reused frozen objects
// (transport-labels.ts), so the key is computed once per (metric, label-set object) and the
// series' cell is updated in place. Falls back to the public API if prom-client's internals differ.
// LabelMemo is how callers keep such reused sets: bounded, keyed by the values that vary.
import { createRequire } from 'node:module';
import type client from 'prom-client';

type Cell = { value: number };
type Internals = { hashMap?: Record<string, Cell>; sortedLabelNames?: string[] };
type HashObject = (labels: object, sortedLabelNames: string[]) => string;

const hashObject = ((): HashObject | undefined => {
  try {
    const util = createRequire(import.meta.url)('prom-client/lib/util.js') as { hashObject?: unknown };
    return typeof util.hashObject === 'function' ? (util.hashObject as HashObject) : undefined;
  } catch {
    return undefined;
  }
})();

const keys = new WeakMap<object, WeakMap<object, string>>();

function keyOf(metric: object, labels: object, names: string[]): string {
  let perMetric = keys.get(metric);
  if (!perMetric) keys.set(metric, (perMetric = new WeakMap()));
  let key = perMetric.get(labels);
  if (key === undefined) perMetric.set(labels, (key = hashObject!(labels, names)));
  return key;
}

/** counter.inc(labels) / gauge.inc(labels, delta) for a reused label-set object. */
export function addToSeries(metric: client.Counter<string> | client.Gauge<string>, labels: Readonly<Record<string, string | undefined>>, delta: number): void {
  const own = metric as unknown as Internals;
  if (hashObject && own.hashMap && own.sortedLabelNames) {
    const cell = own.hashMap[keyOf(metric, labels, own.sortedLabelNames)];
    if (cell) {
      cell.value += delta;
      return;
    }
  }
  if (delta < 0) (metric as client.Gauge<string>).dec(labels as client.LabelValues<string>, -delta);
  else metric.inc(labels as client.LabelValues<string>, delta);
}

/** Past this many sets under one key, new ones are built per connection instead of kept. */
const MAX_CACHED = 1024;

/** A bounded string-keyed memo of label sets. */
export class LabelMemo<T extends object> {
  readonly #sets = new Map<string, T>();

  get(key: string, build: () => T): T {
    const hit = this.#sets.get(key);
    if (hit) return hit;
    const built = Object.freeze(build());
    if (this.#sets.size < MAX_CACHED) this.#sets.set(key, built);
    return built;
  }
}
