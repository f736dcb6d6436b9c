// docs/metrics.md is what `npm run docs` generates from the proxy's and the controller's metric
// registries, and it lists every series a proxy serves on /metrics (besides process metrics).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../proxy/metrics.js';
import { METRICS_REFERENCE_PATH, renderMetricsReference, controllerMetrics, proxyMetrics } from '../../proxy/docs/metrics-reference.js';

const FILE = path.resolve(import.meta.dirname, '../..', METRICS_REFERENCE_PATH);

describe(METRICS_REFERENCE_PATH, () => {
  it('is what `npm run docs` generates from the registries', () => {
    const onDisk = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '';
    expect(onDisk === renderMetricsReference(), `${METRICS_REFERENCE_PATH} is out of date: run \`npm run docs\``).toBe(true);
  });

  it('has a row for every metric family the proxy serves', async () => {
    const served = (await new Metrics({ version: '0', processMetrics: false }).render())
      .split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]!);
    const text = renderMetricsReference();
    for (const name of served) expect(text, name).toContain(`| \`${name}\` |`);
    expect(served.sort()).toEqual(proxyMetrics().map((m) => m.name).sort());
  });

  it('lists the controller metrics, with labels', () => {
    const names = controllerMetrics().map((m) => m.name);
    expect(names).toContain('destination_requests_total');
    expect(names).toContain('controller_link_up');
    expect(renderMetricsReference()).toMatch(/\| `controller_link_up` \| gauge \| `cluster` \|/);
  });
});
