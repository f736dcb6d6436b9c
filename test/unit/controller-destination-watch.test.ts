// The whole local path: a topology file on disk, a TopologyWatcher, the Destination service and a
// raw gRPC client. Edits to the file (pod added, removed, moved) reach open Get and GetProfile
// streams within a second of the write; a broken edit is logged, leaves open streams alone, and new
// subscribers get the last good state.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createDestinationService, serveController, type ControllerServer } from '../../controller/destination-server.js';
import { LocalEndpointResolver, LocalProfileResolver } from '../../controller/resolver-local.js';
import { TopologyWatcher, type TopologyWatcherOptions } from '../../controller/topology-watch.js';
import { RawDestinationClient, type RawStream, type RawUpdate } from '../harness/raw-destination-client.js';

/** The promise: "edits reach every open Get stream within a second". */
const EDIT_DEADLINE_MS = 1_000;

const IP = { '127.1.0.2': 2130771970, '127.1.0.3': 2130771971, '127.1.0.7': 2130771975 } as const;
type Ip = keyof typeof IP;

interface Env {
  dir: string;
  file: string;
  watcher: TopologyWatcher;
  server: ControllerServer;
  client: RawDestinationClient;
  logs: Record<string, unknown>[];
}

let env: Env | undefined;

afterEach(async () => {
  if (!env) return;
  env.client.close();
  await env.server.close(100);
  env.watcher.close();
  rmSync(env.dir, { recursive: true, force: true });
  env = undefined;
});

function yaml(pods: Array<[string, Ip]>, extra = ''): string {
  const workloads = pods.map(([pod, ip]) => `  - {pod: ${pod}, namespace: shop, serviceAccount: web, ip: ${ip}, services: [web]}`).join('\n');
  return `cluster: {name: east}
services: [{name: web, namespace: shop, clusterIP: 127.20.0.1, ports: [{port: 80, targetPort: 8080}]}]
workloads:
${workloads || '  []'}
${extra}`;
}

async function setup(initial: string, opts: TopologyWatcherOptions = {}): Promise<Env> {
  const dir = mkdtempSync(path.join(tmpdir(), 'podwire-dst-watch-'));
  const file = path.join(dir, 'topology.yaml');
  writeFileSync(file, initial);
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, cb) {
      for (const l of chunk.toString().split('\n')) if (l) logs.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  const log = pino({ level: 'info' }, sink);
  const watcher = await TopologyWatcher.start(file, { log, ...opts });
  const service = createDestinationService({
    resolvers: [new LocalEndpointResolver(watcher)],
    profileResolvers: [new LocalProfileResolver(watcher)],
    log,
  });
  const server = await serveController({ listen: '127.0.0.1:0', services: [service] });
  env = { dir, file, watcher, server, client: new RawDestinationClient(server.addr), logs };
  return env;
}

/** Write the file and return the next message, which must arrive within the deadline. */
async function edit<T>(e: Env, text: string, stream: RawStream<T>): Promise<T> {
  writeFileSync(e.file, text);
  return stream.next(EDIT_DEADLINE_MS);
}

const addrOf = (ip: Ip): { ip: { ipv4: number }; port: number } => ({ ip: { ipv4: IP[ip] }, port: 8080 });
const addedPods = (u: RawUpdate): Array<[string | undefined, unknown]> =>
  (u.add?.addrs ?? []).map((a) => [a.metric_labels?.['pod'], a.addr]);

describe('topology file edits reach open streams', () => {
  it('streams pod added, removed and moved as add/remove', async () => {
    const e = await setup(yaml([['web-0', '127.1.0.2']]));
    const s = e.client.get('web.shop.svc.cluster.local:80');
    expect(addedPods(await s.next())).toEqual([['web-0', addrOf('127.1.0.2')]]);

    expect(addedPods(await edit(e, yaml([['web-0', '127.1.0.2'], ['web-1', '127.1.0.3']]), s))).toEqual([['web-1', addrOf('127.1.0.3')]]);
    expect(await edit(e, yaml([['web-1', '127.1.0.3']]), s)).toEqual({ remove: { addrs: [addrOf('127.1.0.2')] } });
    expect(addedPods(await edit(e, yaml([['web-1', '127.1.0.7']]), s))).toEqual([['web-1', addrOf('127.1.0.7')]]);
    expect(await s.next(EDIT_DEADLINE_MS)).toEqual({ remove: { addrs: [addrOf('127.1.0.3')] } });
    await s.expectQuiet(200);
  });

  it('keeps serving the last good topology through a broken edit, and logs it', async () => {
    const e = await setup(yaml([['web-0', '127.1.0.2']]));
    const s = e.client.get('web.shop.svc.cluster.local:80');
    await s.next();
    const profile = e.client.getProfile('127.1.0.2:8080');
    expect((await profile.next()).endpoint?.metric_labels?.['pod']).toBe('web-0');

    const rejected = new Promise<Error>((resolve) => e.watcher.once('invalid', resolve));
    writeFileSync(e.file, yaml([['web-0', '127.1.0.2'], ['web-1', '127.1.0.3']], 'extra: [oops\n'));
    expect((await rejected).message).toMatch(/^invalid topology .*topology\.yaml/);
    expect(e.logs.find((l) => l['level'] === 50)).toMatchObject({
      msg: 'topology: rejected an invalid edit; still serving the last good version',
      file: e.file,
    });
    await s.expectQuiet(300);
    await profile.expectQuiet(0);

    const late = e.client.get('web.shop.svc.cluster.local:80');
    expect(addedPods(await late.next())).toEqual([['web-0', addrOf('127.1.0.2')]]);

    // The next good edit is served as usual: web-0 goes away, web-1 arrives.
    writeFileSync(e.file, yaml([['web-1', '127.1.0.3']]));
    const msgs = [await s.next(EDIT_DEADLINE_MS), await s.next(EDIT_DEADLINE_MS)];
    expect(msgs).toEqual([
      { add: expect.objectContaining({ addrs: [expect.objectContaining({ addr: addrOf('127.1.0.3') })] }) as unknown },
      { remove: { addrs: [addrOf('127.1.0.2')] } },
    ]);
    expect(await profile.next(EDIT_DEADLINE_MS)).toEqual({});
  });

  it('meets the deadline on the poll fallback alone', async () => {
    const e = await setup(yaml([['web-0', '127.1.0.2']]), { fsWatch: false });
    const s = e.client.get('web.shop.svc.cluster.local:80');
    await s.next();
    expect(addedPods(await edit(e, yaml([['web-0', '127.1.0.2'], ['web-1', '127.1.0.3']]), s))).toEqual([['web-1', addrOf('127.1.0.3')]]);
  });
});
