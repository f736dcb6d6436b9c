// The only reader of process.env. Loads every setting once into a typed, frozen Config, using
// linkerd2-proxy's variable names where it has the setting and PODWIRE_* for podwire's own.
// Every bad variable is collected, so one run reports all of them (name, value, why). Every name
// read is declared in config/vars.ts (name, default, meaning), from which docs/configuration.md is
// generated; reading an undeclared one throws, so the reference cannot miss a variable.
import { parseAccessLogMode, type AccessLogMode } from './access-log.js';
import {
  parseDuration, parseBool, parseListenAddr, parseList, parseNetwork, parseForward, parseControlAddr,
  isLoopbackHost, parseLogLevel, parseDnsSuffix, parseClusterDomain,
  type Network, type OutboundForward, type LogLevel,
} from './config/parse.js';
import { parseSocketAddr, normalizeIp, type SocketAddr } from './transport/addr.js';
import { readIdentity, type IdentityConfig } from './config/identity.js';
import net from 'node:net';
import { readPolicy, type PolicyConfig } from './config/policy.js';
import { DEFAULTS, configVar } from './config/vars.js';
import { readAwaitEnv, type AwaitEnv } from './config/await.js';
import { envWarnings, type EnvWarning } from './config/env-warnings.js';
import { readKeepalive, type KeepaliveConfig } from './config/keepalive.js';
import { readMux, type MuxConfig } from './config/mux.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface BackoffConfig {
  readonly minMs: number;
  readonly maxMs: number;
  readonly jitter: number;
}

export interface ControlPlaneAddr {
  /** "host:port" as given (grpc target). */
  readonly addr: string;
  readonly host: string;
  readonly port: number;
  /** TLS server identity; absent only for loopback addresses, which use plaintext as Linkerd does. */
  readonly name?: string;
}

export type { IdentityConfig, FileIdentityConfig, CertifyIdentityConfig } from './config/identity.js';
export type { PolicyApiConfig, PolicyConfig } from './config/policy.js';
export type { KeepaliveConfig } from './config/keepalive.js';
export type { MuxConfig } from './config/mux.js';

export interface Config {
  readonly inboundListen: SocketAddr;
  readonly outboundListen: readonly SocketAddr[];
  readonly adminListen: SocketAddr;
  readonly identity: IdentityConfig;
  readonly destination?: ControlPlaneAddr & {
    readonly context: string;
    readonly profileNetworks: readonly Network[];
  };
  readonly controlBackoff: BackoffConfig;
  readonly inbound: {
    readonly connectTimeoutMs: number;
    readonly detectTimeoutMs: number;
    /** Where inbound connections are delivered instead of the accepted socket's local IP. */
    readonly targetIp?: string;
    readonly ips: readonly string[];
  };
  readonly outbound: {
    readonly connectTimeoutMs: number;
    readonly failfastTimeoutMs: number;
    readonly discoveryIdleTimeoutMs: number;
    /** Resume TLS sessions with podwire peers (PODWIRE_OUTBOUND_TLS_RESUMPTION, outbound/tls-sessions.ts). */
    readonly tlsResumption: boolean;
    /** Multiplexed transport between podwire peers (PODWIRE_MUX*, outbound/mux-pool.ts, inbound/mux.ts). */
    readonly mux: MuxConfig;
    readonly forwards: readonly OutboundForward[];
  };
  readonly policy: PolicyConfig;
  /** TCP keepalive per side and direction (LINKERD2_PROXY_*_KEEPALIVE); absent = off, as in Linkerd. */
  readonly keepalive: KeepaliveConfig;
  /** Kubernetes cluster domain (PODWIRE_CLUSTER_DOMAIN), lower-case without a trailing dot. */
  readonly clusterDomain: string;
  /** Present when this proxy is a gateway (inbound/gateway.ts). */
  readonly gateway?: GatewayConfig;
  /** accessLog: LINKERD2_PROXY_ACCESS_LOG (access-log.ts). */
  readonly log: { readonly level: LogLevel; readonly format: 'plain' | 'json'; readonly accessLog: AccessLogMode };
  readonly shutdown: { readonly gracePeriodMs: number; readonly endpointEnabled: boolean };
  /** V8 settings applied at startup (gc-settings.ts). */
  readonly runtime: { readonly incrementalMarking: boolean };
}

export interface GatewayConfig {
  /**
   * Names a transport header may ask the gateway to reach: lower-case DNS suffixes without the
   * trailing dot, matched on whole labels; "" is the root and admits every name.
   */
  readonly suffixes: readonly string[];
}

export interface ConfigProblem {
  readonly name: string;
  readonly value: string | undefined;
  readonly why: string;
}

