// Every prom-client metric podwire exports, defined in one place with Linkerd's names and labels
// (spec §7). Metrics are updated at connection open/close only, never per chunk; the byte counters
// of open connections are brought up to date when /metrics is collected (live-bytes.ts).
import client from 'prom-client';
import { LiveByteCounts } from './live-bytes.js';

/**
 * How often prom-client's default metrics sample event-loop delay (its
 * `eventLoopMonitoringPrecision`, the nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}
 * series): a timer of that period. prom-client's own 10 ms woke an idle proxy 100 times a second,
 * at about 5 ms of CPU a second (0.5% of a core per pod, for as long as the pod lives; with
 * sampling turned off a process wakes 0.2 times a second). At 100 ms: 10 wake-ups and under 1 ms
 * a second. A stall of 100 ms or more is still always seen; a shorter one only when a sample falls
 * inside it (a 10 ms stall one time in ten). nodejs_eventloop_lag_seconds, measured at each scrape,
 * is unaffected.
 */
export const EVENT_LOOP_SAMPLE_MS = 100;

/** Endpoint labels Destination may send; exported with a `dst_` prefix on outbound client-side series. */
export const DST_LABELS = [
  'service', 'namespace', 'pod', 'serviceaccount', 'control_plane_ns', 'deployment', 'statefulset',
  'daemonset', 'replicaset', 'job', 'pod_template_hash', 'zone', 'zone_locality', 'cluster',
  'target_cluster', 'target_service', 'target_service_namespace', 'external_workload',
  // local | remote on federated / clusterset endpoints (local-first failover, outbound/failover.ts)
  'cluster_locality',
] as const;

/** Every label a tcp_* series may carry; which ones a series has depends on its socket (transport-labels.ts). */
const TRANSPORT_LABELS = [
  'direction', 'peer', 'authority', 'target_addr', 'target_ip', 'target_port',
  'tls', 'client_id', 'server_id', 'no_tls_reason', 'sni',
  // inbound accepted side: the Server the port is served under (linkerd2-proxy's ServerLabel)
  'srv_group', 'srv_kind', 'srv_name', 'srv_port',
  ...DST_LABELS.map((l) => `dst_${l}`),
] as const;

/** inbound_tcp_authz_* labels (spec §7.3): target, server, then TLS; allow adds the authz. */
const AUTHZ_TARGET_LABELS = ['target_addr', 'target_ip', 'target_port', 'srv_group', 'srv_kind', 'srv_name', 'srv_port', 'tls', 'client_id', 'no_tls_reason', 'sni'] as const;
const AUTHZ_ALLOW_LABELS = [...AUTHZ_TARGET_LABELS, 'authz_group', 'authz_kind', 'authz_name'] as const;
export type AuthzLabels = Partial<Record<(typeof AUTHZ_ALLOW_LABELS)[number], string>>;

const ACCEPT_ERROR_LABELS = ['error', 'reason', 'errno', 'listen_addr'] as const;

export type TransportLabels = Partial<Record<(typeof TRANSPORT_LABELS)[number], string>>;

export class Metrics {
  readonly registry = new client.Registry();

  readonly tcpOpenTotal = this.counter('tcp_open_total', 'Total connections opened', TRANSPORT_LABELS);
  readonly tcpCloseTotal = this.counter('tcp_close_total', 'Total connections closed', [...TRANSPORT_LABELS, 'errno']);
  readonly tcpOpenConnections = new client.Gauge({
    name: 'tcp_open_connections', help: 'Connections currently open', labelNames: TRANSPORT_LABELS, registers: [this.registry],
  });
  readonly tcpReadBytesTotal = this.byteCounter('tcp_read_bytes_total', 'Bytes read from the peer (application bytes: after TLS), current at each scrape');
  readonly tcpWriteBytesTotal = this.byteCounter('tcp_write_bytes_total', 'Bytes written to the peer (application bytes: before TLS), current at each scrape');
  /** The open connections' sockets, whose bytes are added to the two counters above at each scrape. */
  readonly liveBytes = new LiveByteCounts(this.tcpReadBytesTotal, this.tcpWriteBytesTotal);

