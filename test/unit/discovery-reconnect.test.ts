// A Destination server that goes away and comes back on the same port, against DestinationClient
// with a stream backoff far longer than the test: the Get stream must come back with the server
// (ControllerChannel.whenReconnected waking the RecoveringStream), not when its backoff ends, and
// a name first asked for after the server returned must be answered too.
import { afterEach, describe, expect, it } from 'vitest';
import { DestinationClient, type Resolution } from '../../discovery-client/destination.js';
import { silentLogger } from '../../proxy/log.js';
import { startDestinationServer, type TestDestinationServer, type TestEndpoint } from '../harness/destination-server.js';

/** Longer than any wait below: a stream coming back within the test came back early. */
const STREAM_BACKOFF = { minMs: 60_000, maxMs: 60_000, jitter: 0 };
const WAIT_MS = 15_000;
const WEB = { name: 'web.ns.svc.cluster.local', port: 80 };
const API = { name: 'api.ns.svc.cluster.local', port: 80 };
const A: TestEndpoint = { ip: '10.0.0.1', port: 8080 };
const B: TestEndpoint = { ip: '10.0.0.2', port: 8080 };

function endpointsOf(res: Resolution): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no endpoints in time')), WAIT_MS);
    const check = () => {
      const ips = [...res.endpoints().values()].map((e) => e.addr.ip);
      if (ips.length === 0) return;
      clearTimeout(timer);
      res.off('change', check);
      resolve(ips);
    };
    res.on('change', check);
    check();
  });
}

describe('DestinationClient when the controller returns', () => {
  let server: TestDestinationServer | undefined;
  let client: DestinationClient | undefined;
  afterEach(async () => {
    client?.close();
    await server?.close();
  });

  it('reopens a stream and answers a new name as soon as the server is back on its port', async () => {
    server = await startDestinationServer();
    const port = server.port;
    server.setEndpoints('web.ns.svc.cluster.local:80', [A]);
    client = new DestinationClient({ addr: server.addr, contextToken: '', backoff: STREAM_BACKOFF, log: silentLogger() });
    const web = client.resolve(WEB);
    expect(await endpointsOf(web)).toEqual(['10.0.0.1']);

    // Down: the stream fails (UNAVAILABLE) and would wait a minute to retry on its own.
    await server.close();
    // Let the client see the stream fail and the channel fail to reconnect a few times.
    await new Promise((r) => setTimeout(r, 1_500));

    server = await startDestinationServer({ port });
    server.setEndpoints('web.ns.svc.cluster.local:80', [B]);
    server.setEndpoints('api.ns.svc.cluster.local:80', [A]);
    // The first add after reconnecting replaces the set (spec §9.3): B only.
    await expect.poll(() => [...web.endpoints().values()].map((e) => e.addr.ip), { timeout: WAIT_MS }).toEqual(['10.0.0.2']);
    const api = client.resolve(API);
    expect(await endpointsOf(api)).toEqual(['10.0.0.1']);
    web.release();
    api.release();
  });
});
