// linkerd2-proxy's environment variables that podwire does not implement, with what podwire does
// instead, so that one set in a pod gets a startup warning saying exactly that rather than being
// taken for a typo or silently doing nothing. Sources: linkerd2-proxy `linkerd/app/src/env.rs`
// (and env/control.rs, env/http2.rs), the 2.14 injector's `charts/partials/templates/_proxy.tpl`,
// and /work/shared/spec/linkerd-wire.md §6. What podwire implements is declared in vars.ts; a
// name must not be in both tables (the unit tests check), so implementing one of these means
// moving it to vars.ts.

export interface UnimplementedGroup {
  readonly names: readonly string[];
  /** What podwire does instead, completing "podwire does not implement it: …". */
  readonly instead: string;
}

const P = 'LINKERD2_PROXY_';

/** linkerd2-proxy's HTTP/2 server settings, read for `<base>_…` (env/http2.rs). */
function http2ServerVars(base: string): string[] {
  return [
    'KEEP_ALIVE_TIMEOUT', 'KEEP_ALIVE_INTERVAL', 'MAX_CONNECTION_AGE', 'MAX_CONCURRENT_STREAMS', 'MAX_FRAME_SIZE',
    'MAX_HEADER_LIST_SIZE', 'MAX_PENDING_ACCEPT_RESET_STREAMS', 'MAX_SEND_BUF_SIZE', 'ADAPTIVE_FLOW_CONTROL',
    'INITIAL_STREAM_WINDOW_SIZE', 'INITIAL_CONNECTION_WINDOW_SIZE',
  ].map((s) => `${base}_${s}`);
}

export const LINKERD_UNIMPLEMENTED: readonly UnimplementedGroup[] = [
  {
    names: [`${P}INBOUND_ACCEPT_USER_TIMEOUT`, `${P}OUTBOUND_ACCEPT_USER_TIMEOUT`, `${P}INBOUND_CONNECT_USER_TIMEOUT`, `${P}OUTBOUND_CONNECT_USER_TIMEOUT`],
    instead: 'TCP_USER_TIMEOUT is not set (the operating system\'s retransmission timeout applies)',
  },
  {
    names: [`${P}CONTROL_STREAM_INITIAL_TIMEOUT`, `${P}CONTROL_STREAM_IDLE_TIMEOUT`, `${P}CONTROL_STREAM_LIFETIME`],
    instead: 'control-plane streams have no receive deadlines or lifetime; they are reconnected with backoff when they fail',
  },
  {
    names: [`${P}INBOUND_CONNECT_EXP_BACKOFF_MIN`, `${P}INBOUND_CONNECT_EXP_BACKOFF_MAX`, `${P}INBOUND_CONNECT_EXP_BACKOFF_JITTER`],
    instead: 'control-plane reconnects use the LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_* settings, also for loopback addresses',
  },
  {
    names: [`${P}OUTBOUND_TCP_QUEUE_CAPACITY`],
    instead: 'connections waiting for an endpoint are bounded by LINKERD2_PROXY_OUTBOUND_TCP_FAILFAST_TIMEOUT only',
  },
  {
    names: [`${P}OUTBOUND_DETECT_TIMEOUT`, `${P}INGRESS_MODE`],
    instead: 'podwire is an L4 proxy: it does no outbound protocol detection and has no ingress mode',
  },
  {
    names: [
      `${P}INBOUND_HTTP_QUEUE_CAPACITY`, `${P}INBOUND_HTTP_FAILFAST_TIMEOUT`, `${P}OUTBOUND_HTTP_QUEUE_CAPACITY`,
      `${P}OUTBOUND_HTTP_FAILFAST_TIMEOUT`, `${P}INBOUND_MAX_IN_FLIGHT`, `${P}OUTBOUND_MAX_IN_FLIGHT`,
      `${P}MAX_IDLE_CONNS_PER_ENDPOINT`, `${P}OUTBOUND_MAX_IDLE_CONNS_PER_ENDPOINT`,
      `${P}INBOUND_HTTP1_CONNECTION_POOL_IDLE_TIMEOUT`, `${P}OUTBOUND_HTTP1_CONNECTION_POOL_IDLE_TIMEOUT`,
      `${P}HTTP2_INITIAL_STREAM_WINDOW_SIZE`, `${P}HTTP2_INITIAL_CONNECTION_WINDOW_SIZE`,
      `${P}OUTBOUND_DISABLE_INFORMATIONAL_HEADERS`,
      ...http2ServerVars(`${P}INBOUND_SERVER_HTTP2`), ...http2ServerVars(`${P}OUTBOUND_SERVER_HTTP2`),
    ],
    instead: 'podwire is an L4 proxy and has no HTTP layer to apply it to',
  },
  {
    names: [`${P}DESTINATION_PROFILE_SUFFIXES`, `${P}DESTINATION_PROFILE_INITIAL_TIMEOUT`],
    instead: 'GetProfile lookups are chosen by LINKERD2_PROXY_DESTINATION_PROFILE_NETWORKS (names are looked up through explicit forwards)',
  },
  {
    names: [`${P}INBOUND_DISCOVERY_IDLE_TIMEOUT`],
    instead: 'inbound policy watches stay open for the life of the proxy',
  },
  {
    names: [`${P}METRICS_RETAIN_IDLE`],
    instead: 'metric series are kept for the life of the proxy',
  },
  {
    names: [`${P}TAP_SVC_NAME`],
    instead: 'podwire has no tap server (LINKERD2_PROXY_CONTROL_LISTEN_ADDR is only checked)',
  },
  {
    names: [`${P}TRACE_ATTRIBUTES_PATH`, `${P}TRACE_SERVICE_NAME`, `${P}TRACE_COLLECTOR_SVC_ADDR`, `${P}TRACE_COLLECTOR_SVC_NAME`],
    instead: 'podwire exports no traces',
  },
  {
    names: [`${P}RESOLV_CONF`, `${P}DNS_MIN_TTL`, `${P}DNS_MAX_TTL`],
    instead: 'podwire resolves no names through DNS on the data path (names go through the Destination API)',
  },
  {
    names: [`${P}IDENTITY_SERVER_ID`, `${P}IDENTITY_SERVER_NAME`, `${P}IDENTITY_SPIRE_SOCKET`, `${P}IDENTITY_SPIRE_WORKLOAD_API_ADDRESS`],
    instead: 'the identity is LINKERD2_PROXY_IDENTITY_LOCAL_NAME (a DNS name, or a spiffe:// URI with certificate files), issued by Certify or read from PODWIRE_IDENTITY_CERT_FILE',
  },
  {
    names: [`${P}CORES`, `${P}CORES_MIN`, `${P}CORES_MAX`, `${P}CORES_MAX_RATIO`],
    instead: 'podwire runs on one Node.js event loop; give the container the CPU it should use',
  },
];

const BY_NAME: ReadonlyMap<string, UnimplementedGroup> = new Map(LINKERD_UNIMPLEMENTED.flatMap((g) => g.names.map((n) => [n, g] as const)));

/** The group of a Linkerd variable podwire does not implement, or undefined. */
export function linkerdUnimplemented(name: string): UnimplementedGroup | undefined {
  return BY_NAME.get(name);
}

export function linkerdUnimplementedNames(): string[] {
  return [...BY_NAME.keys()];
}
