// The building blocks link resolvers reuse: EndpointSet diffs, unionView (federated-style
// merging), ProfileChain ordering, and the request parsing shared by all resolvers.
import { describe, expect, it } from 'vitest';
import type { WeightedAddrSpec } from '../../discovery-client/encode.js';
import { parseContextToken, parseGetTarget, parseServiceHost } from '../../controller/destination-path.js';
import { EndpointSet, unionView, type EndpointChange } from '../../controller/endpoint-view.js';
import { ComputedProfile, ProfileChain } from '../../controller/profile-view.js';

const ep = (ip: string, labels: Record<string, string> = {}): WeightedAddrSpec => ({ ip, port: 80, labels });

function changes(set: { on(e: 'change', l: (c: EndpointChange) => void): unknown }): EndpointChange[] {
  const out: EndpointChange[] = [];
  set.on('change', (c) => out.push(c));
  return out;
}

describe('EndpointSet', () => {
  it('emits exactly the diff of each replace, keyed by address', () => {
    const set = new EndpointSet({ service: 's' }, [ep('10.0.0.1'), ep('10.0.0.2')]);
    const seen = changes(set);
    set.replace([ep('10.0.0.2'), ep('10.0.0.3')]);
    set.replace([ep('10.0.0.2', { b: '2', a: '1' }), ep('10.0.0.3')]);
    set.replace([ep('10.0.0.3'), ep('10.0.0.2', { a: '1', b: '2' })]);
    expect(seen).toEqual([
      { added: [ep('10.0.0.3')], removed: [{ ip: '10.0.0.1', port: 80 }] },
      { added: [ep('10.0.0.2', { b: '2', a: '1' })], removed: [] },
    ]);
    expect(set.snapshot().map((s) => s.ip)).toEqual(['10.0.0.2', '10.0.0.3']);
  });

  it('treats IPv6 spellings of one address as the same endpoint', () => {
    const set = new EndpointSet({}, [ep('fd00::1')]);
    const seen = changes(set);
    set.upsert([ep('FD00:0::1')]);
    set.remove([{ ip: 'fd00:0:0::1', port: 80 }]);
    expect(seen).toEqual([{ added: [], removed: [{ ip: 'fd00::1', port: 80 }] }]);
  });

  it('stops emitting once closed, and says so', () => {
    const set = new EndpointSet();
    let closed = 0;
    set.on('close', () => closed++);
    const seen = changes(set);
    set.close();
    set.close();
    set.upsert([ep('10.0.0.1')]);
    expect([closed, seen.length]).toEqual([1, 0]);
  });
});

describe('unionView', () => {
  it('merges sources (first wins per address), follows them, and drops a source that ends', () => {
    const local = new EndpointSet({}, [ep('10.0.0.1', { cluster: 'east' })]);
    const west = new EndpointSet({}, [ep('10.1.0.1', { cluster: 'west' }), ep('10.0.0.1', { cluster: 'west' })]);
    const union = unionView([local, west], { service: 'web-federated', namespace: 'shop' });
    expect(union.setLabels).toEqual({ service: 'web-federated', namespace: 'shop' });
    expect(union.snapshot()).toEqual([ep('10.0.0.1', { cluster: 'east' }), ep('10.1.0.1', { cluster: 'west' })]);
    const seen = changes(union);
    local.replace([]);
    west.upsert([ep('10.1.0.2', { cluster: 'west' })]);
    west.end('link removed');
    expect(seen).toEqual([
      { added: [ep('10.0.0.1', { cluster: 'west' })], removed: [] },
      { added: [ep('10.1.0.2', { cluster: 'west' })], removed: [] },
      { added: [], removed: [{ ip: '10.0.0.1', port: 80 }, { ip: '10.1.0.1', port: 80 }, { ip: '10.1.0.2', port: 80 }] },
    ]);
    expect(west.closed).toBe(true);
    union.close();
    expect(local.closed).toBe(true);
  });
});

describe('ProfileChain', () => {
  it('serves the first defined answer in order, else the fallback, without repeats', () => {
    const local = new ComputedProfile(undefined);
    const remote = new ComputedProfile({ fullyQualifiedName: 'remote' });
    const chain = new ProfileChain([local, remote], {});
    const seen: unknown[] = [];
    chain.on('change', (p) => seen.push(p));
    expect(chain.current()).toEqual({ fullyQualifiedName: 'remote' });
    local.set({ fullyQualifiedName: 'local' });
    remote.set({ fullyQualifiedName: 'remote2' });
    local.set(undefined);
    remote.set(undefined);
    remote.set(undefined);
    expect(seen).toEqual([{ fullyQualifiedName: 'local' }, { fullyQualifiedName: 'remote2' }, {}]);
  });
});

describe('request parsing', () => {
  it('splits Kubernetes service names like Linkerd', () => {
    expect(parseServiceHost('web.shop.svc.cluster.local', 'cluster.local')).toEqual({ service: 'web', namespace: 'shop' });
    expect(parseServiceHost('web-0.web.shop.svc.cluster.local', 'cluster.local')).toEqual({ instance: 'web-0', service: 'web', namespace: 'shop' });
    expect(parseServiceHost('web.shop.svc.clusterset.local', 'clusterset.local')).toEqual({ service: 'web', namespace: 'shop' });
    for (const bad of ['web.shop.svc.cluster.local.', 'shop.svc.cluster.local', 'a.b.c.d.svc.cluster.local', 'web.shop.svc.other.local', 'web..svc.cluster.local']) {
      expect(parseServiceHost(bad, 'cluster.local')).toBeUndefined();
    }
  });

  it('reads the context token as JSON, the legacy ns: form, or not at all', () => {
    expect(parseContextToken('{"ns":"shop", "nodeName":"n1", "pod":"web-0"}\n')).toEqual({ ns: 'shop', nodeName: 'n1', pod: 'web-0' });
    expect(parseContextToken('ns:shop')).toEqual({ ns: 'shop' });
    expect(parseContextToken('{"ns": 3}')).toEqual({});
    expect(parseContextToken('garbage')).toEqual({});
    expect(parseContextToken('')).toEqual({});
  });

  it('lower-cases Get hosts and defaults the port', () => {
    expect(parseGetTarget('Web.Shop.svc.cluster.local', 'ns:x')).toEqual({
      path: 'Web.Shop.svc.cluster.local', host: 'web.shop.svc.cluster.local', port: 80, contextToken: { ns: 'x' },
    });
  });
});
