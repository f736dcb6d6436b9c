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
process metrics (\`process_*\`, \`nodejs_*\`), not listed here. Their event-loop delay summary
(\`nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds\`) is sampled every 100 ms, not
prom-client's 10 ms, which woke an idle proxy 100 times a second (\`EVENT_LOOP_SAMPLE_MS\` in
proxy/metrics.ts): stalls of 100 ms or more always show, shorter ones only sometimes;
\`nodejs_eventloop_lag_seconds\`, measured at each scrape, is unaffected.

## Proxy

${metricsTable(proxy)}
Transport labels, on the \`tcp_*\` series. Each series carries the label set linkerd2-proxy gives
the same socket (\`linkerd/app/core/src/transport/labels.rs\`), so \`linkerd viz stat\`, \`viz stat
server/…\`, \`viz authz\` and Linkerd's Grafana dashboards read podwire pods as they read Linkerd's:

| Socket | \`direction\` | \`peer\` | Other labels |
|---|---|---|---|
| inbound, accepted from the client | \`inbound\` | \`src\` | \`target_addr\`, \`target_ip\`, \`target_port\` (the pod address and port the client reached), the TLS labels below, \`srv_group\`, \`srv_kind\`, \`srv_name\`, \`srv_port\` (the Server the port is served under: \`policy.linkerd.io\`/\`server\`/name from the policy API, \`policy.podwire.io\`/\`server\`/rule name from a policy file, or, for a default policy, \`srv_group=""\`, \`srv_kind="default"\`, \`srv_name="all-unauthenticated"\` (or the policy's name)) |
| inbound, dialled to the application | \`inbound\` | \`dst\` | \`tls="no_identity"\`, \`no_tls_reason="loopback"\` |
| outbound, accepted from the application | \`outbound\` | \`src\` | \`target_addr\`, \`target_ip\`, \`target_port\` (the original destination; for a forward to a name, the forward's listener), \`tls="no_identity"\`, \`no_tls_reason="loopback"\` |
| outbound, dialled to the endpoint (a gateway's onward connection too) | \`outbound\` | \`dst\` | \`authority\` (a name target), \`target_addr\`, \`target_ip\`, \`target_port\` (the address dialled), \`tls="true"\` with \`server_id\`, or \`tls="no_identity"\` with \`no_tls_reason\`, and the endpoint labels Destination sent, prefixed \`dst_\`: ${dst.map((l) => code(l)).join(', ')} |

TLS labels of an accepted socket: \`tls="true"\` with \`client_id\` (the verified client identity),
\`tls="opaque"\` with \`sni\` (TLS for the application, passed through), or \`tls="no_identity"\` with
\`no_tls_reason\` (\`no_tls_from_remote\`, \`port_skipped\`). \`tcp_close_total\` adds \`errno\`.
Inbound connections are counted once policy admitted them, as in Linkerd: a denied one shows in
\`inbound_tcp_authz_deny_total\` and \`inbound_tcp_errors_total\` only. The authorization
(\`authz_group\`, \`authz_kind\`, \`authz_name\`) labels only \`inbound_tcp_authz_allow_total\`, as in
linkerd2-proxy; \`route_*\` labels exist only on Linkerd's HTTP series, which podwire (L4) has none of.
\`srv_port\` is the label linkerd2-proxy added in 2025 (PR #3725); 2.14's proxy lacks it, which no
query that selects or groups by \`srv_name\`/\`srv_kind\` notices.

Series change when a connection opens and closes, never per chunk. \`tcp_read_bytes_total\` and
\`tcp_write_bytes_total\` are still current at every scrape: collecting \`/metrics\` adds what each open
connection's sockets moved since the last scrape (read from the sockets' own counters), and the
close adds the rest, so a long-lived connection shows its throughput while it lasts and every byte is
counted once. They count application bytes: after TLS is terminated, before it is applied. Between
two proxies on Linkerd's protocol (\`PODWIRE_MUX=false\`, or a linkerd2-proxy peer) the meshed side
also counts the transport header the client proxy writes first; a stream of the multiplexed
transport (the default between podwire peers) carries its header in its OPEN frame, not in its bytes.

## Controller

${metricsTable(controllerMetrics())}`;
}
