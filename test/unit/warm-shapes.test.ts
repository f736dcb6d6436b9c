// warm-shapes.ts: the last finished connection's objects (its record, the sockets' libuv handles,
// the shutdown request) stay reachable through full collections until the next connection
// replaces them, and no longer. Real sockets on loopback; a real full GC (memory-release.ts).
import net from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionRecord, INBOUND_KIND, OUTBOUND_KIND } from '../../proxy/connection.js';
import { Metrics } from '../../proxy/metrics.js';
import { createAccessLog } from '../../proxy/access-log.js';
import { silentLogger } from '../../proxy/log.js';
import { fullGc } from '../../proxy/memory-release.js';
import { INBOUND_CLIENT_LABELS } from '../../proxy/transport-labels.js';
import { SHUTDOWN_KIND, watchShutdown } from '../../proxy/transport/shutdown-result.js';
import { keepLatest, keptLatest, socketHandle } from '../../proxy/warm-shapes.js';

const gc = fullGc()!;

/** A full collection after the current job, so WeakRefs made in it may be cleared. */
async function collect(): Promise<void> {
  await new Promise((r) => setImmediate(r));
  gc();
  await new Promise((r) => setImmediate(r));
}

const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A connected loopback pair: [the client's socket, the server's accepted socket]. */
async function socketPair(): Promise<[net.Socket, net.Socket]> {
  const server = net.createServer();
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const accepted = once(server, 'connection') as Promise<[net.Socket]>;
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await once(client, 'connect');
  return [client, (await accepted)[0]];
}

function recordDeps() {
  return { metrics: new Metrics({ version: 'test' }), log: silentLogger(), accessLog: createAccessLog('off') };
}

describe('keepLatest', () => {
  it('keeps the latest value of a kind through a full collection, and lets the one before go', async () => {
    expect(gc).toBeTypeOf('function');
    let first: WeakRef<object>;
    (() => {
      const value = { n: 1 };
      first = new WeakRef(value);
      keepLatest('test kind', value);
    })();
    await collect();
    expect(first!.deref()).toEqual({ n: 1 });

    keepLatest('test kind', { n: 2 });
    await collect();
    expect(first!.deref()).toBeUndefined();
    expect(keptLatest('test kind')).toEqual({ n: 2 });
  });

  it('keeps each kind apart', () => {
    keepLatest('kind a', 'a');
    keepLatest('kind b', 'b');
    expect([keptLatest('kind a'), keptLatest('kind b')]).toEqual(['a', 'b']);
  });
});

describe('socketHandle', () => {
  it("is a connected socket's libuv handle, and undefined once Node detached it or for a socket without one", async () => {
    const [client, accepted] = await socketPair();
    expect(socketHandle(client)).toBeTypeOf('object');
    expect(socketHandle({})).toBeUndefined();
    const closed = once(client, 'close');
    client.destroy();
    accepted.destroy();
    await closed;
    expect(socketHandle(client)).toBeUndefined();
  });
});

describe('a finished connection record', () => {
  it("is kept per direction with its sockets' handles, after Node detached them, until the next record of that direction finishes", async () => {
    let recordRef: WeakRef<ConnectionRecord>;
    let handleRefs: WeakRef<object>[] = [];
    await (async () => {
      const [client, accepted] = await socketPair();
      const [appClient, app] = await socketPair();
      const record = new ConnectionRecord(recordDeps(), 'inbound', accepted);
      record.openDst(appClient, INBOUND_CLIENT_LABELS);
      recordRef = new WeakRef(record);
      handleRefs = [socketHandle(accepted)!, socketHandle(appClient)!].map((h) => new WeakRef(h));
      const closed = Promise.all([once(accepted, 'close'), once(appClient, 'close')]);
      for (const s of [client, accepted, appClient, app]) s.destroy();
      await closed;
      expect(socketHandle(accepted)).toBeUndefined();
      record.close();
    })();
    await collect();
    expect(keptLatest(INBOUND_KIND)).toBe(recordRef!.deref());
    expect(recordRef!.deref()).toBeInstanceOf(ConnectionRecord);
    expect(handleRefs.map((r) => r.deref() !== undefined)).toEqual([true, true]);

    // An outbound record does not replace it; the next inbound one does.
    const [c2, a2] = await socketPair();
    new ConnectionRecord(recordDeps(), 'outbound', a2).close();
    await collect();
    expect(recordRef!.deref()).toBeDefined();
    expect(keptLatest(OUTBOUND_KIND)).toBeInstanceOf(ConnectionRecord);

    new ConnectionRecord(recordDeps(), 'inbound', a2).close();
    c2.destroy();
    a2.destroy();
    await collect();
    expect(recordRef!.deref()).toBeUndefined();
    expect(handleRefs.map((r) => r.deref())).toEqual([undefined, undefined]);
  });
});

describe('a watched shutdown', () => {
  it("keeps Node's shutdown request after the socket ended", async () => {
    keepLatest(SHUTDOWN_KIND, undefined);
    const [client, accepted] = await socketPair();
    let done = false;
    expect(watchShutdown(client, { started: () => {}, done: () => (done = true) })).toBe(true);
    client.end();
    accepted.resume();
    await once(client, 'finish');
    expect(done).toBe(true);
    const request = keptLatest(SHUTDOWN_KIND) as { oncomplete?: unknown } | undefined;
    expect(request).toBeTypeOf('object');
    expect(request!.oncomplete).toBeTypeOf('function');
    client.destroy();
    accepted.destroy();
  });
});