export class ConfigError extends Error {
  /**
   * @param identity the identity settings when they were valid though others were not, so the
   *   files they name can be checked in the same report (cli/proxy-command.ts).
   */
  constructor(readonly problems: readonly ConfigProblem[], readonly identity?: IdentityConfig) {
    super(
      `invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.name}=${p.value === undefined ? '(unset)' : JSON.stringify(p.value)}: ${p.why}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Defaults, named after Linkerd's (linkerd/app/src/env.rs); declared with the variables. */
export { DEFAULTS };

/** Reads one variable at a time and records what was wrong with it. */
class EnvReader {
  readonly problems: ConfigProblem[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    // A bug, not bad input: every variable must be declared (and so documented) in config/vars.ts.
    if (configVar(name) === undefined) throw new Error(`config.ts reads ${name}, which proxy/config/vars.ts does not declare`);
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v;
  }

  problem(name: string, why: string): void {
    this.problems.push({ name, value: this.env[name], why });
  }

  /** Parse `name` (or `fallback` text when unset); on error record it and return undefined. */
  get<T>(name: string, parse: (text: string) => T, fallback?: string): T | undefined {
    const text = this.raw(name) ?? fallback;
    if (text === undefined) return undefined;
    try {
      return parse(text);
    } catch (err) {
      this.problem(name, (err as Error).message);
      return undefined;
    }
  }

  required<T>(name: string, parse: (text: string) => T, why: string): T | undefined {
    if (this.raw(name) === undefined) {
      this.problem(name, why);
      return undefined;
    }
    return this.get(name, parse);
  }
}

function readControlAddr(r: EnvReader, base: string): ControlPlaneAddr | undefined {
  const addrName = `${base}_ADDR`;
  const nameName = `${base}_NAME`;
  const parsed = r.get(addrName, parseControlAddr);
  if (!parsed) return undefined;
  const name = r.raw(nameName)?.trim();
  if (name === undefined && !isLoopbackHost(parsed.host)) {
    r.problem(nameName, `required with ${addrName} when the address is not loopback (it is the control plane's TLS identity)`);
    return undefined;
  }
  const addr = r.raw(addrName)!.trim();
  return { addr, host: parsed.host, port: parsed.port, ...(name !== undefined && { name }) };
}

function readBackoff(r: EnvReader, prefix: string, defaults: BackoffConfig): BackoffConfig {
  const minName = `${prefix}_MIN`;
  const maxName = `${prefix}_MAX`;
  const hasMin = r.raw(minName) !== undefined;
  const hasMax = r.raw(maxName) !== undefined;
  if (hasMin !== hasMax) {
    r.problem(hasMin ? maxName : minName, `${minName} and ${maxName} must be set together`);
    return defaults;
  }
  if (!hasMin) return defaults;
  const minMs = r.get(minName, parseDuration) ?? defaults.minMs;
  const maxMs = r.get(maxName, parseDuration) ?? defaults.maxMs;
  const jitter = r.get(`${prefix}_JITTER`, parseJitter) ?? 0;
  if (maxMs < minMs) r.problem(maxName, `must not be less than ${minName}`);
  return { minMs, maxMs, jitter };
}

function parseJitter(text: string): number {
  const j = Number(text);
  if (!Number.isFinite(j) || j < 0 || j > 1) throw new Error('expected a number between 0 and 1');
  return j;
}

function parseLogFormat(text: string): 'plain' | 'json' {
  const t = text.trim().toLowerCase();
  if (t === 'plain' || t === 'json') return t;
  throw new Error('expected PLAIN or JSON');
}

function parseIp(text: string): string {
  const t = text.trim();
  if (!net.isIP(t)) throw new Error(`${JSON.stringify(t)} is not an IP address`);
  return normalizeIp(t);
}

function checkListenersDistinct(r: EnvReader, named: Array<[string, SocketAddr | undefined]>): void {
  const seen = new Map<string, string>();
  for (const [name, addr] of named) {
    if (!addr || addr.port === 0) continue;
    const key = `${addr.ip}:${addr.port}`;
    const other = seen.get(key);
    if (other) r.problem(name, `listens on the same address as ${other}`);
    else seen.set(key, name);
  }
}

/**
 * The gateway role: on with PODWIRE_GATEWAY=true or with LINKERD2_PROXY_INBOUND_GATEWAY_SUFFIXES
 * (how Linkerd configures its gateways). Without suffixes it admits `svc.<cluster domain>.`.
 */
function readGateway(r: EnvReader, clusterDomain: string): GatewayConfig | undefined {
  const flag = r.get('PODWIRE_GATEWAY', parseBool);
  const suffixes = r.get('LINKERD2_PROXY_INBOUND_GATEWAY_SUFFIXES', (t) => parseList(t).map(parseDnsSuffix));
  if (flag === false && suffixes !== undefined && suffixes.length > 0) {
    r.problem('PODWIRE_GATEWAY', 'is false but LINKERD2_PROXY_INBOUND_GATEWAY_SUFFIXES is set, which makes this proxy a gateway; unset one of them');
    return undefined;
  }
  if (flag !== true && (suffixes === undefined || suffixes.length === 0)) return undefined;
  if (r.raw('LINKERD2_PROXY_DESTINATION_SVC_ADDR') === undefined) {
    r.problem('LINKERD2_PROXY_DESTINATION_SVC_ADDR', 'required by the gateway role (gateway names resolve through the Destination API)');
  }
  return { suffixes: suffixes && suffixes.length > 0 ? [...new Set(suffixes)] : [`svc.${clusterDomain}`] };
}

/** Load and validate the whole configuration; throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): Config {
  const r = new EnvReader(env);
  const inboundListen = r.get('LINKERD2_PROXY_INBOUND_LISTEN_ADDR', parseListenAddr, DEFAULTS.inboundListen);
  const outboundListen =
    r.raw('LINKERD2_PROXY_OUTBOUND_LISTEN_ADDRS') !== undefined
      ? r.get('LINKERD2_PROXY_OUTBOUND_LISTEN_ADDRS', (t) => parseList(t).map(parseListenAddr))
      : r.get('LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR', (t) => [parseListenAddr(t)], DEFAULTS.outboundListen);
  const adminListen = r.get('LINKERD2_PROXY_ADMIN_LISTEN_ADDR', parseListenAddr, DEFAULTS.adminListen);
  // Only checked: Linkerd's destination controller reads it from the pod spec; podwire has no tap server.
  r.get('LINKERD2_PROXY_CONTROL_LISTEN_ADDR', parseListenAddr, DEFAULTS.controlListen);
  const identity = readIdentity(r, (base) => readControlAddr(r, base));

  const dstAddr = readControlAddr(r, 'LINKERD2_PROXY_DESTINATION_SVC');
  const context = r.raw('LINKERD2_PROXY_DESTINATION_CONTEXT') ?? '';
  const profileNetworks = r.get('LINKERD2_PROXY_DESTINATION_PROFILE_NETWORKS', (t) => parseList(t).map(parseNetwork), '') ?? [];
  const forwards = r.get('PODWIRE_OUTBOUND_FORWARDS', (t) => parseList(t).map(parseForward), '') ?? [];
  // A name means nothing without discovery; an IP:PORT forward without it is a plain TCP forward
  // (there is no discovery to say the peer has an identity), as an intercepted connection would be.
  const named = forwards.filter((f) => f.target.kind === 'name');
  if (named.length > 0 && r.raw('LINKERD2_PROXY_DESTINATION_SVC_ADDR') === undefined) {
    const names = named.map((f) => (f.target.kind === 'name' ? `${f.target.name.name}:${f.target.name.port}` : '')).join(', ');
    r.problem('LINKERD2_PROXY_DESTINATION_SVC_ADDR', `required by PODWIRE_OUTBOUND_FORWARDS to names (${names}): names resolve through the Destination API`);
  }

  const controlBackoff = readBackoff(r, 'LINKERD2_PROXY_OUTBOUND_CONNECT_EXP_BACKOFF', {
    minMs: parseDuration(DEFAULTS.backoffMin),
    maxMs: parseDuration(DEFAULTS.backoffMax),
    jitter: DEFAULTS.backoffJitter,
  });

  const inbound = {
    connectTimeoutMs: r.get('LINKERD2_PROXY_INBOUND_CONNECT_TIMEOUT', parseDuration, DEFAULTS.inboundConnectTimeout) ?? 0,
    detectTimeoutMs: r.get('LINKERD2_PROXY_INBOUND_DETECT_TIMEOUT', parseDuration, DEFAULTS.inboundDetectTimeout) ?? 0,
    targetIp: r.get('PODWIRE_INBOUND_TARGET_IP', parseIp),
    ips: r.get('LINKERD2_PROXY_INBOUND_IPS', (t) => parseList(t).map(parseIp), '') ?? [],
  };
  const outbound = {
    connectTimeoutMs: r.get('LINKERD2_PROXY_OUTBOUND_CONNECT_TIMEOUT', parseDuration, DEFAULTS.outboundConnectTimeout) ?? 0,
    failfastTimeoutMs: r.get('LINKERD2_PROXY_OUTBOUND_TCP_FAILFAST_TIMEOUT', parseDuration, DEFAULTS.failfastTimeout) ?? 0,
    discoveryIdleTimeoutMs: r.get('LINKERD2_PROXY_OUTBOUND_DISCOVERY_IDLE_TIMEOUT', parseDuration, DEFAULTS.discoveryIdleTimeout) ?? 0,
    tlsResumption: r.get('PODWIRE_OUTBOUND_TLS_RESUMPTION', parseBool, 'true') ?? true,
    mux: readMux(r),
    forwards,
  };
  for (const [name, ms] of [
    ['LINKERD2_PROXY_INBOUND_CONNECT_TIMEOUT', inbound.connectTimeoutMs],
    ['LINKERD2_PROXY_OUTBOUND_CONNECT_TIMEOUT', outbound.connectTimeoutMs],
    ['LINKERD2_PROXY_INBOUND_DETECT_TIMEOUT', inbound.detectTimeoutMs],
  ] as const) {
    if (ms === 0 && r.raw(name) !== undefined) r.problem(name, 'must be greater than 0');
  }

  const keepalive = readKeepalive(r);

  const clusterDomain = r.get('PODWIRE_CLUSTER_DOMAIN', parseClusterDomain, DEFAULTS.clusterDomain) ?? DEFAULTS.clusterDomain;
  const gateway = readGateway(r, clusterDomain);
  const policy = readPolicy(r, (base) => readControlAddr(r, base));

  const log = {
    level: r.get('LINKERD2_PROXY_LOG', parseLogLevel, DEFAULTS.log) ?? 'info',
    format: r.get('LINKERD2_PROXY_LOG_FORMAT', parseLogFormat, DEFAULTS.logFormat) ?? 'plain',
    accessLog: r.get('LINKERD2_PROXY_ACCESS_LOG', parseAccessLogMode, DEFAULTS.accessLog) ?? DEFAULTS.accessLog,
  };
  const shutdown = {
    gracePeriodMs: r.get('LINKERD2_PROXY_SHUTDOWN_GRACE_PERIOD', parseDuration, DEFAULTS.shutdownGracePeriod) ?? 0,
    endpointEnabled: r.get('LINKERD2_PROXY_SHUTDOWN_ENDPOINT_ENABLED', parseBool, 'false') ?? false,
  };
  const runtime = { incrementalMarking: r.get('PODWIRE_V8_INCREMENTAL_MARKING', parseBool, 'false') ?? false };

  checkListenersDistinct(r, [
    ['LINKERD2_PROXY_INBOUND_LISTEN_ADDR', inboundListen],
    ['LINKERD2_PROXY_ADMIN_LISTEN_ADDR', adminListen],
    ...(outboundListen ?? []).map((a): [string, SocketAddr] => ['LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR', a]),
    ...forwards.map((f): [string, SocketAddr] => ['PODWIRE_OUTBOUND_FORWARDS', f.listen]),
  ]);

  if (r.problems.length > 0) throw new ConfigError(r.problems, identity);
  const config: Config = {
    inboundListen: inboundListen!,
    outboundListen: outboundListen!,
    adminListen: adminListen!,
    identity: identity!,
    ...(dstAddr && { destination: { ...dstAddr, context, profileNetworks } }),
    controlBackoff,
    inbound,
    outbound,
    policy,
    keepalive,
    clusterDomain,
    ...(gateway && { gateway }),
    log,
    shutdown,
    runtime,
  };
  return deepFreeze(config);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

export type { EnvWarning } from './config/env-warnings.js';

/**
 * The LINKERD2_PROXY_* and PODWIRE_* variables in `env` that podwire does not read: unknown ones
 * (with the nearest known name) and Linkerd's that podwire does not implement. Logged at startup
 * and printed by `podwire proxy --check-config`; they never stop the proxy.
 */
export function unusedVariableWarnings(env: Env = process.env): EnvWarning[] {
  return envWarnings(Object.keys(env).filter((name) => env[name] !== undefined));
}

/** A snapshot of the process environment, for the admin server's /env.json. */
export function environmentSnapshot(env: Env = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/** NODE_OPTIONS as node read it at startup (node applies it itself; podwire only checks what it holds). */
export function nodeOptionsVariable(env: Env = process.env): string {
  return env.NODE_OPTIONS ?? '';
}

/** Parse a socket address the same way config does (for CLI flags). */
export { parseSocketAddr };

/**
 * The environment for a podwire child process (the demo's controllers and sidecars): only PATH
 * from ours, so a parent's LINKERD2_PROXY_* settings can't leak into a child's configuration.
 */
export function childProcessEnv(extra: Readonly<Record<string, string>>): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', ...extra };
}

/** What `podwire await` reads from the environment (LINKERD_AWAIT_DISABLED, …). */
export function awaitEnvironment(env: Env = process.env): AwaitEnv {
  return readAwaitEnv(env);
}
