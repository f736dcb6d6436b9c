// Process lifecycle and the admin port: SIGTERM drains (no new connections, live ones finish,
// the grace period cuts stragglers, exit 0), POST /shutdown, /env.json, /ready, and the CLI's help.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import { startEchoServer, type TestServer } from '../harness/servers.js';
import { fetchText, spawnPodwire } from '../harness/proxy-process.js';
import {
  makeWorkdir, startClientProxy, startServerProxy, meshedEndpoint, startDestinationServer, SERVICE,
  type Workdir,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { createAdminServer } from '../../proxy/admin.js';
import { Metrics } from '../../proxy/metrics.js';
import { Readiness } from '../../proxy/readiness.js';
import { silentLogger } from '../../proxy/log.js';

function openConn(port: number): Promise<{ s: net.Socket; say: (t: string) => Promise<string> }> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    s.on('error', reject);
    s.on('connect', () => resolve({
      s,
      say: (t) => new Promise((r) => {
        s.once('data', (d) => r(d.toString()));
        s.write(t);
      }),
    }));
  });
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
    s.on('connect', () => {
      s.destroy();
      resolve(false);
    });
  });
}

describe('SIGTERM drains', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let echo: TestServer;

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    echo = await startEchoServer();
  });

  afterAll(async () => {
    await echo?.close();
    await dst?.close();
    await w?.cleanup();
  });

  it('stops accepting, lets the live connection finish, then exits 0', async () => {
    const server = await startServerProxy(w, { LINKERD2_PROXY_SHUTDOWN_GRACE_PERIOD: '30s' });
    dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint(echo.port, server, IDS.server)]);
    const client = await startClientProxy(w, dst);
    try {
      const live = await openConn(client.forwardPort);
      expect(await live.say('one')).toBe('one');
      server.proc.child.kill('SIGTERM');
      await server.proc.waitForLog((l) => l.msg === 'shutting down: no new connections');
      await expect.poll(() => refused(server.inboundPort)).toBe(true);
      expect(await live.say('two')).toBe('two');
      expect(server.proc.child.exitCode).toBeNull();
      live.s.end();
      expect(await server.proc.exit(10_000)).toBe(0);
      live.s.destroy();
    } finally {
      await client.proc.stop();
      await server.proc.stop();
    }
  });

  it('closes connections still open when the grace period ends', async () => {
    const server = await startServerProxy(w, { LINKERD2_PROXY_SHUTDOWN_GRACE_PERIOD: '500ms' });
    dst.setEndpoints(`${SERVICE}:80`, [meshedEndpoint(echo.port, server, IDS.server)]);
    const client = await startClientProxy(w, dst);
    try {
      const live = await openConn(client.forwardPort);
      expect(await live.say('hold')).toBe('hold');
      const cut = new Promise<string>((r) => {
        live.s.once('end', () => r('end'));
        live.s.once('error', (e: NodeJS.ErrnoException) => r(e.code ?? 'error'));
      });
      const started = Date.now();
      server.proc.child.kill('SIGTERM');
      expect(await server.proc.exit(10_000)).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      // The cut is passed on to the application as a reset, not a clean end.
      expect(await cut).toBe('ECONNRESET');
      await server.proc.waitForLog((l) => l.msg === 'grace period over: closing remaining connections');
      // The straggler's access-log line says why it was cut.
      const line = await server.proc.waitForAccessLog({ direction: 'inbound', reason: 'shutdown' });
      expect(line.client_id).toBe(IDS.client);
    } finally {
      await client.proc.stop();
      await server.proc.stop();
    }
  });
});

