// TCP keepalive against a silent network: a connection proxied across a veth is left idle, then
// every packet between the two namespaces is dropped (iptables), as a NAT or load balancer that
// forgot the flow would. Through a proxy with LINKERD2_PROXY_OUTBOUND_CONNECT_KEEPALIVE the probes
// go unanswered, the proxy's socket fails and the application's connection is reset (an error,
// never a clean end). Through an identical proxy without keepalive the same idle connection stays
// open: nothing would ever end it. Node (libuv) probes every second, ten times, whatever the
// namespace's sysctls say, so a dead flow ends about 10 s after the idle time: measured 12.4 s here
// with 2s, and with the kernel defaults (75 s x 9) set in the namespace to show they do not apply.
import { afterAll, beforeAll, expect, it } from 'vitest';
import path from 'node:path';
import type { PodwireProcess } from '../../demo/processes.js';
import { identityEnv, makeWorkdir, type Workdir } from '../harness/mesh.js';
import { NetnsRun, inNs, ip } from './harness/netns.js';
import { AGENTS, spawnInNs, spawnPodwireInNs } from './harness/ns-process.js';
import { describeNetns } from './harness/suite.js';

const CLIENT_IP = '10.77.0.1';
const SERVER_IP = '10.77.0.2';
const APP_PORT = 7000;

describeNetns('keepalive ends an idle proxied connection the network silently dropped', () => {
  const run = new NetnsRun();
  const procs: PodwireProcess[] = [];
  let w: Workdir;
  let client: string;
  let server: string;

  const proxy = async (name: string, forwardPort: number, extra: Record<string, string>): Promise<void> => {
    const p = spawnPodwireInNs(name, client, ['proxy'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        LINKERD2_PROXY_LOG: 'info',
        LINKERD2_PROXY_LOG_FORMAT: 'json',
        LINKERD2_PROXY_INBOUND_LISTEN_ADDR: '127.0.0.1:0',
        LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR: '127.0.0.1:0',
        LINKERD2_PROXY_ADMIN_LISTEN_ADDR: '127.0.0.1:0',
        // No Destination service: an IP:PORT forward is then plain TCP, which is all this test needs.
        PODWIRE_OUTBOUND_FORWARDS: `127.0.0.1:${forwardPort}=${SERVER_IP}:${APP_PORT}`,
        ...identityEnv(w.pki.leaves.client, w.pki),
        ...extra,
      },
    });
    procs.push(p);
    await p.waitFor((l) => l.msg === 'podwire proxy listening', 'proxy listening', 20_000);
  };

  const idleClient = (name: string, port: number): PodwireProcess => {
    const p = spawnInNs(name, client, [process.execPath, path.join(AGENTS, 'idle-client.mjs'), '127.0.0.1', String(port)]);
    procs.push(p);
    return p;
  };

  beforeAll(async () => {
    w = await makeWorkdir();
    client = await run.add('ka-client');
    server = await run.add('ka-server');
    await ip(['link', 'add', 'eth0', 'netns', client, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', server]);
    await ip(['addr', 'add', `${CLIENT_IP}/24`, 'dev', 'eth0'], client);
    await ip(['addr', 'add', `${SERVER_IP}/24`, 'dev', 'eth0'], server);
    await ip(['link', 'set', 'eth0', 'up'], client);
    await ip(['link', 'set', 'eth0', 'up'], server);
    // The kernel's defaults, which libuv's own interval and count (1 s x 10) override.
    await inNs(client, 'sysctl', ['-q', '-w', 'net.ipv4.tcp_keepalive_intvl=75', 'net.ipv4.tcp_keepalive_probes=9']);
    const app = spawnInNs('app', server, [process.execPath, path.join(AGENTS, 'app.mjs'), 'server', String(APP_PORT)]);
    procs.push(app);
    await app.waitFor((l) => l['listening'] === APP_PORT, 'app listening');
    await proxy('with keepalive', 9000, { LINKERD2_PROXY_OUTBOUND_CONNECT_KEEPALIVE: '2s' });
    await proxy('without keepalive', 9001, {});
  }, 60_000);

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.kill()));
    run.teardownSync();
    await w?.cleanup();
  });

  it('resets the application\'s connection through the keepalive proxy; the other stays open', async () => {
    const kept = idleClient('client via keepalive proxy', 9000);
    const plain = idleClient('client via plain proxy', 9001);
    for (const c of [kept, plain]) expect((await c.waitFor((l) => 'connected' in l, 'greeting'))['connected']).toBe('server');
    // The flow vanishes: nothing between the namespaces gets through any more, in either direction.
    await inNs(server, 'iptables', ['-A', 'INPUT', '-s', CLIENT_IP, '-j', 'DROP']);
    await inNs(server, 'iptables', ['-A', 'OUTPUT', '-d', CLIENT_IP, '-j', 'DROP']);
    // Idle 2 s, then 10 probes a second apart: about 12 s; bounded well above that.
    const closed = await kept.waitFor((l) => 'closed' in l, 'the idle connection to end', 40_000);
    expect(closed).toEqual({ closed: 'error', code: 'ECONNRESET' });
    const log = await procs[1]!.waitFor((l) => l.msg === 'connection closed', 'the access-log line', 5_000);
    expect(log['reason']).not.toBe('ok');
    expect(String(log['error'])).toMatch(/ETIMEDOUT|timed out/i);
    // Same network, same idleness, no keepalive: nothing has ended it.
    expect(plain.logs.filter((l) => 'closed' in l)).toEqual([]);
  });
});
