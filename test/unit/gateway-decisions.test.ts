// The gateway's pure decisions by table: which header names are admitted by which suffixes
// (whole labels, trailing dots, the root), which endpoints would loop back into a gateway, and
// which addresses count as our own inbound listener.
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../discovery-client/types.js';
import { gatewayLoop, gatewayTarget, nameHasSuffix, ownInboundAddrs } from '../../proxy/inbound/gateway.js';
import { ProxyError } from '../../proxy/errors.js';

describe('nameHasSuffix', () => {
  it.each([
    ['web.default.svc.cluster.local', 'svc.cluster.local', true],
    ['web.default.svc.cluster.local.', 'svc.cluster.local', true],
    ['web.default.svc.cluster.local', 'svc.cluster.local.', true],
    ['WEB.default.SVC.cluster.local', 'svc.cluster.local', true],
    ['svc.cluster.local', 'svc.cluster.local', true],
    ['web.default.svc.cluster.local', 'cluster.local', true],
    ['web.default.svc.cluster.local', 'local', true],
    ['web.default.mysvc.cluster.local', 'svc.cluster.local', false],
    ['web.default.svc.cluster.localx', 'svc.cluster.local', false],
    ['web.default.svc.cluster.local.evil.com', 'svc.cluster.local', false],
    ['cluster.local', 'svc.cluster.local', false],
    ['web.default.svc.east.local', 'svc.west.local', false],
    ['anything.example.com', '', true],
  ] as const)('%s under %j → %s', (name, suffix, want) => {
    expect(nameHasSuffix(name, suffix)).toBe(want);
  });
});

describe('gatewayTarget', () => {
  const suffixes = ['svc.cluster.local', 'svc.clusterset.local'];
  const reasonOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      return err instanceof ProxyError ? `${err.reason}: ${err.message}` : String(err);
    }
    return 'ok';
  };

  it.each([
    [{ port: 80, name: 'web.default.svc.cluster.local' }, { name: 'web.default.svc.cluster.local', port: 80 }],
    [{ port: 8080, name: 'web.default.svc.cluster.local.' }, { name: 'web.default.svc.cluster.local', port: 8080 }],
    [{ port: 443, name: 'api.prod.svc.clusterset.local' }, { name: 'api.prod.svc.clusterset.local', port: 443 }],
  ])('admits %j', (header, want) => {
    expect(gatewayTarget(header, suffixes)).toEqual(want);
  });

  it.each([
    { port: 80, name: 'web.default.example.com' },
    { port: 80, name: 'web.default.svc.cluster.localhost' },
    { port: 80, name: 'svc.cluster.local.attacker.io' },
    { port: 80 },
  ])('refuses %j as a bad gateway domain', (header) => {
    expect(reasonOf(() => gatewayTarget(header, suffixes))).toMatch(/^gateway_domain_invalid: bad gateway domain: .* is not under svc\.cluster\.local\., svc\.clusterset\.local\.$/);
  });
});

describe('gatewayLoop', () => {
  const ID = 'web.default.serviceaccount.identity.linkerd.cluster.local';
  const pod: Endpoint = { addr: { ip: '10.0.0.5', port: 8080 }, weight: 1, labels: {}, identity: { kind: 'dns', id: ID, serverName: ID }, opaqueInboundPort: 4143 };
  const own = ownInboundAddrs({ ip: '10.0.0.9', port: 4143 }, [], []);

  it.each<[string, Endpoint, boolean]>([
    ['a pod behind its own proxy', pod, false],
    ['an endpoint with an authority override (another gateway)', { ...pod, opaqueInboundPort: undefined, authorityOverride: { name: 'web.default.svc.east.local', port: 80 } }, true],
    ['ourselves: dialled at our inbound address', { ...pod, addr: { ip: '10.0.0.9', port: 8080 } }, true],
    ['our IP but another inbound port', { ...pod, addr: { ip: '10.0.0.9', port: 8080 }, opaqueInboundPort: 4000 }, false],
    ['our inbound address given directly, without opaque transport', { ...pod, addr: { ip: '10.0.0.9', port: 4143 }, opaqueInboundPort: undefined }, true],
    ['an unmeshed endpoint on our inbound address', { addr: { ip: '10.0.0.9', port: 4143 }, weight: 1, labels: {} }, true],
  ])('%s → loop=%s', (_name, ep, loop) => {
    const why = gatewayLoop(ep, new Set(), own);
    expect(why !== undefined).toBe(loop);
    if (loop) expect(why).toMatch(/^gateway loop detected/);
  });
});

describe('ownInboundAddrs', () => {
  it.each([
    ['a specific address: itself and the pod IPs', { ip: '127.0.0.1', port: 4143 }, ['10.0.0.9'], ['10.0.0.9:4143', '127.0.0.1:4143']],
    ['the unspecified address: every interface address', { ip: '0.0.0.0', port: 4143 }, [], ['10.1.1.1:4143', '127.0.0.1:4143', '[::1]:4143']],
    ['IPv6 written loosely is normalised', { ip: '::', port: 4143 }, ['FD00:0::1'], ['10.1.1.1:4143', '127.0.0.1:4143', '[::1]:4143', '[fd00::1]:4143']],
  ] as const)('%s', (_name, bound, podIps, want) => {
    expect([...ownInboundAddrs(bound, podIps, ['127.0.0.1', '::1', '10.1.1.1'])].sort()).toEqual([...want].sort());
  });
});
