// Topology file parsing: defaults, path resolution, and validation that names every problem with
// its path, all in one error. The example in controller/TOPOLOGY.md is parsed too, so the docs
// cannot drift from the parser.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTopology, parseTopology, TopologyError, type Topology } from '../../controller/topology.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'podwire-topology-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function touch(...rel: string[]): void {
  for (const r of rel) {
    mkdirSync(path.dirname(path.join(dir, r)), { recursive: true });
    writeFileSync(path.join(dir, r), 'x');
  }
}

function problemsOf(text: string, opts: { checkFiles?: boolean } = {}): string[] {
  try {
    parseTopology(text, dir, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(TopologyError);
    return (err as TopologyError).problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  }
  throw new Error('expected a TopologyError');
}

describe('parseTopology defaults', () => {
  it('fills every default of a minimal file', () => {
    const t = parseTopology('cluster: {name: east}\n', dir);
    expect(t).toEqual<Topology>({
      cluster: { name: 'east', trustDomain: 'cluster.local', domain: 'cluster.local', controlPlaneNamespace: 'linkerd' },
      controller: { listen: { ip: '127.0.0.1', port: 8086 } },
      services: [],
      workloads: [],
      links: [],
    });
  });

  it('defaults ports, workloads and links fields', () => {
    const t = parseTopology(
      `
cluster: {name: east, trustDomain: east.example, domain: east.local, controlPlaneNamespace: mesh}
controller: {listen: "[::1]:0"}
services:
  - {name: web, namespace: shop, clusterIP: "fd00:0:0::20", ports: [{port: 80}, {port: 5432, targetPort: 15432, opaque: true}]}
workloads:
  - {pod: web-0, namespace: shop, ip: "FD00::0102", services: [web]}
links:
  - cluster: west
    controller: {addr: "west-controller:8086", identity: controller.linkerd.serviceaccount.identity.linkerd.west.local}
    trustDomain: west.local
    gateway: {addr: 127.2.0.9, identity: gw.mc.serviceaccount.identity.linkerd.west.local}
    services: [{name: web, namespace: shop, mode: gateway}]
`,
      dir,
    );
    expect(t.cluster).toEqual({ name: 'east', trustDomain: 'east.example', domain: 'east.local', controlPlaneNamespace: 'mesh' });
    expect(t.controller.listen).toEqual({ ip: '::1', port: 0 });
    expect(t.services[0]).toEqual({
      name: 'web',
      namespace: 'shop',
      clusterIP: 'fd00::20',
      ports: [
        { port: 80, targetPort: 80, opaque: false },
        { port: 5432, targetPort: 15432, opaque: true },
      ],
    });
    expect(t.workloads[0]).toEqual({
      pod: 'web-0', namespace: 'shop', serviceAccount: 'default', ip: 'fd00::102', labels: {}, zone: '',
      inboundPort: 4143, services: ['web'], ready: true,
    });
    expect(t.links[0]).toEqual({
      cluster: 'west',
      controller: { addr: 'west-controller:8086', identity: 'controller.linkerd.serviceaccount.identity.linkerd.west.local' },
      trustDomain: 'west.local',
      domain: 'cluster.local',
      gateway: { addr: '127.2.0.9', port: 4143, identity: 'gw.mc.serviceaccount.identity.linkerd.west.local' },
      services: [{ name: 'web', namespace: 'shop', mode: 'gateway' }],
    });
  });

  it('returns a deeply frozen topology', () => {
    const t = parseTopology('cluster: {name: east}\nservices: [{name: a, namespace: b, ports: [{port: 1}]}]\n', dir);
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.services[0]!.ports[0])).toBe(true);
  });
});

