// Configuration of inbound policy: the default policy, required-identity and required-TLS ports,
// cluster networks, opaque ports, the policy file, and the policy API's address, name and workload;
// every problem reported at once. (Split from config.test.ts.)
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../proxy/config.js';
import { MINIMAL, problems } from '../harness/config-env.js';

describe('inbound policy settings', () => {
  it('defaults to all-unauthenticated, not explicit, no file', () => {
    const c = loadConfig(MINIMAL);
    expect(c.policy).toEqual({
      defaultPolicy: 'all-unauthenticated', defaultExplicit: false, clusterNetworks: [], opaquePorts: [], inboundPorts: [], required: { identity: [], tls: [] },
    });
  });

  it('reads the required-identity and required-TLS ports (ports and ranges), and names a bad one', () => {
    const c = loadConfig({ ...MINIMAL, LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY: '8080, 9000-9002', LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_TLS: '7000' });
    expect(c.policy.required).toEqual({ identity: [[8080, 8080], [9000, 9002]], tls: [[7000, 7000]] });
    expect(() => loadConfig({ ...MINIMAL, LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY: '8080,http', LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_TLS: '0' }))
      .toThrow(/LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_IDENTITY="8080,http": "http" is not a port or port range[\s\S]*LINKERD2_PROXY_INBOUND_PORTS_REQUIRE_TLS="0": "0" is outside 1..65535/);
  });

  it('reads the default, cluster networks, opaque ports and the policy file', () => {
    const c = loadConfig({
      ...MINIMAL,
      LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'cluster-authenticated',
      LINKERD2_PROXY_POLICY_CLUSTER_NETWORKS: '10.0.0.0/8,fd00::/8',
      LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION: '25,3306,8000-8010',
      PODWIRE_POLICY_FILE: '/etc/podwire/policy.yaml',
    });
    expect(c.policy.defaultPolicy).toBe('cluster-authenticated');
    expect(c.policy.defaultExplicit).toBe(true);
    expect(c.policy.clusterNetworks).toEqual([{ ip: '10.0.0.0', prefixLen: 8, family: 4 }, { ip: 'fd00::', prefixLen: 8, family: 6 }]);
    expect(c.policy.opaquePorts).toEqual([[25, 25], [3306, 3306], [8000, 8010]]);
    expect(c.policy.file).toBe('/etc/podwire/policy.yaml');
  });

  it.each(['cluster-authenticated', 'cluster-unauthenticated'])('%s requires LINKERD2_PROXY_POLICY_CLUSTER_NETWORKS', (name) => {
    expect(problems({ ...MINIMAL, LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: name })).toEqual([
      { name: 'LINKERD2_PROXY_POLICY_CLUSTER_NETWORKS', why: expect.stringMatching(new RegExp(`required by LINKERD2_PROXY_INBOUND_DEFAULT_POLICY=${name}`)) },
    ]);
  });

  it('reports a bad default, bad networks and bad ports together', () => {
    expect(problems({
      ...MINIMAL,
      LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'allow-all',
      LINKERD2_PROXY_POLICY_CLUSTER_NETWORKS: '10.0.0.0/40',
      LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION: '25,x',
    }).map((p) => p.name)).toEqual([
      'LINKERD2_PROXY_INBOUND_DEFAULT_POLICY', 'LINKERD2_PROXY_POLICY_CLUSTER_NETWORKS', 'LINKERD2_PROXY_INBOUND_PORTS_DISABLE_PROTOCOL_DETECTION',
    ]);
  });
});

