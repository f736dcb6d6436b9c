// The inbound policy model, mirroring Linkerd's `io.linkerd.proxy.inbound` Server/Authz (spec §5)
// closely enough that a policy-API client can translate a `Server` message into a ServerPolicy
// field by field. Everything here is plain data: the decision is authorize.ts, the sources are
// defaults.ts (env) and policy-file.ts (PODWIRE_POLICY_FILE).
import type { Network } from '../config/parse.js';

/** ProxyProtocol's oneof. Only detect/opaque/tls carry TCP authorizations (spec §5). */
export type ProxyProtocol = 'detect' | 'opaque' | 'tls' | 'http1' | 'http2' | 'grpc';

/** Linkerd's metadata, rendered as the `*_group`, `*_kind`, `*_name` metric labels. */
export interface PolicyMeta {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/** `Network{net, except}`: the client IP must be in `net` and in none of `except`. */
export interface ClientNetwork {
  readonly net: Network;
  readonly except: readonly Network[];
}

/** `Authn.permit`. `tls-unauthenticated` is PermitMeshTLS.unauthenticated: mesh TLS, any identity. */
export type Authentication =
  | { readonly kind: 'unauthenticated' }
  | { readonly kind: 'tls-unauthenticated' }
  | {
      readonly kind: 'identities';
      /** Exact identities: DNS ids compare case-insensitively, SPIFFE URIs exactly. */
      readonly identities: readonly string[];
      /** IdentitySuffix.parts, lower-case labels; `[]` matches every identity. DNS ids only. */
      readonly suffixes: readonly (readonly string[])[];
    };

export interface Authz {
  readonly networks: readonly ClientNetwork[];
  readonly authentication: Authentication;
  readonly meta: PolicyMeta;
  readonly labels?: Readonly<Record<string, string>>;
}

/** What LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY / _REQUIRE_TLS demand of a port's clients (require.ts). */
export type PortRequirement = 'identity' | 'tls';

export interface ServerPolicy {
  readonly protocol: ProxyProtocol;
  /** Empty means deny all. */
  readonly authorizations: readonly Authz[];
  readonly meta: PolicyMeta;
  /** Audit mode: a connection no authorization allows is admitted anyway and logged. */
  readonly audit?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  /** Set on a default policy tightened by a required-ports variable (require.ts): authorize() checks it first. */
  readonly required?: PortRequirement;
}

/** What authorization knows about a client: the TCP peer IP, and mesh TLS if established. */
export interface PolicyClient {
  readonly ip: string;
  /** Present when the connection is mesh TLS; `identity` is the verified client identity. */
  readonly tls: { readonly identity?: string } | undefined;
}

export function defaultMeta(name: string): PolicyMeta {
  return { group: '', kind: 'default', name };
}