  readonly inboundTcpErrorsTotal = this.counter('inbound_tcp_errors_total', 'Inbound connections that failed, by error class and podwire reason', ['error', 'reason']);
  readonly outboundTcpErrorsTotal = this.counter('outbound_tcp_errors_total', 'Outbound connections that failed, by error class and podwire reason', ['error', 'reason']);
  // Linkerd's names for connections a listener could not take; podwire counts descriptor
  // exhaustion here (transport/accept-guard.ts), with the errno and the listener's address.
  readonly inboundTcpAcceptErrorsTotal = this.counter(
    'inbound_tcp_accept_errors_total', 'Inbound connections refused at accept (out of file descriptors, or an accept() error)', ACCEPT_ERROR_LABELS,
  );
  readonly outboundTcpAcceptErrorsTotal = this.counter(
    'outbound_tcp_accept_errors_total', 'Outbound connections refused at accept (out of file descriptors, or an accept() error)', ACCEPT_ERROR_LABELS,
  );
  readonly outboundConnectAttemptFailuresTotal = this.counter(
    'outbound_tcp_connect_attempt_failures_total',
    'Failed endpoint connect attempts (TCP, TLS, identity), including ones hidden by a retry on another endpoint',
    ['error', 'reason', 'retried'],
  );
  readonly outboundTlsHandshakesTotal = this.counter(
    'outbound_tls_handshakes_total',
    'Completed TLS handshakes with endpoints (the outbound and the gateway\'s onward side), by whether a cached session was resumed',
    ['resumed'],
  );
  readonly outboundFailoverConnectionsTotal = this.counter(
    'outbound_tcp_failover_connections_total',
    'Connections placed on a remote-cluster endpoint because no local endpoint was ready',
    ['authority'],
  );
  readonly inboundTransportHeaderTotal = this.counter(
    'inbound_tcp_transport_header_connections_total',
    'Inbound connections that carried a transport header',
    ['session_protocol', 'target_port', 'target_name', 'client_id'],
  );
  readonly inboundTcpAuthzAllowTotal = this.counter('inbound_tcp_authz_allow_total', 'Inbound connections authorized by policy', AUTHZ_ALLOW_LABELS);
  readonly inboundTcpAuthzDenyTotal = this.counter('inbound_tcp_authz_deny_total', 'Inbound connections denied by policy', AUTHZ_TARGET_LABELS);
  readonly inboundTcpAuthzTerminateTotal = this.counter(
    'inbound_tcp_authz_terminate_total', 'Live inbound connections closed because a policy change no longer allows them', AUTHZ_TARGET_LABELS,
  );
  readonly identityCertExpiration = new client.Gauge({
    name: 'control_identity_cert_expiration_timestamp_seconds', help: 'Expiry of the current workload certificate', registers: [this.registry],
  });
  readonly identityCertRefresh = new client.Gauge({
    name: 'control_identity_cert_refresh_timestamp_seconds', help: 'When the workload certificate was last (re)loaded', registers: [this.registry],
  });
  readonly identityCertRefreshesTotal = this.counter(
    'control_identity_cert_refreshes_total',
    'Workload certificate loads by result (ok, error); failures carry error: an errno (EACCES, EISDIR…), an identity code (key_mismatch, expired…) or a gRPC status. File identity counts every failed re-read (each poll) while the files cannot be loaded',
    ['result', 'error'],
  );
  readonly inboundPolicyPortsPending = new client.Gauge({
    name: 'inbound_policy_ports_pending',
    help: 'Ports of LINKERD2_PROXY_INBOUND_PORTS with no policy from the policy API yet; /ready answers 503 while this is above 0',
    registers: [this.registry],
  });
  readonly policyStreamErrorsTotal = this.counter(
    'control_policy_stream_errors_total',
    'Policy API WatchPort streams that failed, by gRPC status code (retried with backoff, except InvalidArgument and FailedPrecondition)',
    ['code'],
  );
  // The multiplexed transport between podwire peers (PODWIRE_MUX): pool and stream figures; each
  // stream is also an application connection in the tcp_* series and the access log as before.
  readonly outboundMuxPooledConnections = this.gauge(
    'outbound_mux_pooled_connections', 'Multiplexed mTLS connections to podwire peers the outbound holds open (pooled, or draining)',
  );
  readonly outboundMuxStreamsOpen = this.gauge('outbound_mux_streams_open', 'Outbound connections carried as streams on multiplexed connections, open now');
  readonly outboundMuxStreamsTotal = this.counter('outbound_mux_streams_total', 'Outbound connections carried as streams on multiplexed connections', []);
  readonly outboundMuxStreamsRetriedTotal = this.counter(
    'outbound_mux_streams_retried_total',
    'Outbound streams carried again on another multiplexed connection because the peer refused them unprocessed (it was draining, or full)', [],
  );
  readonly inboundMuxConnections = this.gauge('inbound_mux_connections', 'Multiplexed mTLS connections from podwire peers open on the inbound direct port');
  readonly inboundMuxStreamsOpen = this.gauge('inbound_mux_streams_open', 'Inbound streams of multiplexed connections, open now');
  readonly inboundMuxStreamsTotal = this.counter('inbound_mux_streams_total', 'Inbound streams opened by peers on multiplexed connections', []);
  readonly buildInfo = new client.Gauge({
    name: 'proxy_build_info', help: 'podwire build information', labelNames: ['version', 'vendor'], registers: [this.registry],
  });

  constructor(opts: { version: string; processMetrics?: boolean }) {
    this.buildInfo.set({ version: opts.version, vendor: 'podwire' }, 1);
    if (opts.processMetrics !== false) client.collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): client.Counter<L> {
    return new client.Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge(name: string, help: string): client.Gauge {
    return new client.Gauge({ name, help, registers: [this.registry] });
  }

  private byteCounter(name: string, help: string): client.Counter<string> {
    // collect() runs when the registry is scraped: both counters take in the live sockets' growth.
    const sync = () => this.liveBytes.sync();
    return new client.Counter({ name, help, labelNames: TRANSPORT_LABELS, registers: [this.registry], collect: sync });
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Prefix endpoint labels with dst_, keeping only the names Metrics declares. */
export function dstLabels(labels: Readonly<Record<string, string>>): TransportLabels {
  const out: Record<string, string> = {};
  for (const name of DST_LABELS) {
    const v = labels[name];
    if (v !== undefined) out[`dst_${name}`] = v;
  }
  return out as TransportLabels;
}
