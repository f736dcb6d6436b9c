// serveController with TLS: the controller's certificate is served, clients verify it by identity
// (as proxies verify LINKERD2_PROXY_DESTINATION_SVC_NAME), and no client certificate is required.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { createDestinationService, serveController } from '../../controller/destination-server.js';
import { LocalEndpointResolver } from '../../controller/resolver-local.js';
import { parseTopology } from '../../controller/topology.js';
import { TopologyStore } from '../../controller/topology-watch.js';
import { makeCheckServerIdentity } from '../../proxy/identity/verify.js';
import { IDS, makeTestPki } from '../harness/pki.js';
import { RawDestinationClient } from '../harness/raw-destination-client.js';

const TOPOLOGY = `
cluster: {name: east}
services: [{name: web, namespace: shop, ports: [{port: 80}]}]
workloads: [{pod: web-0, namespace: shop, ip: 127.1.0.2, services: [web]}]
`;

describe('serveController over TLS', () => {
  it('serves with the controller certificate and does not require a client certificate', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'podwire-ctl-tls-'));
    const pki = await makeTestPki(dir);
    const store = new TopologyStore(parseTopology(TOPOLOGY, '/'));
    const service = createDestinationService({ resolvers: [new LocalEndpointResolver(store)], profileResolvers: [] });
    const server = await serveController({
      listen: { ip: '127.0.0.1', port: 0 },
      tls: { certPem: pki.leaves.server.chainPem, keyPem: pki.leaves.server.keyPem },
      services: [service],
    });
    const verify = { checkServerIdentity: makeCheckServerIdentity(IDS.server) };
    const options = { 'grpc.ssl_target_name_override': IDS.server };
    const anonymous = new RawDestinationClient(server.addr, grpc.credentials.createSsl(Buffer.from(pki.ca.anchorsPem), null, null, verify), options);
    const client = pki.leaves.client;
    const withCert = new RawDestinationClient(
      server.addr,
      grpc.credentials.createSsl(Buffer.from(pki.ca.anchorsPem), Buffer.from(client.keyPem), Buffer.from(client.chainPem), verify),
      options,
    );
    for (const c of [anonymous, withCert]) {
      const update = await c.get('web.shop.svc.cluster.local:80').next();
      expect(update.add?.addrs?.map((a) => a.addr)).toEqual([{ ip: { ipv4: 2130771970 }, port: 80 }]);
      c.close();
    }
    const plain = new RawDestinationClient(server.addr);
    expect((await plain.get('web.shop.svc.cluster.local:80').status).code).toBe(grpc.status.UNAVAILABLE);
    plain.close();
    await server.close(100);
    rmSync(dir, { recursive: true, force: true });
  });
});
