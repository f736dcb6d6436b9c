// How the mux sender cuts a stream's bytes into DATA frames (scheduler.ts frameSize, outbox.ts
// take): a backlog goes out in frames whose header and payload fill whole TLS records (64 KiB − 9
// alone, 16 KiB − 9 in rotation), each filled from as many application reads as it needs, without
// copying them; what fits in one frame goes as one frame. And how frames reach the socket: the
// small frames of one pump, or those a received chunk makes us send, in one socket write.
// Checked on the pure function, on the outbox, and on the bytes a real session writes to a raw peer
// over loopback.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_HEADER_LEN, FrameType, encodePing, encodeSettings, encodeWindow } from '../../proxy/mux/frame.js';
import { Outbox } from '../../proxy/mux/outbox.js';
import { DATA_QUANTUM, SOLO_QUANTUM, frameSize, sliceLimit } from '../../proxy/mux/scheduler.js';
import { MuxSession } from '../../proxy/mux/session.js';
import { onCleanup, runCleanups, tcpPair } from '../harness/sockets.js';
import { until } from '../harness/mux-pair.js';
import { sessionWithFrameLog } from '../harness/mux-frame-log.js';

const KiB = 1024;
const TLS_RECORD = 16 * KiB;
afterEach(runCleanups);

describe('frameSize', () => {
  it.each([
    { case: 'all queued bytes when they fit (alone)', queued: 65_536, limit: SOLO_QUANTUM, size: 65_536 },
    { case: 'all queued bytes when they fit (small)', queued: 100, limit: SOLO_QUANTUM, size: 100 },
    { case: 'four whole records when more waits (alone)', queued: 65_537, limit: SOLO_QUANTUM, size: 4 * TLS_RECORD - FRAME_HEADER_LEN },
    { case: 'four whole records from a large backlog', queued: 10_000_000, limit: SOLO_QUANTUM, size: 65_527 },
    { case: 'one whole record in rotation', queued: 65_536, limit: DATA_QUANTUM, size: DATA_QUANTUM },
    { case: "whole records within a peer's odd maxFrame", queued: 65_536, limit: 40_000, size: 2 * TLS_RECORD - FRAME_HEADER_LEN },
    { case: "the peer's smallest maxFrame", queued: 65_536, limit: 16_384, size: 16_375 },
  ])('$case', ({ queued, limit, size }) => {
    expect(frameSize(queued, limit)).toBe(size);
    expect(size).toBeLessThanOrEqual(limit);
    if (queued > limit) expect((size + FRAME_HEADER_LEN) % TLS_RECORD).toBe(0);
  });
});

describe('sliceLimit', () => {
  it.each([
    { case: 'a big turn (alone, or a bulk stream next)', bigTurn: true, peerMaxFrame: 64 * KiB, limit: SOLO_QUANTUM },
    { case: 'a small stream next in line', bigTurn: false, peerMaxFrame: 64 * KiB, limit: DATA_QUANTUM },
    { case: "a big turn within the peer's smaller maxFrame", bigTurn: true, peerMaxFrame: 20_000, limit: 20_000 },
    { case: 'before the peer sent SETTINGS', bigTurn: true, peerMaxFrame: undefined, limit: DATA_QUANTUM },
  ])('$case', ({ bigTurn, peerMaxFrame, limit }) => {
    expect(sliceLimit(bigTurn, peerMaxFrame)).toBe(limit);
  });
});

describe('Outbox.take', () => {
  it('fills a slice from several queued chunks as views, running each write callback once its last byte is taken', () => {
    const outbox = new Outbox(() => 1 << 20, () => {});
    const chunks = [randomBytes(10), randomBytes(20), randomBytes(30)];
    const done: number[] = [];
    chunks.forEach((c, i) => outbox.add(c, () => done.push(i)));
    const first = outbox.take(25);
    expect(first.map((p) => p.length)).toEqual([10, 15]);
    expect(first[0]!.buffer).toBe(chunks[0]!.buffer); // a view, not a copy
    expect(Buffer.concat(first)).toEqual(Buffer.concat(chunks).subarray(0, 25));
    expect(done).toEqual([0]);
    expect(outbox.queued).toBe(35);
    const rest = outbox.take(1000);
    expect(rest.map((p) => p.length)).toEqual([5, 30]);
    expect(Buffer.concat([...first, ...rest])).toEqual(Buffer.concat(chunks));
    expect(done).toEqual([0, 1, 2]);
    expect(outbox.isEmpty).toBe(true);
  });
});