describe('policy API settings', () => {
  const WL = '{"ns":"shop","pod":"web-0"}';

  it('reads the address, name, workload (verbatim) and eager ports', () => {
    const c = loadConfig({
      ...MINIMAL,
      LINKERD2_PROXY_POLICY_SVC_ADDR: 'linkerd-policy.linkerd.svc.cluster.local.:8090',
      LINKERD2_PROXY_POLICY_SVC_NAME: 'linkerd-destination.linkerd.serviceaccount.identity.linkerd.cluster.local',
      LINKERD2_PROXY_POLICY_WORKLOAD: ` ${WL} `,
      LINKERD2_PROXY_INBOUND_PORTS: '8080,9000-9002,8080',
    });
    expect(c.policy.api).toEqual({
      svc: {
        addr: 'linkerd-policy.linkerd.svc.cluster.local.:8090', host: 'linkerd-policy.linkerd.svc.cluster.local.', port: 8090,
        name: 'linkerd-destination.linkerd.serviceaccount.identity.linkerd.cluster.local',
      },
      workload: WL, namespace: 'shop', pod: 'web-0',
    });
    expect(c.policy.inboundPorts).toEqual([8080, 9000, 9001, 9002]);
  });

  it('a loopback address needs no name', () => {
    const c = loadConfig({ ...MINIMAL, LINKERD2_PROXY_POLICY_SVC_ADDR: '127.0.0.1:8090', LINKERD2_PROXY_POLICY_WORKLOAD: WL });
    expect(c.policy.api?.svc).toEqual({ addr: '127.0.0.1:8090', host: '127.0.0.1', port: 8090 });
  });

  it.each([
    ['shop:web-0', { namespace: 'shop', pod: 'web-0' }],
    ['shop:web-7f9c-abcde', { namespace: 'shop', pod: 'web-7f9c-abcde' }],
    ['{"ns":"shop", "pod":"web-0"}\n', { namespace: 'shop', pod: 'web-0' }],
  ])('accepts the workload %j (2.14 ns:pod and the later JSON) and sends it as written', (wl, ref) => {
    const c = loadConfig({ ...MINIMAL, LINKERD2_PROXY_POLICY_SVC_ADDR: '127.0.0.1:8090', LINKERD2_PROXY_POLICY_WORKLOAD: wl });
    expect(c.policy.api).toMatchObject({ workload: wl.trim(), ...ref });
  });

  it.each([
    ['not json', /expected `<namespace>:<pod>`.* or JSON \{"ns"/],
    ['{not json', /not valid JSON; expected `<namespace>:<pod>`/],
    ['["shop"]', /expected `<namespace>:<pod>`/],
    ['shop:web:0', /expected `<namespace>:<pod>`/],
    ['Shop:web-0', /namespace "Shop" is not a namespace name/],
    ['shop:', /pod "" is not a pod name/],
    [':web-0', /namespace "" is not/],
    ['$(_pod_ns):web-0', /unresolved reference \$\(_pod_ns\): define _pod_ns/],
    ['{"ns":"Shop","pod":"web-0"}', /"ns" must be a namespace/],
    ['{"ns":"shop"}', /"pod" must be a non-empty string/],
    ['{"ns":"shop","pod":"web-0","x":1}', /unknown key "x"/],
  ])('rejects the workload %j', (wl, why) => {
    expect(problems({ ...MINIMAL, LINKERD2_PROXY_POLICY_SVC_ADDR: '127.0.0.1:8090', LINKERD2_PROXY_POLICY_WORKLOAD: wl })).toEqual([
      { name: 'LINKERD2_PROXY_POLICY_WORKLOAD', why: expect.stringMatching(why) },
    ]);
  });

  it('reports every policy API problem at once', () => {
    expect(problems({
      ...MINIMAL,
      LINKERD2_PROXY_POLICY_SVC_ADDR: 'linkerd-policy.linkerd.svc.cluster.local:8090',
      PODWIRE_POLICY_FILE: '/etc/policy.yaml',
      LINKERD2_PROXY_INBOUND_PORTS: '1-2000',
    })).toEqual([
      { name: 'LINKERD2_PROXY_POLICY_SVC_NAME', why: expect.stringMatching(/required with LINKERD2_PROXY_POLICY_SVC_ADDR/) },
      { name: 'LINKERD2_PROXY_POLICY_WORKLOAD', why: expect.stringMatching(/required with LINKERD2_PROXY_POLICY_SVC_ADDR/) },
      { name: 'PODWIRE_POLICY_FILE', why: expect.stringMatching(/cannot be combined/) },
      { name: 'LINKERD2_PROXY_INBOUND_PORTS', why: 'more than 1024 ports' },
    ]);
  });

  it('the workload or name without the address is an error', () => {
    expect(problems({ ...MINIMAL, LINKERD2_PROXY_POLICY_WORKLOAD: WL, LINKERD2_PROXY_POLICY_SVC_NAME: 'x' }).map((p) => p.name)).toEqual([
      'LINKERD2_PROXY_POLICY_WORKLOAD', 'LINKERD2_PROXY_POLICY_SVC_NAME',
    ]);
  });
});
