// The declaration of every environment variable podwire reads: name, default and meaning, in one
// table. config.ts refuses to read a name that is not declared here (a programming error, caught by
// the unit tests), and docs/configuration.md is generated from this table (`npm run docs`), so the
// reference cannot drift from what the loader does. Defaults are Linkerd's (linkerd/app/src/env.rs).
import { IDENTITY_DEFAULTS } from './identity.js';
import { MUX_CONFIG_DEFAULTS } from './mux.js';

/** Defaults, named after Linkerd's (linkerd/app/src/env.rs). */
export const DEFAULTS = {
  inboundListen: '0.0.0.0:4143',
  outboundListen: '127.0.0.1:4140',
  adminListen: '127.0.0.1:4191',
  controlListen: '0.0.0.0:4190',
  inboundConnectTimeout: '300ms',
  outboundConnectTimeout: '1s',
  inboundDetectTimeout: '10s',
  failfastTimeout: '3s',
  discoveryIdleTimeout: '5s',
  clusterDomain: 'cluster.local',
  backoffMin: '100ms',
  backoffMax: '60s',
  backoffJitter: 0.1,
  log: 'warn,linkerd=info',
  logFormat: 'plain',
  accessLog: 'podwire',
  shutdownGracePeriod: '2m',
  defaultPolicy: 'all-unauthenticated',
} as const;

export type VarGroup = 'listeners' | 'identity' | 'discovery' | 'outbound' | 'inbound' | 'policy' | 'gateway' | 'logging' | 'lifecycle' | 'runtime';

export interface ConfigVar {
  readonly name: string;
  readonly group: VarGroup;
  /**
   * The value that behaves exactly like leaving the variable unset (the unit tests check this), or
   * undefined when unset has its own meaning, described by `unset`.
   */
  readonly default?: string;
  /** What an unset variable means when there is no literal default ("required", "none" …). */
  readonly unset?: string;
  /** Markdown, one paragraph. */
  readonly meaning: string;
}

export const GROUP_TITLES: Readonly<Record<VarGroup, string>> = {
  listeners: 'Listeners',
  identity: 'Identity',
  discovery: 'Discovery (Destination API)',
  outbound: 'Outbound',
  inbound: 'Inbound',
  policy: 'Inbound policy',
  gateway: 'Gateway role',
  logging: 'Logging',
  lifecycle: 'Shutdown',
  runtime: 'Runtime',
};

const KEEPALIVE_OFF = 'off (no TCP keepalive on these sockets), as in Linkerd';
const KEEPALIVE_HOW = 'A duration of at least `1s` (whole seconds count): after that long without traffic the kernel sends keepalive probes, one a second, and ten unanswered ones end the connection with an error (the application\'s side is reset) — so a peer or a NAT/load-balancer entry that vanished is noticed about 10 s after the idle time instead of never.';

const CONTROL_ADDR = 'plaintext, as Linkerd does for a loopback control plane';

