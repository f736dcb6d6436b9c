// MuxSession / MuxStream over real loopback sockets (plain TCP, and TLS with the mux ALPN): data
// integrity with many concurrent streams, OPEN and its accept ack, half-close and reset each way.
// The limits, hostile peers, drain and PING are in mux-session-limits.test.ts; the shared helpers
// (an echoing server, a raw peer speaking frames by hand) in test/harness/mux-raw-peer.ts.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MUX_ALPN,
  ResetCode,
  encodeData,
  encodeOpen,
  encodeSettings,
} from '../../proxy/mux/frame.js';
import { MuxSession } from '../../proxy/mux/session.js';
import type { MuxStream } from '../../proxy/mux/stream.js';
import { MuxStreamResetError } from '../../proxy/mux/index.js';
import { collect, onCleanup, runCleanups, tcpPair } from '../harness/sockets.js';
import { errorOf, until } from '../harness/mux-pair.js';
import { echo, sha, PEER_SETTINGS, frameLog, serverWithRawClient, clientWithRawServer, closeOf, muxPairWithCert as muxPair } from '../harness/mux-raw-peer.js';

const KiB = 1024;
afterEach(runCleanups);

const readAll = collect;

describe('data integrity', () => {
  for (const tls of [false, true]) {
    it(`carries 64 concurrent streams byte-exact both ways${tls ? ' over TLS (mux ALPN)' : ''}`, async () => {
      const { client, server, sockets } = await muxPair({ tls });
      if (tls) expect((sockets.client as { alpnProtocol?: string | false }).alpnProtocol).toBe(MUX_ALPN);
      const headers: Array<{ port: number; name?: string }> = [];
      server.on('stream', (_s, h) => headers.push(h));
      echo(server);
      const payloads = Array.from({ length: 64 }, (_, i) => randomBytes(i === 0 ? 0 : Math.floor(Math.random() * 200 * KiB)));
      const results = payloads.map((p, i) => {
        const s = client.open({ port: 1000 + i, name: i % 2 ? `svc-${i}.ns` : undefined });
        const echoed = readAll(s);
        s.end(p);
        return echoed;
      });
      const got = await Promise.all(results);
      got.forEach((g, i) => expect(sha(g)).toBe(sha(payloads[i]!)));
      expect(headers.map((h) => h.port).sort()).toEqual(payloads.map((_, i) => 1000 + i).sort());
      expect(headers.find((h) => h.port === 1001)).toEqual({ port: 1001, name: 'svc-1.ns' });
      await until(() => client.openStreams === 0 && server.openStreams === 0, 2_000, 'streams to retire');
    });
  }

  it('a stream opened before the peer\'s SETTINGS arrive sends its data once they do', async () => {
    const { client: socket, server: raw } = await tcpPair();
    const client = new MuxSession(socket, { role: 'client' });
    onCleanup(() => client.destroy());
    expect(client.peerMaxStreams).toBe(1);
    const s = client.open({ port: 80 });
    s.on('error', () => {});
    expect(client.canOpen()).toBe(false); // one stream until the peer says more
    s.write('early bytes');
    const log = frameLog(raw);
    await log.next('open');
    await sleep(20);
    expect(log.frames.some((f) => f.type === 'data')).toBe(false); // no window yet
    raw.write(encodeSettings(PEER_SETTINGS));
    expect((await log.next('data')).payload.toString()).toBe('early bytes');
    expect(client.canOpen()).toBe(true);
  });

  it('open + immediate end sends OPEN with FIN; the server still answers', async () => {
    const { client, server } = await muxPair();
    server.on('stream', (s) => {
      s.on('error', () => {});
      s.resume();
      s.on('end', () => s.end('reply after your FIN'));
    });
    const s = client.open({ port: 80 });
    const reply = readAll(s);
    s.end();
    expect((await reply).toString()).toBe('reply after your FIN');
  });
});

