// MuxSession / MuxStream over real loopback sockets (plain TCP, and TLS with the mux ALPN): data
// integrity with many concurrent streams, half-close and reset each way, per-stream flow control
// (a paused reader stalls only its own stream, a bulk stream does not starve a request/response
// stream), the peer's limits (window, maxStreams), hostile or broken peers (garbage, never reading,
// FIN or socket loss with streams open), GOAWAY drain, and PING.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  MUX_ALPN,
  ResetCode,
  encodeData,
  encodeOpen,
  encodePing,
  encodeReset,
  encodeWindow,
  encodeSettings,
  type MuxFrame,
  type MuxSettings,
} from '../../proxy/mux/frame.js';
import { FrameDecoder } from '../../proxy/mux/frame-decoder.js';
import { DATA_QUANTUM, SEND_BUDGET } from '../../proxy/mux/scheduler.js';
import { MuxSession } from '../../proxy/mux/session.js';
import type { MuxStream } from '../../proxy/mux/stream.js';
import { MuxProtocolError, MuxSessionError, MuxStreamResetError } from '../../proxy/mux/index.js';
import { collect, onCleanup, runCleanups, selfSignedLocalhost, tcpPair, tlsPair, type TestCert } from '../harness/sockets.js';
import { errorOf, muxPair as sharedMuxPair, until, type SessionOpts } from '../harness/mux-pair.js';

const KiB = 1024;
const MiB = 1024 * KiB;
afterEach(runCleanups);

let cert: TestCert;
beforeAll(async () => {
  cert = await selfSignedLocalhost();
});

type Opts = SessionOpts;

/** A client and a server session over a connected loopback pair (TLS with the mux ALPN if asked). */
const muxPair = (options: { client?: Opts; server?: Opts; tls?: boolean } = {}) => sharedMuxPair({ ...options, cert });