export const CONFIG_VARS: readonly ConfigVar[] = [
  // listeners
  { name: 'LINKERD2_PROXY_INBOUND_LISTEN_ADDR', group: 'listeners', default: DEFAULTS.inboundListen,
    meaning: 'Inbound port: mTLS with Linkerd\'s transport header (the direct path), and application-port traffic redirected by iptables. Linkerd\'s destination controller reads this value from the pod spec, so it must be a literal `IP:port` there.' },
  { name: 'LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR', group: 'listeners', default: DEFAULTS.outboundListen,
    meaning: 'Outbound port for connections iptables intercepted (`podwire init`); their original destination is read with SO_ORIGINAL_DST.' },
  { name: 'LINKERD2_PROXY_OUTBOUND_LISTEN_ADDRS', group: 'listeners', unset: 'the singular `LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR`',
    meaning: 'Comma list of outbound listen addresses (e.g. `127.0.0.1:4140,[::1]:4140`, as Linkerd\'s Helm chart sets it); takes precedence over the singular form.' },
  { name: 'LINKERD2_PROXY_ADMIN_LISTEN_ADDR', group: 'listeners', default: DEFAULTS.adminListen,
    meaning: 'Admin HTTP server: `/live`, `/ready`, `/metrics`, `/env.json`, `/shutdown`. In a pod it must be a literal `IP:port` (`0.0.0.0:4191`) so the kubelet can probe it and Linkerd\'s controller can find it.' },
  { name: 'LINKERD2_PROXY_CONTROL_LISTEN_ADDR', group: 'listeners', default: DEFAULTS.controlListen,
    meaning: 'Accepted for compatibility and checked to be an address, but nothing listens there: podwire has no tap server. Linkerd\'s destination controller requires it in the `linkerd-proxy` container\'s env, as a literal `IP:port`, or it drops the pod from discovery.' },

  // identity
  { name: 'LINKERD2_PROXY_IDENTITY_LOCAL_NAME', group: 'identity', unset: 'required',
    meaning: 'This workload\'s identity, a DNS name such as `web.shop.serviceaccount.identity.linkerd.cluster.local` (or a `spiffe://` URI with file identities); it must be a SAN of the certificate.' },
  { name: 'LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS', group: 'identity', unset: 'none (one of the two trust-anchor variables is required)',
    meaning: 'Trust anchors as inline PEM (a bundle is allowed), as Linkerd\'s injector passes them. Not watched: rotating them means restarting.' },
  { name: 'PODWIRE_IDENTITY_TRUST_ANCHORS_FILE', group: 'identity', unset: 'none',
    meaning: 'Trust anchors from a PEM bundle file, watched: a new bundle applies to new handshakes without a restart (see [trust-anchor rotation](trust-anchor-rotation.md)).' },
  { name: 'PODWIRE_IDENTITY_CERT_FILE', group: 'identity', unset: 'required in file mode',
    meaning: 'File identity: the PEM leaf certificate followed by its intermediates (watched; a rotated certificate applies to new connections without dropping live ones). Exclusive with the identity-service variables.' },
  { name: 'PODWIRE_IDENTITY_KEY_FILE', group: 'identity', unset: 'required in file mode',
    meaning: 'File identity: the PEM private key of the leaf (ECDSA P-256).' },
  { name: 'LINKERD2_PROXY_IDENTITY_SVC_ADDR', group: 'identity', unset: 'none (file mode)',
    meaning: 'Identity service (`Certify`) `host:port`: Linkerd\'s identity controller or `podwire controller`. Setting it selects Certify mode instead of certificate files.' },
  { name: 'LINKERD2_PROXY_IDENTITY_SVC_NAME', group: 'identity', unset: `required unless the address is loopback (${CONTROL_ADDR})`,
    meaning: 'The identity service\'s TLS identity, e.g. `linkerd-identity.linkerd.serviceaccount.identity.linkerd.cluster.local`.' },
  { name: 'LINKERD2_PROXY_IDENTITY_DIR', group: 'identity', unset: 'required in Certify mode',
    meaning: 'Directory of `key.p8` (PKCS#8 DER, ECDSA P-256) and `csr.der`; both are generated there when missing (key mode 0600). An `emptyDir` in a pod.' },
  { name: 'LINKERD2_PROXY_IDENTITY_TOKEN_FILE', group: 'identity', unset: 'required in Certify mode',
    meaning: 'Service-account token sent with every `Certify` (re-read each time, since projected tokens rotate). In a pod: a projected token with audience `identity.l5d.io`.' },
  { name: 'LINKERD2_PROXY_IDENTITY_MIN_REFRESH', group: 'identity', default: IDENTITY_DEFAULTS.minRefresh,
    meaning: 'Lower bound of the refresh delay (70% of the certificate\'s remaining lifetime); also paces retries of a failed `Certify`.' },
  { name: 'LINKERD2_PROXY_IDENTITY_MAX_REFRESH', group: 'identity', default: IDENTITY_DEFAULTS.maxRefresh,
    meaning: 'Upper bound of the refresh delay.' },
  { name: 'LINKERD2_PROXY_IDENTITY_DISABLED', group: 'identity', unset: 'identity enabled',
    meaning: 'Refused when set to anything: podwire always uses mTLS (linkerd2-proxy also treats it as fatal).' },

  // discovery
  { name: 'LINKERD2_PROXY_DESTINATION_SVC_ADDR', group: 'discovery', unset: 'none (no discovery: only endpoints given as IP:port work)',
    meaning: 'Destination API (`Get`, `GetProfile`) `host:port`: Linkerd\'s destination controller (`linkerd-dst-headless.linkerd.svc.cluster.local.:8086`) or `podwire controller`. Required by forwards to names and by the gateway role; `IP:PORT` forwards work without it, as plain TCP.' },
  { name: 'LINKERD2_PROXY_DESTINATION_SVC_NAME', group: 'discovery', unset: `required unless the address is loopback (${CONTROL_ADDR})`,
    meaning: 'The Destination service\'s TLS identity, e.g. `linkerd-destination.linkerd.serviceaccount.identity.linkerd.cluster.local`.' },
  { name: 'LINKERD2_PROXY_DESTINATION_CONTEXT', group: 'discovery', default: '',
    meaning: 'Context token sent with every Destination request (Linkerd\'s injector sets `{"ns":…,"nodeName":…,"pod":…}`).' },
  { name: 'LINKERD2_PROXY_DESTINATION_PROFILE_NETWORKS', group: 'discovery', default: '',
    meaning: 'Comma list of CIDRs: intercepted connections whose original destination is in them are looked up with `GetProfile`; others are forwarded as they are. `IP:PORT` forwards are always looked up.' },
  { name: 'LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MIN', group: 'discovery', unset: `\`${DEFAULTS.backoffMin}\``,
    meaning: 'Control-plane stream reconnect backoff, minimum. MIN and MAX are set together (or neither).' },
  { name: 'LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_MAX', group: 'discovery', unset: `\`${DEFAULTS.backoffMax}\``,
    meaning: 'Control-plane stream reconnect backoff, maximum. The connection to the controller itself is retried at least once a second whatever this says, and streams that lost it reopen as soon as it is back, so a controller returning after an outage is used again within about a second.' },
  { name: 'LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF_JITTER', group: 'discovery', unset: `\`${DEFAULTS.backoffJitter}\`; \`0\` when MIN and MAX are set without it (as in Linkerd)`,
    meaning: 'Backoff jitter, a number from 0 to 1; only read with MIN and MAX.' },
  { name: 'LINKERD2_PROXY_OUTBOUND_DISCOVERY_IDLE_TIMEOUT', group: 'discovery', default: DEFAULTS.discoveryIdleTimeout,
    meaning: 'A discovery stream no connection has used for this long is closed.' },

  // outbound
  { name: 'PODWIRE_OUTBOUND_FORWARDS', group: 'outbound', default: '',
    meaning: 'Explicit local forwards without iptables (VMs): comma list of `LISTEN=NAME:PORT` or `LISTEN=IP:PORT`, e.g. `127.0.0.1:9000=web.shop.svc.cluster.local:80`. A name is resolved with `Get` and balanced over its endpoints, so it needs `LINKERD2_PROXY_DESTINATION_SVC_ADDR`. An `IP:PORT` is looked up with `GetProfile` when a Destination service is set (whatever `LINKERD2_PROXY_DESTINATION_PROFILE_NETWORKS` says): an address discovery knows as a meshed endpoint gets mTLS to its identity; one it knows no identity for is forwarded as plain TCP, like an unmeshed destination in Linkerd; no answer within the failfast timeout refuses the connection (`resolve_failed`). Without a Destination service an `IP:PORT` forward is plain TCP (a warning at startup says so).' },
  { name: 'LINKERD2_PROXY_OUTBOUND_CONNECT_TIMEOUT', group: 'outbound', default: DEFAULTS.outboundConnectTimeout,
    meaning: 'TCP connect plus TLS handshake to an endpoint.' },
  { name: 'PODWIRE_OUTBOUND_TLS_RESUMPTION', group: 'outbound', default: 'true',
    meaning: 'Resume TLS 1.3 sessions with podwire peers: a ticket from an earlier verified connection to the same endpoint address and identity is offered (abbreviated handshake, no certificates exchanged; no 0-RTT). Tickets are dropped when this proxy\'s certificate or trust anchors change, a podwire inbound stops accepting its tickets when its own do, and the inbound still authorizes the client identity of every resumed connection. linkerd2-proxy peers issue no tickets, so towards them nothing changes. `false`: a full handshake on every connection, as linkerd2-proxy does.' },
  { name: 'PODWIRE_MUX', group: 'outbound', default: 'true',
    meaning: 'Multiplexed transport between podwire peers (ALPN `podwire.mux/1`, docs/architecture.md). `true` (the default): the outbound carries each connection to a podwire inbound as a stream over a small pool of long-lived mTLS connections per endpoint and identity (no TLS handshake per connection: about 3x the new connections per second at a quarter of the proxy CPU per connection, and a third of the memory per idle connection), offering `podwire.mux/1` before `transport.l5d.io/v1` so a linkerd2-proxy inbound still picks Linkerd\'s protocol; the inbound direct port accepts `podwire.mux/1` from clients that offer it. `false`: neither is offered or accepted, the wire is Linkerd\'s protocol only, one mTLS connection per application connection. Set it to `false` on either side of a pair where something between the pods must see each application connection as a TCP connection of its own (per-connection firewall or flow accounting, ECMP spreading), or where the last 10–15% of request/response tail latency at a low fixed rate matters more than connection setup (docs/architecture.md).' },
  { name: 'PODWIRE_MUX_CONNECTIONS_PER_PEER', group: 'outbound', default: MUX_CONFIG_DEFAULTS.connectionsPerPeer,
    meaning: 'With `PODWIRE_MUX`: how many multiplexed connections the outbound spreads streams to one podwire peer over (per endpoint address and identity), 1 to 64. Each carries up to 1,000 streams; a new stream dials another while fewer are open and every open one carries streams, else takes the least busy one (streams that wait for a dial are shared out over the dials in flight). Only when all of them are full is one more dialled (up to 64 in all; past that, new connections use Linkerd\'s protocol). More spreads streams over more TCP connections (loss recovery, ECMP paths, and fewer busy streams waiting for each other\'s writes on one TLS socket: a lower request/response tail at a low rate) at the price of handshakes, memory and less batching when many streams are busy (docs/architecture.md).' },
  { name: 'PODWIRE_MUX_IDLE_TIMEOUT', group: 'outbound', default: MUX_CONFIG_DEFAULTS.idleTimeout,
    meaning: 'With `PODWIRE_MUX`: a pooled connection that has carried no stream for this long is closed (at least `1s`), so connections to endpoints no longer in use do not stay open.' },
  { name: 'LINKERD2_PROXY_OUTBOUND_TCP_FAILFAST_TIMEOUT', group: 'outbound', default: DEFAULTS.failfastTimeout,
    meaning: 'How long a connection waits for a ready endpoint (and how long failover may retry) before failing with `failfast`.' },
  { name: 'LINKERD2_PROXY_OUTBOUND_ACCEPT_KEEPALIVE', group: 'outbound', unset: KEEPALIVE_OFF,
    meaning: `TCP keepalive idle time on connections from the application (the outbound listener and forwards). ${KEEPALIVE_HOW}` },
  { name: 'LINKERD2_PROXY_OUTBOUND_CONNECT_KEEPALIVE', group: 'outbound', unset: KEEPALIVE_OFF,
    meaning: `TCP keepalive idle time on connections this proxy dials to endpoints (and a gateway dials onward). Linkerd's injector sets \`10000ms\`. ${KEEPALIVE_HOW}` },
  { name: 'LINKERD2_PROXY_INBOUND_IPS', group: 'outbound', default: '',
    meaning: 'This pod\'s IPs (Linkerd sets `status.podIPs`). Inbound: connections whose original destination is another IP (not loopback) are refused with `not_local_ip`; empty accepts any. Outbound: endpoints on them are local and reached without TLS.' },

  // inbound
  { name: 'PODWIRE_INBOUND_TARGET_IP', group: 'inbound', unset: 'the accepted socket\'s local IP (direct path) or the original destination IP (application ports)',
    meaning: 'Where inbound connections are delivered, e.g. `127.0.0.1` on a VM whose application listens on loopback.' },
  { name: 'LINKERD2_PROXY_INBOUND_CONNECT_TIMEOUT', group: 'inbound', default: DEFAULTS.inboundConnectTimeout,
    meaning: 'Connect to the local application.' },
  { name: 'LINKERD2_PROXY_INBOUND_DETECT_TIMEOUT', group: 'inbound', default: DEFAULTS.inboundDetectTimeout,
    meaning: 'TLS handshake plus transport header on the direct port; ClientHello detection plus handshake on application ports.' },
  { name: 'LINKERD2_PROXY_INBOUND_ACCEPT_KEEPALIVE', group: 'inbound', unset: KEEPALIVE_OFF,
    meaning: `TCP keepalive idle time on connections the inbound listener accepts. Linkerd's injector sets \`10000ms\`. ${KEEPALIVE_HOW}` },
  { name: 'LINKERD2_PROXY_INBOUND_CONNECT_KEEPALIVE', group: 'inbound', unset: KEEPALIVE_OFF,
    meaning: `TCP keepalive idle time on connections this proxy dials to the local application. ${KEEPALIVE_HOW}` },
  { name: 'PODWIRE_CLUSTER_DOMAIN', group: 'inbound', default: DEFAULTS.clusterDomain,
    meaning: 'Kubernetes cluster domain; gives the gateway role its default suffix `svc.<domain>`.' },

  // policy
  { name: 'LINKERD2_PROXY_INBOUND_DEFAULT_POLICY', group: 'policy', unset: `\`${DEFAULTS.defaultPolicy}\`, with a warning at startup`,
    meaning: 'Policy of inbound ports without their own: `all-unauthenticated`, `all-authenticated`, `cluster-authenticated`, `cluster-unauthenticated`, `deny` or `audit` (see [inbound policy](inbound-policy.md)).' },
  { name: 'LINKERD2_PROXY_POLICY_CLUSTER_NETWORKS', group: 'policy', unset: 'none; required by the `cluster-*` defaults',
    meaning: 'Comma list of CIDRs the `cluster-*` defaults admit, e.g. `10.0.0.0/8,100.64.0.0/10,172.16.0.0/12,192.168.0.0/16,fd00::/8`.' },
  { name: 'LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION', group: 'policy', default: '',
    meaning: 'Opaque ports and ranges (`25,3306,8000-8010`): no TLS detection, and the opaque variant of the default policy. Linkerd\'s injector fills it from `config.linkerd.io/opaque-ports`.' },
  { name: 'LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY', group: 'policy', default: '',
    meaning: 'Ports and ranges (`8080,9000-9010`) whose default policy requires a mesh client identity: plaintext, pass-through TLS and mesh TLS without a client certificate are refused (`all-unauthenticated` becomes `all-authenticated`, `cluster-unauthenticated` becomes `cluster-authenticated`). Applies to the default policy on every inbound path (the direct port and application ports), and to the policy API\'s default answers; an explicit Server or policy-file rule for the port decides instead, as in Linkerd. Linkerd\'s injector fills it from `config.linkerd.io/proxy-require-identity-inbound-ports`.' },
  { name: 'LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_TLS', group: 'policy', default: '',
    meaning: 'Ports and ranges whose default policy requires mesh TLS terminated here (any or no client identity): plaintext and pass-through TLS are refused (`all-unauthenticated` becomes `all-tls-unauthenticated`). A port in both lists requires identity. Same scope as `LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY`.' },
  { name: 'PODWIRE_POLICY_FILE', group: 'policy', unset: 'none',
    meaning: 'Per-port inbound policy, YAML, watched (a broken edit keeps the last good policy). Exclusive with the policy API.' },
  { name: 'LINKERD2_PROXY_POLICY_SVC_ADDR', group: 'policy', unset: 'none (default policy and file only)',
    meaning: 'Inbound policy API (`InboundServerPolicies.WatchPort`) `host:port`: Linkerd\'s policy controller (`linkerd-policy.linkerd.svc.cluster.local.:8090`) or `podwire controller`.' },
  { name: 'LINKERD2_PROXY_POLICY_SVC_NAME', group: 'policy', unset: `required unless the address is loopback (${CONTROL_ADDR})`,
    meaning: 'The policy service\'s TLS identity (Linkerd: the destination controller\'s identity).' },
  { name: 'LINKERD2_PROXY_POLICY_WORKLOAD', group: 'policy', unset: 'required with the policy address',
    meaning: 'Who this proxy is for the policy API, sent to it unchanged (trimmed): `<namespace>:<pod>` as Linkerd 2.14\'s injector writes it (`$(_pod_ns):$(_pod_name)`), or JSON `{"ns":"<namespace>","pod":"<pod>"}` as later releases write it. A policy controller only understands the form of its own release.' },
  { name: 'LINKERD2_PROXY_INBOUND_PORTS', group: 'policy', default: '',
    meaning: 'Ports whose API policy is watched from startup; others are watched on first use and get the default policy until the first answer.' },

  // gateway
  { name: 'PODWIRE_GATEWAY', group: 'gateway', unset: 'off, unless `LINKERD2_PROXY_INBOUND_GATEWAY_SUFFIXES` is set',
    meaning: 'Gateway role: a transport header carrying a name is resolved through this proxy\'s Destination service and proxied onward over mTLS with this proxy\'s identity. Needs `LINKERD2_PROXY_DESTINATION_SVC_ADDR`.' },
  { name: 'LINKERD2_PROXY_INBOUND_GATEWAY_SUFFIXES', group: 'gateway', unset: '`svc.<cluster domain>` when `PODWIRE_GATEWAY=true`',
    meaning: 'Comma list of DNS suffixes a gateway may proxy to (whole labels; `.` admits every name). Setting it also turns the gateway role on, as in Linkerd.' },

  // logging
  { name: 'LINKERD2_PROXY_LOG', group: 'logging', default: DEFAULTS.log,
    meaning: 'Log level, in Linkerd\'s filter syntax: the `podwire=` or `linkerd=` directive wins, else the bare level (`trace`, `debug`, `info`, `warn`, `error`).' },
  { name: 'LINKERD2_PROXY_LOG_FORMAT', group: 'logging', default: DEFAULTS.logFormat,
    meaning: '`plain` or `json` (case-insensitive), for the process log (and the access log when `LINKERD2_PROXY_ACCESS_LOG` is `podwire`). `plain` writes one line per event, `[time] LEVEL: message {the other fields as JSON}` (an error\'s stack stays inside that JSON); `json` writes pino\'s NDJSON.' },
  { name: 'LINKERD2_PROXY_ACCESS_LOG', group: 'logging', default: DEFAULTS.accessLog,
    meaning: 'The per-connection access log (case-insensitive). `podwire`: one `connection closed` line per connection in the process log (stdout, `LINKERD2_PROXY_LOG_FORMAT`, at info, warn when it failed). `json` or `apache` (Linkerd\'s values): a stream of its own on stderr, as linkerd2-proxy writes it, whatever `LINKERD2_PROXY_LOG` says: one JSON object, or one Apache common-log-style line (`client - client_id [time] "TCP direction target" reason bytes_in bytes_out duration_ms conn_id`), per connection. `off`: none. Every line carries `conn_id`, the same on both proxies of a meshed connection. See [troubleshooting](troubleshooting.md#the-access-log).' },

  // lifecycle
  { name: 'LINKERD2_PROXY_SHUTDOWN_GRACE_PERIOD', group: 'lifecycle', default: DEFAULTS.shutdownGracePeriod,
    meaning: 'After SIGTERM (or `POST /shutdown`) no new connections are accepted; live ones get this long, then podwire exits 0. Keep it below the pod\'s `terminationGracePeriodSeconds`.' },
  { name: 'LINKERD2_PROXY_SHUTDOWN_ENDPOINT_ENABLED', group: 'lifecycle', default: 'false',
    meaning: 'Enables `POST /shutdown` on the admin server (from loopback only).' },

  // runtime
  { name: 'PODWIRE_V8_INCREMENTAL_MARKING', group: 'runtime', default: 'false',
    meaning: 'V8\'s incremental marking (the background start of full garbage collections). Off by default: with a heap of the sidecar\'s size (8–16 MB) V8 otherwise starts a full collection after nearly every young-generation one while bytes stream through, about ten a second, and that was a third of the proxy\'s CPU per GB moved. Without it a full collection runs, in one pause, only when the old generation really reaches its limit (a few ms at this heap size). While the proxy is quiet (two seconds under 1% of a core) marking is turned back on, with one full collection, so V8 can shrink a heap that traffic grew (compiled code is kept meanwhile); the first busy second turns it off again (`proxy/idle-heap.ts`). `true` restores V8\'s default at all times; see `bench/README.md` ("Where the CPU per GB went"). From V8 13 (Node 24) podwire also counts external memory (Buffers\' stores) in V8\'s global heap limit, whatever this setting: without it that V8 runs a full collection every ~40 ms while bytes stream (`proxy/gc-settings.ts`).' },
];

const BY_NAME: ReadonlyMap<string, ConfigVar> = new Map(CONFIG_VARS.map((v) => [v.name, v]));

/** The declaration of `name`, or undefined when podwire does not read it. */
export function configVar(name: string): ConfigVar | undefined {
  return BY_NAME.get(name);
}
