// Destination API messages -> podwire's plain types (discovery-client/types.ts).
// This is the only place that interprets protobuf objects coming from a controller. The rules mirror
// linkerd2-proxy's decoding (api-resolve pb.rs / resolve.rs, spec §1.5-1.6): anything that cannot
// be decoded is dropped rather than guessed at, so one bad address never poisons a whole update.
import type { NameAddr, SocketAddr } from '../proxy/transport/addr.js';
import { isDnsName, parseNameAddr } from '../proxy/transport/addr.js';
import type { Endpoint, EndpointIdentity, Profile, ResolutionUpdate } from './types.js';
import { halvesToIpv6, isUnspecifiedIp, uint32ToIpv4 } from './ip.js';
import type {
  PbDestinationProfile,
  PbIPAddress,
  PbIPv6,
  PbProtocolHint,
  PbTcpAddress,
  PbTlsIdentity,
  PbUpdate,
  PbWeightedAddr,
} from './wire.js';

type Labels = Readonly<Record<string, string>>;

const MAX_PORT = 65535;
/** linkerd2-proxy accepts opaque_transport.inbound_port only in 1..65534. */
const MAX_INBOUND_PORT = 65534;
const U64_MAX = (1n << 64n) - 1n;

/** IPAddress -> canonical IP text, or undefined when no variant is set or a value is out of range. */
export function decodeIp(pb: PbIPAddress | null | undefined): string | undefined {
  if (!pb) return undefined;
  const which = pb.ip ?? (pb.ipv6 ? 'ipv6' : pb.ipv4 != null ? 'ipv4' : undefined);
  if (which === 'ipv4') return decodeIpv4(pb.ipv4);
  if (which === 'ipv6') return decodeIpv6(pb.ipv6);
  return undefined;
}

function decodeIpv4(v: number | null | undefined): string | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffff_ffff) return undefined;
  return uint32ToIpv4(v);
}

function decodeIpv6(pb: PbIPv6 | null | undefined): string | undefined {
  const first = toU64(pb?.first);
  const last = toU64(pb?.last);
  if (first === undefined || last === undefined) return undefined;
  return halvesToIpv6(first, last);
}

/** fixed64 arrives as a decimal string (longs: String); an absent half is zero, as in proto3. */
function toU64(v: string | number | null | undefined): bigint | undefined {
  if (v == null) return 0n;
  if (typeof v === 'number' && !Number.isSafeInteger(v)) return undefined;
  if (typeof v === 'string' && !/^\d+$/.test(v)) return undefined;
  const n = BigInt(v);
  return n <= U64_MAX ? n : undefined;
}

/** TcpAddress -> SocketAddr; unspecified IPs and ports outside 1..65535 are not dialable, so dropped. */
export function decodeTcpAddress(pb: PbTcpAddress | null | undefined): SocketAddr | undefined {
  const ip = decodeIp(pb?.ip);
  const port = pb?.port;
  if (ip === undefined || isUnspecifiedIp(ip)) return undefined;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > MAX_PORT) return undefined;
  return { ip, port };
}

/**
 * TlsIdentity -> the identity to verify and the SNI to send. A URI identity without server_name is
 * dropped (no TLS), and so is an identity whose name does not parse, exactly as linkerd2-proxy does.
 */
export function decodeIdentity(pb: PbTlsIdentity | null | undefined): EndpointIdentity | undefined {
  if (!pb) return undefined;
  const serverName = dnsName(pb.server_name?.name);
  const dns = pb.strategy === 'uri_like_identity' ? undefined : pb.dns_like_identity?.name;
  if (dns != null) {
    const id = dnsName(dns);
    return id === undefined ? undefined : { kind: 'dns', id, serverName: serverName ?? id };
  }
  const uri = pb.uri_like_identity?.uri;
  if (uri && serverName !== undefined && isUri(uri)) return { kind: 'uri', id: uri, serverName };
  return undefined;
}

function dnsName(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase();
  return isDnsName(lower) ? lower : undefined;
}

function isUri(text: string): boolean {
  return URL.canParse(text);
}

function decodeProtocolHint(pb: PbProtocolHint | null | undefined): 'h2' | 'opaque' | undefined {
  if (!pb) return undefined;
  const which = pb.protocol ?? (pb.opaque ? 'opaque' : pb.h2 ? 'h2' : undefined);
  return which === 'h2' || which === 'opaque' ? which : undefined;
}

