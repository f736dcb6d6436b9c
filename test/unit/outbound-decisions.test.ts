// The pure decisions of the outbound and inbound pipelines, by table: where an original
// destination is routed given what discovery said, how an endpoint is dialled (TLS or not, which
// port, which header), and where an inbound header's target is delivered.
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../discovery-client/types.js';
import { decideRoute } from '../../proxy/outbound/route.js';
import { dialPlan, keyedPlanOf } from '../../proxy/outbound/dial-plan.js';
import { inboundTarget } from '../../proxy/inbound/handle.js';
import { ProxyError } from '../../proxy/errors.js';
import { dstLabels } from '../../proxy/metrics.js';

const ID = 'web.default.serviceaccount.identity.linkerd.cluster.local';
const addr = { ip: '10.1.2.3', port: 8080 };
const meshed: Endpoint = {
  addr, weight: 10000, labels: {}, identity: { kind: 'dns', id: ID, serverName: ID }, opaqueInboundPort: 4143,
};

describe('decideRoute', () => {
  it.each([
    ['a service profile → balance over Get name:port', { fullyQualifiedName: 'web.default.svc.cluster.local', opaqueProtocol: false },
      { kind: 'balanced', authority: { name: 'web.default.svc.cluster.local', port: 8080 } }],
    ['an endpoint profile → that endpoint', { endpoint: meshed, opaqueProtocol: false }, { kind: 'endpoint', endpoint: meshed }],
  ] as const)('%s', (_name, profile, expected) => {
    expect(decideRoute(addr, profile)).toEqual(expected);
  });

  it('forwards as plain TCP when discovery knows nothing', () => {
    expect(decideRoute(addr, undefined)).toMatchObject({ kind: 'forward', addr });
    expect(decideRoute(addr, { opaqueProtocol: false })).toMatchObject({ kind: 'forward', addr });
  });
});

describe('dialPlan', () => {
  const none = new Set<string>();
  it.each<[string, Endpoint, ReturnType<typeof dialPlan>]>([
    ['meshed with opaque transport: TLS to the inbound port, header names the target port', meshed, {
      remote: { ip: '10.1.2.3', port: 4143 }, tls: { serverName: ID, identity: ID, alpn: true }, header: { port: 8080 },
    }],
    ['meshed without an inbound port: TLS straight to the endpoint, no ALPN, no header',
      { ...meshed, opaqueInboundPort: undefined }, {
        remote: addr, tls: { serverName: ID, identity: ID, alpn: false },
      }],
    ['authority override (gateway): TLS to the endpoint port, header carries the name',
      { ...meshed, opaqueInboundPort: undefined, authorityOverride: { name: 'web.default.svc.east.local', port: 80 } }, {
        remote: addr, tls: { serverName: ID, identity: ID, alpn: true }, header: { port: 80, name: 'web.default.svc.east.local' },
      }],
    ['SNI is the server name when it differs from the identity',
      { ...meshed, identity: { kind: 'uri', id: 'spiffe://td/ns/default/sa/web', serverName: ID } }, {
        remote: { ip: '10.1.2.3', port: 4143 }, tls: { serverName: ID, identity: 'spiffe://td/ns/default/sa/web', alpn: true }, header: { port: 8080 },
      }],
    ['no identity from discovery: plain TCP', { addr, weight: 1, labels: {} }, {
      remote: addr, noTlsReason: 'not_provided_by_service_discovery',
    }],
  ])('%s', (_name, ep, expected) => {
    expect(dialPlan(ep, none)).toEqual(expected);
  });

  it('reaches an endpoint on one of our own pod IPs without TLS', () => {
    expect(dialPlan(meshed, new Set(['10.1.2.3']))).toEqual({ remote: addr, noTlsReason: 'loopback' });
  });

  it('keeps one plan and session key per endpoint object, planned again for other local IPs', () => {
    const ep: Endpoint = { ...meshed };
    const keyed = keyedPlanOf(ep, none);
    expect(keyed.plan).toEqual(dialPlan(ep, none));
    expect(keyed.key).toEqual({ addr: '10.1.2.3:4143', serverName: ID, identity: ID, alpn: true });
    expect(keyedPlanOf(ep, none)).toBe(keyed);
    // An equal endpoint from a later discovery update is its own object: planned afresh.
    expect(keyedPlanOf({ ...meshed }, none)).not.toBe(keyed);
    const local = keyedPlanOf(ep, new Set(['10.1.2.3']));
    expect(local.plan).toEqual({ remote: addr, noTlsReason: 'loopback' });
    expect(local.key).toBeUndefined();
  });
});

describe('inboundTarget', () => {
  const socket = (localAddress: string) => ({ localAddress }) as net.Socket;
  const ctx = { targetIp: undefined, inboundPort: 4143 };

  it.each([
    ['the accepted socket local IP', socket('10.1.2.3'), ctx, { ip: '10.1.2.3', port: 8080 }],
    ['an IPv4-mapped local IP, unmapped', socket('::ffff:10.1.2.3'), ctx, { ip: '10.1.2.3', port: 8080 }],
    ['an IPv6 local IP', socket('fd00::1'), ctx, { ip: 'fd00::1', port: 8080 }],
    ['PODWIRE_INBOUND_TARGET_IP over the local IP', socket('10.1.2.3'), { ...ctx, targetIp: '127.0.0.1' }, { ip: '127.0.0.1', port: 8080 }],
  ] as const)('delivers to %s', (_name, s, c, expected) => {
    expect(inboundTarget(c, s, { port: 8080 })).toEqual(expected);
  });

  const reasonOf = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (err) {
      return err instanceof ProxyError ? err.reason : `not a ProxyError: ${String(err)}`;
    }
    return undefined;
  };

  it('refuses gateway names with a trailing dot too (not a gateway)', () => {
    expect(reasonOf(() => inboundTarget(ctx, socket('10.1.2.3'), { port: 80, name: 'web.default.svc.cluster.local.' }))).toBe('gateway_unsupported');
  });

  it('refuses the inbound port itself and gateway names', () => {
    expect(reasonOf(() => inboundTarget(ctx, socket('10.1.2.3'), { port: 4143 }))).toBe('header_targets_inbound_port');
    expect(reasonOf(() => inboundTarget(ctx, socket('10.1.2.3'), { port: 80, name: 'web.default.svc.cluster.local' }))).toBe('gateway_unsupported');
  });
});

describe('dstLabels', () => {
  it('exports the locality of federated endpoints as dst_cluster_locality', () => {
    expect(dstLabels({ pod: 'web-0', cluster_locality: 'remote', unknown_label: 'x' })).toEqual({ dst_pod: 'web-0', dst_cluster_locality: 'remote' });
  });
});
