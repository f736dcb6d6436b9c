// podwire's plain types -> Destination API message objects, the inverse of decode.ts.
// Used by the client for its requests, by the test Destination server, and later by a podwire
// controller. The objects are proto-loader shapes (wire.ts); protobufjs does the byte encoding.
// Encoders refuse what a decoder would drop (unspecified IPs, bad ports) so we never emit it.
import net from 'node:net';
import type { SocketAddr } from '../proxy/transport/addr.js';
import { formatNameAddr, normalizeIp } from '../proxy/transport/addr.js';
import type { Endpoint } from './types.js';
import { IpCodecError, ipv4ToUint32, ipv6ToHalves, isUnspecifiedIp } from './ip.js';
import type {
  PbDestinationProfile,
  PbGetDestination,
  PbIPAddress,
  PbProtocolHint,
  PbTcpAddress,
  PbTlsIdentity,
  PbUpdate,
  PbWeightedAddr,
} from './wire.js';

/** The weight linkerd-destination puts on every endpoint (spec §1.6). */
export const DEFAULT_WEIGHT = 10_000;

/** A controller-side description of one endpoint, flat for convenience. */
export interface WeightedAddrSpec {
  readonly ip: string;
  readonly port: number;
  /** DNS-like identity, e.g. "web.ns.serviceaccount.identity.linkerd.cluster.local". */
  readonly identity?: string;
  /** URI-like identity (SPIFFE); only honoured by clients when serverName is also set. */
  readonly uriIdentity?: string;
  readonly serverName?: string;
  /** opaque_transport.inbound_port. */
  readonly inboundPort?: number;
  readonly protocolHint?: 'h2' | 'opaque';
  /** "name:port" */
  readonly authorityOverride?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly weight?: number;
}

export interface ProfileSpec {
  readonly fullyQualifiedName?: string;
  readonly opaqueProtocol?: boolean;
  readonly endpoint?: WeightedAddrSpec;
}

export function encodeIp(ip: string): PbIPAddress {
  if (!net.isIP(ip)) throw new IpCodecError(`${JSON.stringify(ip)} is not an IP address`);
  if (isUnspecifiedIp(ip)) throw new IpCodecError(`refusing to encode the unspecified address ${ip}`);
  if (net.isIPv4(ip)) return { ipv4: ipv4ToUint32(ip) };
  const { first, last } = ipv6ToHalves(normalizeIp(ip));
  // Decimal strings: protobufjs turns them into exact unsigned 64-bit values.
  return { ipv6: { first: first.toString(), last: last.toString() } };
}

export function encodeTcpAddress(addr: SocketAddr): PbTcpAddress {
  if (!Number.isInteger(addr.port) || addr.port < 1 || addr.port > 65535) {
    throw new IpCodecError(`port ${addr.port} is outside 1..65535`);
  }
  return { ip: encodeIp(addr.ip), port: addr.port };
}

function encodeTlsIdentity(spec: WeightedAddrSpec): PbTlsIdentity | undefined {
  const serverName = spec.serverName !== undefined ? { server_name: { name: spec.serverName } } : {};
  if (spec.identity !== undefined) return { dns_like_identity: { name: spec.identity }, ...serverName };
  if (spec.uriIdentity !== undefined) return { uri_like_identity: { uri: spec.uriIdentity }, ...serverName };
  return undefined;
}

function encodeProtocolHint(spec: WeightedAddrSpec): PbProtocolHint | undefined {
  if (spec.protocolHint === undefined && spec.inboundPort === undefined) return undefined;
  return {
    ...(spec.protocolHint === 'h2' && { h2: {} }),
    ...(spec.protocolHint === 'opaque' && { opaque: {} }),
    ...(spec.inboundPort !== undefined && { opaque_transport: { inbound_port: spec.inboundPort } }),
  };
}

export function encodeWeightedAddr(spec: WeightedAddrSpec): PbWeightedAddr {
  const tls = encodeTlsIdentity(spec);
  const hint = encodeProtocolHint(spec);
  return {
    addr: encodeTcpAddress({ ip: spec.ip, port: spec.port }),
    weight: spec.weight ?? DEFAULT_WEIGHT,
    metric_labels: { ...spec.labels },
    ...(tls && { tls_identity: tls }),
    ...(hint && { protocol_hint: hint }),
    ...(spec.authorityOverride !== undefined && { authority_override: { authority_override: spec.authorityOverride } }),
  };
}

/** The spec that encodes to a given decoded Endpoint (so decode(encode(e)) round-trips). */
export function endpointToSpec(ep: Endpoint): WeightedAddrSpec {
  return {
    ip: ep.addr.ip,
    port: ep.addr.port,
    weight: ep.weight,
    labels: ep.labels,
    ...(ep.identity?.kind === 'dns' && { identity: ep.identity.id }),
    ...(ep.identity?.kind === 'uri' && { uriIdentity: ep.identity.id }),
    ...(ep.identity && { serverName: ep.identity.serverName }),
    ...(ep.opaqueInboundPort !== undefined && { inboundPort: ep.opaqueInboundPort }),
    ...(ep.protocolHint && { protocolHint: ep.protocolHint }),
    ...(ep.authorityOverride && { authorityOverride: formatNameAddr(ep.authorityOverride) }),
  };
}

export function encodeEndpoint(ep: Endpoint): PbWeightedAddr {
  return encodeWeightedAddr(endpointToSpec(ep));
}

export function encodeAdd(specs: readonly WeightedAddrSpec[], setLabels: Readonly<Record<string, string>> = {}): PbUpdate {
  return { add: { addrs: specs.map(encodeWeightedAddr), metric_labels: { ...setLabels } } };
}

export function encodeRemove(addrs: readonly SocketAddr[]): PbUpdate {
  return { remove: { addrs: addrs.map(encodeTcpAddress) } };
}

export function encodeNoEndpoints(exists: boolean): PbUpdate {
  return { no_endpoints: { exists } };
}

export function encodeProfile(spec: ProfileSpec): PbDestinationProfile {
  return {
    ...(spec.fullyQualifiedName !== undefined && { fully_qualified_name: spec.fullyQualifiedName }),
    ...(spec.opaqueProtocol !== undefined && { opaque_protocol: spec.opaqueProtocol }),
    ...(spec.endpoint && { endpoint: encodeWeightedAddr(spec.endpoint) }),
  };
}

/** A Get/GetProfile request as linkerd2-proxy sends it: empty scheme, context token verbatim. */
export function encodeGetDestination(path: string, contextToken: string): PbGetDestination {
  return { scheme: '', path, context_token: contextToken };
}
