// The label sets of the tcp_* transport series, one builder per kind of socket, as linkerd2-proxy
// forms them (linkerd/app/core/src/transport/labels.rs `Key`, metrics.rs `ServerLabel`):
//
// | socket                         | labels                                                                 |
// |--------------------------------|------------------------------------------------------------------------|
// | inbound, accepted (peer=src)   | target_addr/ip/port, TLS-accept labels, srv_group/kind/name/port       |
// | inbound, to the app (peer=dst) | tls="no_identity", no_tls_reason="loopback"                            |
// | outbound, accepted (peer=src)  | target_addr/ip/port, tls="no_identity", no_tls_reason="loopback"       |
// | outbound, dialled (peer=dst)   | authority (if logical), target_addr/ip/port, TLS-connect labels, dst_* |
//
// test/fixtures/linkerd-transport-series.txt holds Linkerd's series for the same connections.
// inbound_tcp_transport_header_connections_total's sets are here too (transportHeaderLabels).
// Label objects are reused: every connection to the same target under the same policy (or to the
// same endpoint) gets the same object, so opening a connection builds none in the common case.
import type { Endpoint } from '../discovery-client/types.js';
import type { TransportLabels } from './metrics.js';
import { dstLabels } from './metrics.js';
import type { PolicyMeta } from './policy/types.js';
import { formatAddr, type SocketAddr } from './transport/addr.js';
import type { TransportHeader } from './transport/header.js';
import { LabelMemo } from './metric-cells.js';

/** TLS labels of an accepted connection (Linkerd's `TlsAccept`). */
export interface TlsAcceptLabels {
  readonly tls: string;
  readonly client_id?: string;
  readonly no_tls_reason?: string;
  readonly sni?: string;
}

/** TLS labels of a dialled connection (Linkerd's `TlsConnect`). */
export interface TlsConnectLabels {
  readonly tls: string;
  readonly server_id?: string;
  readonly no_tls_reason?: string;
}

/** Inbound to the application: always plaintext over loopback, one label set for every connection. */
export const INBOUND_CLIENT_LABELS: TransportLabels = Object.freeze({ direction: 'inbound', peer: 'dst', tls: 'no_identity', no_tls_reason: 'loopback' });

function tlsKey(t: TlsAcceptLabels | TlsConnectLabels): string {
  const l: Partial<TlsAcceptLabels & TlsConnectLabels> = t;
  return `${l.tls}|${l.client_id ?? ''}|${l.server_id ?? ''}|${l.no_tls_reason ?? ''}|${l.sni ?? ''}`;
}

function targetLabels(target: SocketAddr): TransportLabels {
  return { target_addr: formatAddr(target), target_ip: target.ip, target_port: String(target.port) };
}

/** Sets keyed by the server (policy) metadata object: a replaced policy's sets go with it. */
const inboundByServer = new WeakMap<PolicyMeta, LabelMemo<TransportLabels>>();

/**
 * An accepted inbound connection: its target (the pod address and port the client reached), its
 * TLS, and the Server it is served under (a default policy reads `srv_kind="default"`).
 */
export function inboundServerLabels(target: SocketAddr, tls: TlsAcceptLabels, server: PolicyMeta): TransportLabels {
  let memo = inboundByServer.get(server);
  if (!memo) inboundByServer.set(server, (memo = new LabelMemo<TransportLabels>()));
  return memo.get(`${target.ip}|${target.port}|${tlsKey(tls)}`, () => ({
    direction: 'inbound', peer: 'src',
    ...targetLabels(target),
    ...tls,
    srv_group: server.group, srv_kind: server.kind, srv_name: server.name, srv_port: String(target.port),
  }));
}

const outboundServer = new LabelMemo<TransportLabels>();

/** An accepted outbound connection: where the application was going (SO_ORIGINAL_DST or the forward's listener). */
export function outboundServerLabels(target: SocketAddr): TransportLabels {
  return outboundServer.get(`${target.ip}|${target.port}`, () => ({
    direction: 'outbound', peer: 'src', ...targetLabels(target), tls: 'no_identity', no_tls_reason: 'loopback',
  }));
}

