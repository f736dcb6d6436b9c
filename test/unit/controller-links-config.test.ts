// Link configuration and link life cycle without the gRPC front end:
// - the `links` schema additions (`insecure`, `tls` files) and their errors;
// - where a link's TLS material comes from (its own files, else the local controller's);
// - which names are multicluster names (classifyHost), as a table;
// - links following topology edits: added, re-pointed, removed; open views end when their name
//   stops meaning the same thing, and the link metrics follow the live links.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import client from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDestinationService, serveController, type ControllerServer } from '../../controller/destination-server.js';
import { EndpointSet } from '../../controller/endpoint-view.js';
import { classifyHost } from '../../controller/link-names.js';
import { linkConnection } from '../../controller/link-tls.js';
import { startLinks } from '../../controller/links.js';
import { LocalEndpointResolver } from '../../controller/resolver-local.js';
import { parseTopology, TopologyError, type Topology } from '../../controller/topology.js';
import { parseLinks } from '../../controller/topology-links.js';
import { Problems } from '../../controller/topology-fields.js';
import { TopologyStore } from '../../controller/topology-watch.js';
import { parseGetTarget } from '../../controller/destination-path.js';
import { silentLogger } from '../../proxy/log.js';
import { eventually, sample } from '../harness/links.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'podwire-links-cfg-'));
  for (const f of ['a.crt', 'a.key', 'ca.crt']) writeFileSync(path.join(dir, f), `${f}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LINK = (extra: string) => `
cluster: {name: east}
links:
  - cluster: west
    controller: {addr: "127.67.0.2:8086", identity: ctl.linkerd.serviceaccount.identity.linkerd.west.local}
    trustDomain: west.local
${extra}
    services: [{name: web, namespace: default, mode: remote-discovery}]
`;

function problemsOf(text: string): string[] {
  try {
    parseTopology(text, dir);
  } catch (err) {
    if (err instanceof TopologyError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('links schema: insecure and tls', () => {
  it('parses `insecure: true` and a `tls` section of absolute paths', () => {
    expect(parseTopology(LINK('    insecure: true'), dir).links[0]!.insecure).toBe(true);
    expect(parseTopology(LINK('    insecure: false'), dir).links[0]).not.toHaveProperty('insecure');
    const abs = (f: string) => path.join(dir, f);
    const t = parseTopology(LINK(`    tls: {certFile: ${abs('a.crt')}, keyFile: ${abs('a.key')}, trustAnchorsFile: ${abs('ca.crt')}}`), dir);
    expect(t.links[0]!.tls).toEqual({ certFile: abs('a.crt'), keyFile: abs('a.key'), trustAnchorsFile: abs('ca.crt') });
    expect(parseTopology(LINK(`    tls: {trustAnchorsFile: ${abs('ca.crt')}}`), dir).links[0]!.tls).toEqual({ trustAnchorsFile: abs('ca.crt') });
  });

  it('refuses half a key pair, missing files, tls together with insecure, and unknown fields', () => {
    expect(problemsOf(LINK(`    tls: {certFile: ${path.join(dir, 'a.crt')}, trustAnchorsFile: ${path.join(dir, 'nope.crt')}, ca: x}\n    insecure: true`))).toEqual([
      'links[0].tls.ca: unknown field (expected one of: certFile, keyFile, trustAnchorsFile)',
      `links[0].tls.trustAnchorsFile: ${path.join(dir, 'nope.crt')} does not exist`,
      'links[0].tls: certFile and keyFile go together (give both, or neither to use controller.identity)',
      'links[0].insecure: true contradicts the link\'s `tls` section; keep one of them',
    ]);
    expect(problemsOf(LINK('    insecure: "yes"'))).toEqual(['links[0].insecure: expected true or false, got "yes"']);
  });

  it('resolves relative tls paths against the topology directory when given the parse context', () => {
    const problems = new Problems();
    const raw = [{
      cluster: 'west', trustDomain: 'west.local', services: [],
      controller: { addr: '127.67.0.2:8086', identity: 'a.b' },
      tls: { certFile: 'a.crt', keyFile: './a.key', trustAnchorsFile: 'ca.crt' },
    }];
    const links = parseLinks(raw, 'east', { problems, baseDir: dir, checkFiles: true });
    expect(problems.list).toEqual([]);
    expect(links[0]!.tls).toEqual({ certFile: path.join(dir, 'a.crt'), keyFile: path.join(dir, 'a.key'), trustAnchorsFile: path.join(dir, 'ca.crt') });
    // With only a problem list there is no directory to resolve against: relative paths are refused, not guessed.
    const bare = new Problems();
    parseLinks(raw, 'east', bare);
    expect(bare.list.map((p) => `${p.path}: ${p.message}`)).toContain('links[0].tls.certFile: "a.crt" must be an absolute path');
  });
});

describe('link TLS material', () => {
  const topology = (text: string): Topology => parseTopology(text, dir);
  const abs = (f: string) => path.join(dir, f);

  it('uses the link\'s own files first, then the local controller\'s certificate and trust anchors', () => {
    const own = linkConnection(topology(LINK(`    tls: {certFile: ${abs('a.crt')}, keyFile: ${abs('a.key')}, trustAnchorsFile: ${abs('ca.crt')}}`)), topology(LINK(`    tls: {certFile: ${abs('a.crt')}, keyFile: ${abs('a.key')}, trustAnchorsFile: ${abs('ca.crt')}}`)).links[0]!);
    expect(own).toEqual({
      addr: '127.67.0.2:8086', serverName: 'ctl.linkerd.serviceaccount.identity.linkerd.west.local', insecure: false,
      tls: { certPem: 'a.crt\n', keyPem: 'a.key\n', caPem: 'ca.crt\n' },
    });
    const fallback = topology(
      `controller: {identity: {certFile: ${abs('a.crt')}, keyFile: ${abs('a.key')}}}\n` +
      LINK(`    tls: {trustAnchorsFile: ${abs('ca.crt')}}`),
    );
    expect(linkConnection(fallback, fallback.links[0]!).tls).toEqual({ certPem: 'a.crt\n', keyPem: 'a.key\n', caPem: 'ca.crt\n' });
  });

  it('says what is missing, and dials plaintext only when the link says insecure', () => {
    const none = topology(LINK(''));
    expect(linkConnection(none, none.links[0]!).error).toBe(
      'link west needs TLS material: no a client certificate (links[].tls.certFile/keyFile or controller.identity) and no ' +
      'trust anchors (links[].tls.trustAnchorsFile or identity.trustAnchorsFile); set `insecure: true` on the link for plaintext in tests',
    );
    const insecure = topology(LINK('    insecure: true'));
    expect(linkConnection(insecure, insecure.links[0]!)).toEqual({
      addr: '127.67.0.2:8086', serverName: 'ctl.linkerd.serviceaccount.identity.linkerd.west.local', insecure: true,
    });
  });
});

describe('multicluster names', () => {
  const t = parseTopology(`
cluster: {name: east, domain: east.local}
services: [{name: web, namespace: ns, ports: [{port: 80}]}, {name: only-local, namespace: ns, ports: [{port: 80}]}]
links:
  - cluster: west
    controller: {addr: "127.0.0.1:1", identity: a.b}
    trustDomain: west.local
    gateway: {addr: 127.0.0.9, identity: g.h}
    services:
      - {name: web, namespace: ns, mode: remote-discovery}
      - {name: api, namespace: ns, mode: gateway}
      - {name: fed, namespace: ns, mode: federated}
`, '/');
  const kind = (host: string): string => {
    const n = classifyHost(host, t);
    return typeof n === 'string' ? n : `${n.kind}:${n.service}.${n.namespace}${n.kind === 'mirror' ? `@${n.link.cluster}/${n.mode}${n.instance ? `/${n.instance}` : ''}` : ''}`;
  };

  it.each([
    ['web-west.ns.svc.east.local', 'mirror:web.ns@west/remote-discovery'],
    ['web-0.web-west.ns.svc.east.local', 'mirror:web.ns@west/remote-discovery/web-0'],
    ['api-west.ns.svc.east.local', 'mirror:api.ns@west/gateway'],
    ['api-0.api-west.ns.svc.east.local', 'not_found'],
    ['fed-west.ns.svc.east.local', 'not_found'],
    ['fed-federated.ns.svc.east.local', 'federated:fed.ns'],
    ['web-federated.ns.svc.east.local', 'not_found'],
    ['-west.ns.svc.east.local', 'not_found'],
    ['web-west.other.svc.east.local', 'not_found'],
    ['web.ns.svc.clusterset.local', 'clusterset:web.ns'],
    ['api.ns.svc.clusterset.local', 'clusterset:api.ns'],
    ['fed.ns.svc.clusterset.local', 'clusterset:fed.ns'],
    ['only-local.ns.svc.clusterset.local', 'clusterset:only-local.ns'],
    ['nope.ns.svc.clusterset.local', 'not_found'],
    ['web-west.ns.svc.cluster.local', 'pass'],
    ['web-west.ns.svc.east.local.', 'pass'],
  ])('%s -> %s', (host, want) => {
    expect(kind(host)).toBe(want);
  });
});

describe('links follow topology edits', () => {
  let west: ControllerServer;
  let westStore: TopologyStore;
  const eastText = (links: string, services = '[]') =>
    `cluster: {name: east}\nservices: ${services}\nlinks:${links === '[]' ? ' []' : `\n${links}`}\n`;
  const westLink = (addr: string, services = '[{name: web, namespace: default, mode: remote-discovery}]') =>
    `  - {cluster: west, controller: {addr: "${addr}", identity: a.b}, trustDomain: west.local, insecure: true, services: ${services}}\n`;

  beforeAll(async () => {
    westStore = new TopologyStore(parseTopology(`
cluster: {name: west, trustDomain: west.local}
services: [{name: web, namespace: default, ports: [{port: 80}]}]
workloads: [{pod: web-0, namespace: default, ip: 127.67.2.1, services: [web]}]
`, '/'));
    west = await serveController({
      listen: '127.67.0.2:0',
      services: [createDestinationService({ resolvers: [new LocalEndpointResolver(westStore)], profileResolvers: [] })],
    });
  });
  afterAll(async () => west?.close(100));

  it('dials added links, re-points changed ones, closes removed ones; open views end when their name changes meaning', async () => {
    const store = new TopologyStore(parseTopology(eastText('[]'), '/'));
    const registry = new client.Registry();
    const links = startLinks(store, { log: silentLogger(), registry, probePeriodMs: 100, probeTimeoutMs: 500 });
    try {
      const resolver = links.resolvers[0]!;
      const target = parseGetTarget('web-west.default.svc.cluster.local:80', '');
      expect(await resolver.resolve(target)).toBe('not_found');

      store.set(parseTopology(eastText(westLink(west.addr)), '/'));
      await eventually(async () => sample(await registry.metrics(), 'controller_link_up', { cluster: 'west' }) === 1, 'the new link to come up');
      const view = (await resolver.resolve(target)) as EndpointSet;
      expect(view.snapshot().map((e) => [e.ip, e.port, e.labels?.['cluster']])).toEqual([['127.67.2.1', 80, 'west']]);
      const ended: string[] = [];
      view.on('end', (reason: string) => ended.push(reason));

      // An edit that keeps the link and the export: nothing happens to the view.
      store.set(parseTopology(eastText(westLink(west.addr), '[{name: api, namespace: default, ports: [{port: 80}]}]'), '/'));
      expect(links.registry.get('west')?.spec.services).toHaveLength(1);
      expect(ended).toEqual([]);
      // The service is no longer exported: the stream is ended so the client re-resolves (and gets NotFound).
      store.set(parseTopology(eastText(westLink(west.addr, '[{name: web, namespace: default, mode: federated}]')), '/'));
      expect(ended).toEqual(['web-west.default.svc.cluster.local changed meaning: a link or its exports changed']);
      view.close();

      // Re-pointed at another address: a new connection, and views on the old one end.
      store.set(parseTopology(eastText(westLink(west.addr)), '/'));
      const before = links.registry.get('west')!;
      const second = (await resolver.resolve(target)) as EndpointSet;
      let secondEnded = false;
      second.on('end', () => (secondEnded = true));
      store.set(parseTopology(eastText(westLink('127.67.0.3:1')), '/'));
      expect(secondEnded).toBe(true);
      expect(links.registry.get('west')).not.toBe(before);
      expect(before.closed).toBe(true);
      await eventually(async () => sample(await registry.metrics(), 'controller_link_up', { cluster: 'west' }) === 0, 'the re-pointed link to be down');
      second.close();

      // Removed: closed, and gone from the metrics.
      const last = links.registry.get('west')!;
      store.set(parseTopology(eastText('[]'), '/'));
      expect(last.closed).toBe(true);
      expect(sample(await registry.metrics(), 'controller_link_up', { cluster: 'west' })).toBeUndefined();
      expect(await resolver.resolve(target)).toBe('not_found');
    } finally {
      links.close();
    }
  });

  it('looks a gateway given by name up in DNS and serves its addresses', async () => {
    const store = new TopologyStore(parseTopology(`
cluster: {name: east}
links:
  - cluster: west
    controller: {addr: "127.67.0.3:1", identity: a.b}
    trustDomain: west.local
    insecure: true
    gateway: {addr: localhost, port: 4143, identity: gw.linkerd-multicluster.serviceaccount.identity.linkerd.west.local}
    services: [{name: api, namespace: default, mode: gateway}]
`, '/'));
    const links = startLinks(store, { log: silentLogger(), registry: new client.Registry() });
    try {
      const view = (await links.resolvers[0]!.resolve(parseGetTarget('api-west.default.svc.cluster.local:80', ''))) as EndpointSet;
      const eps = await eventually(() => (view.snapshot().length > 0 ? view.snapshot() : undefined), 'the gateway name to resolve');
      expect(eps.map((e) => e.ip)).toContain('127.0.0.1');
      expect(eps.every((e) => e.port === 4143 && e.authorityOverride === 'api.default.svc.cluster.local:80' && e.serverName === undefined)).toBe(true);
      view.close();
    } finally {
      links.close();
    }
  });
});
