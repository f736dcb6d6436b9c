// LiveByteCounts (proxy/live-bytes.ts) over real loopback sockets: a scrape counts what an open
// socket has moved so far, the next scrape only the growth, the close the rest, and nothing after
// that; a socket destroyed with data still in its write buffer never makes a counter go back.
import net from 'node:net';
import client from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveByteCounts } from '../../proxy/live-bytes.js';

const LABELS = { direction: 'inbound', peer: 'src' };

function counters() {
  const registry = new client.Registry();
  const read = new client.Counter({ name: 'r', help: 'r', labelNames: ['direction', 'peer'], registers: [registry] });
  const write = new client.Counter({ name: 'w', help: 'w', labelNames: ['direction', 'peer'], registers: [registry] });
  const value = async (c: client.Counter<string>) => (await c.get()).values[0]?.value ?? 0;
  return { live: new LiveByteCounts(read, write), read: () => value(read), written: () => value(write) };
}

async function pair(): Promise<{ a: net.Socket; b: net.Socket; close: () => void }> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const a = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  const b = await accepted;
  return { a, b, close: () => (a.destroy(), b.destroy(), server.close()) };
}

async function readAtLeast(s: net.Socket, n: number): Promise<void> {
  let got = 0;
  await new Promise<void>((resolve) => {
    const on = (d: Buffer) => {
      got += d.length;
      if (got >= n) (s.off('data', on), resolve());
    };
    s.on('data', on);
  });
}

describe('live byte counts', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('counts at each sync what moved since the last, the rest at close, then nothing', async () => {
    const { a, b, close } = await pair();
    cleanups.push(close);
    const c = counters();
    const counted = c.live.open(b, LABELS);
    a.write(Buffer.alloc(100_000));
    await readAtLeast(b, 100_000);
    c.live.sync();
    expect(await c.read()).toBe(100_000);
    c.live.sync();
    expect(await c.read()).toBe(100_000);
    b.write(Buffer.alloc(5_000));
    await readAtLeast(a, 5_000);
    a.write(Buffer.alloc(20_000));
    await readAtLeast(b, 20_000);
    c.live.sync();
    expect([await c.read(), await c.written()]).toEqual([120_000, 5_000]);
    a.write(Buffer.alloc(7));
    await readAtLeast(b, 7);
    c.live.close(counted);
    expect(c.live.size).toBe(0);
    expect([await c.read(), await c.written()]).toEqual([120_007, 5_000]);
    c.live.sync();
    expect([await c.read(), await c.written()]).toEqual([120_007, 5_000]);
  });

  it('counts written bytes once they leave the write buffer, and never goes back when a socket is destroyed', async () => {
    const { a, b, close } = await pair();
    cleanups.push(close);
    a.pause();
    const c = counters();
    const counted = c.live.open(b, LABELS);
    // Far more than loopback buffers hold while `a` does not read: some stays in b's write buffer.
    while (b.write(Buffer.alloc(64 * 1024)));
    for (let i = 0; i < 64; i++) b.write(Buffer.alloc(64 * 1024));
    await new Promise((r) => setTimeout(r, 100));
    expect(b.writableLength).toBeGreaterThan(0);
    c.live.sync();
    const synced = await c.written();
    expect(synced).toBe(b.bytesWritten - b.writableLength);
    b.destroy();
    await new Promise((r) => b.once('close', r));
    c.live.close(counted);
    expect(await c.written()).toBeGreaterThanOrEqual(synced);
  });
});

describe('the peak of open sockets', () => {
  it('reports the most open at once since the last look, then starts again from the open count', () => {
    const { live } = counters();
    const fake = () => ({ bytesRead: 0, bytesWritten: 0, writableLength: 0 }) as unknown as net.Socket;
    const longLived = live.open(fake(), LABELS);
    expect(live.takePeak()).toBe(1);
    // A burst of 3 that opens and closes before the next look still shows in it.
    const burst = [live.open(fake(), LABELS), live.open(fake(), LABELS), live.open(fake(), LABELS)];
    for (const c of burst) live.close(c);
    expect(live.size).toBe(1);
    expect(live.takePeak()).toBe(4);
    expect(live.takePeak()).toBe(1);
    live.close(longLived);
    expect(live.takePeak()).toBe(1);
    expect(live.takePeak()).toBe(0);
  });
});
