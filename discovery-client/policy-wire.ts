// Protobuf side of the inbound policy API (inbound.proto, spec §5): the gRPC method definitions
// (built on the generated static code, grpc-codec.ts) and the plain-object shapes they hand us with
// CONVERSION_OPTIONS (snake_case, 64-bit integers as decimal strings, unset fields absent, a virtual
// string naming each oneof's set member; the shapes proto-loader gave before).
// Only policy-codec.ts interprets these shapes.
import type * as grpc from '@grpc/grpc-js';
import { io } from './gen/proto.js';
import { methodDefinition } from './grpc-codec.js';
import type { PbIPAddress, PbMetadata } from './wire.js';

type Opt<T> = T | null | undefined;
type Empty = Record<string, never>;

export interface PbIPNetwork {
  ip?: Opt<PbIPAddress>;
  prefix_len?: Opt<number>;
}

export interface PbNetwork {
  net?: Opt<PbIPNetwork>;
  except?: Opt<PbIPNetwork[]>;
}

export interface PbPermitMeshTLS {
  unauthenticated?: Opt<Empty>;
  identities?: Opt<{
    identities?: Opt<{ name?: Opt<string> }[]>;
    suffixes?: Opt<{ parts?: Opt<string[]> }[]>;
  }>;
  clients?: Opt<string>;
}

export interface PbAuthn {
  unauthenticated?: Opt<Empty>;
  meshTLS?: Opt<PbPermitMeshTLS>;
  permit?: Opt<string>;
}

export interface PbAuthz {
  networks?: Opt<PbNetwork[]>;
  authentication?: Opt<PbAuthn>;
  labels?: Opt<Record<string, string>>;
  metadata?: Opt<PbMetadata>;
}

export interface PbProxyProtocol {
  detect?: Opt<{ timeout?: Opt<{ seconds?: Opt<string | number>; nanos?: Opt<number> }> }>;
  opaque?: Opt<Empty>;
  tls?: Opt<Empty>;
  http1?: Opt<Empty>;
  http2?: Opt<Empty>;
  grpc?: Opt<Empty>;
  kind?: Opt<string>;
}

export interface PbServer {
  protocol?: Opt<PbProxyProtocol>;
  server_ips?: Opt<PbIPAddress[]>;
  authorizations?: Opt<PbAuthz[]>;
  labels?: Opt<Record<string, string>>;
}

export interface PbPortSpec {
  workload?: Opt<string>;
  port?: Opt<number>;
}

export const INBOUND_POLICY_SERVICE = 'io.linkerd.proxy.inbound.InboundServerPolicies';

export interface InboundPolicyDefinitions {
  /** For grpc.Server#addService. */
  readonly service: grpc.ServiceDefinition;
  readonly getPort: grpc.MethodDefinition<PbPortSpec, PbServer>;
  readonly watchPort: grpc.MethodDefinition<PbPortSpec, PbServer>;
}

let cached: InboundPolicyDefinitions | undefined;

/** The inbound policy service's definitions, built once per process. */
export function inboundPolicyDefinitions(): InboundPolicyDefinitions {
  if (cached) return cached;
  const pb = io.linkerd.proxy.inbound;
  const common = {
    service: INBOUND_POLICY_SERVICE,
    request: pb.PortSpec,
    requestName: 'PortSpec',
    response: pb.Server,
    responseName: 'Server',
  };
  const getPort = methodDefinition<PbPortSpec, PbServer>({ ...common, name: 'GetPort', responseStream: false });
  const watchPort = methodDefinition<PbPortSpec, PbServer>({ ...common, name: 'WatchPort', responseStream: true });
  cached = { service: { GetPort: getPort, WatchPort: watchPort }, getPort, watchPort };
  return cached;
}
