// A mux stream as one side of the proxy's byte pipe: pipeBidirectional carries its bytes with
// MuxStream.forwardTo (received bytes straight into the other side, no Readable in between) and
// sendFrom (the other side's reads straight into frames, no Writable). What must hold: the bytes
// arrive intact and in order (those queued before forwarding began first), the EOF becomes 'end'
// after them, a sink that stops draining stops its sender's credit and a peer that stops reading
// pauses the source, both with bounded buffering and resuming intact, and half-close and resets
// still reach the other end.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ResetCode } from '../../proxy/mux/frame.js';
import type { MuxStream } from '../../proxy/mux/stream.js';
import { pipeBidirectional, type PipeOutcome } from '../../proxy/transport/copy.js';
import { errorOf, muxPair, until } from '../harness/mux-pair.js';
import { collect, listen, onCleanup, runCleanups } from '../harness/sockets.js';

const KiB = 1024;
const MiB = 1024 * KiB;
afterEach(runCleanups);

const readAll = collect;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A sink whose writes complete only once released: a stalled application socket. */
function stalledSink(highWaterMark = 16 * KiB) {
  const got: Buffer[] = [];
  const held: Array<() => void> = [];
  let open = false;
  const sink = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      got.push(chunk);
      if (open) callback();
      else held.push(callback);
    },
  });
  const release = () => {
    open = true;
    for (const callback of held.splice(0)) callback();
  };
  return { sink, got, release };
}

/** The server side of the next stream the client opens. */
const nextServerStream = (server: Awaited<ReturnType<typeof muxPair>>['server']) =>
  once(server, 'stream').then(([s]) => {
    (s as MuxStream).on('error', () => {});
    return s as MuxStream;
  });

describe('MuxStream.forwardTo', () => {
  it('writes what arrives into the sink in order, bytes queued before it first, then ends', async () => {
    const { client, server } = await muxPair();
    const serverStream = nextServerStream(server);
    const s = client.open({ port: 80 });
    s.on('error', () => {}); // the server side never ends: the stream is open at cleanup
    const before = randomBytes(100 * KiB);
    s.write(before);
    const stream = await serverStream;
    await until(() => stream.queuedReceiveBytes === before.length, 3_000, 'bytes queued before forwardTo');
    const got: Buffer[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => (got.push(chunk), cb()) });
    stream.forwardTo(sink);
    const after = randomBytes(3 * MiB);
    s.end(after);
    await once(stream, 'end');
    expect(sha(Buffer.concat(got))).toBe(sha(Buffer.concat([before, after])));
    expect(stream.bytesRead).toBe(before.length + after.length);
    expect(stream.queuedReceiveBytes).toBe(0);
    expect(() => stream.forwardTo(sink)).toThrow(/already forwards/);
  });

  it('a sink that stops draining stalls its sender with bounded buffering, and resumes intact', async () => {
    const window = 64 * KiB;
    const { client, server } = await muxPair({ server: { initialWindow: window } });
    const serverStream = nextServerStream(server);
    const s = client.open({ port: 80 });
    s.on('error', () => {});
    const data = randomBytes(8 * MiB);
    let written = false;
    s.end(data, () => (written = true));
    const stream = await serverStream;
    const { sink, got, release } = stalledSink();
    stream.forwardTo(sink);
    await until(() => sink.writableLength > 0, 3_000, 'bytes in the sink');
    await sleep(200);
    // No credit for what waits beyond the allowance (64 KiB): the peer may send one window more
    // (the window may have grown while the sink took its allowance at once: receive-window.ts).
    const allowance = 64 * KiB;
    expect(stream.receiveWindow.size).toBeLessThanOrEqual(4 * window);
    expect(sink.writableLength).toBeLessThanOrEqual(allowance + stream.receiveWindow.size);
    expect(written).toBe(false);
    const stalledAt = stream.bytesRead;
    await sleep(100);
    expect(stream.bytesRead).toBe(stalledAt);
    release();
    await once(stream, 'end');
    expect(sha(Buffer.concat(got))).toBe(sha(data));
    await until(() => written, 3_000, 'the sender finished');
  });

  it('one stalled sink does not stall another stream on the same connection', async () => {
    const { client, server } = await muxPair({ server: { initialWindow: 64 * KiB } });
    const streams: MuxStream[] = [];
    server.on('stream', (st: MuxStream) => {
      st.on('error', () => {});
      streams.push(st);
      if (streams.length === 1) st.forwardTo(stalledSink().sink); // never released
      else st.forwardTo(st); // echo through forwardTo
    });
    const slow = client.open({ port: 1 });
    slow.on('error', () => {});
    slow.write(randomBytes(2 * MiB));
    await until(() => streams.length === 1, 3_000, 'the slow stream');
    const fast = client.open({ port: 2 });
    fast.on('error', () => {});
    const data = randomBytes(2 * MiB);
    const echoed = readAll(fast);
    fast.write(data);
    await until(() => streams.length === 2, 3_000, 'the fast stream');
    const [, fastServer] = streams;
    fastServer!.on('end', () => fastServer!.end());
    fast.end();
    expect(sha(await echoed)).toBe(sha(data));
  });
});