describe('admin endpoints', () => {
  let w: Workdir;
  beforeAll(async () => {
    w = await makeWorkdir();
  });
  afterAll(async () => w?.cleanup());

  it('POST /shutdown drains and exits 0 when enabled, from localhost', async () => {
    const server = await startServerProxy(w, { LINKERD2_PROXY_SHUTDOWN_ENDPOINT_ENABLED: 'true' });
    try {
      expect((await fetchText(server.addrs.admin, '/shutdown')).status).toBe(405);
      expect(await fetchText(server.addrs.admin, '/shutdown', { method: 'POST' })).toEqual({ status: 202, body: 'shutdown\n' });
      expect(await server.proc.exit()).toBe(0);
    } finally {
      await server.proc.stop();
    }
  });

  it('refuses /shutdown when not enabled, and serves /env.json', async () => {
    const server = await startServerProxy(w, { PODWIRE_TEST_MARKER: 'marker-value' });
    try {
      expect(await fetchText(server.addrs.admin, '/shutdown', { method: 'POST' })).toEqual({ status: 404, body: 'shutdown endpoint is not enabled\n' });
      const all = JSON.parse((await fetchText(server.addrs.admin, '/env.json')).body) as Record<string, string>;
      expect(all.PODWIRE_TEST_MARKER).toBe('marker-value');
      const some = JSON.parse((await fetchText(server.addrs.admin, '/env.json?PODWIRE_TEST_MARKER&MISSING')).body);
      expect(some).toEqual({ PODWIRE_TEST_MARKER: 'marker-value', MISSING: null });
      expect((await fetchText(server.addrs.admin, '/env.json?A=b')).status).toBe(400);
      expect((await fetchText(server.addrs.admin, '/env.json', { headers: { accept: 'text/html' } })).status).toBe(406);
      const metrics = (await fetchText(server.addrs.admin, '/metrics')).body;
      expect(metrics).toContain('control_identity_cert_expiration_timestamp_seconds');
      expect(metrics).toContain('proxy_build_info');
      expect(server.proc.child.exitCode).toBeNull();
    } finally {
      await server.proc.stop();
    }
  });

  it('/ready is 503 and names what it waits for until every task is done', async () => {
    const readiness = new Readiness();
    const done = readiness.register('identity');
    const admin = createAdminServer({
      registry: new Metrics({ version: 'test', processMetrics: false }).registry, readiness, env: {},
      shutdownEnabled: false, onShutdown: () => {}, log: silentLogger(),
    });
    await new Promise<void>((r) => admin.listen(0, '127.0.0.1', () => r()));
    const addr = `127.0.0.1:${(admin.address() as net.AddressInfo).port}`;
    try {
      expect(await fetchText(addr, '/ready')).toEqual({ status: 503, body: 'not ready\nwaiting for: identity\n' });
      done();
      expect(await fetchText(addr, '/ready')).toEqual({ status: 200, body: 'ready\n' });
      expect((await fetchText(addr, '/nope')).status).toBe(404);
    } finally {
      admin.close();
    }
  });
});

describe('log format', () => {
  it('writes plain, human-readable lines by default and honours the level', async () => {
    const w = await makeWorkdir();
    try {
      const { identityEnv } = await import('../harness/mesh.js');
      const env = {
        PATH: process.env.PATH ?? '',
        LINKERD2_PROXY_INBOUND_LISTEN_ADDR: '127.0.0.1:0',
        LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR: '127.0.0.1:0',
        LINKERD2_PROXY_ADMIN_LISTEN_ADDR: '127.0.0.1:0',
        ...identityEnv(w.pki.leaves.server, w.pki),
      };
      const plain = spawnPodwire(['proxy'], { ...env, LINKERD2_PROXY_LOG: 'info' });
      const quiet = spawnPodwire(['proxy'], { ...env, LINKERD2_PROXY_LOG: 'warn,linkerd=error', LINKERD2_PROXY_LOG_FORMAT: 'json' });
      try {
        const ready = await plain.waitForLog((l) => String(l.msg).includes('podwire proxy ready'));
        expect(ready.raw).toBe(true); // not JSON
        expect(String(ready.msg)).toMatch(/^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] INFO: podwire proxy ready /);
        plain.child.kill('SIGTERM');
        expect(await plain.exit()).toBe(0);
        await new Promise((r) => setTimeout(r, 1500));
        quiet.child.kill('SIGTERM');
        expect(await quiet.exit()).toBe(0);
        expect(quiet.logs.filter((l) => typeof l.level !== 'number' || l.level < 50)).toEqual([]);
      } finally {
        await plain.stop();
        await quiet.stop();
      }
    } finally {
      await w.cleanup();
    }
  });
});

describe('CLI help', () => {
  async function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
    const p = spawnPodwire(args, { PATH: process.env.PATH ?? '' });
    const code = await p.exit();
    return { code, out: p.logs.map((l) => l.msg).join('\n'), err: p.stderr };
  }

  it('explains podwire and each command', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    for (const cmd of ['proxy', 'pki', 'help', 'version']) expect(top.out).toContain(cmd);
    const proxy = await run(['proxy', '--help']);
    expect(proxy.code).toBe(0);
    expect(proxy.out).toContain('LINKERD2_PROXY_INBOUND_LISTEN_ADDR');
    expect(proxy.out).toContain('PODWIRE_OUTBOUND_FORWARDS');
    const pki = await run(['pki', '--help']);
    expect(pki.code).toBe(0);
    expect(pki.out).toContain('mesh');
  });

  it('rejects an unknown command with exit 2', async () => {
    const r = await run(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "frobnicate"');
  });
});

