// createPolicySource (proxy/policy/setup.ts): the configuration decides between the file/default
// store and the policy API; with a loopback policy address the API source dials at once (plaintext)
// and serves the controller's policy, and with a TLS address it waits for our identity.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createPolicyService } from '../../controller/policy-server.js';
import { serveController, type ControllerServer } from '../../controller/destination-server.js';
import { parseTopology } from '../../controller/topology.js';
import { TopologyStore } from '../../controller/topology-watch.js';
import { loadConfig } from '../../proxy/config.js';
import { silentLogger } from '../../proxy/log.js';
import { createPolicySource, type ManagedPolicySource } from '../../proxy/policy/setup.js';
import type { IdentitySource } from '../../proxy/identity/store.js';

const MINIMAL = {
  LINKERD2_PROXY_IDENTITY_LOCAL_NAME: 'web.shop.serviceaccount.identity.linkerd.cluster.local',
  PODWIRE_IDENTITY_CERT_FILE: '/pki/tls.crt',
  PODWIRE_IDENTITY_KEY_FILE: '/pki/tls.key',
  LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'all-unauthenticated',
};

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('createPolicySource', () => {
  let server: ControllerServer | undefined;
  let source: ManagedPolicySource | undefined;
  afterEach(async () => {
    source?.close();
    await server?.close(100);
    server = source = undefined;
  });

  it('without the policy API: the default store', () => {
    source = createPolicySource(loadConfig(MINIMAL), { log: silentLogger() });
    expect(source.kind).toBe('file');
    expect(source.policyFor(8080).meta.name).toBe('all-unauthenticated');
  });

  it('with a loopback policy address: the controller policy, eager ports first', async () => {
    const store = new TopologyStore(parseTopology(`
cluster: {name: east}
workloads: [{pod: web-0, namespace: shop, ip: 127.1.0.2}]
policy: {default: deny}
`, '/'));
    server = await serveController({ listen: '127.0.0.1:0', services: [createPolicyService({ topology: store })] });
    source = createPolicySource(loadConfig({
      ...MINIMAL,
      LINKERD2_PROXY_POLICY_SVC_ADDR: server.addr,
      LINKERD2_PROXY_POLICY_WORKLOAD: '{"ns":"shop","pod":"web-0"}',
      LINKERD2_PROXY_INBOUND_PORTS: '8080',
    }), { log: silentLogger() });
    expect(source.kind).toBe('api');
    let changed = 0;
    source.on('change', () => changed++);
    await until(() => changed === 1, 'the eager watch to answer');
    expect(source.policyFor(8080).meta.name).toBe('deny');
  });

  it('with a TLS policy address: defaults until our identity exists', () => {
    source = createPolicySource(loadConfig({
      ...MINIMAL,
      LINKERD2_PROXY_POLICY_SVC_ADDR: 'policy.example:8090',
      LINKERD2_PROXY_POLICY_SVC_NAME: 'linkerd-destination.linkerd.serviceaccount.identity.linkerd.cluster.local',
      LINKERD2_PROXY_POLICY_WORKLOAD: '{"ns":"shop","pod":"web-0"}',
    }), { log: silentLogger() });
    const identity = Object.assign(new EventEmitter(), { current: () => undefined }) as unknown as IdentitySource;
    source.useIdentity(identity);
    expect(source.policyFor(8080).meta.name).toBe('all-unauthenticated');
    expect((identity as unknown as EventEmitter).listenerCount('rotate')).toBe(1);
    source.close();
    expect((identity as unknown as EventEmitter).listenerCount('rotate')).toBe(0);
  });
});
