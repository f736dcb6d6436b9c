// MuxSession / MuxStream over real loopback sockets (plain TCP, and TLS with the mux ALPN), the
// session's limits: per-stream flow control (a paused reader stalls only its own stream, a bulk
// stream does not starve a request/response stream), the peer's limits (window, maxStreams),
// hostile or broken peers (garbage, never reading, FIN or socket loss with streams open), GOAWAY
// drain, and PING. Data, OPEN, half-close and reset are in mux-session.test.ts.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ResetCode,
  encodeData,
  encodeOpen,
  encodePing,
  encodeReset,
  encodeWindow,
  encodeSettings,
} from '../../proxy/mux/frame.js';
import { FrameDecoder } from '../../proxy/mux/frame-decoder.js';
import { DATA_QUANTUM, SEND_BUDGET } from '../../proxy/mux/scheduler.js';
import type { MuxStream } from '../../proxy/mux/stream.js';
import { MuxProtocolError, MuxSessionError } from '../../proxy/mux/index.js';
import { collect, onCleanup, runCleanups } from '../harness/sockets.js';
import { errorOf, until } from '../harness/mux-pair.js';
import { echo, sha, pump, PEER_SETTINGS, serverWithRawClient, clientWithRawServer, closeOf, muxPairWithCert as muxPair, muxTestCert } from '../harness/mux-raw-peer.js';

const KiB = 1024;
const MiB = 1024 * KiB;
afterEach(runCleanups);

const readAll = collect;

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
    const { session, socket, raw } = await clientWithRawServer({}, tls ? await muxTestCert() : undefined);
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
