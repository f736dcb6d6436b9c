// pipeBidirectional over real loopback TCP: an in-test proxy (accept → dial → pipe) between test
// clients and echo / sink / scripted servers. Covers round trips, half-close in both directions,
// a 256 MiB transfer checked by streaming hash, bounded buffering against a slow reader, and
// failure propagation (RST, destroy) with the failing side named, also while a FIN is being sent.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { pipeBidirectional } from '../../proxy/transport/copy.js';
import { armResetOnClose, resetBehindEof } from '../../proxy/transport/linger.js';
import { pipedConnection, startPipeProxy } from '../harness/pipe-proxy.js';
import { collect, connect, listen, onCleanup, runCleanups } from '../harness/sockets.js';

const MiB = 1024 * 1024;
afterEach(runCleanups);

/**
 * Resolves when the socket closes, with the error code it failed with (undefined if none), or
 * 'still open' if it hasn't closed within 2 s (a clean FIN to a half-open socket never closes it).
 */
function closeCode(socket: net.Socket): Promise<string | undefined> {
  let code: string | undefined;
  socket.on('error', (e: NodeJS.ErrnoException) => (code ??= e.code ?? e.message));
  const closed = new Promise<string | undefined>((r) => socket.once('close', () => r(code)));
  return Promise.race([closed, sleep(2_000, 'still open')]);
}

/** Streaming sha256 + byte count of everything until EOF (nothing retained). */
function hashUntilEnd(socket: net.Socket): Promise<{ bytes: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    let bytes = 0;
    socket.on('data', (c: Buffer) => {
      bytes += c.length;
      h.update(c);
    });
    socket.once('end', () => resolve({ bytes, sha256: h.digest('hex') }));
    socket.once('error', reject);
  });
}

/**
 * Write `total` bytes of non-repeating data, honouring backpressure; returns what was sent.
 * Chunks are fresh copies of one of a few random blocks, stamped with their index at a moving
 * offset, so a dropped, duplicated or reordered chunk changes the hash.
 */
async function sendGenerated(
  socket: net.Socket,
  total: number,
  onProgress?: (sent: number) => void,
): Promise<{ bytes: number; sha256: string }> {
  const CHUNK = 64 * 1024;
  const blocks = [randomBytes(CHUNK), randomBytes(CHUNK), randomBytes(CHUNK)];
  const h = createHash('sha256');
  let sent = 0;
  for (let k = 0; sent < total; k++) {
    const chunk = Buffer.from(blocks[k % blocks.length]!.subarray(0, Math.min(CHUNK, total - sent)));
    if (chunk.length >= 4) chunk.writeUInt32BE(k >>> 0, (k * 7919) % (chunk.length - 3));
    h.update(chunk);
    sent += chunk.length;
    onProgress?.(sent);
    if (!socket.write(chunk)) await once(socket, 'drain');
  }
  socket.end();
  return { bytes: sent, sha256: h.digest('hex') };
}

