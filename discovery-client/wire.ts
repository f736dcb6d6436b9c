// Protobuf side of the Destination API: the loaded gRPC method definitions and the TypeScript shapes
// of the plain objects proto-loader hands us (and accepts back for encoding).
// Only decode.ts / encode.ts interpret these shapes; everything else uses discovery-client/types.ts.
//
// Shapes follow the loader options below: snake_case names (keepCase), 64-bit integers as decimal
// strings (longs: String, so no precision loss and no Long objects leak out), unset fields absent
// (defaults: false), and a virtual string naming the set member of each oneof (oneofs: true).
// Every field is optional and may also be null, because a peer may omit anything.
import path from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import type * as grpc from '@grpc/grpc-js';
import { PROTO_DIR } from './proto-path.js';

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

/** proto-loader options shared by the client, the test server and anything else loading our protos. */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
  includeDirs: [PROTO_DIR],
};

export const DESTINATION_SERVICE = 'io.linkerd.proxy.destination.Destination';

export interface DestinationDefinitions {
  /** For grpc.Server#addService. */
  readonly service: grpc.ServiceDefinition;
  readonly get: grpc.MethodDefinition<PbGetDestination, PbUpdate>;
  readonly getProfile: grpc.MethodDefinition<PbGetDestination, PbDestinationProfile>;
}

let cached: DestinationDefinitions | undefined;

/** Load destination.proto once per process (parsing protos is slow-ish and the result is immutable). */
export function destinationDefinitions(): DestinationDefinitions {
  if (cached) return cached;
  const pkg = protoLoader.loadSync(path.join(PROTO_DIR, 'destination.proto'), LOADER_OPTIONS);
  const service = pkg[DESTINATION_SERVICE] as unknown as grpc.ServiceDefinition | undefined;
  if (!service?.['Get'] || !service['GetProfile']) {
    throw new Error(`podwire: ${DESTINATION_SERVICE} with Get and GetProfile not found in destination.proto`);
  }
  cached = {
    service,
    get: service['Get'] as grpc.MethodDefinition<PbGetDestination, PbUpdate>,
    getProfile: service['GetProfile'] as grpc.MethodDefinition<PbGetDestination, PbDestinationProfile>,
  };
  return cached;
}