describe('Outbox.takeInto', () => {
  it('copies a slice from several queued chunks, running write callbacks and resuming a paused source', () => {
    let limit = 25;
    const outbox = new Outbox(() => limit, () => {});
    const source = new PassThrough();
    outbox.readFrom(source, () => true);
    const chunks = [randomBytes(10), randomBytes(20), randomBytes(30)];
    const done: number[] = [];
    outbox.add(chunks[0]!, () => done.push(0));
    source.write(chunks[1]!); // 30 queued: over the limit, the source is paused
    expect(source.isPaused()).toBe(true);
    outbox.add(chunks[2]!, () => done.push(2));
    limit = 50;
    const out = Buffer.alloc(4 + 25, 0xee);
    outbox.takeInto(out, 4, 25);
    expect(out.subarray(0, 4)).toEqual(Buffer.alloc(4, 0xee));
    expect(out.subarray(4)).toEqual(Buffer.concat(chunks).subarray(0, 25));
    expect(done).toEqual([0]);
    expect(outbox.queued).toBe(35);
    expect(source.isPaused()).toBe(false); // 35 < 50 queued now
    const rest = Buffer.alloc(35);
    outbox.takeInto(rest, 0, 35);
    expect(Buffer.concat([out.subarray(4), rest])).toEqual(Buffer.concat(chunks));
    expect(done).toEqual([0, 2]);
    expect(outbox.isEmpty).toBe(true);
  });
});

/** A stream on `session` that sends `data`, read from a source in 64 KiB chunks (as the proxy's pipe does). */
function streamFromSource(session: MuxSession, port: number, data: Buffer) {
  const stream = session.open({ port });
  stream.on('error', () => {});
  const source = new PassThrough({ highWaterMark: 64 * KiB });
  (async () => {
    for (let at = 0; at < data.length; at += 64 * KiB) {
      if (!source.write(data.subarray(at, at + 64 * KiB))) await once(source, 'drain');
    }
  })();
  stream.sendFrom(source);
  return stream;
}

describe('DATA frames on the wire', () => {
  it('a backlog read from a source in 64 KiB chunks goes out in frames of whole TLS records, intact', async () => {
    const { session, socket, frames } = await sessionWithFrameLog();
    // Hold the connection's writes so that the source's chunks queue up behind the first frame,
    // as they do behind a TLS socket that is still busy with the previous ones.
    socket.cork();
    const data = randomBytes(32 * 64 * KiB + 100);
    streamFromSource(session, 80, data);
    await sleep(20);
    socket.uncork();
    await until(() => frames.received() === data.length, 5_000, 'every byte at the peer');
    expect(Buffer.concat(frames.payloads).equals(data)).toBe(true); // (toEqual on 2 MiB takes seconds)
    // The first chunk went out alone, at once; what queued behind it (READ_AHEAD, 256 KiB and the
    // chunk that crossed it) in frames of four whole records; the few bytes left over in one frame.
    const full = 4 * TLS_RECORD - FRAME_HEADER_LEN;
    const [first, ...rest] = frames.lengths;
    expect(first).toBe(64 * KiB);
    const run = rest.findIndex((n) => n !== full);
    expect(run).toBeGreaterThanOrEqual(4);
    // 9 bytes per full frame were left over; the source's last 100 bytes may join them (read
    // before the frame was cut: its pump and the read are in the same loop iteration).
    expect([run * (64 * KiB - full), run * (64 * KiB - full) + 100]).toContain(rest[run]);
    expect(frames.lengths.every((n) => n <= SOLO_QUANTUM)).toBe(true);
  });

  it('two bulk streams take turns in frames of whole TLS records; beside a small stream, in single records', async () => {
    const { session, socket, frames } = await sessionWithFrameLog();
    socket.cork();
    const bulk = [randomBytes(16 * 64 * KiB), randomBytes(16 * 64 * KiB)];
    const [a, b] = bulk.map((data, i) => streamFromSource(session, 80 + i, data));
    await sleep(20);
    socket.uncork();
    await until(() => frames.received() === 2 * 16 * 64 * KiB, 5_000, 'both backlogs at the peer');
    const full = 4 * TLS_RECORD - FRAME_HEADER_LEN;
    const ofStream = (id: number) => frames.lengths.filter((_, i) => frames.streamIds[i] === id);
    // Both turned (interleaved), and neither was cut into 16 KiB turns for the other's sake.
    expect(new Set(frames.streamIds.slice(0, 6)).size).toBe(2);
    for (const s of [a!, b!]) {
      expect(ofStream(s.id).filter((n) => n === full).length).toBeGreaterThanOrEqual(3);
      expect(ofStream(s.id)).not.toContain(DATA_QUANTUM);
    }

    // A bulk backlog with a small stream waiting next: the bulk turns shrink to one record.
    socket.cork();
    const bulkData = randomBytes(16 * 64 * KiB);
    const third = streamFromSource(session, 90, bulkData);
    await sleep(20);
    const small = session.open({ port: 91 });
    small.on('error', () => {});
    small.write(Buffer.alloc(100, 0x73));
    socket.uncork();
    const before = frames.lengths.length;
    await until(() => frames.received() === 3 * 16 * 64 * KiB + 100, 5_000, 'the third backlog and the small write');
    const after = frames.lengths.slice(before);
    const smallAt = frames.streamIds.slice(before).indexOf(small.id);
    expect(smallAt).toBeGreaterThan(0);
    // Before the small stream's DATA: the bulk frame from before it queued, then one single-record
    // bulk turn before its OPEN and one before its DATA.
    const bulkBefore = after.slice(0, smallAt);
    expect(bulkBefore.length).toBeLessThanOrEqual(3);
    expect(bulkBefore.slice(1).every((n) => n <= DATA_QUANTUM)).toBe(true);
    expect(frames.streamIds.slice(before).filter((id) => id === third.id).length).toBeGreaterThan(0);
  });
});

