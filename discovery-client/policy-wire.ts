// Protobuf side of the inbound policy API (inbound.proto, spec §5): the loaded gRPC method
// definitions and the plain-object shapes proto-loader hands us with LOADER_OPTIONS (snake_case,
// 64-bit integers as decimal strings, unset fields absent, a virtual string naming each oneof's
// set member). Only policy-codec.ts interprets these shapes.
import path from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import type * as grpc from '@grpc/grpc-js';
import { PROTO_DIR } from './proto-path.js';
import { LOADER_OPTIONS, type PbIPAddress, type PbMetadata } from './wire.js';

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

/** Load inbound.proto once per process. */
export function inboundPolicyDefinitions(): InboundPolicyDefinitions {
  if (cached) return cached;
  const pkg = protoLoader.loadSync(path.join(PROTO_DIR, 'inbound.proto'), LOADER_OPTIONS);
  const service = pkg[INBOUND_POLICY_SERVICE] as unknown as grpc.ServiceDefinition | undefined;
  if (!service?.['GetPort'] || !service['WatchPort']) {
    throw new Error(`podwire: ${INBOUND_POLICY_SERVICE} with GetPort and WatchPort not found in inbound.proto`);
  }
  cached = {
    service,
    getPort: service['GetPort'] as grpc.MethodDefinition<PbPortSpec, PbServer>,
    watchPort: service['WatchPort'] as grpc.MethodDefinition<PbPortSpec, PbServer>,
  };
  return cached;
}
