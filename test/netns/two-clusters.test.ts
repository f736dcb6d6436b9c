// Issue 6's test bed: two clusters, east and west, on one flat routed network of real network
// namespaces (test/netns/harness), each with its own `podwire controller` on its own node, pods
// whose traffic `podwire init` redirects through a podwire sidecar (uid 2102), and a west
// gateway. Applications only ever dial plain IPs — mirror cluster IPs, pod IPs — and never know
// the mesh is there. Scenarios run in order on one bed; the destructive ones (controller and pod
// kills) come last. Every sidecar runs with PODWIRE_MUX=true, so meshed hops between podwire sidecars
// ride pooled mux connections; the flat and gateway cases check that they did.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hostInterfaces, hostRules, leftovers } from './harness/netns.js';
import { Sniffer } from './harness/sniff.js';
import { describeNetns } from './harness/suite.js';
import { TestBed, total, type ClientResult } from './harness/testbed.js';
import { ids, PLAIN_PORT, VIPS } from './harness/world.js';
import type { LogLine } from '../../demo/processes.js';

const WEB_PODS = ['web-0', 'web-1'];

/** Wait for an access-log line of `sidecar` matching `pred` (logged when a connection closes). */
function accessLog(bed: TestBed, sidecar: string, pred: (l: LogLine) => boolean): Promise<LogLine> {
  return bed.sidecars.get(sidecar)!.waitFor((l) => l.msg === 'connection closed' && pred(l), `an access-log line on ${sidecar}`, 10_000);
}

const reached = (rs: readonly ClientResult[]): (string | null)[] => rs.map((r) => (r.echoed ? r.pod : `${r.pod}/${r.error ?? (r.closed ? 'closed' : '?')}`));