describe('OPEN', () => {
  /** A client session, past the raw peer's SETTINGS, whose socket writes are recorded. */
  async function recordedClient() {
    const { session, socket, raw, log } = await clientWithRawServer();
    raw.write(encodeSettings(PEER_SETTINGS));
    await once(session, 'ready');
    await log.next('settings');
    const writes: Buffer[] = [];
    const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
    socket.write = ((chunk: Buffer) => (writes.push(Buffer.from(chunk)), write(chunk))) as typeof socket.write;
    return { session, log, writes };
  }

  /** An accepted socket that has not started reading, with `bytes` from its client waiting in the kernel. */
  async function acceptedWithWaitingBytes(bytes: string): Promise<net.Socket> {
    const server = net.createServer({ pauseOnConnect: true });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    onCleanup(() => server.close());
    const app = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    onCleanup(() => app.destroy());
    const [accepted] = (await once(server, 'connection')) as [net.Socket];
    onCleanup(() => accepted.destroy());
    app.write(bytes);
    await sleep(20);
    return accepted;
  }

  it('waits for the application\'s first bytes read in the next poll, and leaves with them in one write', async () => {
    const { session, log, writes } = await recordedClient();
    // The application: an accepted socket not read yet (as the proxy's is when it opens the
    // stream), with the request its client wrote on connecting waiting in the kernel.
    const accepted = await acceptedWithWaitingBytes('GET / HTTP/1.1\r\n\r\n');
    const s = session.open({ port: 80 });
    s.on('error', () => {});
    s.sendFrom(accepted);
    await until(() => log.frames.some((f) => f.type === 'data'), 3_000, 'the DATA frame');
    expect(log.frames.filter((f) => f.type !== 'settings').map((f) => f.type)).toEqual(['open', 'data']);
    expect((log.frames.find((f) => f.type === 'data') as { payload: Buffer }).payload.toString()).toBe('GET / HTTP/1.1\r\n\r\n');
    expect(writes).toHaveLength(1);
  });

  it('reaches the peer in id order whatever order the applications write in, and a stream destroyed first sends none', async () => {
    const { session, log } = await recordedClient();
    const [a, b, c, d] = [80, 81, 82, 83].map((port) => session.open({ port }));
    for (const s of [a, b, c, d]) s!.on('error', () => {});
    b!.destroy(); // gone before its OPEN: nothing of it reaches the peer
    d!.write('from the last one first');
    c!.write('then the third');
    await until(() => log.frames.filter((f) => f.type === 'data').length === 2, 3_000, 'both DATA frames');
    const sent = log.frames.filter((f) => f.type === 'open' || f.type === 'data').map((f) => `${f.type} ${f.streamId}`);
    expect(sent).toEqual([`open ${a!.id}`, `open ${c!.id}`, `open ${d!.id}`, `data ${d!.id}`, `data ${c!.id}`]);
    expect(log.frames.some((f) => f.type === 'reset')).toBe(false);
  });

  it('a real server takes streams whose applications wrote in reverse order (no protocol error)', async () => {
    const { client, server } = await muxPair({ tls: true });
    echo(server);
    const streams = Array.from({ length: 8 }, (_, i) => client.open({ port: 1000 + i }));
    const replies = streams.map((s) => readAll(s));
    [...streams].reverse().forEach((s, i) => s.end(`stream ${7 - i}`));
    expect((await Promise.all(replies)).map((r) => r.toString())).toEqual(streams.map((_, i) => `stream ${i}`));
    expect(client.state).toBe('open');
  });

  it('still owed when the client drains, goes before the GOAWAY, and the stream completes on a real server', async () => {
    const raw = await recordedClient();
    const owed = raw.session.open({ port: 80 });
    owed.on('error', () => {});
    raw.session.drain();
    await raw.log.next('goaway');
    expect(raw.log.frames.filter((f) => f.type !== 'settings').map((f) => f.type)).toEqual(['open', 'goaway']);

    // A real server with no stream open when it reads our GOAWAY closes; the OPEN before it keeps it.
    const { client, server } = await muxPair({ tls: true });
    echo(server);
    const s = client.open({ port: 80 });
    const reply = readAll(s);
    client.drain();
    setImmediate(() => s.end('after the drain'));
    expect((await reply).toString()).toBe('after the drain');
    await Promise.all([closeOf(client), closeOf(server)]);
  });

  it('goes alone once the loop has polled again when the application sends nothing first (a server-first protocol)', async () => {
    const { session, log, writes } = await recordedClient();
    const s = session.open({ port: 25 });
    s.on('error', () => {});
    const open = await log.next('open');
    expect(open).toMatchObject({ streamId: s.id, fin: false, header: { port: 25 } });
    expect(writes).toHaveLength(1);
    expect(log.frames.some((f) => f.type === 'data')).toBe(false);
  });
});