describe('file paths', () => {
  const identityYaml = `
cluster: {name: east}
controller: {identity: {certFile: pki/ctl.crt, keyFile: /ABS/ctl.key}}
identity:
  trustAnchorsFile: pki/ca.crt
  issuerCertFile: pki/issuer.crt
  issuerKeyFile: ./pki/issuer.key
  issuanceLifetime: 1h
  clockSkew: 0
  tokensFile: ../tokens.yaml
`;

  it('resolves relative paths against the topology file directory', async () => {
    touch('conf/pki/ctl.crt', 'abs/ctl.key', 'conf/pki/ca.crt', 'conf/pki/issuer.crt', 'conf/pki/issuer.key', 'tokens.yaml');
    const file = path.join(dir, 'conf', 'topology.yaml');
    writeFileSync(file, identityYaml.replace('/ABS', path.join(dir, 'abs')));
    const t = await loadTopology(file);
    expect(t.controller.identity).toEqual({ certFile: path.join(dir, 'conf/pki/ctl.crt'), keyFile: path.join(dir, 'abs/ctl.key') });
    expect(t.identity).toEqual({
      trustAnchorsFile: path.join(dir, 'conf/pki/ca.crt'),
      issuerCertFile: path.join(dir, 'conf/pki/issuer.crt'),
      issuerKeyFile: path.join(dir, 'conf/pki/issuer.key'),
      issuanceLifetimeMs: 3_600_000,
      clockSkewMs: 0,
      tokensFile: path.join(dir, 'tokens.yaml'),
    });
  });

  it('reports each missing file with its path', () => {
    touch('pki/ca.crt');
    const problems = problemsOf(identityYaml.replace('/ABS', path.join(dir, 'abs')));
    expect(problems).toEqual([
      `controller.identity.certFile: ${path.join(dir, 'pki/ctl.crt')} does not exist`,
      `controller.identity.keyFile: ${path.join(dir, 'abs/ctl.key')} does not exist`,
      `identity.issuerCertFile: ${path.join(dir, 'pki/issuer.crt')} does not exist`,
      `identity.issuerKeyFile: ${path.join(dir, 'pki/issuer.key')} does not exist`,
      `identity.tokensFile: ${path.resolve(dir, '../tokens.yaml')} does not exist`,
    ]);
  });

  it('applies identity defaults and refuses bad durations', () => {
    touch('a', 'b', 'c', 'd');
    const t = parseTopology('cluster: {name: e}\nidentity: {trustAnchorsFile: a, issuerCertFile: b, issuerKeyFile: c, tokensFile: d}\n', dir);
    expect(t.identity?.issuanceLifetimeMs).toBe(24 * 3_600_000);
    expect(t.identity?.clockSkewMs).toBe(20_000);
    expect(problemsOf('cluster: {name: e}\nidentity: {trustAnchorsFile: a, issuerCertFile: b, issuerKeyFile: c, tokensFile: d, issuanceLifetime: 1.5h, clockSkew: 0s}\n')).toEqual([
      'identity.issuanceLifetime: "1.5h": expected an integer with a unit ms, s, m, h or d (e.g. 300ms, 10s)',
    ]);
    expect(problemsOf('cluster: {name: e}\nidentity: {trustAnchorsFile: a, issuerCertFile: b, issuerKeyFile: c, tokensFile: d, issuanceLifetime: 0}\n')).toEqual([
      'identity.issuanceLifetime: "0": must be greater than zero',
    ]);
  });
});

