// The test bed's own plumbing, with plain processes and no podwire: two pods on different
// cluster subnets reach each other through the router namespace; nothing appears in the host's
// namespace; the sniffer on the router sees plaintext when there is plaintext (so the
// two-cluster suite's "no plaintext" assertion can fail); deleting a pod leaves the others'
// routes alone; and teardown leaves nothing behind.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hostInterfaces, leftovers, NetnsRun } from './harness/netns.js';
import { FlatNetwork, type Host } from './harness/network.js';
import { runAgent, spawnInNs, AGENTS } from './harness/ns-process.js';
import { Sniffer } from './harness/sniff.js';
import { describeNetns } from './harness/suite.js';
import type { PodwireProcess } from '../../demo/processes.js';
import path from 'node:path';

interface ClientResult {
  pod: string | null;
  echoed: boolean;
  closed: boolean;
  error: string | null;
}

describeNetns('netns test bed: flat routed network', () => {
  const run = new NetnsRun();
  let net: FlatNetwork;
  let east: Host;
  let west: Host;
  let app: PodwireProcess;
  let hostBefore: string[];
  const pids: number[] = [];

  beforeAll(async () => {
    hostBefore = hostInterfaces();
    net = await FlatNetwork.create(run, {
      east: { prefix: '10.232.1', bridge: 'br-east' },
      west: { prefix: '10.232.2', bridge: 'br-west' },
    });
    east = await net.attach('e1', 'east', 10);
    west = await net.attach('w1', 'west', 10);
    app = spawnInNs('app-w1', west.ns, [process.execPath, path.join(AGENTS, 'app.mjs'), 'w1', '8080']);
    pids.push(app.child.pid!);
    await app.waitFor((l) => l['listening'] === 8080, 'app listening');
  });

  afterAll(() => run.teardownSync());

  it('routes between the cluster subnets through the router, with nothing on the host', async () => {
    const [r] = await runAgent<ClientResult[]>(east.ns, 'client.mjs', [west.ip, 8080, 'hello']);
    expect(r).toEqual({ pod: 'w1', echoed: true, closed: false, error: null });
    // The app saw the east pod's own address: routed, not NATed.
    const accepted = app.logs.map((l) => (l['accepted'] as { from: string } | undefined)?.from).filter(Boolean);
    expect(accepted[0]).toMatch(/^10\.232\.1\.10:\d+$/);
    expect(hostInterfaces()).toEqual(hostBefore);
  });

  it('the router-namespace sniffer sees plaintext application bytes when they cross', async () => {
    const sniffer = await Sniffer.start(net.router, 'tcp and net 10.232.0.0/16');
    pids.push(sniffer.pid!);
    const marker = `PLAINTEXT-MARKER-${process.pid}`;
    const [r] = await runAgent<ClientResult[]>(east.ns, 'client.mjs', [west.ip, 8080, marker]);
    expect(r?.echoed).toBe(true);
    await sniffer.waitFor((p) => p.src === west.ip && p.payload.includes(marker), 'echo of the marker');
    const cap = await sniffer.stop();
    expect({ dropped: cap.dropped, truncated: cap.truncated }).toEqual({ dropped: 0, truncated: 0 });
    expect(cap.packets.some((p) => p.src === east.ip && p.dst === west.ip && p.dport === 8080)).toBe(true);
    expect(cap.packets.some((p) => p.payload.includes(marker))).toBe(true);
  });

  it('a pod going away does not disturb the others\' routes (the bridges keep their addresses)', async () => {
    // Whichever pod's veth has the lowest MAC would otherwise lend it to the bridge, and take it away again.
    const extra = await Promise.all([1, 2, 3].map((n) => net.attach(`e-gone${n}`, 'east', 20 + n)));
    await Promise.all(extra.map((h) => runAgent<ClientResult[]>(h.ns, 'client.mjs', [west.ip, 8080, 'x'])));
    for (const h of extra) run.remove(h.ns);
    const rs = await runAgent<ClientResult[]>(east.ns, 'client.mjs', [west.ip, 8080, 'still-here', 3, 2_000]);
    expect(rs.map((r) => r.echoed)).toEqual([true, true, true]);
  });

  it('teardown removes every namespace and process, and the host is as before', () => {
    run.teardownSync();
    expect(leftovers(pids)).toEqual([]);
    expect(hostInterfaces()).toEqual(hostBefore);
  });
});
