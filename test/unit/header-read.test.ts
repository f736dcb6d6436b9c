// readTransportHeader over real loopback TCP: fragmented headers, application bytes that follow
// the header, every failure reason and how quickly it is reached, and listener/timer cleanup.
import { createHash, randomBytes } from 'node:crypto';
import type net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProxyError } from '../../proxy/errors.js';
import { PREFACE, encodeHeader, type TransportHeader } from '../../proxy/transport/header.js';
import { readTransportHeader, writeTransportHeader } from '../../proxy/transport/header-read.js';
import { collect, onCleanup, runCleanups, tcpPair } from '../harness/sockets.js';

afterEach(runCleanups);

async function expectReason(p: Promise<unknown>, reason: string): Promise<ProxyError> {
  const err = await p.then(
    () => {
      throw new Error(`expected ${reason}, but the header was read`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProxyError);
  expect((err as ProxyError).reason).toBe(reason);
  return err as ProxyError;
}

function listenerCounts(s: net.Socket) {
  return ['readable', 'data', 'end', 'close', 'error'].map((e) => s.listenerCount(e));
}

/**
 * Watch timers created from now on; `pending()` counts those neither cleared nor fired, i.e. what
 * a read that forgot to clean up would leave behind.
 */
function watchTimers() {
  const live = new Set<NodeJS.Timeout>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const setSpy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
    const t: NodeJS.Timeout = realSet(() => {
      live.delete(t);
      fn();
    }, ms);
    live.add(t);
    return t;
  }) as typeof setTimeout);
  const clearSpy = vi.spyOn(globalThis, 'clearTimeout').mockImplementation(((t?: NodeJS.Timeout) => {
    if (t) live.delete(t);
    realClear(t);
  }) as typeof clearTimeout);
  onCleanup(() => {
    setSpy.mockRestore();
    clearSpy.mockRestore();
  });
  return {
    created: () => setSpy.mock.calls.length,
    pending: () => live.size,
  };
}

const HEADER: TransportHeader = { port: 8080, name: 'web.default.svc.cluster.local', sessionProtocol: 'http1' };

