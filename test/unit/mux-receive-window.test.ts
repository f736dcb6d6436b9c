// A mux stream's receive window (proxy/mux/receive-window.ts): what the peer may send, and growth,
// the pure rule with an injected clock (half a window consumed within GROW_WITHIN_MS doubles it, up to MAX_STREAM_WINDOW, within the session's
// budget), then real sessions over loopback: a stream read promptly grows its window and gives the
// growth back when it ends; a stream whose reader stopped never grows, and one that stops after
// growing holds no more than its grown window.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { GROW_WITHIN_MS, GrowthBudget, MAX_STREAM_WINDOW, ReceiveWindow, WINDOW_GROWTH_BUDGET } from '../../proxy/mux/receive-window.js';
import { MUX_DEFAULTS } from '../../proxy/mux/settings.js';
import type { MuxSession } from '../../proxy/mux/session.js';
import type { MuxStream } from '../../proxy/mux/stream.js';
import { collect, runCleanups } from '../harness/sockets.js';
import { muxPair, until } from '../harness/mux-pair.js';

const KiB = 1024;
const MiB = 1024 * KiB;
afterEach(runCleanups);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * A window on a clock the test moves; `credit(afterMs)` credits half the window that many ms after
 * the last credit and returns the growth it carried.
 */
function windowOnClock(initial: number, budget = new GrowthBudget()) {
  let now = 0;
  const window = new ReceiveWindow(initial, () => now);
  const credit = (afterMs: number) => {
    now += afterMs;
    const consumed = window.size / 2;
    return window.credit(consumed, (wanted) => budget.take(wanted)) - consumed;
  };
  return { window, credit, budget };
}

describe('ReceiveWindow', () => {
  it('lets the peer send what it was credited, no more, and credit (with growth) adds to that', () => {
    const { window } = windowOnClock(64 * KiB);
    expect(window.use(64 * KiB + 1)).toBe(false);
    expect(window.available).toBe(64 * KiB);
    expect(window.use(40 * KiB)).toBe(true);
    expect(window.use(40 * KiB)).toBe(false);
    expect(window.credit(32 * KiB, (wanted) => wanted)).toBe(96 * KiB); // consumed at once: doubled
    expect(window.available).toBe(120 * KiB);
    expect(window.size).toBe(128 * KiB);
  });

  it.each([
    { case: 'consumed within GROW_WITHIN_MS: doubles', afterMs: GROW_WITHIN_MS, extra: 1 * MiB, size: 2 * MiB },
    { case: 'consumed at once: doubles', afterMs: 0, extra: 1 * MiB, size: 2 * MiB },
    { case: 'consumed more slowly: stays', afterMs: GROW_WITHIN_MS + 1, extra: 0, size: 1 * MiB },
    { case: 'consumed much more slowly: stays', afterMs: 10_000, extra: 0, size: 1 * MiB },
  ])('$case', ({ afterMs, extra, size }) => {
    const { window, credit } = windowOnClock(1 * MiB);
    expect(credit(afterMs)).toBe(extra);
    expect(window.size).toBe(size);
    expect(window.grownBy).toBe(size - 1 * MiB);
  });

  it('grows by doubling up to MAX_STREAM_WINDOW and no further', () => {
    const { window, credit } = windowOnClock(1 * MiB);
    const extras = Array.from({ length: 6 }, () => credit(1));
    expect(extras).toEqual([1 * MiB, 2 * MiB, 4 * MiB, 0, 0, 0]);
    expect(window.size).toBe(MAX_STREAM_WINDOW);
  });

  it('an initial window that does not double evenly into the maximum stops exactly at it', () => {
    const { window, credit } = windowOnClock(3 * MiB);
    expect([credit(1), credit(1), credit(1)]).toEqual([3 * MiB, 2 * MiB, 0]);
    expect(window.size).toBe(MAX_STREAM_WINDOW);
  });

  it('a slow credit between fast ones only skips that growth', () => {
    const { window, credit } = windowOnClock(1 * MiB);
    expect([credit(1), credit(GROW_WITHIN_MS * 4), credit(1)]).toEqual([1 * MiB, 0, 2 * MiB]);
    expect(window.size).toBe(4 * MiB);
  });

  it('grows only by what the session budget grants', () => {
    const budget = new GrowthBudget(3 * MiB);
    const a = windowOnClock(1 * MiB, budget);
    const b = windowOnClock(1 * MiB, budget);
    expect([a.credit(1), a.credit(1)]).toEqual([1 * MiB, 2 * MiB]); // budget spent
    expect(b.credit(1)).toBe(0);
    expect(b.window.size).toBe(1 * MiB);
    budget.give(a.window.grownBy); // stream a left its session
    expect(b.credit(1)).toBe(1 * MiB);
    expect(budget.inUse).toBe(1 * MiB);
  });
});