describe('MuxStream.sendFrom', () => {
  it('sends what the source reads, then the FIN; a peer that stops reading pauses the source with bounded queueing', async () => {
    const window = 64 * KiB;
    const { client, server } = await muxPair({ server: { initialWindow: window } });
    const serverStream = nextServerStream(server);
    const s = client.open({ port: 80 });
    s.on('error', () => {});
    const data = randomBytes(4 * MiB);
    const chunks = Array.from({ length: data.length / (64 * KiB) }, (_, i) => data.subarray(i * 64 * KiB, (i + 1) * 64 * KiB));
    const source = Readable.from(chunks);
    let emitted = 0;
    source.on('data', (c: Buffer) => (emitted += c.length));
    source.on('end', () => s.end());
    s.sendFrom(source);
    const stream = await serverStream;
    await sleep(200);
    // The window (64 KiB) is in flight or at the peer, the outbox holds up to 64 KiB more, plus the chunk that crossed it.
    expect(source.isPaused()).toBe(true);
    expect(emitted).toBeLessThanOrEqual(window + 64 * KiB + 64 * KiB);
    const received = readAll(stream);
    expect(sha(await received)).toBe(sha(data));
    expect(s.bytesWritten).toBe(data.length);
  });
});

describe('as one side of the proxy byte pipe (pipeBidirectional)', () => {
  /** An inbound-like server: each stream is piped to a new TCP connection to `app`. */
  async function inboundTo(onApp: (s: net.Socket) => void) {
    const appPort = await listen(onApp);
    const { client, server } = await muxPair();
    const outcomes: Array<Promise<PipeOutcome>> = [];
    server.on('stream', (stream) => {
      const app = net.connect({ port: appPort, host: '127.0.0.1', allowHalfOpen: true });
      app.on('error', () => {});
      onCleanup(() => app.destroy());
      outcomes.push(new Promise((r) => app.once('connect', () => r(pipeBidirectional(stream as unknown as net.Socket, app)))));
    });
    return { client, outcomes };
  }

  it('carries a half-closed exchange to a TCP app and ends cleanly', async () => {
    const { client, outcomes } = await inboundTo((s) => {
      const got: Buffer[] = [];
      s.on('data', (c: Buffer) => got.push(c));
      s.on('end', () => s.end(`echo:${Buffer.concat(got).toString()}`));
    });
    const s = client.open({ port: 80 });
    const reply = readAll(s);
    s.end('hello');
    expect((await reply).toString()).toBe('echo:hello');
    await until(() => outcomes.length === 1);
    expect(await outcomes[0]).toEqual({ ok: true });
  });

  it('an app reset reaches the client stream as RESET APP_RESET', async () => {
    const { client, outcomes } = await inboundTo((s) => s.once('data', () => s.resetAndDestroy()));
    const s = client.open({ port: 80 });
    const failed = errorOf(s);
    s.write('x');
    expect(await failed).toMatchObject({ code: 'ERR_MUX_RESET', resetCode: ResetCode.APP_RESET, remote: true });
    await until(() => outcomes.length === 1);
    expect(await outcomes[0]).toMatchObject({ ok: false, side: 'server' });
  });
});