describe('readTransportHeader', () => {
  it('reads a header that arrives one byte per segment, then hands over the following bytes', async () => {
    const { client, server } = await tcpPair();
    const before = listenerCounts(server);
    const timers = watchTimers();
    const reading = readTransportHeader(server, { timeoutMs: 5_000 });
    const created = timers.created();
    for (const byte of encodeHeader(HEADER)) {
      client.write(Buffer.from([byte]));
      await sleep(2);
    }
    client.write('hello');
    expect(await reading).toEqual(HEADER);
    expect(created).toBe(1);
    expect(listenerCounts(server)).toEqual(before);
    expect(timers.pending()).toBe(0);
    const rest = collect(server);
    client.end(' world');
    expect((await rest).toString()).toBe('hello world');
  });

  it('keeps application bytes sent in the same segment as the header, and a FIN right behind them', async () => {
    const { client, server } = await tcpPair();
    const app = Buffer.from('GET / HTTP/1.1\r\nHost: web\r\n\r\n');
    client.end(Buffer.concat([encodeHeader({ port: 80 }), app]));
    await sleep(50); // let header, data and FIN all be buffered before anyone reads
    expect(await readTransportHeader(server, { timeoutMs: 5_000 })).toEqual({ port: 80 });
    expect(await collect(server)).toEqual(app);
  });

  it('handles a header followed by EOF with no application bytes', async () => {
    const { client, server } = await tcpPair();
    client.end(encodeHeader({ port: 81 }));
    expect(await readTransportHeader(server, { timeoutMs: 5_000 })).toEqual({ port: 81 });
    expect((await collect(server)).length).toBe(0);
  });

  it('loses nothing of a large stream that starts in the header segment', async () => {
    const { client, server } = await tcpPair();
    const app = randomBytes(4 * 1024 * 1024);
    writeTransportHeader(client, { port: 9000 });
    client.end(app);
    expect(await readTransportHeader(server, { timeoutMs: 5_000 })).toEqual({ port: 9000 });
    const got = await collect(server);
    expect(got.length).toBe(app.length);
    expect(createHash('sha256').update(got).digest('hex')).toBe(createHash('sha256').update(app).digest('hex'));
  });

  it('can be piped onward right after the header (flowing mode resumes)', async () => {
    const { client, server } = await tcpPair();
    const { client: sink, server: sinkServer } = await tcpPair();
    client.write(Buffer.concat([encodeHeader({ port: 1 }), Buffer.from('abc')]));
    await readTransportHeader(server, { timeoutMs: 5_000 });
    server.pipe(sink);
    const got = collect(sinkServer);
    client.end('def');
    expect((await got).toString()).toBe('abcdef');
  });

  it.each([
    { name: 'invalid port', bytes: () => Buffer.concat([PREFACE, Buffer.from('000000020800', 'hex')]), reason: 'header_malformed' },
    { name: 'garbage protobuf', bytes: () => Buffer.concat([PREFACE, Buffer.from('00000003ffffff', 'hex')]), reason: 'header_malformed' },
    { name: 'invalid name', bytes: () => Buffer.concat([PREFACE, Buffer.from('0000000608501202', 'hex'), Buffer.from('--')]), reason: 'header_malformed' },
    { name: 'oversized length (no body sent)', bytes: () => Buffer.concat([PREFACE, Buffer.from('00010001', 'hex')]), reason: 'header_too_large' },
    { name: 'u32 max length', bytes: () => Buffer.concat([PREFACE, Buffer.from('ffffffff', 'hex')]), reason: 'header_too_large' },
    { name: 'one wrong byte', bytes: () => Buffer.from('G'), reason: 'header_missing' },
    { name: 'HTTP instead of a header', bytes: () => Buffer.from('GET / HTTP/1.1\r\n'), reason: 'header_missing' },
    { name: 'TLS record instead of a header', bytes: () => Buffer.from('160301', 'hex'), reason: 'header_missing' },
  ])('fails fast with $reason on $name while the peer keeps the connection open', async ({ bytes, reason }) => {
    const { client, server } = await tcpPair();
    const started = Date.now();
    const reading = readTransportHeader(server, { timeoutMs: 5_000 });
    client.write(bytes());
    await expectReason(reading, reason);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('honours a smaller maxLength', async () => {
    const { client, server } = await tcpPair();
    const reading = readTransportHeader(server, { timeoutMs: 5_000, maxLength: 16 });
    client.write(encodeHeader({ port: 80, name: 'a-rather-long-name.example.com' }));
    await expectReason(reading, 'header_too_large');
  });

  it.each([
    { name: 'nothing sent', bytes: Buffer.alloc(0) },
    { name: 'part of the preface', bytes: PREFACE.subarray(0, 10) },
    { name: 'preface and length only', bytes: encodeHeader(HEADER).subarray(0, 27) },
    { name: 'all but the last byte', bytes: encodeHeader(HEADER).subarray(0, -1) },
  ])('EOF before a complete header is header_missing: $name', async ({ bytes }) => {
    const { client, server } = await tcpPair();
    const started = Date.now();
    const reading = readTransportHeader(server, { timeoutMs: 5_000 });
    client.end(bytes);
    await expectReason(reading, 'header_missing');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a reset during the read is an I/O error, not a hang', async () => {
    const { client, server } = await tcpPair();
    const reading = readTransportHeader(server, { timeoutMs: 5_000 });
    client.write(PREFACE.subarray(0, 5));
    await sleep(20);
    client.resetAndDestroy();
    await expectReason(reading, 'io');
  });

  it('rejects at once on a socket that is already destroyed', async () => {
    const { server } = await tcpPair();
    server.destroy();
    await expectReason(readTransportHeader(server, { timeoutMs: 5_000 }), 'header_missing');
  });

  it('cuts a slowloris sender (1 byte / 100 ms) at the deadline', async () => {
    const { client, server } = await tcpPair();
    const wire = encodeHeader(HEADER);
    const started = Date.now();
    const reading = readTransportHeader(server, { timeoutMs: 300 });
    client.write(wire.subarray(0, 1));
    let i = 1;
    const drip = setInterval(() => {
      if (i < wire.length && !client.destroyed) client.write(wire.subarray(i, i + 1));
      i++;
    }, 100);
    onCleanup(() => clearInterval(drip));
    await expectReason(reading, 'header_timeout');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(450);
  });

  it('times out a silent peer and leaves no listeners or timers behind', async () => {
    const { server } = await tcpPair();
    const before = listenerCounts(server);
    const timers = watchTimers();
    await expectReason(readTransportHeader(server, { timeoutMs: 100 }), 'header_timeout');
    expect(timers.created()).toBe(1);
    expect(listenerCounts(server)).toEqual(before);
    expect(timers.pending()).toBe(0);
  });

  it('leaves no listeners or timers behind after a failure', async () => {
    const { client, server } = await tcpPair();
    const before = listenerCounts(server);
    const timers = watchTimers();
    const reading = readTransportHeader(server, { timeoutMs: 5_000 });
    expect(timers.created()).toBe(1);
    client.write('nope');
    await expectReason(reading, 'header_missing');
    expect(listenerCounts(server)).toEqual(before);
    expect(timers.pending()).toBe(0);
  });
});