describe('GrowthBudget', () => {
  it('grants what is left, never more, and never goes below zero', () => {
    const budget = new GrowthBudget(10);
    expect([budget.take(4), budget.take(4), budget.take(4), budget.take(4)]).toEqual([4, 4, 2, 0]);
    budget.give(100);
    expect(budget.inUse).toBe(0);
    expect(new GrowthBudget().limit).toBe(WINDOW_GROWTH_BUDGET);
  });
});

/** Server streams by port; each is read by the test as it chooses. */
/**
 * What a stream's Readable may hold beyond its window: push() takes a chunk while the buffer is under
 * the high-water mark, so the last one accepted (one DATA frame, at most maxFrame) can take it over.
 */
function readableHolds(stream: MuxStream): number {
  return stream.readableHighWaterMark + MUX_DEFAULTS.maxFrame;
}

function serverStreams(server: MuxSession): Map<number, MuxStream> {
  const streams = new Map<number, MuxStream>();
  server.on('stream', (s, h) => {
    s.on('error', () => {});
    streams.set(h.port, s);
  });
  return streams;
}

/** A session pair and a client stream that sends `data` and ends; resolves with the server's side of it. */
async function streamSending(data: Buffer) {
  const { client, server } = await muxPair();
  const streams = serverStreams(server);
  const s = client.open({ port: 1 });
  s.on('error', () => {});
  s.end(data);
  await until(() => streams.has(1), 3_000, 'the server stream');
  return { server, s, serverStream: streams.get(1)! };
}

describe('window growth over real sessions', () => {
  it('a stream read promptly grows its window past initialWindow, and gives the growth back when it ends', async () => {
    const data = randomBytes(32 * MiB);
    const { server, s, serverStream } = await streamSending(data);
    const received = collect(serverStream);
    let largest = 0;
    const watch = setInterval(() => (largest = Math.max(largest, serverStream.receiveWindow.size)), 1);
    try {
      expect(sha(await received)).toBe(sha(data));
    } finally {
      clearInterval(watch);
    }
    expect(largest).toBeGreaterThan(MUX_DEFAULTS.initialWindow);
    expect(largest).toBeLessThanOrEqual(MAX_STREAM_WINDOW);
    s.resume();
    serverStream.end();
    await once(s, 'end');
    await until(() => server.openStreams === 0, 3_000, 'the stream to close');
    expect(server.windowGrowthInUse).toBe(0);
  });

  it('a stream whose reader never reads keeps initialWindow and holds at most that', async () => {
    const window = 256 * KiB;
    const { client, server } = await muxPair({ server: { initialWindow: window } });
    const streams = serverStreams(server);
    const s = client.open({ port: 1 });
    s.on('error', () => {});
    s.write(randomBytes(4 * MiB));
    await until(() => (streams.get(1)?.queuedReceiveBytes ?? 0) > 0, 3_000, 'bytes at the server');
    await sleep(200);
    const stalled = streams.get(1)!;
    expect(stalled.receiveWindow.size).toBe(window);
    expect(stalled.queuedReceiveBytes + stalled.readableLength).toBeLessThanOrEqual(window + readableHolds(stalled));
    expect(server.windowGrowthInUse).toBe(0);
  });

  it('a reader that stops after its window grew holds at most the grown window, and the rest arrives intact', async () => {
    const data = randomBytes(64 * MiB);
    const { serverStream: reader } = await streamSending(data);
    const chunks: Buffer[] = [];
    reader.on('data', (c: Buffer) => chunks.push(c));
    await until(() => reader.receiveWindow.size > MUX_DEFAULTS.initialWindow, 5_000, 'the window to grow');
    reader.pause();
    await sleep(300);
    const grown = reader.receiveWindow.size;
    expect(reader.queuedReceiveBytes + reader.readableLength).toBeLessThanOrEqual(grown + readableHolds(reader));
    reader.resume();
    await once(reader, 'end');
    expect(sha(Buffer.concat(chunks))).toBe(sha(data));
  });
});
