// routeNow, the outbound route without waiting, against routeFor, the route after waiting, with a
// real DestinationClient and a real gRPC Destination server (test/harness/destination-server.ts):
// where routeFor needs no lookup or the controller has already answered, both give the same route;
// where routeFor would wait or fail, routeNow gives none (the connection then takes routeFor).
import net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DestinationClient } from '../../discovery-client/destination.js';
import type { DiscoveryLogger } from '../../discovery-client/log.js';
import { routeFor, routeNow, type OutboundTarget, type RouteDeps } from '../../proxy/outbound/route.js';
import { startDestinationServer, type TestDestinationServer } from '../harness/destination-server.js';

const ID = 'web.default.serviceaccount.identity.linkerd.cluster.local';
const WAIT_MS = 3_000;
const quiet: DiscoveryLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function clusterNetworks(): net.BlockList {
  const list = new net.BlockList();
  list.addSubnet('10.0.0.0', 8, 'ipv4');
  return list;
}

const addrTarget = (ip: string, port: number, explicit = false): OutboundTarget => ({ kind: 'addr', addr: { ip, port }, explicit });

describe('routeNow', () => {
  let server: TestDestinationServer;
  let client: DestinationClient;
  let deps: RouteDeps;

  beforeEach(async () => {
    server = await startDestinationServer();
    client = new DestinationClient({ addr: server.addr, contextToken: '', backoff: { minMs: 20, maxMs: 200, jitter: 0.1 }, idleTimeoutMs: 5_000, log: quiet });
    deps = { destination: client, profileNetworks: clusterNetworks(), profileTimeoutMs: 500 };
  });

  afterEach(async () => {
    client.close();
    await server.close();
  });

  it('routes what needs no lookup at once, as routeFor does', async () => {
    const cases: OutboundTarget[] = [
      { kind: 'name', name: { name: 'web.default.svc.cluster.local', port: 80 } },
      addrTarget('192.168.1.1', 80), // outside the profile networks: plain TCP
    ];
    for (const target of cases) expect(routeNow(target, deps)).toEqual(await routeFor(target, deps));
    expect(server.requests).toEqual([]);
  });

  it('gives nothing without discovery (routeFor then says why)', () => {
    const none = { ...deps, destination: undefined };
    expect(routeNow({ kind: 'name', name: { name: 'web.default.svc.cluster.local', port: 80 } }, none)).toBeUndefined();
    expect(routeNow(addrTarget('10.1.2.3', 80), none)).toBeUndefined();
  });

  it('gives nothing until the controller answered, then what routeFor gives: a service, a pod, or plain TCP', async () => {
    server.setProfile('10.96.0.10:80', { fullyQualifiedName: 'web.default.svc.cluster.local' });
    server.setProfile('10.1.2.3:8080', { endpoint: { ip: '10.1.2.3', port: 8080, identity: ID, inboundPort: 4143 } });
    server.setProfile('10.9.9.9:80', {});
    for (const target of [addrTarget('10.96.0.10', 80), addrTarget('10.1.2.3', 8080), addrTarget('10.9.9.9', 80)]) {
      // The first connection to an address finds no answer yet (its lookup starts the watch)...
      expect(routeNow(target, deps)).toBeUndefined();
      // ...routeFor waits for it; the next connection gets the same route at once.
      const waited = await routeFor(target, deps);
      expect(routeNow(target, deps)).toEqual(waited);
    }
    expect(routeNow(addrTarget('10.96.0.10', 80), deps)).toEqual({ kind: 'balanced', authority: { name: 'web.default.svc.cluster.local', port: 80 } });
    expect(routeNow(addrTarget('10.1.2.3', 8080), deps)).toMatchObject({ kind: 'endpoint', endpoint: { addr: { ip: '10.1.2.3', port: 8080 }, opaqueInboundPort: 4143 } });
    expect(routeNow(addrTarget('10.9.9.9', 80), deps)).toMatchObject({ kind: 'forward', addr: { ip: '10.9.9.9', port: 80 } });
    // One GetProfile stream per address: the lookups without waiting share the cached watch.
    expect(server.requests.filter((r) => r.method === 'GetProfile').map((r) => r.path).sort()).toEqual(['10.1.2.3:8080', '10.9.9.9:80', '10.96.0.10:80']);
  });

  it('looks up an explicit forward address outside the profile networks too', async () => {
    server.setProfile('192.168.1.1:80', { fullyQualifiedName: 'web.default.svc.cluster.local' });
    const target = addrTarget('192.168.1.1', 80, true);
    await routeFor(target, deps);
    expect(routeNow(target, deps)).toEqual({ kind: 'balanced', authority: { name: 'web.default.svc.cluster.local', port: 80 } });
  });

  it('gives nothing for an address the controller refused or has not answered, where routeFor fails', async () => {
    server.failTarget('10.4.4.4:80', grpc.status.INVALID_ARGUMENT);
    server.failTarget('10.3.3.3:80', grpc.status.UNAVAILABLE);
    const refused = addrTarget('10.4.4.4', 80);
    const silent = addrTarget('10.3.3.3', 80);
    await expect(routeFor(refused, deps)).rejects.toThrow(/discovery refused 10\.4\.4\.4:80/);
    await expect(routeFor(silent, deps)).rejects.toThrow(/no profile for 10\.3\.3\.3:80 within 500ms/);
    expect(routeNow(refused, deps)).toBeUndefined();
    expect(routeNow(silent, deps)).toBeUndefined();
  }, WAIT_MS * 2);
});
