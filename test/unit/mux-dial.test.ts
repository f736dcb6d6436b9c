// The mux path of dialEndpoint (outbound/connect.ts + mux-pool.ts) against podwire's own direct-port
// acceptance (inbound/direct.ts) over real loopback TCP and TLS with real certificates, in one
// process: streams ride at most two pooled connections and arrive byte-exact with their header (a
// stream whose dial would only have spread them, and failed, rides the pooled one); a peer that
// picks Linkerd's ALPN gets today's header and is remembered; a rotation of our credentials
// retires the pooled connections; a lost connection fails its streams (never an end);
// a stream opened as the peer drains is replayed on a newly dialled connection, or, when the peer
// now answers Linkerd's ALPN, fails with a reset.
import crypto from 'node:crypto';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCredentials, type Credentials } from '../../proxy/identity/credentials.js';
import { acceptDirect } from '../../proxy/inbound/direct.js';
import { dialEndpoint, dialPooledNow, type Dialled } from '../../proxy/outbound/connect.js';
import type { DialOptions } from '../../proxy/outbound/dial-plan.js';
import { MuxPool } from '../../proxy/outbound/mux-pool.js';
import { MuxSession } from '../../proxy/mux/index.js';
import { Metrics } from '../../proxy/metrics.js';
import { silentLogger } from '../../proxy/log.js';
import type { Endpoint } from '../../discovery-client/types.js';
import type { TransportHeader } from '../../proxy/transport/header.js';
import { IDS, type TestPki } from '../harness/pki.js';
import { makeWorkdir, type Workdir } from '../harness/mesh.js';

function creds(pki: TestPki, role: 'client' | 'server'): Credentials {
  const leaf = pki.leaves[role];
  return buildCredentials({ chainPem: leaf.chainPem, keyPem: leaf.keyPem, anchorsPem: pki.ca.anchorsPem, localId: leaf.id });
}

/** A direct port that echoes every connection or stream, noting the headers and TCP connections it saw. */
class EchoInbound {
  readonly headers: TransportHeader[] = [];
  readonly rawSockets: net.Socket[] = [];
  readonly sessions: MuxSession[] = [];
  private readonly server: net.Server;
  /** Whether new connections may select podwire.mux/1 (a test may change it). */
  mux: boolean;
  constructor(creds: Credentials, mux: boolean, private readonly maxStreams?: number) {
    this.mux = mux;
    this.server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true }, (raw) => {
      this.rawSockets.push(raw);
      raw.on('error', () => {});
      acceptDirect(raw, creds, 5000, undefined, this.mux).then((accepted) => {
        accepted.socket.on('error', () => {});
        if (accepted.kind === 'header') {
          this.headers.push(accepted.header);
          return void accepted.socket.pipe(accepted.socket);
        }
        const session = new MuxSession(accepted.socket, { role: 'server', ...(this.maxStreams !== undefined && { maxStreams: this.maxStreams }) });
        this.sessions.push(session);
        session.on('stream', (stream, header) => {
          this.headers.push(header);
          stream.on('error', () => {});
          stream.pipe(stream);
        });
      }, () => raw.destroy());
    });
  }
  listen(): Promise<number> {
    return new Promise((r) => this.server.listen(0, '127.0.0.1', () => r((this.server.address() as net.AddressInfo).port)));
  }
  close(): void {
    for (const s of this.rawSockets) s.destroy();
    this.server.close();
  }
  /** Refuse new TCP connections; the open ones carry on. */
  stopListening(): void {
    this.server.close();
  }
}

/** An endpoint on the transport-header path: the app port travels in the header. */
function endpoint(inboundPort: number): Endpoint {
  return { addr: { ip: '127.0.0.1', port: 8080 }, weight: 1, labels: {}, opaqueInboundPort: inboundPort, identity: { kind: 'dns', id: IDS.server, serverName: IDS.server } };
}

/** Send `data`, half-close, and collect the echo up to the end, or the error that ended it. */
async function echoThrough(d: Dialled, data: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  d.socket.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    d.socket.once('end', () => resolve(Buffer.concat(chunks)));
    d.socket.once('error', reject);
  });
  d.socket.end(data);
  return done;
}

