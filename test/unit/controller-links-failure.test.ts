// Separate failure domains (spec §8.5) with two real controllers in-process: the west controller
// is shut down while east serves a mirror of it. East keeps serving its own names, keeps the known
// west endpoints (no remove reaches the open stream, a new stream gets them too), marks the link
// down and those endpoints stale in its metrics; a mirror nobody watched before stays open and
// empty. West comes back on the same address with an edit: the link recovers, the metrics clear,
// and the edit and the so-far-empty mirror flow to the open streams.
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startController, type RunningController } from '../../controller/app.js';
import { makeCheckServerIdentity } from '../../proxy/identity/verify.js';
import { makeTestPki } from '../harness/pki.js';
import { RawDestinationClient, type RawUpdate } from '../harness/raw-destination-client.js';
import { captureLogger, clusterSections, controllerId, eventually, sample, scrape, writeAtomically } from '../harness/links.js';

const EAST_CTL = '127.64.0.1:8086';
const WEST_CTL = '127.64.0.2:8086';
const ipv4 = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);

function westTopology(sections: string, webPods: string[]): string {
  const pods = webPods.map((ip, i) => `  - {pod: web-${i}, namespace: default, serviceAccount: web, ip: ${ip}, services: [web]}\n`).join('');
  return `
cluster: {name: west, trustDomain: west.local}
${sections}
services:
  - {name: web, namespace: default, ports: [{port: 80, targetPort: 8080}]}
  - {name: db, namespace: default, ports: [{port: 5432, opaque: true}]}
workloads:
${pods}  - {pod: db-0, namespace: default, serviceAccount: db, ip: 127.64.2.50, services: [db]}
`;
}

function eastTopology(sections: string): string {
  return `
cluster: {name: east, trustDomain: east.local}
${sections}
services:
  - {name: web, namespace: default, ports: [{port: 80, targetPort: 8080}]}
workloads:
  - {pod: web-0, namespace: default, serviceAccount: web, ip: 127.64.1.1, services: [web]}
links:
  - cluster: west
    controller: {addr: ${WEST_CTL}, identity: ${controllerId('west')}}
    trustDomain: west.local
    services:
      - {name: web, namespace: default, mode: remote-discovery}
      - {name: db, namespace: default, mode: remote-discovery}
`;
}

const ips = (u: RawUpdate): number[] => (u.add?.addrs ?? []).map((a) => a.addr?.ip?.ipv4 ?? 0).sort();

describe('linked clusters: the remote controller goes away and comes back', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('keeps local service, serves known remote endpoints as stale, and recovers on the same address', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'podwire-links-fail-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const pki = await makeTestPki(dir);
    const westSections = await clusterSections(dir, pki, 'west', WEST_CTL);
    const westFile = path.join(dir, 'west.yaml');
    writeFileSync(westFile, westTopology(westSections, ['127.64.2.1', '127.64.2.2']));
    const eastFile = path.join(dir, 'east.yaml');
    writeFileSync(eastFile, eastTopology(await clusterSections(dir, pki, 'east', EAST_CTL)));

    let west: RunningController | undefined = await startController({ topologyFile: westFile, log: captureLogger().log });
    cleanups.push(() => west?.close());
    const eastLog = captureLogger();
    const east = await startController({ topologyFile: eastFile, log: eastLog.log, adminListen: { ip: '127.64.0.1', port: 0 } });
    cleanups.push(() => east.close());
    const creds = grpc.credentials.createSsl(Buffer.from(pki.ca.anchorsPem), null, null, { checkServerIdentity: makeCheckServerIdentity(controllerId('east')) });
    const client = new RawDestinationClient(EAST_CTL, creds, { 'grpc.ssl_target_name_override': controllerId('east') });
    cleanups.push(() => client.close());
    const metric = async (name: string) => sample(await scrape(east.admin!), name, { cluster: 'west' });
    await eventually(async () => (await metric('controller_link_up')) === 1, 'the link to come up');

    const mirror = client.get('web-west.default.svc.cluster.local:80');
    expect(ips(await mirror.next())).toEqual([ipv4('127.64.2.1'), ipv4('127.64.2.2')]);
    expect(await metric('controller_link_stale_endpoints')).toBe(0);

    // West goes away.
    await west.close();
    west = undefined;
    await eventually(async () => (await metric('controller_link_up')) === 0, 'the link to be marked down');
    expect(await metric('controller_link_stale_endpoints')).toBe(2);
    await eastLog.waitFor((l) => String(l.msg).startsWith('link: remote controller is not answering') && l['staleEndpoints'] === 2);

    // Local names are unaffected; the open mirror stream loses nothing; a new one gets the last known set.
    expect(ips(await client.get('web.default.svc.cluster.local:80').next())).toEqual([ipv4('127.64.1.1')]);
    const profile = client.getProfile('127.64.1.1:8080');
    expect((await profile.next()).endpoint?.addr?.ip?.ipv4).toBe(ipv4('127.64.1.1'));
    profile.cancel();
    await mirror.expectQuiet(300);
    const late = client.get('web-west.default.svc.cluster.local:80');
    expect(ips(await late.next())).toEqual([ipv4('127.64.2.1'), ipv4('127.64.2.2')]);
    late.cancel();
    // A mirror east never watched: the stream is held open with nothing until west answers.
    const db = client.get('db-west.default.svc.cluster.local:5432');
    await db.expectQuiet(500);

    // West comes back on the same address, with one more pod.
    writeAtomically(westFile, westTopology(westSections, ['127.64.2.1', '127.64.2.2', '127.64.2.3']));
    west = await startController({ topologyFile: westFile, log: captureLogger().log });
    await eventually(async () => (await metric('controller_link_up')) === 1, 'the link to recover');
    expect(await metric('controller_link_stale_endpoints')).toBe(0);
    // The first add after the remote stream reconnects replaces the set: only the difference reaches east's client.
    expect(ips(await mirror.next(15_000))).toEqual([ipv4('127.64.2.3')]);
    const dbUpdate = await db.next(15_000);
    expect(ips(dbUpdate)).toEqual([ipv4('127.64.2.50')]);
    expect(dbUpdate.add?.addrs?.[0]?.protocol_hint).toEqual({ opaque: {}, opaque_transport: { inbound_port: 4143 } });
    mirror.cancel();
    db.cancel();
  });
});