describeNetns('netns test bed: two clusters on a flat network', () => {
  let dir: string;
  let bed: TestBed;
  let hostBefore: string[];
  let rulesBefore: string;

  beforeAll(async () => {
    hostBefore = hostInterfaces();
    rulesBefore = hostRules();
    dir = mkdtempSync(path.join(tmpdir(), 'podwire-netns-'));
    bed = await TestBed.start(dir);
  }, 120_000);

  afterAll(() => {
    bed?.teardown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const gatewayInbound = async (): Promise<number> => total(await bed.metrics('gateway'), 'tcp_open_total', { direction: 'inbound' });
  /** Streams a sidecar opened (outbound) or accepted (inbound) on mux connections so far. */
  const muxStreams = async (pod: string, direction: 'inbound' | 'outbound'): Promise<number> => total(await bed.metrics(pod), `${direction}_mux_streams_total`);

  it('every sidecar runs with transparent interception (SO_ORIGINAL_DST) on both listeners', () => {
    for (const [name, sidecar] of bed.sidecars) {
      const ready = sidecar.logs.find((l) => l.msg === 'podwire proxy ready');
      expect({ name, outbound: ready?.['orig_dst'], inbound: ready?.['inbound_orig_dst'] }).toEqual({
        name, outbound: expect.stringContaining('SO_ORIGINAL_DST'), inbound: expect.stringContaining('SO_ORIGINAL_DST'),
      });
    }
  });

  it('podwire init is idempotent in a live pod: running it again changes no rule', async () => {
    const before = await bed.natRules('client-0');
    expect(before).toContain('PROXY_INIT_OUTPUT');
    expect(before).toContain('PROXY_INIT_REDIRECT');
    await bed.init('client-0');
    expect(await bed.natRules('client-0')).toBe(before);
  });

  it('flat mirror: plain TCP to the mirror cluster IP arrives over mTLS straight at a west pod, which sees east\'s identity', async () => {
    const before = await gatewayInbound();
    const sent = await muxStreams('client-0', 'outbound');
    const accepted = Object.fromEntries(await Promise.all(WEB_PODS.map(async (p) => [p, await muxStreams(p, 'inbound')] as const)));
    const [r] = await bed.client('client-0', VIPS.webWest, 'flat-hello');
    expect(r).toMatchObject({ echoed: true, error: null });
    expect(WEB_PODS).toContain(r!.pod);
    // Over the multiplexed transport: a stream from east's sidecar, accepted by the west pod's.
    expect(await muxStreams('client-0', 'outbound')).toBe(sent + 1);
    expect(await muxStreams(r!.pod!, 'inbound')).toBe(accepted[r!.pod!]! + 1);
    // The west pod's proxy accepted mTLS from the east pod's own address, with east's workload identity.
    const line = await accessLog(bed, r!.pod!, (l) => l['direction'] === 'inbound' && l['client_id'] === ids.client);
    expect(line['client']).toMatch(new RegExp(`^${bed.ip('client-0').replace(/\./g, '\\.')}:\\d+$`));
    expect(line['reason']).toBe('ok');
    const allow = total(await bed.metrics(r!.pod!), 'inbound_tcp_authz_allow_total', { client_id: ids.client, tls: 'true' });
    expect(allow).toBeGreaterThan(0);
    // No gateway on the path.
    expect(await gatewayInbound()).toBe(before);
  });

  it('gateway mirror: the same through the west gateway, and the west pod sees the gateway\'s identity', async () => {
    const before = await gatewayInbound();
    const counts = () => Promise.all([muxStreams('client-0', 'outbound'), muxStreams('gateway', 'inbound'), muxStreams('gateway', 'outbound'), muxStreams('api-0', 'inbound')]);
    const streamsBefore = await counts();
    const [r] = await bed.client('client-0', VIPS.apiWest, 'gateway-hello');
    expect(r).toMatchObject({ pod: 'api-0', echoed: true, error: null });
    // Both legs over the multiplexed transport: east's sidecar → gateway, and gateway → api-0.
    expect(await counts()).toEqual(streamsBefore.map((n) => n + 1));
    const line = await accessLog(bed, 'api-0', (l) => l['direction'] === 'inbound' && l['client_id'] === ids.gateway);
    expect(line['client']).toMatch(new RegExp(`^${bed.ip('gateway').replace(/\./g, '\\.')}:\\d+$`));
    // The gateway's own inbound side saw east's client.
    await accessLog(bed, 'gateway', (l) => l['direction'] === 'inbound' && l['client_id'] === ids.client);
    expect(await gatewayInbound()).toBeGreaterThan(before);
  });

  it('one specific west pod IP reaches exactly that pod, over mTLS with east\'s identity', async () => {
    for (const target of WEB_PODS) {
      const rs = await bed.client('client-0', bed.ip(target), `pod-${target}`, { count: 4 });
      expect(reached(rs)).toEqual([target, target, target, target]);
      await accessLog(bed, target, (l) => l['direction'] === 'inbound' && l['client_id'] === ids.client);
    }
  });

  it('west policy admits east\'s client identity and refuses another east workload\'s', async () => {
    const [ok] = await bed.client('client-0', VIPS.webWest, 'allowed');
    expect(ok).toMatchObject({ echoed: true });
    const [denied] = await bed.client('rogue-0', VIPS.webWest, 'denied', { timeoutMs: 5_000 });
    // The connection reaches a west pod's proxy and is closed there: nothing from the app comes back.
    expect(denied!.pod).toBeNull();
    expect(denied!.echoed).toBe(false);
    const warn = await Promise.race(WEB_PODS.map((p) => bed.sidecars.get(p)!.waitFor(
      (l) => l.msg === 'connection denied by policy' && l['client_id'] === ids.rogue, 'the denial', 10_000,
    )));
    expect(warn['client_ip']).toBe(bed.ip('rogue-0'));
  });

  it('inbound interception: plain TCP from outside the mesh to a pod\'s app port goes through that pod\'s proxy and policy', async () => {
    // west-ctl is a node without a sidecar: its connections are plain, and the pods' rules redirect them.
    const [open] = await bed.client('west-ctl', bed.ip('api-0'), 'unmeshed');
    expect(open).toMatchObject({ pod: 'api-0', echoed: true });
    const line = await accessLog(bed, 'api-0', (l) => l['direction'] === 'inbound' && String(l['client']).startsWith(`${bed.ip('west-ctl')}:`));
    expect(line['client_id']).toBeUndefined();
    // web-0's port 8080 admits only east's client identity: plaintext is refused by its proxy.
    const [refused] = await bed.client('west-ctl', bed.ip('web-0'), 'unmeshed', { timeoutMs: 10_000 });
    expect(refused).toMatchObject({ pod: null, echoed: false });
    const denial = await bed.sidecars.get('web-0')!.waitFor(
      (l) => l.msg === 'connection denied by policy' && l['client_ip'] === bed.ip('west-ctl'), 'the denial', 10_000,
    );
    expect(denial['client_id'] ?? '').toBe('');
  });

  it('sniffing the link between the clusters shows no plaintext application bytes', async () => {
    const marker = `SECRET-APP-BYTES-${process.pid}`;
    const east = '10.231.1.0/24';
    const west = '10.231.2.0/24';
    const sniffer = await Sniffer.start(bed.net.router, `tcp and ((src net ${east} and dst net ${west}) or (src net ${west} and dst net ${east}))`);
    bed.pids.push(sniffer.pid!);
    const flat = await bed.client('client-0', VIPS.webWest, `${marker}-flat`, { count: 2 });
    const viaGateway = await bed.client('client-0', VIPS.apiWest, `${marker}-gateway`);
    const pod = await bed.client('client-0', bed.ip('web-1'), `${marker}-pod`);
    // Control: a server discovery does not know gets plain TCP (forwarded as is), and the sniffer sees it.
    const control = await bed.client('client-0', bed.ip('west-ctl'), 'CONTROL-PLAINTEXT', { port: PLAIN_PORT });
    // The control's echo is the last packet with a payload: once captured, so is everything before it.
    await sniffer.waitFor((p) => p.src === bed.ip('west-ctl') && p.payload.includes('CONTROL-PLAINTEXT'), 'echo of the control');
    const cap = await sniffer.stop();
    // A dropped or cut packet could have held plaintext: the capture must be complete to prove anything.
    expect({ dropped: cap.dropped, truncated: cap.truncated }).toEqual({ dropped: 0, truncated: 0 });
    expect([...flat, ...viaGateway, ...pod, ...control].every((r) => r.echoed)).toBe(true);
    expect(control[0]!.pod).toBe('plain');
    const withPayload = cap.packets.filter((p) => p.payload.length > 0);
    // The capture really saw the meshed traffic: TLS to west pods' and the gateway's inbound port.
    expect(withPayload.some((p) => p.dst === bed.ip('web-1') && p.dport === 4143)).toBe(true);
    expect(withPayload.some((p) => p.dst === bed.ip('gateway') && p.dport === 4143)).toBe(true);
    expect(withPayload.some((p) => p.payload.includes('CONTROL-PLAINTEXT'))).toBe(true);
    expect(withPayload.filter((p) => p.payload.includes(marker))).toEqual([]);
    expect(cap.raw.includes(marker)).toBe(false);
  });

  it('east controller killed: east keeps reaching west with its last endpoints, west is unaffected, and a restart converges', async () => {
    // Warm: the flat mirror is known to client-0's proxy.
    expect(reached(await bed.client('client-0', VIPS.webWest, 'warm'))).toEqual([expect.stringMatching(/^web-/)]);
    await bed.controllers.get('east')!.kill();
    // Connections keep flowing for longer than the proxy's discovery idle timeout (5 s).
    const during = await bed.client('client-0', VIPS.webWest, 'outage', { count: 8, intervalMs: 1_000 });
    expect(reached(during).every((p) => p !== null && WEB_PODS.includes(p))).toBe(true);
    // West does not depend on east's controller: a west pod reaches a west service.
    expect(reached(await bed.client('web-0', VIPS.westApi, 'west-only'))).toEqual(['api-0']);
    await bed.startController('east');
    await bed.waitLinkUp();
    // Converged: a name east's proxies never asked about before the outage resolves through the
    // restarted controller (rogue-0 never used the gateway mirror), and the flat mirror still works.
    const deadline = Date.now() + 30_000;
    let fresh: (string | null)[] = [];
    while (Date.now() < deadline) {
      fresh = reached(await bed.client('rogue-0', VIPS.apiWest, 'after-restart', { timeoutMs: 5_000 }));
      if (fresh[0] === 'api-0') break;
    }
    expect(fresh).toEqual(['api-0']);
    expect(reached(await bed.client('client-0', VIPS.webWest, 'after-restart', { count: 2 })).every((p) => p !== null && WEB_PODS.includes(p))).toBe(true);
  });

  it('a west pod killed: new connections go to the remaining pod; federated fails over to west when east has none', async () => {
    bed.killPod('web-1');
    const rs = await bed.client('client-0', VIPS.webWest, 'after-kill', { count: 6 });
    expect(reached(rs)).toEqual(Array(6).fill('web-0'));

    // Federated: local first while east has a ready pod ...
    expect(reached(await bed.client('client-0', VIPS.fedFederated, 'fed', { count: 3 }))).toEqual(['fed-e0', 'fed-e0', 'fed-e0']);
    bed.killPod('fed-e0');
    // ... then the west pods.
    expect(reached(await bed.client('client-0', VIPS.fedFederated, 'fed-failover', { count: 3 }))).toEqual(['fed-w0', 'fed-w0', 'fed-w0']);
  });

  it('teardown leaves no namespace, process, host interface or host rule behind', () => {
    bed.teardown();
    expect(leftovers(bed.pids)).toEqual([]);
    expect(hostInterfaces()).toEqual(hostBefore);
    expect(hostRules()).toBe(rulesBefore);
  });
});