describe('dialEndpoint over pooled mux connections', () => {
  let w: Workdir;
  let clientCreds: Credentials;
  let serverCreds: Credentials;
  let inbound: EchoInbound;
  let pool: MuxPool;
  let metrics: Metrics;

  beforeAll(async () => {
    w = await makeWorkdir();
    clientCreds = creds(w.pki, 'client');
    serverCreds = creds(w.pki, 'server');
  });
  afterAll(async () => {
    await w?.cleanup();
  });
  afterEach(() => {
    pool?.close();
    inbound?.close();
  });

  async function start(serverMux: boolean, poolOptions: { idleTimeoutMs?: number; pingIntervalMs?: number; pingTimeoutMs?: number } = {}, serverMaxStreams?: number): Promise<number> {
    metrics = new Metrics({ version: 'test', processMetrics: false });
    pool = new MuxPool({ metrics, log: silentLogger(), ...poolOptions });
    inbound = new EchoInbound(serverCreds, serverMux, serverMaxStreams);
    return inbound.listen();
  }
  const opts = (c = clientCreds): DialOptions => ({ connectTimeoutMs: 5000, credentials: c, localIps: new Set(), mux: pool });

  it('carries sequential and concurrent connections as streams on at most two connections, byte-exact', async () => {
    const port = await start(true);
    for (let i = 0; i < 5; i++) {
      const d = await dialEndpoint(endpoint(port), opts());
      expect(d.mux?.kind).toBe(i === 0 ? 'new' : 'pooled');
      expect(d.serverId).toBe(IDS.server);
      const data = crypto.randomBytes(1000 + i * 50_000);
      expect((await echoThrough(d, data)).equals(data)).toBe(true);
    }
    const dials = await Promise.all(Array.from({ length: 30 }, () => dialEndpoint(endpoint(port), opts())));
    const payloads = dials.map((_, i) => crypto.randomBytes(20_000 + i * 3_000));
    const echoes = await Promise.all(dials.map((d, i) => echoThrough(d, payloads[i]!)));
    echoes.forEach((e, i) => expect(e.equals(payloads[i]!), `stream ${i}`).toBe(true));
    expect(inbound.rawSockets.length).toBeLessThanOrEqual(2);
    expect(pool.size).toBe(inbound.rawSockets.length);
    expect(inbound.headers.every((h) => h.port === 8080)).toBe(true);
    expect(inbound.headers).toHaveLength(35);
    const text = await metrics.render();
    expect(text).toMatch(/^outbound_mux_streams_total 35$/m);
    expect(text).toMatch(/^outbound_mux_streams_open 0$/m);
  });

  it('dialPooledNow opens a stream only on a pooled connection that can take it, and dials nothing itself', async () => {
    const port = await start(true);
    const ep = endpoint(port);
    const o = opts();
    expect(dialPooledNow(ep, o)).toBeUndefined(); // no pooled connection yet
    expect(dialPooledNow(ep, { ...o, credentials: undefined })).toBeUndefined();
    // Two streams open at once spread over two connections (the pool's bound per peer); a third
    // takes a pooled one at once.
    const dialled = [await dialEndpoint(ep, o), await dialEndpoint(ep, o)];
    expect(dialled.map((d) => d.mux?.kind)).toEqual(['new', 'new']);
    const now = dialPooledNow(ep, o);
    expect(now).toMatchObject({ remote: { ip: '127.0.0.1', port }, serverId: IDS.server, header: { port: 8080 }, mux: { kind: 'pooled' } });
    for (const d of [...dialled, now!]) {
      const data = crypto.randomBytes(40_000);
      expect((await echoThrough(d, data)).equals(data)).toBe(true);
    }
    expect(inbound.rawSockets).toHaveLength(2);
    expect(inbound.headers).toEqual([{ port: 8080 }, { port: 8080 }, { port: 8080 }]);
  });

  it('dialPooledNow leaves a peer that answers Linkerd\'s protocol to dialEndpoint', async () => {
    const port = await start(false);
    const ep = endpoint(port);
    const d = await dialEndpoint(ep, opts());
    expect(d.mux).toBeUndefined();
    expect(dialPooledNow(ep, opts())).toBeUndefined();
    d.socket.destroy();
  });

  it('a dial that would only spread streams fails (connection refused): the pooled connection carries the stream', async () => {
    const port = await start(true);
    const first = await dialEndpoint(endpoint(port), opts()); // left open: its connection carries a stream
    inbound.stopListening();
    const second = await dialEndpoint(endpoint(port), opts());
    expect(second.mux?.kind).toBe('pooled');
    for (const d of [first, second]) {
      const data = crypto.randomBytes(30_000);
      expect((await echoThrough(d, data)).equals(data)).toBe(true);
    }
    expect(inbound.rawSockets).toHaveLength(1);
  });

  it('when every pooled connection is full, dials another mux connection instead of a plain one', async () => {
    const port = await start(true, {}, 3); // the peer takes 3 streams per connection; the pool spreads over 2
    const first = await dialEndpoint(endpoint(port), opts()); // one session, its SETTINGS in
    const dials = [first, ...(await Promise.all(Array.from({ length: 9 }, () => dialEndpoint(endpoint(port), opts()))))];
    expect(dials.every((d) => d.mux !== undefined)).toBe(true); // no stream got a plain connection
    const payloads = dials.map((_, i) => crypto.randomBytes(10_000 + i));
    const echoes = await Promise.all(dials.map((d, i) => echoThrough(d, payloads[i]!)));
    echoes.forEach((e, i) => expect(e.equals(payloads[i]!), `stream ${i}`).toBe(true));
    // 10 streams open at once, at most 3 per connection: at least 4 mux connections, nothing else
    expect(inbound.headers).toHaveLength(10);
    expect(inbound.sessions.length).toBeGreaterThanOrEqual(4);
    expect(inbound.rawSockets).toHaveLength(inbound.sessions.length);
  });

  it('falls back to Linkerd\'s protocol with a peer that does not select mux, and remembers it', async () => {
    const port = await start(false);
    for (let i = 0; i < 3; i++) {
      const d = await dialEndpoint(endpoint(port), opts());
      expect(d.mux).toBeUndefined();
      expect(d.header).toEqual({ port: 8080 });
      expect((await echoThrough(d, Buffer.from(`plain ${i}`))).toString()).toBe(`plain ${i}`);
    }
    expect(inbound.rawSockets).toHaveLength(3);
    expect(pool.size).toBe(0);
    expect(pool.plan(clientCreds, { addr: `127.0.0.1:${port}`, serverName: IDS.server, identity: IDS.server }).step).toBe('dial_plain');
  });

  it('new local credentials retire the pooled connection: it drains, and the next stream dials afresh', async () => {
    const port = await start(true);
    const live = await dialEndpoint(endpoint(port), opts());
    live.socket.write('before');
    const rotated = creds(w.pki, 'client');
    pool.rotated(rotated);
    const next = await dialEndpoint(endpoint(port), opts(rotated));
    expect(next.mux?.kind).toBe('new');
    expect(inbound.rawSockets).toHaveLength(2);
    // The stream on the retired connection still finishes.
    expect((await echoThrough(live, Buffer.from(' and after'))).toString()).toBe('before and after');
    expect((await echoThrough(next, Buffer.from('fresh'))).toString()).toBe('fresh');
  });

  it('closes a pooled connection that carried no stream for the idle timeout, and dials afresh after', async () => {
    const port = await start(true, { idleTimeoutMs: 200 });
    const first = await dialEndpoint(endpoint(port), opts());
    expect((await echoThrough(first, Buffer.from('one'))).toString()).toBe('one');
    await new Promise((r) => setTimeout(r, 500));
    expect(pool.size).toBe(0);
    expect(await metrics.render()).toMatch(/^outbound_mux_pooled_connections 0$/m);
    const second = await dialEndpoint(endpoint(port), opts());
    expect(second.mux?.kind).toBe('new');
    expect((await echoThrough(second, Buffer.from('two'))).toString()).toBe('two');
  });

  it('a peer that stops answering PINGs is dropped: its streams fail and the next stream dials afresh', async () => {
    const port = await start(true, { pingIntervalMs: 100, pingTimeoutMs: 200 });
    const stuck = await dialEndpoint(endpoint(port), opts());
    expect((await new Promise<string>((resolve) => {
      stuck.socket.once('data', (d: Buffer) => resolve(d.toString()));
      stuck.socket.write('alive');
    }))).toBe('alive');
    const ending = new Promise<string>((resolve) => {
      stuck.socket.once('end', () => resolve('end'));
      stuck.socket.once('error', (e: Error & { code?: string }) => resolve(e.code ?? e.message));
    });
    inbound.sessions[0]!.socket.pause(); // a peer that vanished: nothing is read or answered any more
    expect(await ending).toBe('ERR_MUX_SESSION_CLOSED');
    expect(pool.size).toBe(0);
    const next = await dialEndpoint(endpoint(port), opts());
    expect(next.mux?.kind).toBe('new');
    expect((await echoThrough(next, Buffer.from('fresh'))).toString()).toBe('fresh');
  });

  it('a stream opened as the peer drains is replayed on a newly dialled connection: same socket object, bytes once', async () => {
    const port = await start(true);
    const first = await dialEndpoint(endpoint(port), opts());
    expect((await echoThrough(first, Buffer.from('warm'))).toString()).toBe('warm');
    const racing = await dialEndpoint(endpoint(port), opts());
    expect(racing.mux?.kind).toBe('pooled');
    const socket = racing.socket;
    const echoed = echoThrough(racing, Buffer.from('opened as the peer drained'));
    // Before any byte is read on either side: the peer's GOAWAY crosses our OPEN.
    for (const s of inbound.sessions) s.drain();
    expect((await echoed).toString()).toBe('opened as the peer drained');
    expect(racing.socket).toBe(socket);
    expect(inbound.rawSockets).toHaveLength(2);
    expect(inbound.headers).toHaveLength(2); // 'warm' and the replayed stream: the refused OPEN was never served
    expect(await metrics.render()).toMatch(/^outbound_mux_streams_retried_total 1$/m);
  });

  it('a stream refused as the peer drains fails with a reset when the peer now answers Linkerd\'s ALPN', async () => {
    const port = await start(true);
    const first = await dialEndpoint(endpoint(port), opts());
    expect((await echoThrough(first, Buffer.from('warm'))).toString()).toBe('warm');
    const racing = await dialEndpoint(endpoint(port), opts());
    const ending = new Promise<string>((resolve) => {
      racing.socket.once('end', () => resolve('end'));
      racing.socket.once('error', (e: Error & { code?: string }) => resolve(e.code ?? e.message));
      racing.socket.resume();
    });
    racing.socket.write('x');
    inbound.mux = false;
    for (const s of inbound.sessions) s.drain();
    expect(await ending).toBe('ERR_MUX_RESET');
    expect(inbound.rawSockets).toHaveLength(2); // the replay's dial, answered with Linkerd's protocol
    expect(await metrics.render()).toMatch(/^outbound_mux_streams_retried_total 0$/m);
  });

  it('a lost connection fails every stream on it, never a clean end', async () => {
    const port = await start(true);
    const dials = await Promise.all([0, 1, 2].map(() => dialEndpoint(endpoint(port), opts())));
    const endings = dials.map((d) => new Promise<string>((resolve) => {
      d.socket.once('end', () => resolve('end'));
      d.socket.once('error', (e: Error & { code?: string }) => resolve(e.code ?? e.message));
      d.socket.resume();
      d.socket.write('x');
    }));
    await new Promise((r) => setTimeout(r, 100));
    for (const raw of inbound.rawSockets) raw.resetAndDestroy();
    for (const ending of await Promise.all(endings)) expect(ending).not.toBe('end');
    await new Promise((r) => setTimeout(r, 50));
    expect(pool.size).toBe(0);
  });
});
