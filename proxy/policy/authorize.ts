// The inbound authorization decision, as one pure function (linkerd2-proxy's
// `linkerd/app/inbound/src/policy.rs` semantics, spec §5): the first authorization whose networks
// hold the client IP and whose authentication the client satisfies wins. The result on success
// is an `Authorized` value only this module can make, and forwarding code demands one, so a
// connection that was never authorized cannot be forwarded by construction.
import { isSpiffe } from '../identity/id.js';
import { networkContains, parseClientIp } from './networks.js';
import type { Authentication, Authz, PolicyClient, ServerPolicy } from './types.js';
import { defaultMeta } from './types.js';

declare const authorizedBrand: unique symbol;

/** Proof that `client` was authorized by `policy` (via `authz`). Not constructible elsewhere. */
export interface Authorized {
  readonly [authorizedBrand]: true;
  readonly allowed: true;
  readonly policy: ServerPolicy;
  readonly authz: Authz;
  readonly client: PolicyClient;
  /** Set when only audit mode let the client in: why it would have been denied. */
  readonly auditDenial?: string;
}

export interface Denied {
  readonly allowed: false;
  readonly policy: ServerPolicy;
  readonly client: PolicyClient;
  /** Human-readable: names the server and why no authorization matched. */
  readonly reason: string;
}

export type Decision = Authorized | Denied;

/** The authz that admits everything in audit mode (Linkerd labels it `audit`). */
const AUDIT_AUTHZ: Authz = { networks: [], authentication: { kind: 'unauthenticated' }, meta: defaultMeta('audit') };

export function authorize(policy: ServerPolicy, client: PolicyClient): Decision {
  const denial = denialReason(policy, client);
  if (typeof denial !== 'string') return allow(policy, client, denial);
  if (policy.audit) return allow(policy, client, AUDIT_AUTHZ, denial);
  return { allowed: false, policy, client, reason: denial };
}

/** The matching authz, or why none matches. */
function denialReason(policy: ServerPolicy, client: PolicyClient): Authz | string {
  const server = `${policy.meta.kind}:${policy.meta.name}`;
  if (policy.protocol === 'http1' || policy.protocol === 'http2' || policy.protocol === 'grpc') {
    return `server ${server} requires ${policy.protocol}; opaque TCP connections are denied`;
  }
  const unmet = unmetRequirement(policy, client);
  if (unmet !== undefined) return unmet;
  if (policy.authorizations.length === 0) return `server ${server} has no authorizations (deny all)`;
  const ip = parseClientIp(client.ip);
  const inNetwork = policy.authorizations.filter((a) => a.networks.some((n) => networkContains(n, ip)));
  if (inNetwork.length === 0) return `client IP ${client.ip} is in no network authorized by server ${server}`;
  const match = inNetwork.find((a) => authenticated(a.authentication, client));
  if (match) return match;
  return `client (${describeClient(client)}) is not authenticated by any authorization of server ${server} for ${client.ip}`;
}

function describeClient(client: PolicyClient): string {
  if (!client.tls) return 'no mesh TLS';
  return client.tls.identity !== undefined ? `identity ${client.tls.identity}` : 'mesh TLS without an identity';
}

/**
 * The port's LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_* demand, when the client does not meet it. The
 * tightened authorizations refuse such a client anyway; checking first gives the denial a reason
 * that names the setting.
 */
function unmetRequirement(policy: ServerPolicy, client: PolicyClient): string | undefined {
  if (policy.required === 'identity' && client.tls?.identity === undefined) {
    return `port requires a mesh client identity (LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY); client has ${describeClient(client)}`;
  }
  if (policy.required === 'tls' && !client.tls) {
    return `port requires mesh TLS (LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_TLS); client has no mesh TLS`;
  }
  return undefined;
}

function allow(policy: ServerPolicy, client: PolicyClient, authz: Authz, auditDenial?: string): Authorized {
  return {
    allowed: true, policy, authz, client, ...(auditDenial !== undefined && { auditDenial }),
  } as Authorized;
}

export function authenticated(authn: Authentication, client: PolicyClient): boolean {
  switch (authn.kind) {
    case 'unauthenticated':
      return true;
    case 'tls-unauthenticated':
      return client.tls !== undefined;
    case 'identities': {
      const id = client.tls?.identity;
      if (id === undefined) return false;
      return authn.identities.some((want) => identityEquals(want, id)) || authn.suffixes.some((s) => suffixMatches(s, id));
    }
  }
}

/** SPIFFE URIs compare exactly; DNS-like ids case-insensitively. */
export function identityEquals(want: string, id: string): boolean {
  if (isSpiffe(want) || isSpiffe(id)) return want === id;
  return want.toLowerCase() === id.toLowerCase();
}

/**
 * DNS ids only, on whole labels: `[b, c]` matches `a.b.c` but not `b.c`, `ab.c` or `xb.c`.
 * `[]` matches every identity (Linkerd's "any identity" suffix), URIs included.
 */
export function suffixMatches(parts: readonly string[], id: string): boolean {
  if (parts.length === 0) return true;
  if (isSpiffe(id)) return false;
  const labels = id.toLowerCase().split('.');
  if (labels.length <= parts.length) return false;
  const tail = labels.slice(labels.length - parts.length);
  return tail.every((l, i) => l === parts[i]!.toLowerCase());
}
