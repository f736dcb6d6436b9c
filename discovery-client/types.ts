// Plain types for what the Destination API tells us, after decoding. Nothing outside decode.ts
// sees protobuf objects; everything downstream works with these.
import type { SocketAddr, NameAddr } from '../proxy/transport/addr.js';

/** The TLS identity discovery says an endpoint has. */
export interface EndpointIdentity {
  readonly kind: 'dns' | 'uri';
  /** dns: "sa.ns.serviceaccount.identity.linkerd.cluster.local"; uri: "spiffe://..." */
  readonly id: string;
  /** SNI to send: server_name, or the DNS identity when server_name is absent. */
  readonly serverName: string;
}

export interface Endpoint {
  readonly addr: SocketAddr;
  readonly weight: number;
  /** Endpoint labels merged over the set-level labels of the add that carried it. */
  readonly labels: Readonly<Record<string, string>>;
  readonly identity?: EndpointIdentity;
  /** opaque_transport.inbound_port, only when in 1..65534. */
  readonly opaqueInboundPort?: number;
  /** authority_override parsed as name:port (unparsable overrides are dropped). */
  readonly authorityOverride?: NameAddr;
  readonly protocolHint?: 'h2' | 'opaque';
}

/** What one Get stream message means, after the client's contract is applied. */
export type ResolutionUpdate =
  | { readonly kind: 'reset'; readonly endpoints: readonly Endpoint[] }
  | { readonly kind: 'add'; readonly endpoints: readonly Endpoint[] }
  | { readonly kind: 'remove'; readonly addrs: readonly SocketAddr[] }
  | { readonly kind: 'does_not_exist' };

export interface Profile {
  /** Service FQDN without port or trailing dot, when the target is a service address. */
  readonly fullyQualifiedName?: string;
  /** A single known endpoint (e.g. a pod IP), when the target is one. */
  readonly endpoint?: Endpoint;
  readonly opaqueProtocol: boolean;
}
