// The access log across two real proxies (issue 14): both sides of one meshed connection log the
// same conn_id (derived from the mTLS session) and different connections different ones; both
// count application bytes, so their bytes_in / bytes_out agree; a connection the server side
// failed is never `ok` on the client side, and its application sees a reset, not a clean end;
// and LINKERD2_PROXY_ACCESS_LOG moves the lines to stderr
// as JSON or Apache-style lines (Linkerd's values) or turns them off.
// The cases about one connection's lines run over both transports between podwire peers: a stream
// of a pooled mux connection (PODWIRE_MUX=true; the servers accept both), whose conn_id is the mux connection's id,
// `-` and the stream number, and one mTLS connection per application connection (Linkerd's
// protocol, PODWIRE_MUX=false), whose conn_id is the bare 16 hex digits.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import {
  forwardsFor, makeWorkdir, meshedEndpoint, startClientProxy, startDestinationServer, startServerProxy,
  type RunningPodwire, type Workdir,
} from '../harness/mesh.js';
import type { TestDestinationServer } from '../harness/destination-server.js';
import { roundTrip, startReplyAfterEofServer, type TestServer } from '../harness/servers.js';
import type { LogLine, ProxyProcess } from '../harness/proxy-process.js';

const SVC = {
  plain: 'plain.default.svc.cluster.local:80',
  json: 'json.default.svc.cluster.local:80',
  apache: 'apache.default.svc.cluster.local:80',
  refused: 'refused.default.svc.cluster.local:80',
  reset: 'reset.default.svc.cluster.local:80',
  denied: 'denied.default.svc.cluster.local:80',
};

/** A port nothing listens on at the moment: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * A port that refuses connections for as long as it is held. A closed port alone is not enough:
 * whatever binds port 0 on the machine afterwards may get it (a run saw the server proxy's
 * connection to the "refused" port accepted and reset: `io`, not `connect_refused`). A socket
 * bound to the port and connected elsewhere keeps every listener off it (EADDRINUSE), and nothing
 * accepts there. The port comes from bind(0), which on Linux picks odd ports first, while connect()
 * prefers even source ports: the server proxy will not be connected to itself through it.
 */
async function heldClosedPort(): Promise<{ port: number; release: () => void }> {
  const accepted: net.Socket[] = [];
  const holder = net.createServer((c) => accepted.push(c.on('error', () => {})));
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
  for (;;) {
    const port = await closedPort();
    const sock = net.connect({ host: '127.0.0.1', port: (holder.address() as net.AddressInfo).port, localAddress: '127.0.0.1', localPort: port });
    // Someone may have taken the port in between: then try another.
    const held = await new Promise<boolean>((r) => sock.once('connect', () => r(true)).on('error', () => r(false)));
    if (held) {
      return {
        port,
        release: () => {
          for (const c of [sock, ...accepted]) c.destroy();
          holder.close();
        },
      };
    }
  }
}

/** An application that accepts and resets every connection at once. */
async function startResettingApp(): Promise<{ port: number; close: () => void }> {
  const s = net.createServer((c) => c.resetAndDestroy());
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { port: (s.address() as net.AddressInfo).port, close: () => s.close() };
}

/** Send `body`, half-close, wait for the whole reply (the connection ends cleanly). */
async function transfer(port: number, bytes: number): Promise<string> {
  return (await roundTrip(port, Buffer.alloc(bytes, 0x61))).toString();
}

