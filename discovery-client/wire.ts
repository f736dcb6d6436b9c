// Protobuf side of the Destination API: the gRPC method definitions (built on the generated static
// code, grpc-codec.ts) and the TypeScript shapes of the plain objects they hand us (and accept back
// for encoding). Only decode.ts / encode.ts interpret these shapes; everything else uses
// discovery-client/types.ts.
//
// Shapes follow grpc-codec.ts' CONVERSION_OPTIONS, which are the options proto-loader was given
// before: snake_case names (keepCase), 64-bit integers as decimal strings (longs: String, so no
// precision loss and no Long objects leak out), unset fields absent (defaults: false), and a
// virtual string naming the set member of each oneof (oneofs: true).
// Every field is optional and may also be null, because a peer may omit anything.
import type * as grpc from '@grpc/grpc-js';
import { io } from './gen/proto.js';
import { methodDefinition } from './grpc-codec.js';

type Opt<T> = T | null | undefined;

export interface PbIPv6 {
  first?: Opt<string | number>;
  last?: Opt<string | number>;
}

export interface PbIPAddress {
  ipv4?: Opt<number>;
  ipv6?: Opt<PbIPv6>;
  /** Virtual oneof discriminator, present on decoded objects only. */
  ip?: Opt<string>;
}

export interface PbTcpAddress {
  ip?: Opt<PbIPAddress>;
  port?: Opt<number>;
}

export interface PbDnsLikeIdentity {
  name?: Opt<string>;
}

export interface PbTlsIdentity {
  dns_like_identity?: Opt<PbDnsLikeIdentity>;
  uri_like_identity?: Opt<{ uri?: Opt<string> }>;
  server_name?: Opt<PbDnsLikeIdentity>;
  strategy?: Opt<string>;
}

export interface PbProtocolHint {
  h2?: Opt<Record<string, never>>;
  opaque?: Opt<Record<string, never>>;
  opaque_transport?: Opt<{ inbound_port?: Opt<number> }>;
  protocol?: Opt<string>;
}

export interface PbMetadata {
  default?: Opt<string>;
  resource?: Opt<{
    group?: Opt<string>;
    kind?: Opt<string>;
    name?: Opt<string>;
    namespace?: Opt<string>;
    section?: Opt<string>;
    port?: Opt<number>;
  }>;
  kind?: Opt<string>;
}

export interface PbWeightedAddr {
  addr?: Opt<PbTcpAddress>;
  weight?: Opt<number>;
  metric_labels?: Opt<Record<string, string>>;
  tls_identity?: Opt<PbTlsIdentity>;
  protocol_hint?: Opt<PbProtocolHint>;
  authority_override?: Opt<{ authority_override?: Opt<string> }>;
  resource_ref?: Opt<PbMetadata>;
}

export interface PbWeightedAddrSet {
  addrs?: Opt<PbWeightedAddr[]>;
  metric_labels?: Opt<Record<string, string>>;
}

export interface PbUpdate {
  add?: Opt<PbWeightedAddrSet>;
  remove?: Opt<{ addrs?: Opt<PbTcpAddress[]> }>;
  no_endpoints?: Opt<{ exists?: Opt<boolean> }>;
  update?: Opt<string>;
}

export interface PbDestinationProfile {
  opaque_protocol?: Opt<boolean>;
  fully_qualified_name?: Opt<string>;
  endpoint?: Opt<PbWeightedAddr>;
  dst_overrides?: Opt<{ authority?: Opt<string>; weight?: Opt<number> }[]>;
  parent_ref?: Opt<PbMetadata>;
  profile_ref?: Opt<PbMetadata>;
}

export interface PbGetDestination {
  scheme?: Opt<string>;
  path?: Opt<string>;
  context_token?: Opt<string>;
}

export const DESTINATION_SERVICE = 'io.linkerd.proxy.destination.Destination';

export interface DestinationDefinitions {
  /** For grpc.Server#addService. */
  readonly service: grpc.ServiceDefinition;
  readonly get: grpc.MethodDefinition<PbGetDestination, PbUpdate>;
  readonly getProfile: grpc.MethodDefinition<PbGetDestination, PbDestinationProfile>;
}

let cached: DestinationDefinitions | undefined;

/** The Destination service's definitions, built once per process (they are immutable). */
export function destinationDefinitions(): DestinationDefinitions {
  if (cached) return cached;
  const pb = io.linkerd.proxy.destination;
  const common = { service: DESTINATION_SERVICE, request: pb.GetDestination, requestName: 'GetDestination', responseStream: true };
  const get = methodDefinition<PbGetDestination, PbUpdate>({ ...common, name: 'Get', response: pb.Update, responseName: 'Update' });
  const getProfile = methodDefinition<PbGetDestination, PbDestinationProfile>({
    ...common,
    name: 'GetProfile',
    response: pb.DestinationProfile,
    responseName: 'DestinationProfile',
  });
  cached = { service: { Get: get, GetProfile: getProfile }, get, getProfile };
  return cached;
}
