// Renders docs/metrics.md from the metric definitions themselves: the proxy's Metrics registry
// (proxy/metrics.ts) and the controller's (controller/destination-metrics.ts, link gauges), read
// back from prom-client, so every exported name, type and label set is listed as it is served.
import client from 'prom-client';
import { Metrics } from '../metrics.js';
import { DestinationMetrics } from '../../controller/destination-metrics.js';
import { PolicyMetrics } from '../../controller/policy-metrics.js';
import { TopologyMetrics } from '../../controller/topology-metrics.js';
import { registerLinkMetrics } from '../../controller/link-registry.js';
import { code, generatedBanner, table } from './markdown.js';

export const METRICS_REFERENCE_PATH = 'docs/metrics.md';

interface MetricInfo {
  readonly name: string;
  readonly type: string;
  readonly help: string;
  readonly labels: readonly string[];
}

/** What a registry serves, without prom-client's default process metrics. */
export function describeRegistry(registry: client.Registry): MetricInfo[] {
  return registry.getMetricsAsArray().map((m) => ({
    name: m.name,
    type: String(m.type),
    help: m.help,
    labels: [...((m as unknown as { labelNames?: readonly string[] }).labelNames ?? [])],
  }));
}

export function proxyMetrics(): MetricInfo[] {
  return describeRegistry(new Metrics({ version: '0', processMetrics: false }).registry);
}

export function controllerMetrics(): MetricInfo[] {
  const registry = new client.Registry();
  new DestinationMetrics(registry);
  new PolicyMetrics(registry);
  new TopologyMetrics(registry);
  registerLinkMetrics(registry, () => []);
  return describeRegistry(registry);
}

function labelsCell(labels: readonly string[]): string {
  if (labels.length === 0) return '';
  // The dst_* endpoint labels are one family; listing all of them in every row drowns the table.
  const dst = labels.filter((l) => l.startsWith('dst_'));
  const rest = labels.filter((l) => !l.startsWith('dst_')).map(code);
  return [...rest, ...(dst.length > 0 ? [`\`dst_*\` (${dst.length})`] : [])].join(', ');
}

function metricsTable(metrics: readonly MetricInfo[]): string {
  return table(['Metric', 'Type', 'Labels', 'Meaning'], metrics.map((m) => [code(m.name), m.type, labelsCell(m.labels), m.help]));
}

export function renderMetricsReference(): string {
  const proxy = proxyMetrics();
  const dst = proxy.find((m) => m.name === 'tcp_open_total')?.labels.filter((l) => l.startsWith('dst_')) ?? [];
  return `${generatedBanner('proxy/metrics.ts and the controller\'s metric definitions')}
# Metrics reference

Both \`podwire proxy\` (admin port, \`GET /metrics\`, default \`127.0.0.1:4191\`) and \`podwire
controller\` (\`--admin\`, default \`127.0.0.1:9996\`) serve Prometheus text. Names and labels follow
linkerd2-proxy's and linkerd-destination's, so dashboards written for Linkerd read them; the
\`reason\` label is podwire's own and more precise than Linkerd's \`error\` class (every value is
explained in [troubleshooting](troubleshooting.md)). Both also export prom-client's default
process metrics (\`process_*\`, \`nodejs_*\`), not listed here.

## Proxy

${metricsTable(proxy)}
Transport labels, on the \`tcp_*\` series: \`direction\` (\`inbound\`/\`outbound\`), \`peer\`
(\`src\`/\`dst\`), \`tls\` (\`true\`, \`no_identity\`, \`opaque\` for passed-through TLS), \`client_id\` /
\`server_id\` (the verified peer identity), \`no_tls_reason\`, \`sni\`, the target (\`authority\`,
\`target_addr\`, \`target_ip\`, \`target_port\`), \`errno\` on closes, and on outbound series the endpoint
labels Destination sent, prefixed \`dst_\`: ${dst.map((l) => code(l)).join(', ')}.

Series are updated when a connection opens and closes, never per chunk: \`tcp_read_bytes_total\` and
\`tcp_write_bytes_total\` grow when a connection ends.

## Controller

${metricsTable(controllerMetrics())}`;
}