function decodeInboundPort(pb: PbProtocolHint | null | undefined): number | undefined {
  const port = pb?.opaque_transport?.inbound_port;
  if (typeof port !== 'number' || !Number.isInteger(port)) return undefined;
  return port >= 1 && port <= MAX_INBOUND_PORT ? port : undefined;
}

/** "host:port"; an override that does not parse is ignored (linkerd2-proxy does the same). */
function decodeAuthorityOverride(text: string | null | undefined): NameAddr | undefined {
  if (!text) return undefined;
  try {
    return parseNameAddr(text);
  } catch {
    return undefined;
  }
}

/** Endpoint labels override set labels; non-string values (never sent by a sane peer) are skipped. */
function mergeLabels(setLabels: Labels, own: Record<string, string> | null | undefined): Labels {
  const entries = [...Object.entries(setLabels), ...Object.entries(own ?? {})];
  return Object.fromEntries(entries.filter(([, v]) => typeof v === 'string'));
}

/** WeightedAddr -> Endpoint, or undefined when its address is missing or not dialable. */
export function decodeWeightedAddr(pb: PbWeightedAddr | null | undefined, setLabels: Labels = {}): Endpoint | undefined {
  const addr = decodeTcpAddress(pb?.addr);
  if (!pb || !addr) return undefined;
  const identity = decodeIdentity(pb.tls_identity);
  const opaqueInboundPort = decodeInboundPort(pb.protocol_hint);
  const authorityOverride = decodeAuthorityOverride(pb.authority_override?.authority_override);
  const protocolHint = decodeProtocolHint(pb.protocol_hint);
  return {
    addr,
    weight: pb.weight ?? 0,
    labels: mergeLabels(setLabels, pb.metric_labels),
    ...(identity && { identity }),
    ...(opaqueInboundPort !== undefined && { opaqueInboundPort }),
    ...(authorityOverride && { authorityOverride }),
    ...(protocolHint && { protocolHint }),
  };
}

/**
 * One Get message -> what it means on its own (resolve.rs): add / remove / reset([]) for
 * no_endpoints{exists:true} / does_not_exist for {exists:false}. Returns undefined for messages the
 * client must drop: no variant, an empty remove, or an add or remove none of whose addresses decode.
 * The per-stream rules (first add is a reset, a leading remove is ignored) are applied by the caller.
 */
export function decodeUpdate(pb: PbUpdate | null | undefined): ResolutionUpdate | undefined {
  if (!pb) return undefined;
  const which = pb.update ?? (pb.add ? 'add' : pb.remove ? 'remove' : pb.no_endpoints ? 'no_endpoints' : undefined);
  switch (which) {
    case 'add': {
      const setLabels = pb.add?.metric_labels ?? {};
      const endpoints = (pb.add?.addrs ?? []).map((a) => decodeWeightedAddr(a, setLabels)).filter(isDefined);
      return endpoints.length > 0 ? { kind: 'add', endpoints } : undefined;
    }
    case 'remove': {
      const addrs = (pb.remove?.addrs ?? []).map(decodeTcpAddress).filter(isDefined);
      return addrs.length > 0 ? { kind: 'remove', addrs } : undefined;
    }
    case 'no_endpoints':
      return pb.no_endpoints?.exists === true ? { kind: 'reset', endpoints: [] } : { kind: 'does_not_exist' };
    default:
      return undefined;
  }
}

/**
 * DestinationProfile -> Profile, or undefined for an empty profile (the controller's "nothing known
 * about this port", sent as DestinationProfile{}). A malformed endpoint or name is left out.
 */
export function decodeProfile(pb: PbDestinationProfile | null | undefined): Profile | undefined {
  if (!pb) return undefined;
  const fullyQualifiedName = dnsName(pb.fully_qualified_name?.replace(/\.$/, ''));
  const endpoint = pb.endpoint ? decodeWeightedAddr(pb.endpoint) : undefined;
  const opaqueProtocol = pb.opaque_protocol === true;
  if (fullyQualifiedName === undefined && endpoint === undefined && !opaqueProtocol) return undefined;
  return {
    opaqueProtocol,
    ...(fullyQualifiedName !== undefined && { fullyQualifiedName }),
    ...(endpoint && { endpoint }),
  };
}

function isDefined<T>(v: T | undefined): v is T {
  return v !== undefined;
}

