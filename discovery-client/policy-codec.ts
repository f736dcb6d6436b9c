// inbound.proto `Server` <-> podwire's ServerPolicy (proxy/policy/types.ts), both ways: the proxy's
// policy client decodes, `podwire controller` encodes. Semantics follow linkerd2-proxy's
// `linkerd/app/inbound/src/policy/api.rs` and spec §5:
// - an Authz without networks is dropped (not an error); "all" is 0.0.0.0/0 plus ::/0;
// - Authn: unauthenticated | meshTLS.unauthenticated (TLS, any identity) | meshTLS.identities
//   (exact names, and suffixes of lower-cased DNS labels; an empty suffix matches everyone);
// - server metadata comes from the `group`/`kind`/`name` labels (defaults policy.linkerd.io/server;
//   kind `default` is a default policy), authz metadata from `metadata`, else from its labels;
// - http1/http2/grpc are kept as such: authorize() denies every connection on such a port, because
//   podwire carries opaque TCP only (Linkerd denies non-HTTP connections there too);
// - the detect timeout is not used: podwire applies LINKERD2_PROXY_INBOUND_DETECT_TIMEOUT.
// Anything else malformed (no protocol, no authentication, a bad network) rejects the whole message,
// so the client keeps the policy it had rather than enforcing a guess.
import net from 'node:net';
import type { Network } from '../proxy/config/parse.js';
import type { Authentication, Authz, ClientNetwork, PolicyMeta, ProxyProtocol, ServerPolicy } from '../proxy/policy/types.js';
import { decodeIp } from './decode.js';
import { ipv4ToUint32, ipv6ToHalves } from './ip.js';
import type { PbIPAddress, PbMetadata } from './wire.js';
import type { PbAuthn, PbAuthz, PbIPNetwork, PbNetwork, PbProxyProtocol, PbServer } from './policy-wire.js';

export class PolicyDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyDecodeError';
  }
}

const PROTOCOLS: readonly ProxyProtocol[] = ['detect', 'opaque', 'tls', 'http1', 'http2', 'grpc'];
export const SERVER_GROUP = 'policy.linkerd.io';

/** Server -> ServerPolicy; throws PolicyDecodeError naming what is wrong. */
export function decodeServer(pb: PbServer | null | undefined): ServerPolicy {
  if (!pb) throw new PolicyDecodeError('empty Server message');
  const protocol = decodeProtocol(pb.protocol);
  const meta = metaFromLabels(pb.labels ?? {}, 'server');
  const labels = extraLabels(pb.labels);
  const authorizations: Authz[] = [];
  (pb.authorizations ?? []).forEach((a, i) => {
    const authz = decodeAuthz(a, i);
    if (authz) authorizations.push(authz);
  });
  return { protocol, meta, authorizations, ...(Object.keys(labels).length > 0 && { labels }) };
}

function decodeProtocol(pb: PbProxyProtocol | null | undefined): ProxyProtocol {
  const kind = pb?.kind ?? PROTOCOLS.find((p) => pb?.[p] != null);
  const found = PROTOCOLS.find((p) => p === kind);
  if (!found) throw new PolicyDecodeError('Server has no protocol');
  return found;
}

/** undefined for an Authz without networks (ignored, as linkerd2-proxy does). */
function decodeAuthz(pb: PbAuthz, i: number): Authz | undefined {
  const at = `authorizations[${i}]`;
  const nets = pb.networks ?? [];
  if (nets.length === 0) return undefined;
  const networks = nets.map((n, j) => decodeClientNetwork(n, `${at}.networks[${j}]`));
  const authentication = decodeAuthn(pb.authentication, `${at}.authentication`);
  const meta = decodeMetadata(pb.metadata) ?? metaFromLabels(pb.labels ?? {}, 'serverauthorization');
  const labels = extraLabels(pb.labels);
  return { networks, authentication, meta, ...(Object.keys(labels).length > 0 && { labels }) };
}

function decodeClientNetwork(pb: PbNetwork, at: string): ClientNetwork {
  return { net: decodeNetwork(pb.net, `${at}.net`), except: (pb.except ?? []).map((e, k) => decodeNetwork(e, `${at}.except[${k}]`)) };
}

export function decodeNetwork(pb: PbIPNetwork | null | undefined, at: string): Network {
  const ip = decodeIp(pb?.ip);
  if (ip === undefined) throw new PolicyDecodeError(`${at}: no valid IP address`);
  const family = net.isIPv4(ip) ? 4 : 6;
  const prefixLen = pb?.prefix_len ?? 0;
  const max = family === 4 ? 32 : 128;
  if (!Number.isInteger(prefixLen) || prefixLen < 0 || prefixLen > max) {
    throw new PolicyDecodeError(`${at}: prefix length ${prefixLen} is outside 0..${max}`);
  }
  return { ip, prefixLen, family };
}