describe('validation', () => {
  it('reports every problem at once, each with its path', () => {
    const problems = problemsOf(`
cluster: {domain: "Cluster.Local."}
controller: {listen: "localhost:8086", extra: 1}
services:
  - {name: web, namespace: shop, clusterIP: 127.20.0.1, ports: [{port: 80}, {port: 80}, {port: 70000}]}
  - {name: web, namespace: shop, ports: [{port: 81, targetPort: 0}]}
  - {name: Bad_Name, namespace: shop, ports: []}
  - {name: db, namespace: shop, clusterIP: 127.20.0.1, ports: [{port: 5432, opaque: "yes"}]}
workloads:
  - {pod: web-0, namespace: shop, ip: 127.1.0.2, services: [web, api, web]}
  - {pod: web-1, namespace: shop, ip: 127.1.0.2, services: [web], inboundPort: 65535}
  - {pod: web-2, namespace: shop, ip: "10.0.0", services: [web]}
  - {pod: web-3, namespace: shop, ip: 0.0.0.0, servicAccount: web}
  - {pod: web-0, namespace: shop, ip: 127.20.0.1, labels: {pod: x, "bad-name": y, version: 2}}
  - {namespace: other, ip: "::", services: [web], ready: maybe}
links:
  - cluster: west
    controller: {addr: "nowhere", identity: "spiffe://"}
    services: [{name: web, namespace: shop, mode: flat}, {name: api, namespace: shop, mode: gateway}]
`);
    expect(problems).toEqual([
      'cluster.name: is required',
      'cluster.domain: "Cluster.Local." must not end with a dot',
      'controller.extra: unknown field (expected one of: listen, identity)',
      'controller.listen: invalid address "localhost:8086": "localhost" is not an IP address',
      'services[0].ports[1].port: 80 is already listed at services[0].ports[0]',
      'services[0].ports[2].port: 70000 is not a port in 1..65535',
      'services[1].ports[0].targetPort: 0 is not a port in 1..65535',
      'services[1]: service "web" in namespace "shop" is already defined at services[0]',
      'services[2].name: "Bad_Name" is not a DNS label (lower-case letters, digits and \'-\', at most 63)',
      'services[2].ports: must list at least one port',
      'services[3].ports[0].opaque: expected true or false, got "yes"',
      'services[3].clusterIP: 127.20.0.1 is already the clusterIP of services[0]',
      'workloads[0].services[1]: no service "api" in namespace "shop" (workloads can only be selected by services of their own namespace)',
      'workloads[0].services[2]: "web" is listed twice',
      'workloads[1].inboundPort: 65535 is not a port in 1..65534 (proxies ignore 65535)',
      'workloads[1].ip: 127.1.0.2 is already used by workloads[0]',
      'workloads[2].ip: "10.0.0" is not an IP address',
      'workloads[3].servicAccount: unknown field (expected one of: pod, namespace, serviceAccount, ip, labels, zone, inboundPort, services, ready)',
      'workloads[3].ip: "0.0.0.0" is the unspecified address, which cannot be dialled',
      'workloads[4].labels.pod: "pod" is set by the controller and cannot be overridden',
      'workloads[4].labels.bad-name: "bad-name" is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*)',
      'workloads[4].labels.version: expected a string, got 2 (quote it)',
      'workloads[4].ip: 127.20.0.1 is already used by services[0]',
      'workloads[4].pod: pod "web-0" in namespace "shop" is already defined at workloads[0]',
      'workloads[5].pod: is required',
      'workloads[5].ip: "::" is the unspecified address, which cannot be dialled',
      'workloads[5].services[0]: no service "web" in namespace "other" (workloads can only be selected by services of their own namespace)',
      'workloads[5].ready: expected true or false, got "maybe"',
      'links[0].controller.addr: "nowhere": expected HOST:PORT',
      'links[0].controller.identity: invalid identity "spiffe://": SPIFFE id has an empty trust domain',
      'links[0].trustDomain: is required',
      'links[0].services[0].mode: "flat" is not one of remote-discovery, gateway, federated',
      'links[0].services[1].mode: "gateway" needs links[0].gateway ({addr, port, identity})',
    ]);
  });

  it('puts every problem in one error message', () => {
    const err = (() => {
      try {
        parseTopology('cluster: {name: e}\nworkloads: [{pod: a, namespace: b, ip: "1.2.3"}, {pod: c, namespace: b, ip: "x"}]\n', dir, { source: '/etc/t.yaml' });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err?.message).toBe(
      'invalid topology /etc/t.yaml (2 problems):\n' +
        '  - workloads[0].ip: "1.2.3" is not an IP address\n' +
        '  - workloads[1].ip: "x" is not an IP address',
    );
  });

  it('refuses a link to itself, duplicate links, and one service mirrored two ways', () => {
    const link = (cluster: string, services: string): string =>
      `  - {cluster: ${cluster}, trustDomain: x.local, controller: {addr: "[::1]:1", identity: a.b}, gateway: {addr: gw.example, identity: g.h}, services: ${services}}\n`;
    expect(
      problemsOf(
        'cluster: {name: east}\nlinks:\n' +
          link('east', '[]') +
          link('west', '[{name: a, namespace: n, mode: remote-discovery}, {name: a, namespace: n, mode: federated}, {name: a, namespace: n, mode: gateway}]') +
          link('west', '[{name: b, namespace: n, mode: federated}, {name: b, namespace: n, mode: federated}]'),
      ),
    ).toEqual([
      'links[0].cluster: "east" is the local cluster\'s own name',
      'links[1].services[2].mode: service "a" is also exported at links[1].services[0]; its mirror <svc>-<cluster> can be remote-discovery or gateway, not both',
      'links[2].services[1]: service "b" in namespace "n" is already exported as federated at links[2].services[0]',
      'links[2].cluster: cluster "west" is already linked at links[1]',
    ]);
  });

  it('reports YAML syntax errors, duplicate keys, empty files and non-mappings', () => {
    expect(problemsOf('cluster: {name: east\n')[0]).toMatch(/^YAML: /);
    expect(problemsOf('cluster: {name: east}\ncluster: {name: west}\n')[0]).toMatch(/^YAML: Map keys must be unique/);
    expect(problemsOf('')).toEqual(['the topology is empty (it needs at least `cluster: {name: ...}`)']);
    expect(problemsOf('- a\n- b\n')).toEqual(['expected a mapping, got a list']);
    expect(problemsOf('cluster: {name: e}\nservices: {web: 1}\nnodes: []\n')).toEqual([
      'nodes: unknown field (expected one of: cluster, controller, identity, services, workloads, links, policy)',
      'services: expected a list, got a mapping',
    ]);
  });

  it('names an unreadable file', async () => {
    await expect(loadTopology(path.join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read .*missing\.yaml/);
  });
});

describe('TOPOLOGY.md', () => {
  it('its example parses to what the text says', () => {
    const md = readFileSync(path.join(ROOT, 'controller/TOPOLOGY.md'), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(md)?.[1];
    expect(yaml).toBeDefined();
    touch('pki/controller.crt', 'pki/controller.key', 'pki/ca.crt', 'pki/issuer.crt', 'pki/issuer.key', 'tokens.yaml');
    const t = parseTopology(yaml!, dir);
    expect(t.services.map((s) => s.name)).toEqual(['web', 'db']);
    expect(t.workloads.map((w) => [w.pod, w.ready])).toEqual([['web-0', true], ['web-1', false], ['db-0', true]]);
    expect(t.services[0]!.ports[0]).toEqual({ port: 80, targetPort: 8080, opaque: false });
    expect(t.links[0]!.services.map((s) => s.mode)).toEqual(['remote-discovery', 'gateway', 'federated']);
    expect(t.identity?.tokensFile).toBe(path.join(dir, 'tokens.yaml'));
  });
});
