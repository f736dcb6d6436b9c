// What dialling an endpoint needs to know before it starts, worked out once where it can be:
// - dialPlan: where to connect and what to say for an endpoint (pure; table-tested);
// - keyedPlanOf: that plan with its TLS session key, kept per Endpoint object (discovery hands out
//   the same object while the endpoint is unchanged), so a connection builds neither;
// - dialOptionsOf: the dial options of the outbound's (or the gateway's) settings, one object per
//   credentials in force rather than one per connection.
import type { Endpoint } from '../../discovery-client/types.js';
import type { Credentials } from '../identity/credentials.js';
import { formatAddr, type SocketAddr } from '../transport/addr.js';
import type { TransportHeader } from '../transport/header.js';
import type { SessionKey } from './tls-sessions.js';
import type { MuxPool } from './mux-pool.js';

export interface DialOptions {
  readonly connectTimeoutMs: number;
  /** Credentials for mTLS; undefined means identity isn't ready and meshed endpoints can't be dialled. */
  readonly credentials: Credentials | undefined;
  /** Local pod IPs: endpoints on them are reached without TLS, as Linkerd does. */
  readonly localIps: ReadonlySet<string>;
  /** TCP keepalive idle time (LINKERD2_PROXY_OUTBOUND_CONNECT_KEEPALIVE); undefined: off. */
  readonly keepaliveMs?: number;
  /** Offer and keep TLS session tickets (PODWIRE_OUTBOUND_TLS_RESUMPTION); default true. */
  readonly resumeSessions?: boolean;
  /** PODWIRE_MUX: carry connections to podwire peers as streams on pooled connections. */
  readonly mux?: MuxPool;
}

/** What dial options are made from: the outbound's context, and the gateway's for its onward leg. */
export interface DialSettings {
  readonly connectTimeoutMs: number;
  readonly identity: { current(): Credentials | undefined };
  readonly localIps: ReadonlySet<string>;
  readonly connectKeepaliveMs?: number;
  readonly resumeSessions?: boolean;
  readonly mux?: MuxPool;
}

/** Each settings object's dial options for the credentials in force. */
const dialOptionsBySettings = new WeakMap<DialSettings, DialOptions>();

/**
 * The dial options: one object per settings object and credentials rather than one per connection,
 * which also lets connect.ts keep what it derives from them per endpoint (its muxingOf).
 */
export function dialOptionsOf(settings: DialSettings): DialOptions {
  const credentials = settings.identity.current();
  let opts = dialOptionsBySettings.get(settings);
  if (opts === undefined || opts.credentials !== credentials) {
    opts = {
      connectTimeoutMs: settings.connectTimeoutMs, credentials, localIps: settings.localIps, keepaliveMs: settings.connectKeepaliveMs,
      resumeSessions: settings.resumeSessions, mux: settings.mux,
    };
    dialOptionsBySettings.set(settings, opts);
  }
  return opts;
}

/** How an endpoint is dialled. */
export interface DialPlan {
  remote: SocketAddr;
  tls?: { serverName: string; identity: string; alpn: boolean };
  header?: TransportHeader;
  noTlsReason?: string;
}

/** Where to connect and what to say for an endpoint (pure; see the table tests). */
export function dialPlan(ep: Endpoint, localIps: ReadonlySet<string>): DialPlan {
  if (localIps.has(ep.addr.ip)) return { remote: ep.addr, noTlsReason: 'loopback' };
  if (!ep.identity) return { remote: ep.addr, noTlsReason: 'not_provided_by_service_discovery' };
  const alpn = ep.opaqueInboundPort !== undefined || ep.authorityOverride !== undefined;
  const remote = ep.opaqueInboundPort !== undefined ? { ip: ep.addr.ip, port: ep.opaqueInboundPort } : ep.addr;
  const header: TransportHeader | undefined = !alpn
    ? undefined
    : ep.authorityOverride
      ? { port: ep.authorityOverride.port, name: ep.authorityOverride.name }
      : { port: ep.addr.port };
  return {
    remote,
    tls: { serverName: ep.identity.serverName, identity: ep.identity.id, alpn },
    ...(header && { header }),
  };
}

/** dialPlan's answer with its TLS session key (the session cache's and the mux pool's). */
export interface KeyedPlan {
  /** The local IPs it was planned for. */
  readonly localIps: ReadonlySet<string>;
  readonly plan: DialPlan;
  readonly key: SessionKey | undefined;
}

/**
 * Each endpoint's plan and key, made once: discovery hands out the same Endpoint object for as long
 * as the endpoint is unchanged, and the plan is a pure function of it (and of the local IPs, fixed
 * for the proxy's life; checked anyway). Building them per connection was a plan, a header, a key
 * and an address string each time, and the key's fresh string then had to be hashed in the pool.
 */
const keyedPlans = new WeakMap<Endpoint, KeyedPlan>();

export function keyedPlanOf(ep: Endpoint, localIps: ReadonlySet<string>): KeyedPlan {
  let keyed = keyedPlans.get(ep);
  if (keyed === undefined || keyed.localIps !== localIps) {
    const plan = dialPlan(ep, localIps);
    const key: SessionKey | undefined = plan.tls && { addr: formatAddr(plan.remote), ...plan.tls };
    keyedPlans.set(ep, (keyed = { localIps, plan, key }));
  }
  return keyed;
}
