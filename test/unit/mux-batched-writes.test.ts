// batched-writes.ts: a mux stream's received bytes reach a plain application socket in one write
// per event-loop iteration when they stream (pieces of 8 KiB or more), and at once when they are
// small and nothing waits. Checked with real sockets: which writes the socket makes (its _write
// and _writev calls), that every byte arrives in order, that an end() or a destroy() during the
// wait loses nothing and throws nothing; then a real TLS mux pair whose stream forwards 4 MiB
// into a socket in far fewer writes than its session socket delivered pieces.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import tls from 'node:tls';
import { setImmediate as nextIteration } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_FROM, writeBatched, writesBatchWell } from '../../proxy/mux/batched-writes.js';
import type { MuxStream } from '../../proxy/mux/stream.js';
import { muxPair } from '../harness/mux-pair.js';
import { collect, runCleanups, selfSignedLocalhost, tcpPair, type TestCert } from '../harness/sockets.js';

const KiB = 1024;
const MiB = 1024 * KiB;
afterEach(runCleanups);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The writes a socket hands to its handle: chunk sizes per _write / _writev call. */
function writeLog(socket: net.Socket): number[][] {
  const log: number[][] = [];
  const s = socket as net.Socket & {
    _write(chunk: Buffer, encoding: BufferEncoding, cb: (e?: Error | null) => void): void;
    _writev(chunks: Array<{ chunk: Buffer }>, cb: (e?: Error | null) => void): void;
  };
  const write = s._write.bind(s);
  const writev = s._writev.bind(s);
  s._write = (chunk, encoding, cb) => (log.push([chunk.length]), write(chunk, encoding, cb));
  s._writev = (chunks, cb) => (log.push(chunks.map((c) => c.chunk.length)), writev(chunks, cb));
  return log;
}

describe('writeBatched', () => {
  it('sends the large pieces of one iteration, and a small one between them, as one write in order', async () => {
    const { client, server } = await tcpPair();
    const log = writeLog(client);
    const pieces = [randomBytes(16 * KiB), randomBytes(100), randomBytes(BATCH_FROM), randomBytes(16 * KiB)];
    for (const p of pieces) writeBatched(client, p);
    expect(log).toEqual([]); // nothing left yet: the socket waits for the check phase
    await nextIteration();
    expect(log).toEqual([pieces.map((p) => p.length)]);
    client.end();
    expect(sha(await collect(server))).toBe(sha(Buffer.concat(pieces)));
  });

  it('writes a small piece at once when nothing waits', async () => {
    const { client } = await tcpPair();
    const log = writeLog(client);
    writeBatched(client, Buffer.alloc(BATCH_FROM - 1, 1));
    expect(log).toEqual([[BATCH_FROM - 1]]);
    expect(client.writableCorked).toBe(0);
  });

  it('batches each socket on its own, once per iteration', async () => {
    const a = await tcpPair();
    const b = await tcpPair();
    const logA = writeLog(a.client);
    const logB = writeLog(b.client);
    for (let i = 0; i < 3; i++) {
      writeBatched(a.client, Buffer.alloc(BATCH_FROM, 1));
      writeBatched(b.client, Buffer.alloc(BATCH_FROM, 2));
    }
    await nextIteration();
    writeBatched(a.client, Buffer.alloc(BATCH_FROM, 3));
    await nextIteration();
    expect(logA).toEqual([[BATCH_FROM, BATCH_FROM, BATCH_FROM], [BATCH_FROM]]);
    expect(logB).toEqual([[BATCH_FROM, BATCH_FROM, BATCH_FROM]]);
  });

  it('an end() during the wait sends every byte, then the EOF', async () => {
    const { client, server } = await tcpPair();
    const pieces = [randomBytes(32 * KiB), randomBytes(32 * KiB)];
    for (const p of pieces) writeBatched(client, p);
    client.end();
    expect(sha(await collect(server))).toBe(sha(Buffer.concat(pieces)));
  });

  it('a socket destroyed during the wait is passed over; the others still get their bytes', async () => {
    const a = await tcpPair();
    const b = await tcpPair();
    writeBatched(a.client, Buffer.alloc(BATCH_FROM));
    writeBatched(b.client, Buffer.alloc(BATCH_FROM, 7));
    a.client.destroy();
    await nextIteration();
    b.client.end();
    expect(await collect(b.server)).toEqual(Buffer.alloc(BATCH_FROM, 7));
  });
});

describe('writesBatchWell', () => {
  it('is true for a plain socket only', () => {
    expect(writesBatchWell(new net.Socket())).toBe(true);
    expect(writesBatchWell(new tls.TLSSocket(new net.Socket()))).toBe(false);
    expect(writesBatchWell(new PassThrough())).toBe(false);
  });
});

describe('a stream forwarding into a plain socket', () => {
  let cert: TestCert;
  beforeAll(async () => {
    cert = await selfSignedLocalhost();
  });

  it('writes 4 MiB in far fewer writes than its session socket delivered pieces, every byte in order', async () => {
    const { client, server, sockets } = await muxPair({ tls: true, cert });
    let pieces = 0;
    sockets.server.on('data', () => pieces++);
    const app = await tcpPair();
    const log = writeLog(app.client);
    const accepted = once(server, 'stream');
    const body = randomBytes(4 * MiB);
    const s = client.open({ port: 80 });
    s.on('error', () => {});
    s.end(body);
    const [stream] = (await accepted) as [MuxStream];
    stream.on('error', () => {}); // the session closes at cleanup
    stream.forwardTo(app.client);
    stream.resume();
    await once(stream, 'end');
    app.client.end();
    expect(sha(await collect(app.server))).toBe(sha(body));
    expect(pieces).toBeGreaterThan(4 * MiB / (16 * KiB)); // a TLS record's worth or less each
    expect(log.length).toBeLessThan(pieces / 2);
  });
});