describe('accept ack', () => {
  /** A server session that hands each stream to `onStream`, and what a raw client sees for stream 1 after its OPEN. */
  async function framesForStream1(onStream: (s: MuxStream) => void, wanted: number) {
    const { session, raw, log } = await serverWithRawClient();
    session.on('stream', (s) => {
      s.on('error', () => {});
      onStream(s);
    });
    raw.write(Buffer.concat([encodeSettings(PEER_SETTINGS), encodeOpen(1, { port: 80 }), encodeData(1, Buffer.from('ping'))]));
    const ofStream1 = () => log.frames.filter((f) => 'streamId' in f && f.streamId === 1);
    await until(() => ofStream1().length >= wanted, 3_000, `${wanted} frames on stream 1`);
    await sleep(30); // nothing more comes
    return ofStream1();
  }

  it("is the server's reply: no empty DATA of its own before it", async () => {
    const frames = await framesForStream1((s) => s.once('data', () => s.write('pong')), 1);
    expect(frames).toEqual([{ type: 'data', streamId: 1, fin: false, payload: Buffer.from('pong') }]);
  });

  it('is explicit before a RESET REFUSED of a stream the server accepted (policy), so the client does not replay it', async () => {
    const frames = await framesForStream1((s) => s.reset(ResetCode.REFUSED), 2);
    expect(frames).toEqual([
      { type: 'data', streamId: 1, fin: false, payload: Buffer.alloc(0) },
      { type: 'reset', streamId: 1, code: ResetCode.REFUSED },
    ]);
  });

  it('is not needed before another RESET (CONNECT_FAILED is never replayed)', async () => {
    const frames = await framesForStream1((s) => s.reset(ResetCode.CONNECT_FAILED), 1);
    expect(frames).toEqual([{ type: 'reset', streamId: 1, code: ResetCode.CONNECT_FAILED }]);
  });
});

describe('half-close', () => {
  it('client ends first; the server keeps sending afterwards', async () => {
    const { client, server } = await muxPair();
    server.on('stream', (s) => {
      s.on('error', () => {});
      let n = 0;
      s.on('data', (c: Buffer) => (n += c.length));
      s.on('end', async () => {
        for (let i = 0; i < 5; i++) {
          s.write(`part${i} `);
          await sleep(10);
        }
        s.end(`got ${n}`);
      });
    });
    const s = client.open({ port: 80 });
    const reply = readAll(s);
    s.end(Buffer.alloc(100 * KiB));
    expect((await reply).toString()).toBe('part0 part1 part2 part3 part4 got 102400');
  });

  it('server ends first; the client keeps sending afterwards', async () => {
    const { client, server } = await muxPair();
    let received: Promise<Buffer> | undefined;
    server.on('stream', (s) => {
      s.on('error', () => {});
      received = readAll(s);
      s.end('bye first');
    });
    const s = client.open({ port: 80 });
    expect((await readAll(s)).toString()).toBe('bye first');
    s.write('more ');
    await sleep(20);
    s.end('data');
    await until(() => received !== undefined);
    expect((await received!).toString()).toBe('more data');
  });
});

describe('reset', () => {
  it('a client reset reaches the server stream as an error with the code, never as an end', async () => {
    const { client, server } = await muxPair();
    const serverStream = once(server, 'stream').then(([s]) => s as MuxStream);
    const s = client.open({ port: 80 });
    const local = errorOf(s);
    s.write('x');
    const remote = errorOf(await serverStream);
    s.reset(ResetCode.APP_RESET);
    expect(await local).toMatchObject({ code: 'ERR_MUX_RESET', resetCode: ResetCode.APP_RESET, remote: false });
    const err = await remote;
    expect(err).toBeInstanceOf(MuxStreamResetError);
    expect(err).toMatchObject({ code: 'ERR_MUX_RESET', resetCode: ResetCode.APP_RESET, remote: true });
    await until(() => client.openStreams === 0 && server.openStreams === 0);
  });

  it('a server reset (CONNECT_FAILED) reaches the client with the code; other streams carry on', async () => {
    const { client, server } = await muxPair();
    server.on('stream', (s, h) => {
      s.on('error', () => {});
      if (h.port === 1) s.reset(ResetCode.CONNECT_FAILED);
      else s.pipe(s);
    });
    const failed = client.open({ port: 1 });
    const ok = client.open({ port: 2 });
    const okData = readAll(ok);
    expect(await errorOf(failed)).toMatchObject({ code: 'ERR_MUX_RESET', resetCode: ResetCode.CONNECT_FAILED, remote: true });
    ok.end('still fine');
    expect((await okData).toString()).toBe('still fine');
  });

  it('destroying a stream without an error resets it as CANCEL', async () => {
    const { client, server } = await muxPair();
    const serverStream = once(server, 'stream').then(([s]) => s as MuxStream);
    const s = client.open({ port: 80 });
    s.write('x');
    const remote = errorOf(await serverStream);
    s.destroy();
    expect(await remote).toMatchObject({ resetCode: ResetCode.CANCEL });
  });
});
