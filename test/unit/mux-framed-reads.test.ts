// A socket read through framed-reads.ts (the inbound side's connection to the application, when it
// feeds a mux stream): its reads land where a DATA header fits before them, so the stream sends
// header and payload as one buffer, which the TLS socket encrypts in place instead of copying a
// two-buffer write first. Checked with real sockets: what the sink receives (every byte, in order,
// small reads copied out of the shared buffer, large ones with headroom and back to back), bytes
// read before a sink is attached, and EOF; then a real client session sending such a socket's
// bytes to a raw peer, with every flush a single buffer (the session's socket never gets a
// multi-buffer write) and the frames intact.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_HEADER_LEN, dataFrameInHeadroom } from '../../proxy/mux/frame.js';
import { FramedReads, READ_SIZE, framedReadsOf } from '../../proxy/mux/framed-reads.js';
import { tcpConnectOptions } from '../../proxy/tcp-connect-options.js';
import { sessionWithFrameLog } from '../harness/mux-frame-log.js';
import { until } from '../harness/mux-pair.js';
import { LOOPBACK, listen, onCleanup, runCleanups } from '../harness/sockets.js';

const KiB = 1024;
const MiB = 1024 * KiB;
afterEach(runCleanups);

/** An application that runs `serve` on the connection, and a socket to it read through FramedReads. */
async function framedConnection(serve: (s: net.Socket) => void, framedReads = true) {
  const port = await listen(serve);
  const framed = framedReads ? new FramedReads() : undefined;
  const socket = net.connect(tcpConnectOptions(LOOPBACK, port, framed?.onread));
  framed?.bind(socket);
  onCleanup(() => socket.destroy());
  socket.on('error', () => {});
  await once(socket, 'connect');
  return { socket, framed };
}

interface Read {
  chunk: Buffer;
  headroom: boolean;
}

function sinkOf(framed: FramedReads): Read[] {
  const reads: Read[] = [];
  framed.attach((chunk, headroom) => reads.push({ chunk, headroom }));
  return reads;
}

describe('FramedReads', () => {
  it('is what framedReadsOf finds for its socket, and nothing for another', async () => {
    const { socket, framed } = await framedConnection((s) => s.end());
    expect(framedReadsOf(socket)).toBe(framed);
    expect(framedReadsOf(new net.Socket())).toBeUndefined();
  });

  it('copies small reads out of the shared buffer: each stays intact after later reads, without headroom', async () => {
    const { socket, framed } = await framedConnection((s) => {
      s.write(Buffer.alloc(300, 0x61));
      setTimeout(() => s.end(Buffer.alloc(200, 0x62)), 50);
    });
    const reads = sinkOf(framed!);
    socket.resume();
    await once(socket, 'end');
    expect(reads.map((r) => [r.chunk.length, r.headroom])).toEqual([[300, false], [200, false]]);
    expect(reads[0]!.chunk.equals(Buffer.alloc(300, 0x61))).toBe(true);
    expect(reads[1]!.chunk.equals(Buffer.alloc(200, 0x62))).toBe(true);
  });

  it('puts a stream of large reads back to back with room for a header before each, every byte in order', async () => {
    const data = randomBytes(4 * MiB);
    const { socket, framed } = await framedConnection((s) => s.end(data));
    const reads = sinkOf(framed!);
    socket.resume();
    await once(socket, 'end');
    expect(Buffer.concat(reads.map((r) => r.chunk)).equals(data)).toBe(true);
    const withRoom = reads.filter((r) => r.headroom);
    expect(withRoom.length).toBeGreaterThan(reads.length / 2);
    for (const r of withRoom) expect(r.chunk.length).toBeLessThanOrEqual(READ_SIZE);
    // Within one slab, the next read starts one header after the end of the one before it.
    let adjacent = 0;
    for (let i = 1; i < withRoom.length; i++) {
      const [a, b] = [withRoom[i - 1]!.chunk, withRoom[i]!.chunk];
      if (a.buffer === b.buffer) {
        expect(b.byteOffset).toBe(a.byteOffset + a.length + FRAME_HEADER_LEN);
        adjacent++;
      }
    }
    expect(adjacent).toBeGreaterThan(0);
    // Headers written in place before every such read leave every payload byte as it was.
    for (const r of withRoom) dataFrameInHeadroom(1, r.chunk);
    expect(Buffer.concat(reads.map((r) => r.chunk)).equals(data)).toBe(true);
  });

  it('keeps what arrives before a sink is attached, pausing the socket past a bound, and hands it over in order', async () => {
    const data = randomBytes(1 * MiB);
    const { socket, framed } = await framedConnection((s) => s.end(data));
    await sleep(200); // the application's bytes arrive with no sink
    expect(socket.isPaused()).toBe(true);
    const reads = sinkOf(framed!);
    socket.resume();
    await once(socket, 'end');
    expect(Buffer.concat(reads.map((r) => r.chunk)).equals(data)).toBe(true);
  });
});

/** A client stream sending what an application writes (`framedReads` or not), to a raw peer. */
async function sendThroughSession(data: Buffer, framedReads: boolean) {
  const { session, socket, frames } = await sessionWithFrameLog();
  let multiBufferWrites = 0;
  const writev = socket._writev!.bind(socket);
  socket._writev = (chunks, callback) => {
    multiBufferWrites++;
    writev(chunks, callback);
  };
  const { socket: app } = await framedConnection((s) => s.end(data), framedReads);
  const stream = session.open({ port: 80 });
  stream.on('error', () => {});
  stream.sendFrom(app);
  await until(() => frames.received() === data.length, 10_000, 'every byte at the peer');
  return { frames, multiBufferWrites };
}

describe('a mux stream fed by a socket read through FramedReads', () => {
  it('sends each frame, header and payload, as one buffer: no multi-buffer write for the TLS socket to copy', async () => {
    const data = randomBytes(4 * MiB);
    const framed = await sendThroughSession(data, true);
    expect(Buffer.concat(framed.frames.payloads).equals(data)).toBe(true);
    // The same application through Node's own reads: header and payload are two buffers, every flush.
    const plain = await sendThroughSession(data, false);
    expect(Buffer.concat(plain.frames.payloads).equals(data)).toBe(true);
    expect(plain.multiBufferWrites).toBeGreaterThan(plain.frames.lengths.length / 2);
    // Framed reads leave only the writes that queued behind one still in flight (1-8 of ~70 here).
    expect(framed.multiBufferWrites).toBeLessThan(plain.multiBufferWrites / 2);
  });
});
