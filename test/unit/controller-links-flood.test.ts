// A remote controller that floods updates, and one that hangs: east's memory stays bounded and it
// keeps answering its own names.
//
// The flooding remote is a real gRPC Destination server on loopback that pushes pre-encoded
// updates as fast as east reads them (gRPC flow control is the only brake): every update moves a
// quarter of the `web` endpoint set to new addresses and relabels all of it, so each one carries
// the whole set (~80 KB). Some 60 MB go through east to two subscribers;
// east's retained heap must not grow with them (its state is the endpoint set, keyed by address),
// it answers its own names mid-flood, and afterwards a fresh mirror stream holds exactly the
// remote's last state. The hanging remote accepts connections and never answers.
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { startController } from '../../controller/app.js';
import { encodeAdd, encodeProfile, encodeRemove, type WeightedAddrSpec } from '../../discovery-client/encode.js';
import { destinationDefinitions } from '../../discovery-client/wire.js';
import { RawDestinationClient, type RawUpdate } from '../harness/raw-destination-client.js';
import { captureLogger, eventually, sample, scrape } from '../harness/links.js';

const SIZE = 240;
/** Generations cycle: addresses move a quarter of the set per generation, within 2 * SIZE slots. */
const CYCLE = 8;
const UPDATES = 800;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const ipOf = (slot: number): string => `127.66.${10 + Math.floor(slot / 250)}.${(slot % 250) + 1}`;
const ipv4 = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);

function generation(g: number): WeightedAddrSpec[] {
  return Array.from({ length: SIZE }, (_, i) => {
    const slot = (i + (g % CYCLE) * (SIZE / 4)) % (2 * SIZE);
    return {
      ip: ipOf(slot),
      port: 8080,
      identity: 'web.default.serviceaccount.identity.linkerd.flood.local',
      serverName: 'web.default.serviceaccount.identity.linkerd.flood.local',
      inboundPort: 4143,
      labels: { pod: `web-${slot}`, generation: String(g % CYCLE), padding: 'x'.repeat(150) },
    };
  });
}

interface FloodingRemote {
  readonly addr: string;
  /** Push `n` more generations to every open Get stream, waiting for flow control as needed. */
  flood(n: number): Promise<void>;
  /** The generation the remote is at now. */
  readonly generation: number;
  /** Bytes of updates east has taken (flow control: a write completes only as east reads). */
  readonly bytesSent: number;
  close(): Promise<void>;
}