/** Server streams are echoed back (with half-close carried through by pipe). */
function echo(server: MuxSession): void {
  server.on('stream', (s) => {
    s.on('error', () => {});
    s.pipe(s);
  });
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const readAll = collect;

/** Write `total` bytes of `chunk` respecting backpressure; counts completed write callbacks. */
function pump(stream: MuxStream, total: number, chunk = Buffer.alloc(64 * KiB, 0x61)) {
  const progress = { written: 0, completed: 0, stop: false };
  const done = (async () => {
    while (progress.written < total && !progress.stop && !stream.destroyed) {
      const n = Math.min(chunk.length, total - progress.written);
      progress.written += n;
      const ok = stream.write(chunk.subarray(0, n), (err) => {
        if (!err) progress.completed += n;
      });
      if (!ok) await new Promise((r) => (stream.once('drain', r), stream.once('close', r)));
    }
  })();
  return { progress, done };
}

// ---- a raw peer that speaks frames by hand ----

const PEER_SETTINGS: MuxSettings = { initialWindow: 64 * KiB, maxStreams: 100, maxFrame: 64 * KiB };

/** Frames a raw peer receives, decoded with the real decoder. */
function frameLog(socket: net.Socket) {
  const decoder = new FrameDecoder({ maxFrame: 1024 * KiB - 1 });
  const frames: MuxFrame[] = [];
  let ended = false;
  socket.on('data', (c: Buffer) => {
    decoder.push(c);
    for (let f = decoder.next(); f !== undefined; f = decoder.next()) frames.push(f);
  });
  socket.on('end', () => (ended = true));
  socket.on('close', () => (ended = true));
  return {
    frames,
    get ended() {
      return ended;
    },
    async next<T extends MuxFrame['type']>(type: T): Promise<Extract<MuxFrame, { type: T }>> {
      await until(() => frames.some((f) => f.type === type), 3_000, `a ${type} frame`);
      return frames.find((f) => f.type === type) as Extract<MuxFrame, { type: T }>;
    },
  };
}

/** A server session fed by a hand-driven client socket (`raw`). */
async function serverWithRawClient(server: Opts = {}) {
  const { client: raw, server: socket } = await tcpPair();
  const session = new MuxSession(socket, { role: 'server', ...server });
  onCleanup(() => session.destroy());
  return { session, raw, log: frameLog(raw) };
}

/** A client session talking to a hand-driven server socket (`raw`). */
async function clientWithRawServer(client: Opts = {}, tls = false) {
  const { client: socket, server: raw } = tls ? await tlsPair(cert, { ALPNProtocols: [MUX_ALPN] }) : await tcpPair();
  const session = new MuxSession(socket, { role: 'client', ...client });
  onCleanup(() => session.destroy());
  return { session, socket, raw, log: frameLog(raw) };
}

const closeOf = (session: MuxSession) => once(session, 'close').then(([err]) => err as Error | undefined);

// ---- tests ----

describe('data integrity', () => {
  for (const tls of [false, true]) {
    it(`carries 64 concurrent streams byte-exact both ways${tls ? ' over TLS (mux ALPN)' : ''}`, async () => {
      const { client, server, sockets } = await muxPair({ tls });
      if (tls) expect((sockets.client as { alpnProtocol?: string | false }).alpnProtocol).toBe(MUX_ALPN);
      const headers: Array<{ port: number; name?: string }> = [];
      server.on('stream', (_s, h) => headers.push(h));
      echo(server);
      const payloads = Array.from({ length: 64 }, (_, i) => randomBytes(i === 0 ? 0 : Math.floor(Math.random() * 200 * KiB)));
      const results = payloads.map((p, i) => {
        const s = client.open({ port: 1000 + i, name: i % 2 ? `svc-${i}.ns` : undefined });
        const echoed = readAll(s);
        s.end(p);
        return echoed;
      });
      const got = await Promise.all(results);
      got.forEach((g, i) => expect(sha(g)).toBe(sha(payloads[i]!)));
      expect(headers.map((h) => h.port).sort()).toEqual(payloads.map((_, i) => 1000 + i).sort());
      expect(headers.find((h) => h.port === 1001)).toEqual({ port: 1001, name: 'svc-1.ns' });
      await until(() => client.openStreams === 0 && server.openStreams === 0, 2_000, 'streams to retire');
    });
  }

  it('a stream opened before the peer\'s SETTINGS arrive sends its data once they do', async () => {
    const { client: socket, server: raw } = await tcpPair();
    const client = new MuxSession(socket, { role: 'client' });
    onCleanup(() => client.destroy());
    expect(client.peerMaxStreams).toBe(1);
    const s = client.open({ port: 80 });
    s.on('error', () => {});
    expect(client.canOpen()).toBe(false); // one stream until the peer says more
    s.write('early bytes');
    const log = frameLog(raw);
    await log.next('open');
    await sleep(20);
    expect(log.frames.some((f) => f.type === 'data')).toBe(false); // no window yet
    raw.write(encodeSettings(PEER_SETTINGS));
    expect((await log.next('data')).payload.toString()).toBe('early bytes');
    expect(client.canOpen()).toBe(true);
  });

  it('open + immediate end sends OPEN with FIN; the server still answers', async () => {
    const { client, server } = await muxPair();
    server.on('stream', (s) => {
      s.on('error', () => {});
      s.resume();
      s.on('end', () => s.end('reply after your FIN'));
    });
    const s = client.open({ port: 80 });
    const reply = readAll(s);
    s.end();
    expect((await reply).toString()).toBe('reply after your FIN');
  });
});

describe('OPEN', () => {
  /** A client session, past the raw peer's SETTINGS, whose socket writes are recorded. */
  async function recordedClient() {
    const { session, socket, raw, log } = await clientWithRawServer();
    raw.write(encodeSettings(PEER_SETTINGS));
    await once(session, 'ready');
    await log.next('settings');
    const writes: Buffer[] = [];
    const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
    socket.write = ((chunk: Buffer) => (writes.push(Buffer.from(chunk)), write(chunk))) as typeof socket.write;
    return { session, log, writes };
  }

  /** An accepted socket that has not started reading, with `bytes` from its client waiting in the kernel. */
  async function acceptedWithWaitingBytes(bytes: string): Promise<net.Socket> {
    const server = net.createServer({ pauseOnConnect: true });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    onCleanup(() => server.close());
    const app = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    onCleanup(() => app.destroy());
    const [accepted] = (await once(server, 'connection')) as [net.Socket];
    onCleanup(() => accepted.destroy());
    app.write(bytes);
    await sleep(20);
    return accepted;
  }

  it('waits for the application\'s first bytes read in the next poll, and leaves with them in one write', async () => {
    const { session, log, writes } = await recordedClient();
    // The application: an accepted socket not read yet (as the proxy's is when it opens the
    // stream), with the request its client wrote on connecting waiting in the kernel.
    const accepted = await acceptedWithWaitingBytes('GET / HTTP/1.1\r\n\r\n');
    const s = session.open({ port: 80 });
    s.on('error', () => {});
    s.sendFrom(accepted);
    await until(() => log.frames.some((f) => f.type === 'data'), 3_000, 'the DATA frame');
    expect(log.frames.filter((f) => f.type !== 'settings').map((f) => f.type)).toEqual(['open', 'data']);
    expect((log.frames.find((f) => f.type === 'data') as { payload: Buffer }).payload.toString()).toBe('GET / HTTP/1.1\r\n\r\n');
    expect(writes).toHaveLength(1);
  });

  it('reaches the peer in id order whatever order the applications write in, and a stream destroyed first sends none', async () => {
    const { session, log } = await recordedClient();
    const [a, b, c, d] = [80, 81, 82, 83].map((port) => session.open({ port }));
    for (const s of [a, b, c, d]) s!.on('error', () => {});
    b!.destroy(); // gone before its OPEN: nothing of it reaches the peer
    d!.write('from the last one first');
    c!.write('then the third');
    await until(() => log.frames.filter((f) => f.type === 'data').length === 2, 3_000, 'both DATA frames');
    const sent = log.frames.filter((f) => f.type === 'open' || f.type === 'data').map((f) => `${f.type} ${f.streamId}`);
    expect(sent).toEqual([`open ${a!.id}`, `open ${c!.id}`, `open ${d!.id}`, `data ${d!.id}`, `data ${c!.id}`]);
    expect(log.frames.some((f) => f.type === 'reset')).toBe(false);
  });

  it('a real server takes streams whose applications wrote in reverse order (no protocol error)', async () => {
    const { client, server } = await muxPair({ tls: true });
    echo(server);
    const streams = Array.from({ length: 8 }, (_, i) => client.open({ port: 1000 + i }));
    const replies = streams.map((s) => readAll(s));
    [...streams].reverse().forEach((s, i) => s.end(`stream ${7 - i}`));
    expect((await Promise.all(replies)).map((r) => r.toString())).toEqual(streams.map((_, i) => `stream ${i}`));
    expect(client.state).toBe('open');
  });

  it('still owed when the client drains, goes before the GOAWAY, and the stream completes on a real server', async () => {
    const raw = await recordedClient();
    const owed = raw.session.open({ port: 80 });
    owed.on('error', () => {});
    raw.session.drain();
    await raw.log.next('goaway');
    expect(raw.log.frames.filter((f) => f.type !== 'settings').map((f) => f.type)).toEqual(['open', 'goaway']);

    // A real server with no stream open when it reads our GOAWAY closes; the OPEN before it keeps it.
    const { client, server } = await muxPair({ tls: true });
    echo(server);
    const s = client.open({ port: 80 });
    const reply = readAll(s);
    client.drain();
    setImmediate(() => s.end('after the drain'));
    expect((await reply).toString()).toBe('after the drain');
    await Promise.all([closeOf(client), closeOf(server)]);
  });

  it('goes alone once the loop has polled again when the application sends nothing first (a server-first protocol)', async () => {
    const { session, log, writes } = await recordedClient();
    const s = session.open({ port: 25 });
    s.on('error', () => {});
    const open = await log.next('open');
    expect(open).toMatchObject({ streamId: s.id, fin: false, header: { port: 25 } });
    expect(writes).toHaveLength(1);
    expect(log.frames.some((f) => f.type === 'data')).toBe(false);
  });
});

describe('accept ack', () => {
  /** A server session that hands each stream to `onStream`, and what a raw client sees for stream 1 after its OPEN. */
  async function framesForStream1(onStream: (s: MuxStream) => void, wanted: number) {
    const { session, raw, log } = await serverWithRawClient();
    session.on('stream', (s) => {
      s.on('error', () => {});
      onStream(s);
    });
    raw.write(Buffer.concat([encodeSettings(PEER_SETTINGS), encodeOpen(1, { port: 80 }), encodeData(1, Buffer.from('ping'))]));
    const ofStream1 = () => log.frames.filter((f) => 'streamId' in f && f.streamId === 1);
    await until(() => ofStream1().length >= wanted, 3_000, `${wanted} frames on stream 1`);
    await sleep(30); // nothing more comes
    return ofStream1();
  }

  it("is the server's reply: no empty DATA of its own before it", async () => {
    const frames = await framesForStream1((s) => s.once('data', () => s.write('pong')), 1);
    expect(frames).toEqual([{ type: 'data', streamId: 1, fin: false, payload: Buffer.from('pong') }]);
  });

  it('is explicit before a RESET REFUSED of a stream the server accepted (policy), so the client does not replay it', async () => {
    const frames = await framesForStream1((s) => s.reset(ResetCode.REFUSED), 2);
    expect(frames).toEqual([
      { type: 'data', streamId: 1, fin: false, payload: Buffer.alloc(0) },
      { type: 'reset', streamId: 1, code: ResetCode.REFUSED },
    ]);
  });

  it('is not needed before another RESET (CONNECT_FAILED is never replayed)', async () => {
    const frames = await framesForStream1((s) => s.reset(ResetCode.CONNECT_FAILED), 1);
    expect(frames).toEqual([{ type: 'reset', streamId: 1, code: ResetCode.CONNECT_FAILED }]);
  });
});

describe('half-close', () => {
  it('client ends first; the server keeps sending afterwards', async () => {
    const { client, server } = await muxPair();
    server.on('stream', (s) => {
      s.on('error', () => {});
      let n = 0;
      s.on('data', (c: Buffer) => (n += c.length));
      s.on('end', async () => {
        for (let i = 0; i < 5; i++) {
          s.write(`part${i} `);
          await sleep(10);
        }
        s.end(`got ${n}`);
      });
    });
    const s = client.open({ port: 80 });
    const reply = readAll(s);
    s.end(Buffer.alloc(100 * KiB));
    expect((await reply).toString()).toBe('part0 part1 part2 part3 part4 got 102400');
  });

  it('server ends first; the client keeps sending afterwards', async () => {
    const { client, server } = await muxPair();
    let received: Promise<Buffer> | undefined;
    server.on('stream', (s) => {
      s.on('error', () => {});
      received = readAll(s);
      s.end('bye first');
    });
    const s = client.open({ port: 80 });
    expect((await readAll(s)).toString()).toBe('bye first');
    s.write('more ');
    await sleep(20);
    s.end('data');
    await until(() => received !== undefined);
    expect((await received!).toString()).toBe('more data');
  });
});

describe('reset', () => {
  it('a client reset reaches the server stream as an error with the code, never as an end', async () => {
    const { client, server } = await muxPair();
    const serverStream = once(server, 'stream').then(([s]) => s as MuxStream);
    const s = client.open({ port: 80 });
    const local = errorOf(s);
    s.write('x');
    const remote = errorOf(await serverStream);
    s.reset(ResetCode.APP_RESET);
    expect(await local).toMatchObject({ code: 'ERR_MUX_RESET', resetCode: ResetCode.APP_RESET, remote: false });
    const err = await remote;
    expect(err).toBeInstanceOf(MuxStreamResetError);
    expect(err).toMatchObject({ code: 'ERR_MUX_RESET', resetCode: ResetCode.APP_RESET, remote: true });
    await until(() => client.openStreams === 0 && server.openStreams === 0);
  });

  it('a server reset (CONNECT_FAILED) reaches the client with the code; other streams carry on', async () => {
    const { client, server } = await muxPair();
    server.on('stream', (s, h) => {
      s.on('error', () => {});
      if (h.port === 1) s.reset(ResetCode.CONNECT_FAILED);
      else s.pipe(s);
    });
    const failed = client.open({ port: 1 });
    const ok = client.open({ port: 2 });
    const okData = readAll(ok);
    expect(await errorOf(failed)).toMatchObject({ code: 'ERR_MUX_RESET', resetCode: ResetCode.CONNECT_FAILED, remote: true });
    ok.end('still fine');
    expect((await okData).toString()).toBe('still fine');
  });

  it('destroying a stream without an error resets it as CANCEL', async () => {
    const { client, server } = await muxPair();
    const serverStream = once(server, 'stream').then(([s]) => s as MuxStream);
    const s = client.open({ port: 80 });
    s.write('x');
    const remote = errorOf(await serverStream);
    s.destroy();
    expect(await remote).toMatchObject({ resetCode: ResetCode.CANCEL });
  });
});

describe('flow control and fairness', () => {
  it('a paused reader stalls only its own stream, with bounded buffering, and resumes intact', async () => {
    const window = 64 * KiB;
    const { client, server } = await muxPair({ server: { initialWindow: window } });
    const streams = new Map<number, MuxStream>();
    server.on('stream', (s, h) => {
      s.on('error', () => {});
      streams.set(h.port, s);
      if (h.port === 2) s.pipe(s); // the healthy stream echoes; port 1 is never read (yet)
    });
    const slow = client.open({ port: 1 });
    slow.on('error', () => {});
    const slowData = randomBytes(4 * MiB);
    const slowDone = new Promise<void>((r) => slow.end(slowData, r));

    const fast = client.open({ port: 2 });
    const fastData = randomBytes(4 * MiB);
    const fastEcho = readAll(fast);
    fast.end(fastData);
    expect(sha(await fastEcho)).toBe(sha(fastData));

    const slowServer = streams.get(1)!;
    const held = slowServer.queuedReceiveBytes + slowServer.readableLength;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(window + slowServer.readableHighWaterMark + DATA_QUANTUM);
    const received = readAll(slowServer);
    await slowDone;
    expect(sha(await received)).toBe(sha(slowData));
  });

  it('a request/response stream makes 50 round trips while a bulk stream saturates the connection', async () => {
    const { client, server } = await muxPair();
    let bulkReceived = 0;
    server.on('stream', (s, h) => {
      s.on('error', () => {});
      if (h.port === 1) s.on('data', (c: Buffer) => (bulkReceived += c.length));
      else s.pipe(s);
    });
    const bulk = client.open({ port: 1 });
    bulk.on('error', () => {});
    const bulkChunk = Buffer.alloc(16 * MiB, 0x62);
    const writer = pump(bulk, Number.MAX_SAFE_INTEGER, bulkChunk);
    onCleanup(() => (writer.progress.stop = true));
    await until(() => bulkReceived > 4 * MiB, 3_000, 'bulk to get going');

    const bulkBefore = bulkReceived;
    const rr = client.open({ port: 2 });
    rr.on('error', () => {});
    let echoed = 0;
    rr.on('data', (c: Buffer) => (echoed += c.length));
    const started = performance.now();
    const request = Buffer.alloc(100, 0x72);
    for (let i = 1; i <= 50; i++) {
      rr.write(request);
      await until(() => echoed >= i * request.length, 3_000, `round trip ${i}`);
    }
    const elapsed = performance.now() - started;
    const bulkDuring = bulkReceived - bulkBefore;
    expect(elapsed).toBeLessThan(2_000);
    // the bulk stream kept moving (more than its window) while the round trips ran
    expect(bulkDuring).toBeGreaterThan(client.peer!.initialWindow);
  });

  it('a stream that starts writing behind a bulk backlog goes out after at most one bulk frame per turn', async () => {
    const { session, socket, raw } = await clientWithRawServer();
    raw.pause(); // let the bulk stream fill the kernel buffers and our send budget
    raw.write(encodeSettings({ initialWindow: 16 * MiB, maxStreams: 10, maxFrame: 64 * KiB }));
    await once(session, 'ready');
    const bulk = session.open({ port: 1 });
    bulk.on('error', () => {});
    bulk.write(Buffer.alloc(15 * MiB, 0x62));
    let queuedBefore = -1;
    while (socket.bytesWritten !== queuedBefore) {
      queuedBefore = socket.bytesWritten; // includes what waits in the socket's buffer
      await sleep(100);
    }
    const rr = session.open({ port: 2 });
    rr.on('error', () => {});
    rr.write('request');

    // Read everything from the start and find where the request's DATA frame ends.
    const decoder = new FrameDecoder({ maxFrame: 1024 * KiB - 1 });
    let pushed = 0;
    let requestEnd: number | undefined;
    raw.on('data', (chunk: Buffer) => {
      decoder.push(chunk);
      pushed += chunk.length;
      for (let f = decoder.next(); f !== undefined && requestEnd === undefined; f = decoder.next()) {
        // what is still buffered comes after the frame just returned
        if (f.type === 'data' && f.streamId === rr.id) requestEnd = pushed - decoder.bufferedBytes;
      }
    });
    raw.resume();
    await until(() => requestEnd !== undefined, 5_000, "the request's DATA frame");
    // After the backlog already handed to the socket: at most two bulk frames (one per turn
    // before the OPEN and before the DATA) plus the OPEN and DATA themselves.
    const behind = requestEnd! - queuedBefore;
    expect(behind).toBeGreaterThan(0);
    expect(behind).toBeLessThanOrEqual(2 * (DATA_QUANTUM + 9) + 200);
  });

  it('a peer that sends more than the window is cut off with window_exceeded', async () => {
    const { session, raw, log } = await serverWithRawClient({ initialWindow: 16 * KiB });
    const streams: MuxStream[] = [];
    session.on('stream', (s) => {
      s.on('error', () => {});
      streams.push(s); // never read: no credit is ever granted
    });
    const closed = closeOf(session);
    raw.write(Buffer.concat([encodeSettings(PEER_SETTINGS), encodeOpen(1, { port: 80 }), encodeData(1, Buffer.alloc(16 * KiB))]));
    await until(() => streams.length === 1);
    const streamError = errorOf(streams[0]!, false);
    raw.write(encodeData(1, Buffer.alloc(1)));
    const err = await closed;
    expect(err).toBeInstanceOf(MuxProtocolError);
    expect(err).toMatchObject({ reason: 'window_exceeded' });
    expect(await streamError).toMatchObject({ code: 'ERR_MUX_SESSION_CLOSED' });
    expect(await log.next('goaway')).toMatchObject({ code: ResetCode.PROTOCOL_ERROR });
    await until(() => log.ended);
  });

  it('the receiver credits the window as the reader consumes, not as bytes arrive', async () => {
    const window = 32 * KiB;
    const { session, raw, log } = await serverWithRawClient({ initialWindow: window });
    let stream: MuxStream | undefined;
    session.on('stream', (s) => {
      s.on('error', () => {});
      stream = s;
    });
    raw.write(Buffer.concat([encodeSettings(PEER_SETTINGS), encodeOpen(1, { port: 80 }), encodeData(1, Buffer.alloc(window))]));
    await until(() => stream !== undefined && stream.queuedReceiveBytes + stream.readableLength === window);
    await sleep(50);
    expect(log.frames.filter((f) => f.type === 'window')).toEqual([]);
    stream!.resume();
    const credit = await log.next('window');
    expect(credit.streamId).toBe(1);
    expect(credit.increment).toBeGreaterThanOrEqual(window / 2);
    expect(credit.increment).toBeLessThanOrEqual(window);
  });
});

describe('stream limits', () => {
  it('an OPEN beyond our maxStreams is refused with RESET REFUSED; the session stays up', async () => {
    const { session, raw, log } = await serverWithRawClient({ maxStreams: 2 });
    const ports: number[] = [];
    session.on('stream', (s, h) => {
      s.on('error', () => {});
      ports.push(h.port);
    });
    raw.write(Buffer.concat([encodeSettings(PEER_SETTINGS), encodeOpen(1, { port: 1 }), encodeOpen(3, { port: 3 }), encodeOpen(5, { port: 5 })]));
    expect(await log.next('reset')).toEqual({ type: 'reset', streamId: 5, code: ResetCode.REFUSED });
    expect(ports).toEqual([1, 3]);
    expect(session.state).toBe('open');
    expect(session.openStreams).toBe(2);
  });

  it("a client at the peer's maxStreams refuses open() with ERR_MUX_SESSION_FULL until a stream closes", async () => {
    const { client, server } = await muxPair({ server: { maxStreams: 2 } });
    echo(server);
    expect(client.peerMaxStreams).toBe(2);
    const a = client.open({ port: 1 });
    client.open({ port: 2 }).on('error', () => {});
    expect(client.canOpen()).toBe(false);
    expect(() => client.open({ port: 3 })).toThrow(expect.objectContaining({ code: 'ERR_MUX_SESSION_FULL' }));
    const done = readAll(a);
    a.end('x');
    await done;
    await until(() => client.canOpen(), 2_000, 'a free stream slot');
    expect(client.openStreams).toBe(1);
  });

  it('late frames for a stream that was opened and has closed are ignored', async () => {
    const { session, raw, log } = await serverWithRawClient();
    const errors: Array<Promise<Error>> = [];
    session.on('stream', (s) => errors.push(errorOf(s)));
    raw.write(Buffer.concat([encodeSettings(PEER_SETTINGS), encodeOpen(1, { port: 80 }), encodeReset(1, ResetCode.CANCEL)]));
    await until(() => errors.length === 1);
    expect(await errors[0]).toMatchObject({ resetCode: ResetCode.CANCEL, remote: true });
    const probe = Buffer.from('stillup?');
    raw.write(Buffer.concat([encodeData(1, Buffer.from('late')), encodeWindow(1, 100), encodeReset(1, 0), encodePing(probe)]));
    expect(await log.next('ping')).toEqual({ type: 'ping', ack: true, data: probe }); // answered after the late frames
    expect(session.state).toBe('open');
    expect(log.frames.some((f) => f.type === 'goaway')).toBe(false);
  });

  it('a frame for a stream id never opened is a protocol error', async () => {
    const { session, raw } = await serverWithRawClient();
    const closed = closeOf(session);
    raw.write(Buffer.concat([encodeSettings(PEER_SETTINGS), encodeData(7, Buffer.from('x'))]));
    expect(await closed).toMatchObject({ reason: 'stream_not_opened' });
  });
});

describe('hostile and broken peers', () => {
  it('garbage from the peer destroys the session and errors every stream', async () => {
    const { session, raw, log } = await clientWithRawServer();
    raw.write(encodeSettings(PEER_SETTINGS));
    await once(session, 'ready');
    const streams = [session.open({ port: 1 }), session.open({ port: 2 })].map((s) => errorOf(s));
    await log.next('open');
    const closed = closeOf(session);
    raw.write(Buffer.from('GET / HTTP/1.1\r\nHost: garbage\r\n\r\n'));
    expect(await closed).toBeInstanceOf(MuxProtocolError);
    for (const e of await Promise.all(streams)) expect(e).toMatchObject({ code: 'ERR_MUX_SESSION_CLOSED' });
    await until(() => log.ended);
  });

  it('a frame header announcing 16 MiB is refused at once, before any payload is buffered', async () => {
    const { session, raw } = await clientWithRawServer();
    const closed = closeOf(session);
    const huge = Buffer.from([0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01]);
    raw.write(Buffer.concat([encodeSettings(PEER_SETTINGS), huge]));
    expect(await closed).toMatchObject({ reason: 'frame_too_large' });
  });

  it.each([{ tls: false }, { tls: true }])('a peer that never reads stalls our writers (callbacks pending, bounded bytes queued) and is cut off when its PINGs pile up (tls: $tls)', async ({ tls }) => {
    const { session, socket, raw } = await clientWithRawServer({}, tls);
    raw.pause(); // never reads anything
    raw.write(encodeSettings({ initialWindow: 16 * MiB, maxStreams: 10, maxFrame: 64 * KiB }));
    await once(session, 'ready');
    const total = 15 * MiB;
    const writers = [1, 2, 3, 4].map((port) => {
      const s = session.open({ port });
      s.on('error', () => {});
      return { stream: s, ...pump(s, total) };
    });
    const completed = () => writers.reduce((n, w) => n + w.progress.completed, 0);
    // wait until progress stops: kernel buffers full, then our budget
    let last = -1;
    while (completed() !== last) {
      last = completed();
      await sleep(200);
    }
    expect(completed()).toBeLessThan(writers.length * total);
    for (const w of writers) expect(w.progress.completed).toBeLessThan(w.progress.written);
    expect(socket.writableLength).toBeLessThanOrEqual(SEND_BUDGET + DATA_QUANTUM + 9);
    for (const w of writers) expect(w.stream.writableLength).toBeLessThanOrEqual(w.stream.writableHighWaterMark + 64 * KiB);
    for (const w of writers) w.progress.stop = true;

    // Its PINGs now make us queue ACKs we cannot send: past the control-queue bound, it is cut off.
    const closed = closeOf(session);
    raw.write(Buffer.concat(Array.from({ length: 1200 }, () => encodePing(Buffer.alloc(8)))));
    expect(await closed).toMatchObject({ reason: 'control_flood' });
  });

  it('a peer FIN without GOAWAY while streams are open errors them (never a clean end)', async () => {
    const { session, raw, log } = await clientWithRawServer();
    raw.write(encodeSettings(PEER_SETTINGS));
    await once(session, 'ready');
    const failed = errorOf(session.open({ port: 1 }));
    await log.next('open');
    raw.end();
    expect(await failed).toMatchObject({ code: 'ERR_MUX_SESSION_CLOSED' });
  });

  it('the socket destroyed mid-transfer errors every stream on both sides', async () => {
    const { client, server, sockets } = await muxPair();
    const serverErrors: Array<Promise<Error>> = [];
    server.on('stream', (s) => serverErrors.push(errorOf(s)));
    const streams = [1, 2, 3].map((port) => client.open({ port }));
    const clientErrors = streams.map((s) => errorOf(s));
    for (const s of streams) s.write(randomBytes(100 * KiB));
    await until(() => serverErrors.length === 3);
    const [clientClosed, serverClosed] = [closeOf(client), closeOf(server)];
    sockets.client.destroy();
    for (const e of await Promise.all([...clientErrors, ...serverErrors])) {
      expect(e).toMatchObject({ code: 'ERR_MUX_SESSION_CLOSED' });
    }
    expect(await clientClosed).toBeInstanceOf(Error);
    expect(await serverClosed).toBeInstanceOf(Error);
  });

  it('over TLS, a lost connection errors the streams too', async () => {
    const { client, server, sockets } = await muxPair({ tls: true });
    const serverErrors: Array<Promise<Error>> = [];
    server.on('stream', (s) => serverErrors.push(errorOf(s)));
    const clientError = errorOf(client.open({ port: 1 }));
    await until(() => serverErrors.length === 1);
    sockets.server.destroy();
    expect(await clientError).toMatchObject({ code: 'ERR_MUX_SESSION_CLOSED' });
    expect(await serverErrors[0]).toMatchObject({ code: 'ERR_MUX_SESSION_CLOSED' });
  });
});

describe('drain (GOAWAY)', () => {
  it('existing streams finish, open() is refused, and both sessions close after the last stream', async () => {
    const { client, server } = await muxPair();
    server.on('stream', (s) => {
      s.on('error', () => {});
      s.pipe(s);
    });
    const a = client.open({ port: 1 });
    const b = client.open({ port: 2 });
    const [aEcho, bEcho] = [readAll(a), readAll(b)];
    a.write('a1 ');
    await until(() => server.openStreams === 2);
    const goaway = once(client, 'goaway');
    const [clientClosed, serverClosed] = [closeOf(client), closeOf(server)];
    server.drain();
    expect(await goaway).toEqual([2, 0]);
    expect(client.canOpen()).toBe(false);
    expect(() => client.open({ port: 3 })).toThrow(expect.objectContaining({ code: 'ERR_MUX_SESSION_DRAINING' }));
    a.end('a2');
    expect((await aEcho).toString()).toBe('a1 a2');
    expect(server.state).toBe('draining');
    b.end('b');
    expect((await bEcho).toString()).toBe('b');
    expect(await serverClosed).toBeUndefined();
    expect(await clientClosed).toBeUndefined();
  });

  it.each([{ tls: false }, { tls: true }])('a client drain with no streams closes both sides cleanly (tls: $tls)', async ({ tls }) => {
    const { client, server } = await muxPair({ tls });
    const closed = Promise.all([closeOf(client), closeOf(server)]);
    client.drain();
    expect(await closed).toEqual([undefined, undefined]);
  });
});

describe('ping', () => {
  it('measures a round trip from either side', async () => {
    const { client, server } = await muxPair();
    const [c, s] = await Promise.all([client.ping(), server.ping()]);
    for (const rtt of [c, s]) {
      expect(rtt).toBeGreaterThan(0);
      expect(rtt).toBeLessThan(1_000);
    }
  });

  it('rejects pending pings when the session is destroyed', async () => {
    const { session } = await clientWithRawServer();
    const p = session.ping();
    session.destroy();
    await expect(p).rejects.toBeInstanceOf(MuxSessionError);
  });
});