describe('pipeBidirectional', () => {
  it('round-trips bytes through an echo server, and byte counters are final at resolution', async () => {
    const { client, piped } = await pipedConnection((s) => s.pipe(s));
    const data = randomBytes(3 * MiB);
    const echoed = collect(client);
    client.end(data);
    expect((await echoed).equals(data)).toBe(true);
    expect(await piped.outcome).toEqual({ ok: true });
    expect(piped.client.bytesRead).toBe(data.length);
    expect(piped.client.bytesWritten).toBe(data.length);
    expect(piped.server.bytesWritten).toBe(data.length);
    expect(piped.server.bytesRead).toBe(data.length);
    expect(piped.client.destroyed && piped.server.destroyed).toBe(true);
  });

  it('carries a client half-close: the reply sent after the server sees EOF still arrives', async () => {
    const { client, piped } = await pipedConnection((s) => {
      let n = 0;
      s.on('data', (c: Buffer) => (n += c.length));
      s.on('end', () => {
        // The server only answers once it knows the request is complete (EOF), then closes.
        setTimeout(() => s.end(`got ${n} bytes`), 50);
      });
    });
    let settled = false;
    void piped.outcome.then(() => (settled = true));
    const reply = collect(client);
    client.write('ping ');
    client.end('pong');
    await sleep(25);
    expect(settled).toBe(false); // one direction done, the other still open
    expect(client.readableEnded).toBe(false);
    expect((await reply).toString()).toBe('got 9 bytes');
    expect(await piped.outcome).toEqual({ ok: true });
  });

  it('carries a server half-close: the client keeps sending after the server has finished', async () => {
    let received: Promise<Buffer> | undefined;
    const { client, piped } = await pipedConnection((s) => {
      received = collect(s);
      s.end('greeting, then FIN'); // write side closed first, still reading
    });
    const fromServer = await collect(client); // EOF seen by the client
    expect(fromServer.toString()).toBe('greeting, then FIN');
    client.write('still ');
    await sleep(20);
    client.end('talking');
    expect((await received!).toString()).toBe('still talking');
    expect(await piped.outcome).toEqual({ ok: true });
  });

  it('transfers 256 MiB intact (streaming sha256 on both ends)', async () => {
    let received: Promise<{ bytes: number; sha256: string }> | undefined;
    const { client, piped } = await pipedConnection((s) => {
      received = hashUntilEnd(s);
      void received.then(() => s.end());
    });
    client.resume(); // nothing comes back but the FIN
    const started = performance.now();
    const sent = await sendGenerated(client, 256 * MiB);
    const got = await received!;
    const elapsedMs = performance.now() - started;
    expect(got).toEqual(sent);
    expect(await piped.outcome).toEqual({ ok: true });
    expect(piped.server.bytesWritten).toBe(256 * MiB);
    console.log(`256 MiB through the proxy in ${elapsedMs.toFixed(0)} ms (${((256 / elapsedMs) * 1000).toFixed(0)} MiB/s)`);
  }, 120_000);

  it('keeps proxy buffering bounded while the receiver is slow (200 MiB pushed)', async () => {
    const TOTAL = 200 * MiB;
    let sinkSocket: net.Socket | undefined;
    let received: Promise<{ bytes: number; sha256: string }> | undefined;
    const { client, piped } = await pipedConnection((s) => {
      sinkSocket = s;
      s.pause(); // not reading at all at first
      received = hashUntilEnd(s);
      s.pause();
      void received.then(() => s.end());
    });
    client.resume();

    const buffered = () =>
      piped.client.readableLength + piped.client.writableLength + piped.server.readableLength + piped.server.writableLength;
    const rssBefore = process.memoryUsage().rss;
    let maxBuffered = 0;
    let maxRss = rssBefore;
    const sample = setInterval(() => {
      maxBuffered = Math.max(maxBuffered, buffered());
      maxRss = Math.max(maxRss, process.memoryUsage().rss);
    }, 5);
    onCleanup(() => clearInterval(sample));

    let sentSoFar = 0;
    const sending = sendGenerated(client, TOTAL, (n) => {
      sentSoFar = n;
      maxBuffered = Math.max(maxBuffered, buffered());
    });

    // Phase 1: the receiver doesn't read for 1.5 s. Everything must stall at the kernel's socket
    // buffers plus a bounded amount in the proxy.
    await sleep(1_500);
    const sentWhileStalled = sentSoFar;
    await sleep(200);
    expect(sentSoFar).toBe(sentWhileStalled); // the sender is blocked, not buffering into the proxy
    expect(sentWhileStalled).toBeLessThan(64 * MiB);

    // Phase 2: read slowly — bursts with pauses — until the end.
    const throttle = setInterval(() => {
      if (sinkSocket!.isPaused()) sinkSocket!.resume();
      else sinkSocket!.pause();
    }, 20);
    onCleanup(() => clearInterval(throttle));
    sinkSocket!.resume();

    const sent = await sending;
    const got = await received!;
    clearInterval(throttle);
    clearInterval(sample);
    expect(got).toEqual(sent);
    expect(await piped.outcome).toEqual({ ok: true });
    console.log(
      `slow reader: stalled after ${(sentWhileStalled / MiB).toFixed(1)} MiB; max proxy buffer ` +
        `${(maxBuffered / 1024).toFixed(0)} KiB; RSS growth ${((maxRss - rssBefore) / MiB).toFixed(1)} MiB`,
    );
    expect(maxBuffered).toBeLessThan(8 * MiB);
    expect(maxRss - rssBefore).toBeLessThan(100 * MiB);
  }, 120_000);

  it('a server RST resets the client and names the server as the failed side', async () => {
    const { client, piped } = await pipedConnection((s) => {
      s.once('data', () => s.resetAndDestroy());
    });
    const clientClosed = closeCode(client);
    client.write('hello');
    const outcome = await piped.outcome;
    expect(outcome.ok).toBe(false);
    expect(outcome.ok === false && outcome.side).toBe('server');
    expect(outcome.ok === false && (outcome.error as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    expect(await clientClosed).toBe('ECONNRESET'); // reset, not a clean FIN
  });

  it('a client RST resets the server and names the client as the failed side', async () => {
    let serverClosed: Promise<string | undefined> | undefined;
    let serverGotData: () => void = () => {};
    const gotData = new Promise<void>((r) => (serverGotData = r));
    const { client, piped } = await pipedConnection((s) => {
      serverClosed = closeCode(s);
      s.once('data', () => serverGotData());
    });
    client.on('error', () => {});
    client.write('hello');
    await gotData;
    client.resetAndDestroy();
    const outcome = await piped.outcome;
    expect(outcome).toMatchObject({ ok: false, side: 'client' });
    expect(outcome.ok === false && (outcome.error as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    expect(await serverClosed!).toBe('ECONNRESET');
  });

  it('a RST after one direction has already half-closed still fails the pipe', async () => {
    const { client, piped } = await pipedConnection((s) => {
      s.resume();
      s.once('end', () => setTimeout(() => s.resetAndDestroy(), 20));
    });
    const clientClosed = closeCode(client);
    client.end('request');
    expect(await piped.outcome).toMatchObject({ ok: false, side: 'server' });
    expect(await clientClosed).toBe('ECONNRESET');
  });

  it('a failure while the other side\'s own FIN is being sent still resets that side, and the pipe settles', async () => {
    const { client, piped } = await pipedConnection((s) => s.once('data', () => s.end('bye')));
    // Armed as podwire's listeners and dialers arm every proxied socket (linger.ts).
    armResetOnClose(piped.client);
    const clientSaw = new Promise<string>((resolve) => {
      client.once('end', () => resolve(resetBehindEof(client)?.code ?? 'end'));
      client.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    // The server's EOF makes the pipe end() the client socket; two ticks later its shutdown(2) is
    // queued in libuv and not done yet, when the server side fails. libuv refuses to reset a socket
    // in that state (EINVAL) and Node would then never emit its 'close'.
    piped.server.once('end', () => process.nextTick(() => process.nextTick(() => piped.server.destroy(new Error('cut')))));
    client.resume();
    client.write('x');
    expect(await Promise.race([piped.outcome, sleep(3_000, 'never settled')])).toMatchObject({ ok: false, side: 'server' });
    expect(await clientSaw).toBe('ECONNRESET');
  });

  it('a side destroyed without error (close without end) fails that side and resets the other', async () => {
    const { client, piped } = await pipedConnection((s) => s.pipe(s));
    const clientClosed = closeCode(client);
    client.write('x');
    await sleep(20);
    piped.server.destroy(); // e.g. the proxy shutting the connection down
    const outcome = await piped.outcome;
    expect(outcome).toMatchObject({ ok: false, side: 'server' });
    expect(outcome.ok === false && outcome.error.message).toMatch(/closed before the end/);
    expect(await clientClosed).toBe('ECONNRESET');
  });

  it('a socket handed over already destroyed fails at once', async () => {
    const echo = await listen((s) => s.pipe(s));
    const dialled = await connect(echo);
    const dead = await connect(echo);
    dead.destroy();
    await once(dead, 'close');
    const outcome = await pipeBidirectional(dead, dialled);
    expect(outcome).toMatchObject({ ok: false, side: 'client' });
    expect(dialled.destroyed).toBe(true);
  });

  it('many concurrent connections each get their own bytes back', async () => {
    const echo = await listen((s) => s.pipe(s));
    const proxy = await startPipeProxy(echo);
    const results = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const client = await connect(proxy.port);
        const data = randomBytes(64 * 1024 + Math.floor(Math.random() * 64 * 1024));
        const echoed = collect(client);
        client.end(data);
        return (await echoed).equals(data);
      }),
    );
    expect(results.every(Boolean)).toBe(true);
  });
});
