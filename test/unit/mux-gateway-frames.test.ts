// A gateway joins two mux connections: the streams it accepts on one are piped (copy.ts) into
// streams it opens on the other. What it receives arrives one TLS record at a time (a piece of a
// frame each), and what it sends must not be framed piece by piece: frames of one record plus a
// 9-byte header straddle the records they travel in, and the receiver then copies every piece
// whose frame ends just past a record to join it with its tail (frame-decoder.ts TAIL_WAIT): three
// quarters of the bytes, in the bench's gateway-mux bulk. The pieces a loop iteration brings are
// framed together instead (scheduler.ts: streams are pumped at the iteration's flush).
// And the gateway's pipe keeps the bounds of any other: an onward reader that stops stalls the
// upstream sender, with bounded bytes waiting at the gateway, and everything arrives once it reads.
// Checked with real sessions: a TLS leg into the gateway, a raw peer logging the onward leg's
// frames, or a real onward session whose application stops reading.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_HEADER_LEN } from '../../proxy/mux/frame.js';
import type { MuxStream } from '../../proxy/mux/stream.js';
import { pipeBidirectional } from '../../proxy/transport/copy.js';
import { sessionWithFrameLog } from '../harness/mux-frame-log.js';
import { muxPair, until } from '../harness/mux-pair.js';
import { muxPairWithCert } from '../harness/mux-raw-peer.js';
import { collect, runCleanups } from '../harness/sockets.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const TLS_RECORD = 16 * KiB;
afterEach(runCleanups);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const streamOf = (session: NodeJS.EventEmitter) =>
  once(session, 'stream').then(([s]) => {
    (s as MuxStream).on('error', () => {});
    return s as MuxStream;
  });

/** A client writing `data` on a TLS mux leg into a gateway that pipes it onto a logged onward leg. */
async function throughGateway(data: Buffer) {
  const upstream = await muxPairWithCert({ tls: true });
  const onward = await sessionWithFrameLog();
  const accepted = once(upstream.server, 'stream').then(([s]) => s as MuxStream);
  const client = upstream.client.open({ port: 80 });
  client.on('error', () => {});
  client.end(data);
  const inbound = await accepted;
  const outbound = onward.session.open({ port: 80 });
  for (const s of [inbound, outbound]) s.on('error', () => {});
  void pipeBidirectional(inbound, outbound);
  await until(() => onward.frames.received() === data.length, 10_000, 'every byte on the onward leg');
  return onward.frames;
}

describe("a gateway's onward stream", () => {
  it('frames the record-sized pieces it receives together, in whole TLS records, not one frame per piece', async () => {
    const data = randomBytes(4 * 1024 * KiB);
    const frames = await throughGateway(data);
    expect(Buffer.concat(frames.payloads).equals(data)).toBe(true);
    const records = data.length / TLS_RECORD;
    // Piece by piece, that would be at least one frame per record received (256 here).
    expect(frames.lengths.length).toBeLessThan(records / 2);
    // A frame that fills whole records (its 9-byte header included) leaves the next frame starting
    // on a record boundary; most do.
    const whole = frames.lengths.filter((n) => (n + FRAME_HEADER_LEN) % TLS_RECORD === 0).length;
    expect(whole).toBeGreaterThan(frames.lengths.length / 2);
  });

  it('an onward reader that stops stalls the upstream sender with bounded bytes at the gateway; all arrive once it reads', async () => {
    const window = 64 * KiB;
    const upstream = await muxPairWithCert({ tls: true, server: { initialWindow: window } });
    const onward = await muxPair({ server: { initialWindow: window } });
    const accepted = streamOf(upstream.server);
    const atApp = streamOf(onward.server);
    const client = upstream.client.open({ port: 80 });
    client.on('error', () => {});
    const data = randomBytes(16 * MiB);
    let written = false;
    client.end(data, () => (written = true));
    const inbound = await accepted;
    const outbound = onward.client.open({ port: 80 });
    outbound.on('error', () => {});
    void pipeBidirectional(inbound, outbound);
    const app = await atApp; // never read until released: its window closes
    await until(() => outbound.sendBacklog > 0, 3_000, 'bytes waiting on the onward stream');
    await sleep(300);
    // At the gateway: what the upstream stream holds (its window, possibly grown, and its Readable's
    // 64 KiB) and what waits to go onward (at most its read-ahead, 256 KiB, and the piece that
    // crossed it); the sender is held back.
    const atGateway = () => inbound.queuedReceiveBytes + inbound.readableLength + outbound.sendBacklog;
    expect(atGateway()).toBeLessThanOrEqual(4 * window + 64 * KiB + 256 * KiB + 16 * KiB);
    expect(written).toBe(false);
    const stalledAt = inbound.bytesRead;
    await sleep(100);
    expect(inbound.bytesRead).toBe(stalledAt);
    const received = collect(app);
    app.on('end', () => app.end());
    expect(sha(await received)).toBe(sha(data));
    await until(() => written, 3_000, 'the sender finished');
  });
});