/** The sizes of the chunks `socket.write` is called with (each one TLS record on a TLS socket). */
function recordWrites(socket: NodeJS.WritableStream): number[] {
  const sizes: number[] = [];
  const write = socket.write.bind(socket) as (chunk: Buffer, ...rest: unknown[]) => boolean;
  socket.write = ((chunk: Buffer, ...rest: unknown[]) => {
    sizes.push(chunk.length);
    return write(chunk, ...rest);
  }) as typeof socket.write;
  return sizes;
}

describe('frames to the socket', () => {
  it("the small frames of one pump go out in one write: two streams' DATA released by one chunk of credit", async () => {
    const { session, socket, frames, raw } = await sessionWithFrameLog(16 * KiB);
    // Each stream's first 16 KiB fill its window; the 100 bytes behind them wait for credit.
    const streams = [session.open({ port: 80 }), session.open({ port: 81 })];
    for (const s of streams) {
      s.on('error', () => {});
      s.write(Buffer.alloc(16 * KiB + 100, 0x61));
    }
    await until(() => frames.received() === 2 * 16 * KiB, 3_000, 'both windows used up');
    const writes = recordWrites(socket);
    raw.write(Buffer.concat(streams.map((s) => encodeWindow(s.id, 64 * KiB))));
    await until(() => frames.received() === 2 * (16 * KiB + 100), 3_000, 'the waiting bytes at the peer');
    expect(frames.lengths.slice(-2)).toEqual([100, 100]);
    expect(writes).toEqual([2 * (FRAME_HEADER_LEN + 100)]);
  });

  it('the frames of separate pumps in one loop iteration go out in one write (two applications writing one after the other)', async () => {
    const { session, socket, frames } = await sessionWithFrameLog();
    const streams = [session.open({ port: 80 }), session.open({ port: 81 })];
    for (const s of streams) {
      s.on('error', () => {});
      s.write('open');
    }
    await until(() => frames.received() === 8, 3_000, 'both OPENs and their first bytes');
    const writes = recordWrites(socket);
    // Each write() pumps on its own (as two sockets' reads in one poll phase do).
    streams[0]!.write(Buffer.alloc(100, 0x61));
    streams[1]!.write(Buffer.alloc(100, 0x62));
    await until(() => frames.received() === 8 + 200, 3_000, 'both DATA frames at the peer');
    expect(writes).toEqual([2 * (FRAME_HEADER_LEN + 100)]);
  });

  it('the replies to the frames of one received chunk go out in one write after it', async () => {
    const { client: socket, server: raw } = await tcpPair();
    const session = new MuxSession(socket, { role: 'client' });
    onCleanup(() => session.destroy());
    const fromSession: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => fromSession.push(chunk));
    const settingsBytes = FRAME_HEADER_LEN + 12; // the session's own SETTINGS, first
    raw.write(encodeSettings({ initialWindow: 1024 * KiB, maxStreams: 10, maxFrame: 64 * KiB }));
    await until(() => session.peer !== undefined, 3_000, "the peer's SETTINGS");
    const writes = recordWrites(socket);
    raw.write(Buffer.concat([1, 2, 3].map((n) => encodePing(Buffer.alloc(8, n)))));
    const ackLen = FRAME_HEADER_LEN + 8;
    await until(() => Buffer.concat(fromSession).length >= settingsBytes + 3 * ackLen, 3_000, 'three PING acks');
    expect(writes).toEqual([3 * ackLen]);
    const acks = Buffer.concat(fromSession).subarray(settingsBytes);
    for (let i = 0; i < 3; i++) {
      const ack = acks.subarray(i * ackLen, (i + 1) * ackLen);
      expect(ack[3]).toBe(FrameType.PING);
      expect(ack.subarray(FRAME_HEADER_LEN)).toEqual(Buffer.alloc(8, i + 1));
    }
  });
});