/** A Destination server whose Get streams carry pre-encoded generations of one endpoint set. */
async function startFloodingRemote(host: string): Promise<FloodingRemote> {
  const defs = destinationDefinitions();
  const ser = (u: Parameters<typeof defs.get.responseSerialize>[0]): Buffer => defs.get.responseSerialize(u);
  const setLabels = { service: 'web', namespace: 'default' };
  const gens = Array.from({ length: CYCLE }, (_, g) => generation(g));
  const snapshot = gens.map((specs) => ser(encodeAdd(specs, setLabels)));
  // Going from generation g-1 to g: the new set as one add, then the addresses that moved away.
  const step = gens.map((specs, g) => {
    const now = new Set(specs.map((e) => e.ip));
    const gone = gens[(g + CYCLE - 1) % CYCLE]!.filter((e) => !now.has(e.ip));
    return [ser(encodeAdd(specs, setLabels)), ser(encodeRemove(gone))];
  });
  let current = 0;
  let bytesSent = 0;
  const calls = new Set<grpc.ServerWritableStream<unknown, Buffer>>();
  const server = new grpc.Server();
  server.addService(
    {
      Get: { ...defs.get, responseSerialize: (b: Buffer) => b },
      GetProfile: defs.getProfile,
    } as unknown as grpc.ServiceDefinition,
    {
      Get: (call: grpc.ServerWritableStream<unknown, Buffer>) => {
        calls.add(call);
        call.on('cancelled', () => calls.delete(call));
        call.on('close', () => calls.delete(call));
        call.write(snapshot[current]!);
      },
      GetProfile: (call: grpc.ServerWritableStream<unknown, unknown>) => void call.write(encodeProfile({})),
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:0`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  const send = (call: grpc.ServerWritableStream<unknown, Buffer>, buf: Buffer): Promise<void> | undefined => {
    bytesSent += buf.length;
    return call.write(buf) ? undefined : new Promise((resolve) => call.once('drain', () => resolve()));
  };
  return {
    addr: `${host}:${port}`,
    get generation() {
      return current;
    },
    get bytesSent() {
      return bytesSent;
    },
    async flood(n) {
      for (let i = 0; i < n; i++) {
        current = (current + 1) % CYCLE;
        for (const call of [...calls]) {
          for (const buf of step[current]!) await send(call, buf);
        }
        if (calls.size === 0) await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () => new Promise<void>((resolve) => {
      for (const c of calls) c.end();
      server.tryShutdown(() => resolve());
    }),
  };
}

function eastTopology(remote: string): string {
  return `
cluster: {name: east}
controller: {listen: 127.66.0.1:8086}
services:
  - {name: local, namespace: default, ports: [{port: 80}]}
workloads:
  - {pod: local-0, namespace: default, ip: 127.66.1.1, services: [local]}
links:
  - cluster: flood
    controller: {addr: ${remote}, identity: linkerd-destination.linkerd.serviceaccount.identity.linkerd.flood.local}
    trustDomain: flood.local
    insecure: true
    services: [{name: web, namespace: default, mode: remote-discovery}]
`;
}

/**
 * A Get subscriber that reads everything and keeps only counts (a RawStream keeps every message,
 * which would be the test's own leak). Reopens when east ends the stream (queue overflow).
 */
function countingSubscriber(addr: string, target: string): { messages: number; bytes: number; reopened: number; close(): void } {
  const client = new grpc.Client(addr, grpc.credentials.createInsecure());
  const enc = (path: string): Buffer => Buffer.concat([Buffer.from([0x12, path.length]), Buffer.from(path)]);
  const counts = { messages: 0, bytes: 0, reopened: 0, close: () => {} };
  let closed = false;
  const open = (): void => {
    // A reopen timer can fire after close(): the channel is shut down by then.
    if (closed) return;
    const call = client.makeServerStreamRequest('/io.linkerd.proxy.destination.Destination/Get', enc, (b: Buffer) => b.length, target);
    call.on('data', (n: number) => {
      counts.messages++;
      counts.bytes += n;
    });
    call.on('error', () => {});
    call.on('status', () => {
      if (closed) return;
      counts.reopened++;
      setTimeout(open, 50);
    });
    counts.close = () => {
      closed = true;
      call.cancel();
      client.close();
    };
  };
  open();
  return counts;
}

/** Apply a Get stream's messages to a set of addresses (ip number -> generation label). */
function apply(state: Map<number, string>, u: RawUpdate): void {
  for (const a of u.add?.addrs ?? []) state.set(a.addr?.ip?.ipv4 ?? 0, a.metric_labels?.['generation'] ?? '');
  for (const a of u.remove?.addrs ?? []) state.delete(a.ip?.ipv4 ?? 0);
}

describe('linked clusters: a misbehaving remote', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('floods updates: east\'s retained memory stays bounded and east keeps serving', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'podwire-links-flood-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const remote = await startFloodingRemote('127.66.0.2');
    cleanups.push(() => remote.close());
    const file = path.join(dir, 'east.yaml');
    writeFileSync(file, eastTopology(remote.addr));
    const log = captureLogger();
    const east = await startController({ topologyFile: file, log: log.log, adminListen: { ip: '127.66.0.1', port: 0 } });
    cleanups.push(() => east.close());
    await log.waitFor((l) => String(l.msg).startsWith('link: PLAINTEXT to the remote controller'));
    const client = new RawDestinationClient('127.66.0.1:8086');
    cleanups.push(() => client.close());
    await eventually(async () => sample(await scrape(east.admin!), 'controller_link_up', { cluster: 'flood' }) === 1, 'the link to come up');

    const first = client.get('web-flood.default.svc.cluster.local:80');
    const state = new Map<number, string>();
    apply(state, await first.next());
    expect(state.size).toBe(SIZE);
    first.cancel();
    // Two local subscribers of the mirror read everything; a stream east ends (queue overflow) is reopened.
    const subscribers = [0, 1].map(() => countingSubscriber('127.66.0.1:8086', 'web-flood.default.svc.cluster.local:80'));
    cleanups.push(() => subscribers.forEach((sub) => sub.close()));
    const flood = async (n: number): Promise<void> => {
      for (let done = 0; done < n; done += 250) {
        await remote.flood(Math.min(250, n - done));
        // East still answers its own names mid-flood.
        const local = client.get('local.default.svc.cluster.local:80');
        expect((await local.next(10_000)).add?.addrs).toHaveLength(1);
        local.cancel();
      }
    };
    // Warm up (code paths, buffers), then measure what the flood leaves behind.
    await flood(100);
    gc();
    const baseline = process.memoryUsage().heapUsed;
    const sent = remote.bytesSent;
    const before = subscribers.map((sub) => sub.bytes);
    await flood(UPDATES);
    // The flood really went into east, and on to its subscribers (minus what overflowed their queues).
    expect(remote.bytesSent - sent).toBeGreaterThan(50 * 1024 * 1024);
    subscribers.forEach((sub, i) => expect(sub.bytes - before[i]!).toBeGreaterThan(10 * 1024 * 1024));

    // Once it is over, a fresh mirror stream holds exactly the remote's last state.
    const last = generation(remote.generation);
    const fresh = await eventually(async () => {
      const s = client.get('web-flood.default.svc.cluster.local:80');
      const got = new Map<number, string>();
      apply(got, await s.next());
      s.cancel();
      return got.size === SIZE && [...got.values()].every((gen) => gen === String(remote.generation)) ? got : undefined;
    }, 'the mirror to settle on the last generation');
    expect([...fresh.keys()].sort()).toEqual(last.map((e) => ipv4(e.ip)).sort());
    for (const sub of subscribers) sub.close();
    await new Promise((r) => setTimeout(r, 200));
    gc();
    // Retained: one endpoint set per side, not the ~60 MB of updates that went by.
    expect(process.memoryUsage().heapUsed - baseline).toBeLessThan(16 * 1024 * 1024);
  });

  it('hangs: east serves its own names at once and does not wait on the link', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'podwire-links-hang-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // Accepts TCP connections and never says a word.
    const sockets = new Set<net.Socket>();
    const blackHole = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
    });
    await new Promise<void>((r) => blackHole.listen(0, '127.66.0.3', r));
    cleanups.push(() => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      blackHole.close(() => r());
    }));
    const file = path.join(dir, 'east.yaml');
    writeFileSync(file, eastTopology(`127.66.0.3:${(blackHole.address() as net.AddressInfo).port}`).replace('127.66.0.1:8086', '127.66.0.4:8086'));
    const east = await startController({ topologyFile: file, log: captureLogger().log, adminListen: { ip: '127.66.0.4', port: 0 } });
    cleanups.push(() => east.close());
    const client = new RawDestinationClient('127.66.0.4:8086');
    cleanups.push(() => client.close());
    await eventually(async () => sample(await scrape(east.admin!), 'controller_link_up', { cluster: 'flood' }) === 0, 'the link to be reported down');
    expect((await client.get('local.default.svc.cluster.local:80').next()).add?.addrs).toHaveLength(1);
    // A pod IP only a link could know: the empty profile, and the stream stays open.
    const p = client.getProfile('127.66.200.1:8080');
    expect(await p.next()).toEqual({});
    p.cancel();
    // The mirror stream is open and empty; closing it is clean.
    const mirror = client.get('web-flood.default.svc.cluster.local:80');
    await mirror.expectQuiet(300);
    mirror.cancel();
    expect(grpc.status.CANCELLED).toBe((await mirror.status).code);
  });
});