function decodeAuthn(pb: PbAuthn | null | undefined, at: string): Authentication {
  const permit = pb?.permit ?? (pb?.unauthenticated ? 'unauthenticated' : pb?.meshTLS ? 'meshTLS' : undefined);
  if (permit === 'unauthenticated') return { kind: 'unauthenticated' };
  if (permit !== 'meshTLS' || !pb?.meshTLS) throw new PolicyDecodeError(`${at}: no permit (unauthenticated or meshTLS)`);
  const m = pb.meshTLS;
  const clients = m.clients ?? (m.unauthenticated ? 'unauthenticated' : m.identities ? 'identities' : undefined);
  if (clients === 'unauthenticated') return { kind: 'tls-unauthenticated' };
  if (clients !== 'identities' || !m.identities) throw new PolicyDecodeError(`${at}.meshTLS: no clients (unauthenticated or identities)`);
  const identities = (m.identities.identities ?? []).map((id, i) => {
    const name = id.name ?? '';
    if (name === '') throw new PolicyDecodeError(`${at}.meshTLS.identities[${i}]: empty identity name`);
    return name;
  });
  const suffixes = (m.identities.suffixes ?? []).map((s) => (s.parts ?? []).map((p) => p.toLowerCase()));
  return { kind: 'identities', identities, suffixes };
}

function decodeMetadata(pb: PbMetadata | null | undefined): PolicyMeta | undefined {
  if (!pb) return undefined;
  if (pb.default != null) return { group: '', kind: 'default', name: pb.default };
  const r = pb.resource;
  if (r) return { group: r.group ?? '', kind: r.kind ?? '', name: r.name ?? '' };
  return undefined;
}

/** Labels other than the group/kind/name that become metadata. */
function extraLabels(labels: Readonly<Record<string, string>> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => k !== 'group' && k !== 'kind' && k !== 'name'));
}

function metaFromLabels(labels: Readonly<Record<string, string>>, defaultKind: string): PolicyMeta {
  const kind = labels['kind'] ?? defaultKind;
  if (kind === 'default') return { group: '', kind, name: labels['name'] ?? '' };
  return { group: labels['group'] ?? SERVER_GROUP, kind, name: labels['name'] ?? '' };
}

// ---------------------------------------------------------------------------------------------
// Encoding (the controller side).

export interface EncodeOptions {
  /** Detect timeout sent with protocol detect (linkerd's policy controller sends 10s). */
  readonly detectTimeoutMs?: number;
}

/** ServerPolicy -> Server. `audit` has no wire form: callers express it as an allow-all authz. */
export function encodeServer(policy: ServerPolicy, opts: EncodeOptions = {}): PbServer {
  return {
    protocol: encodeProtocol(policy.protocol, opts.detectTimeoutMs ?? 10_000),
    authorizations: policy.authorizations.map(encodeAuthz),
    labels: { ...(policy.labels ?? {}), group: policy.meta.group, kind: policy.meta.kind, name: policy.meta.name },
  };
}

function encodeProtocol(p: ProxyProtocol, timeoutMs: number): PbProxyProtocol {
  if (p === 'detect') {
    return { detect: { timeout: { seconds: String(Math.floor(timeoutMs / 1000)), nanos: (timeoutMs % 1000) * 1_000_000 } } };
  }
  return { [p]: {} };
}

function encodeAuthz(a: Authz): PbAuthz {
  return {
    networks: a.networks.map((n) => ({ net: encodeNetwork(n.net), except: n.except.map(encodeNetwork) })),
    authentication: encodeAuthn(a.authentication),
    labels: { ...(a.labels ?? {}), group: a.meta.group, kind: a.meta.kind, name: a.meta.name },
    metadata: a.meta.kind === 'default' ? { default: a.meta.name } : { resource: { group: a.meta.group, kind: a.meta.kind, name: a.meta.name } },
  };
}

function encodeAuthn(a: Authentication): PbAuthn {
  switch (a.kind) {
    case 'unauthenticated':
      return { unauthenticated: {} };
    case 'tls-unauthenticated':
      return { meshTLS: { unauthenticated: {} } };
    case 'identities':
      return {
        meshTLS: {
          identities: { identities: a.identities.map((name) => ({ name })), suffixes: a.suffixes.map((parts) => ({ parts: [...parts] })) },
        },
      };
  }
}

/** Unlike encodeIp, the unspecified address is fine here: 0.0.0.0/0 is "every IPv4 client". */
export function encodeNetwork(n: Network): PbIPNetwork {
  return { ip: encodeNetIp(n.ip), prefix_len: n.prefixLen };
}

function encodeNetIp(ip: string): PbIPAddress {
  if (net.isIPv4(ip)) return { ipv4: ipv4ToUint32(ip) };
  const { first, last } = ipv6ToHalves(ip);
  return { ipv6: { first: first.toString(), last: last.toString() } };
}