/** Sets keyed by the endpoint object discovery gave: reused by every connection to it. */
const outboundByEndpoint = new WeakMap<Endpoint, LabelMemo<TransportLabels>>();
const outboundNoEndpoint = new LabelMemo<TransportLabels>();

/**
 * A dialled outbound connection (also a gateway's onward one, which Linkerd makes through its
 * outbound stack): the logical authority when it was a name, the address dialled, its TLS, and the
 * endpoint's labels from Destination prefixed `dst_`.
 */
export function outboundClientLabels(remote: SocketAddr, tls: TlsConnectLabels, authority: string | undefined, ep: Endpoint | undefined): TransportLabels {
  let memo = outboundNoEndpoint;
  // An endpoint without labels (a forward to an address) adds nothing to key on.
  if (ep && Object.keys(ep.labels).length > 0) {
    memo = outboundByEndpoint.get(ep) ?? new LabelMemo<TransportLabels>();
    outboundByEndpoint.set(ep, memo);
  }
  return memo.get(`${authority ?? ''}|${remote.ip}|${remote.port}|${tlsKey(tls)}`, () => ({
    direction: 'outbound', peer: 'dst',
    ...(authority !== undefined && { authority }),
    ...targetLabels(remote),
    ...tls,
    ...(ep && dstLabels(ep.labels)),
  }));
}

type DialledFacts = { readonly remote: SocketAddr; readonly serverId?: string; readonly noTlsReason?: string };

/**
 * The last set per endpoint, with what it was made from: connections to an endpoint over its
 * pooled mux sessions are dialled alike (connect.ts keeps one plan per endpoint, so `remote` is
 * the same object), and find their set here without the memo's string key.
 */
const lastDialled = new WeakMap<Endpoint, { facts: DialledFacts; authority: string | undefined; labels: TransportLabels }>();

/** The peer=dst labels of a dialled connection, from what the dial established. */
export function dialledLabels(d: DialledFacts, authority: string | undefined, ep: Endpoint | undefined): TransportLabels {
  if (ep === undefined) return keyedDialledLabels(d, authority, ep);
  const last = lastDialled.get(ep);
  const f = last?.facts;
  if (f !== undefined && f.remote === d.remote && f.serverId === d.serverId && f.noTlsReason === d.noTlsReason && last!.authority === authority) {
    return last!.labels;
  }
  const labels = keyedDialledLabels(d, authority, ep);
  lastDialled.set(ep, { facts: { remote: d.remote, serverId: d.serverId, noTlsReason: d.noTlsReason }, authority, labels });
  return labels;
}

function keyedDialledLabels(d: DialledFacts, authority: string | undefined, ep: Endpoint | undefined): TransportLabels {
  const tls: TlsConnectLabels = d.serverId !== undefined
    ? { tls: 'true', server_id: d.serverId }
    : { tls: 'no_identity', no_tls_reason: d.noTlsReason ?? 'disabled' };
  return outboundClientLabels(d.remote, tls, authority, ep);
}

/** tcp_close_total's sets: a socket's labels plus `errno` ("" for a clean close), also reused. */
const closeSets = new WeakMap<TransportLabels, Map<string, TransportLabels & { errno: string }>>();

export function closeLabels(labels: TransportLabels, errno: string): TransportLabels & { errno: string } {
  let byErrno = closeSets.get(labels);
  if (!byErrno) closeSets.set(labels, (byErrno = new Map()));
  let set = byErrno.get(errno);
  if (!set) byErrno.set(errno, (set = Object.freeze({ ...labels, errno })));
  return set;
}

/** inbound_transport_header_total's labels: one set per header target and client, reused. */
export type TransportHeaderLabels = {
  readonly session_protocol: string;
  readonly target_port: string;
  readonly target_name: string;
  readonly client_id: string;
};

const headerSets = new LabelMemo<TransportHeaderLabels>();

export function transportHeaderLabels(header: TransportHeader, clientId: string): TransportHeaderLabels {
  const sessionProtocol = header.sessionProtocol ?? '';
  const name = header.name ?? '';
  return headerSets.get(`${sessionProtocol}|${header.port}|${name}|${clientId}`, () => ({
    session_protocol: sessionProtocol, target_port: String(header.port), target_name: name, client_id: clientId,
  }));
}