/** The stderr access-log lines of a proxy, JSON-parsed. */
function stderrJson(p: ProxyProcess): Array<Record<string, unknown>> {
  return p.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function eventually<T>(what: string, get: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The two transports a client proxy can use to a podwire server proxy, and their conn_id forms. */
const MUX_INBOUND = { PODWIRE_MUX: 'true' };
const TRANSPORTS = [
  { name: 'a mux stream (PODWIRE_MUX=true)', env: { PODWIRE_MUX: 'true' }, connId: /^[0-9a-f]{16}-\d+$/ },
  { name: 'one mTLS connection per connection (PODWIRE_MUX=false)', env: { PODWIRE_MUX: 'false' }, connId: /^[0-9a-f]{16}$/ },
] as const;
type Transport = (typeof TRANSPORTS)[number];

describe('access log', () => {
  let w: Workdir;
  let dst: TestDestinationServer;
  let app: TestServer;
  let resetting: Awaited<ReturnType<typeof startResettingApp>>;
  let refusing: Awaited<ReturnType<typeof heldClosedPort>>;
  let server: RunningPodwire;
  let jsonServer: RunningPodwire;
  let apacheServer: RunningPodwire;
  let denyingServer: RunningPodwire;
  let client: RunningPodwire & { forwardPorts: number[] };
  let perConnection: RunningPodwire & { forwardPorts: number[] };
  const clientOf = (t: Transport) => (t === TRANSPORTS[0] ? client : perConnection);
  const port = (svc: string, t: Transport = TRANSPORTS[0]) => clientOf(t).forwardPorts[Object.values(SVC).indexOf(svc)]!;

  beforeAll(async () => {
    w = await makeWorkdir();
    dst = await startDestinationServer();
    app = await startReplyAfterEofServer();
    resetting = await startResettingApp();
    [server, jsonServer, apacheServer, denyingServer] = await Promise.all([
      // Mux on at the servers: they serve the mux client over podwire.mux/1 and the other over
      // Linkerd's protocol (the client's offer decides).
      startServerProxy(w, MUX_INBOUND),
      startServerProxy(w, { ...MUX_INBOUND, LINKERD2_PROXY_ACCESS_LOG: 'json' }),
      startServerProxy(w, { ...MUX_INBOUND, LINKERD2_PROXY_ACCESS_LOG: 'apache' }),
      startServerProxy(w, { ...MUX_INBOUND, LINKERD2_PROXY_INBOUND_DEFAULT_POLICY: 'deny' }),
    ]);
    dst.setEndpoints(SVC.plain, [meshedEndpoint(app.port, server, IDS.server)]);
    dst.setEndpoints(SVC.json, [meshedEndpoint(app.port, jsonServer, IDS.server)]);
    dst.setEndpoints(SVC.apache, [meshedEndpoint(app.port, apacheServer, IDS.server)]);
    refusing = await heldClosedPort();
    dst.setEndpoints(SVC.refused, [meshedEndpoint(refusing.port, server, IDS.server)]);
    dst.setEndpoints(SVC.reset, [meshedEndpoint(resetting.port, server, IDS.server)]);
    dst.setEndpoints(SVC.denied, [meshedEndpoint(app.port, denyingServer, IDS.server)]);
    [client, perConnection] = await Promise.all([
      startClientProxy(w, dst, TRANSPORTS[0].env, forwardsFor(Object.values(SVC))),
      startClientProxy(w, dst, TRANSPORTS[1].env, forwardsFor(Object.values(SVC))),
    ]);
  });
  afterAll(async () => {
    await client?.proc.stop();
    await perConnection?.proc.stop();
    for (const s of [server, jsonServer, apacheServer, denyingServer]) await s?.proc.stop();
    resetting?.close();
    refusing?.release();
    await app?.close();
    await dst?.close();
    await w?.cleanup();
  });

  const outboundLines = (target: string, t: Transport = TRANSPORTS[0]) => clientOf(t).proc.logs.filter((l) => l.msg === 'connection closed' && l['target'] === target);

  it.each(TRANSPORTS)('over $name: both sides log the same conn_id and the same application bytes; two connections, two ids', async (t) => {
    const pairs: Array<[LogLine, LogLine]> = [];
    for (const size of [1500, 70_000]) {
      expect(await transfer(port(SVC.plain, t), size)).toBe(`got ${size} bytes`);
      const out = await eventually('the outbound line', () => outboundLines(SVC.plain, t)[pairs.length]);
      const inb = await server.proc.waitForAccessLog({ direction: 'inbound', conn_id: out['conn_id'] });
      pairs.push([out, inb]);
    }
    for (const [[out, inb], size] of pairs.map((p, i) => [p, [1500, 70_000][i]!] as const)) {
      expect(out['conn_id']).toMatch(t.connId);
      expect(inb['conn_id']).toBe(out['conn_id']);
      expect([out['reason'], inb['reason']]).toEqual(['ok', 'ok']);
      // Application bytes on both sides: the client sent `size`, the reply is "got <size> bytes".
      const reply = `got ${size} bytes`.length;
      expect([out['bytes_in'], out['bytes_out']]).toEqual([size, reply]);
      expect([inb['bytes_in'], inb['bytes_out']]).toEqual([size, reply]);
    }
    expect(pairs[0]![0]['conn_id']).not.toBe(pairs[1]![0]['conn_id']);
  });

  it.each(TRANSPORTS)('over $name: a connection the server side failed is not `ok` on the client side, and both lines share its id', async (t) => {
    const cases = [
      { svc: SVC.refused, side: () => server, reason: 'connect_refused' },
      { svc: SVC.reset, side: () => server, reason: undefined },
      { svc: SVC.denied, side: () => denyingServer, reason: 'unauthorized' },
    ];
    for (const { svc, side, reason } of cases) {
      const before = outboundLines(svc, t).length;
      // The application must learn the connection broke: a reset, never a clean end of its reply.
      const appSaw = await transfer(port(svc, t), 100).then((reply) => `a clean end after ${JSON.stringify(reply)}`, (e: NodeJS.ErrnoException) => e.code ?? e.message);
      expect(appSaw, `the application's view of ${svc}`).not.toMatch(/^a clean end/);
      const out = await eventually(`the outbound line for ${svc}`, () => outboundLines(svc, t)[before]);
      const inb = await side().proc.waitForAccessLog({ direction: 'inbound', conn_id: out['conn_id'] });
      expect(inb['reason'], `server side of ${svc}: ${JSON.stringify(inb)}`).not.toBe('ok');
      if (reason) expect(inb['reason'], `server side of ${svc}: ${JSON.stringify(inb)}`).toBe(reason);
      expect(out['reason'], `client side of ${svc}: ${JSON.stringify(out)}`).not.toBe('ok');
    }
  });

  it('LINKERD2_PROXY_ACCESS_LOG=json writes JSON lines to stderr instead of the process log', async () => {
    expect(await transfer(port(SVC.json), 2000)).toBe('got 2000 bytes');
    const out = await eventually('the outbound line', () => outboundLines(SVC.json)[0]);
    const line = await eventually('a JSON access-log line on stderr', () => stderrJson(jsonServer.proc).find((l) => l['conn_id'] === out['conn_id']));
    expect(line).toMatchObject({ direction: 'inbound', client_id: IDS.client, bytes_in: 2000, bytes_out: 14, reason: 'ok' });
    expect(Date.parse(String(line['timestamp']))).not.toBeNaN();
    // Not in the process log as well.
    expect(jsonServer.proc.logs.filter((l) => l.msg === 'connection closed')).toEqual([]);
  });

  it.each(TRANSPORTS)('over $name: LINKERD2_PROXY_ACCESS_LOG=apache writes common-log-style lines to stderr', async (t) => {
    expect(await transfer(port(SVC.apache, t), 300)).toBe('got 300 bytes');
    const out = await eventually('the outbound line', () => outboundLines(SVC.apache, t)[0]);
    const line = await eventually('an Apache-style line on stderr', () => apacheServer.proc.stderr.split('\n').find((l) => l.endsWith(` ${String(out['conn_id'])}`)));
    expect(line).toMatch(new RegExp(
      `^127\\.0\\.0\\.1:\\d+ - ${IDS.client.replace(/\./g, '\\.')} \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\\] "TCP inbound 127\\.0\\.0\\.1:${app.port}" ok 300 13 [\\d.]+ ${t.connId.source.slice(1)}`,
    ));
  });

  it('LINKERD2_PROXY_ACCESS_LOG=off logs no connection, and the connection still works', async () => {
    const quiet = await startClientProxy(w, dst, { LINKERD2_PROXY_ACCESS_LOG: 'off' }, forwardsFor([SVC.plain]));
    try {
      expect(await transfer(quiet.forwardPort, 10)).toBe('got 10 bytes');
      // The server side logged it, so the client side had every chance to.
      await eventually('the server-side line', () => server.proc.logs.filter((l) => l.msg === 'connection closed' && l['bytes_in'] === 10)[0]);
      await new Promise((r) => setTimeout(r, 200));
      expect(quiet.proc.logs.filter((l) => l.msg === 'connection closed')).toEqual([]);
      expect(quiet.proc.stderr).not.toMatch(/conn_id|TCP outbound/);
    } finally {
      await quiet.proc.stop();
    }
  });
});
