// Replay of client streams the peer provably did not process (mux/replay.ts), over real loopback
// sockets: a stream that wrote and half-closed and is then refused by GOAWAY below its id, or by
// RESET REFUSED before the server's accept ack, is carried on a new session and the new server
// gets its bytes exactly once; what the application holds stays the same stream object; a stream
// the server accepted (ack, WINDOW or DATA) is never replayed; what is kept for a replay is let go
// once the server accepts the stream; replays are bounded, and without a new session the stream
// fails with a reset, never a clean end.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GOAWAY_NO_ERROR, ResetCode, encodeData, encodeGoaway, encodeReset, encodeSettings, encodeWindow, type MuxFrame, type MuxSettings,
} from '../../proxy/mux/frame.js';
import { FrameDecoder } from '../../proxy/mux/frame-decoder.js';
import { MuxSession } from '../../proxy/mux/session.js';
import type { MuxStream } from '../../proxy/mux/stream.js';
import { MAX_REPLAYS, MuxSessionError, MuxStreamResetError, type SessionSupplier } from '../../proxy/mux/index.js';
import { collect, onCleanup, runCleanups, tcpPair } from '../harness/sockets.js';

const KiB = 1024;
afterEach(runCleanups);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function until(predicate: () => boolean, ms = 3_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** A real client/server session pair on a loopback TCP connection (the server's initialWindow if given). */
async function muxPair(serverOpts: { initialWindow?: number } = {}) {
  const sockets = await tcpPair();
  const client = new MuxSession(sockets.client, { role: 'client' });
  const server = new MuxSession(sockets.server, { role: 'server', ...serverOpts });
  onCleanup(() => {
    client.destroy();
    server.destroy();
  });
  await Promise.all([once(client, 'ready'), once(server, 'ready')]);
  return { client, server };
}

/** A server that records, per stream, everything it received, and answers `reply` after the FIN. */
function collectingServer(server: MuxSession, reply = 'ok') {
  const received: Buffer[] = [];
  server.on('stream', (s) => {
    s.on('error', () => {});
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => {
      received.push(Buffer.concat(chunks));
      s.end(reply);
    });
  });
  return received;
}

const readAll = collect;

const PEER_SETTINGS: MuxSettings = { initialWindow: 64 * KiB, maxStreams: 100, maxFrame: 64 * KiB };

/** A client session facing a server socket driven by hand (`raw`), whose frames are logged. */
async function clientWithRawServer() {
  const { client: socket, server: raw } = await tcpPair();
  const session = new MuxSession(socket, { role: 'client' });
  onCleanup(() => session.destroy());
  const frames = rawLog(raw);
  raw.write(encodeSettings(PEER_SETTINGS));
  await once(session, 'ready');
  return { session, raw, frames };
}

function rawLog(raw: net.Socket): MuxFrame[] {
  const decoder = new FrameDecoder({ maxFrame: 1024 * KiB - 1 });
  const frames: MuxFrame[] = [];
  raw.on('data', (c: Buffer) => {
    decoder.push(c);
    for (let f = decoder.next(); f !== undefined; f = decoder.next()) frames.push(f);
  });
  raw.on('error', () => {});
  return frames;
}

const dataOf = (frames: MuxFrame[], id: number) =>
  Buffer.concat(frames.flatMap((f) => (f.type === 'data' && f.streamId === id ? [f.payload] : [])));
const finOf = (frames: MuxFrame[], id: number) => frames.some((f) => (f.type === 'data' || f.type === 'open') && f.streamId === id && f.fin);

/** A supplier handing out fresh real sessions whose servers collect what they receive. */
function freshSessions() {
  const calls: MuxSession[] = [];
  const received: Buffer[] = [];
  const supplier: SessionSupplier = async () => {
    const { client, server } = await muxPair();
    server.on('stream', (s) => {
      s.on('error', () => {});
      const chunks: Buffer[] = [];
      s.on('data', (c: Buffer) => chunks.push(c));
      s.on('end', () => {
        received.push(Buffer.concat(chunks));
        s.end('replayed reply');
      });
    });
    calls.push(client);
    return client;
  };
  return { supplier, calls, received };
}

describe('replay of streams the peer did not process', () => {
  it('GOAWAY below a stream that wrote and half-closed: replayed on a new session, the bytes arrive exactly once', async () => {
    const { session, raw, frames } = await clientWithRawServer();
    const fresh = freshSessions();
    const payload = randomBytes(200 * KiB); // more than the raw server's 64 KiB window
    const s = session.open({ port: 80 }, { replay: fresh.supplier });
    const reply = readAll(s);
    let rehomed: MuxSession | undefined;
    s.on('rehomed', (next: MuxSession) => (rehomed = next));
    s.end(payload);
    // The raw server gets the OPEN and one window of data, then drains without having accepted.
    await until(() => dataOf(frames, 1).length === 64 * KiB, 3_000, 'a window of data');
    expect(s.replayBytes).toBe(64 * KiB);
    raw.write(encodeGoaway(0, GOAWAY_NO_ERROR));
    expect((await reply).toString()).toBe('replayed reply');
    expect(fresh.calls).toHaveLength(1);
    expect(rehomed).toBe(fresh.calls[0]);
    expect(fresh.received).toHaveLength(1);
    expect(sha(fresh.received[0]!)).toBe(sha(payload));
    expect(s.id).toBe(1); // the first stream of the new session
    expect(session.openStreams).toBe(0);
    expect(s.replayBytes).toBe(0);
  });

  it('between two real sessions: a stream opened as its server drains is refused and carried elsewhere', async () => {
    const { client, server } = await muxPair();
    const firstServerStreams: MuxStream[] = [];
    server.on('stream', (st) => firstServerStreams.push(st));
    const fresh = freshSessions();
    // Both happen before either side reads: the server drains with lastStreamId 0, then gets the OPEN.
    const s = client.open({ port: 80 }, { replay: fresh.supplier });
    const reply = readAll(s);
    s.end('opened in the race');
    server.drain();
    expect((await reply).toString()).toBe('replayed reply');
    expect(fresh.received.map(String)).toEqual(['opened in the race']);
    expect(firstServerStreams).toHaveLength(0);
  });

  it('a stream that only half-closed (OPEN with FIN) is replayed with its FIN', async () => {
    const { session, raw, frames } = await clientWithRawServer();
    const fresh = freshSessions();
    const s = session.open({ port: 80 }, { replay: fresh.supplier });
    const reply = readAll(s);
    s.end();
    await until(() => finOf(frames, 1));
    raw.write(encodeGoaway(0, GOAWAY_NO_ERROR));
    expect((await reply).toString()).toBe('replayed reply');
    expect(fresh.received.map(String)).toEqual(['']);
  });

  it('what the application writes while the stream waits for a new session follows the replayed bytes', async () => {
    const { session, raw, frames } = await clientWithRawServer();
    const fresh = freshSessions();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s = session.open({ port: 80 }, { replay: async () => (await gate, fresh.supplier()) });
    const reply = readAll(s);
    s.write('first ');
    await until(() => dataOf(frames, 1).length > 0);
    raw.write(encodeGoaway(0, GOAWAY_NO_ERROR));
    await until(() => session.openStreams === 0, 3_000, 'the stream to leave the draining session');
    s.write('second ');
    s.end('third');
    await sleep(20);
    release();
    expect((await reply).toString()).toBe('replayed reply');
    expect(fresh.received.map(String)).toEqual(['first second third']);
  });

  it('RESET REFUSED before the accept ack (the server was full) is replayed; after the ack it is not', async () => {
    const { session, raw, frames } = await clientWithRawServer();
    const fresh = freshSessions();
    const s1 = session.open({ port: 80 }, { replay: fresh.supplier });
    const reply = readAll(s1);
    s1.end('refused by a full server');
    await until(() => finOf(frames, 1));
    raw.write(encodeReset(1, ResetCode.REFUSED));
    expect((await reply).toString()).toBe('replayed reply');
    expect(fresh.received.map(String)).toEqual(['refused by a full server']);

    // Accepted (the ack), then refused by the application side (policy): no replay, a reset.
    const s2 = session.open({ port: 81 }, { replay: fresh.supplier });
    const failed = readAll(s2).then(() => undefined, (e: Error) => e);
    s2.end('refused by policy');
    await until(() => finOf(frames, 2));
    raw.write(encodeData(2, Buffer.alloc(0)));
    raw.write(encodeReset(2, ResetCode.REFUSED));
    const err = await failed;
    expect(err).toBeInstanceOf(MuxStreamResetError);
    expect((err as MuxStreamResetError).resetCode).toBe(ResetCode.REFUSED);
    expect(fresh.calls).toHaveLength(1);
  });

  it.each([
    ['WINDOW', (id: number) => encodeWindow(id, 1024)],
    ['DATA', (id: number) => encodeData(id, Buffer.from('hi'))],
    ['the accept ack', (id: number) => encodeData(id, Buffer.alloc(0))],
  ])('streams the server accepted (%s) are not replayed on a GOAWAY below them: they fail with a reset', async (_what, accept) => {
    const { session, raw, frames } = await clientWithRawServer();
    const fresh = freshSessions();
    const a = session.open({ port: 1 }, { replay: fresh.supplier });
    const b = session.open({ port: 2 }, { replay: fresh.supplier });
    const [aErr, bErr] = [a, b].map((st) => new Promise<Error>((resolve, reject) => {
      st.once('error', resolve);
      st.once('end', () => reject(new Error('ended cleanly')));
      st.resume();
    }));
    a.write('a');
    b.write('b');
    await until(() => dataOf(frames, 1).length === 1 && dataOf(frames, 2).length === 1);
    expect(a.replayBytes).toBe(1);
    raw.write(accept(1));
    raw.write(accept(2));
    await until(() => a.replayBytes === 0 && b.replayBytes === 0, 3_000, 'the kept bytes to be let go');
    // A GOAWAY that (wrongly) excludes accepted streams: a refusal as before, not a replay.
    raw.write(encodeGoaway(0, GOAWAY_NO_ERROR));
    for (const err of await Promise.all([aErr, bErr])) {
      expect(err).toBeInstanceOf(MuxStreamResetError);
      expect((err as MuxStreamResetError).resetCode).toBe(ResetCode.REFUSED);
    }
    expect(fresh.calls).toHaveLength(0);
  });

  it('a lost connection fails an accepted stream with ERR_MUX_SESSION_CLOSED, without replay', async () => {
    const { session, raw, frames } = await clientWithRawServer();
    const fresh = freshSessions();
    const s = session.open({ port: 1 }, { replay: fresh.supplier });
    const failed = new Promise<Error>((resolve) => s.once('error', resolve));
    s.write('x');
    await until(() => dataOf(frames, 1).length === 1);
    raw.write(encodeData(1, Buffer.alloc(0)));
    await until(() => s.replayBytes === 0);
    raw.destroy();
    expect(await failed).toBeInstanceOf(MuxSessionError);
    expect(fresh.calls).toHaveLength(0);
  });

  it("against a real server the kept bytes are let go with the server's first frame on the stream (its reply)", async () => {
    const { client, server } = await muxPair();
    let serverStream: MuxStream | undefined;
    let got = 0;
    server.on('stream', (st: MuxStream) => {
      serverStream = st;
      st.on('error', () => {});
      st.on('data', (c: Buffer) => (got += c.length));
      st.on('end', () => st.end());
    });
    const s = client.open({ port: 80 }, { replay: async () => undefined });
    const reply = readAll(s);
    s.write(randomBytes(10 * KiB));
    expect(s.replayBytes).toBe(10 * KiB);
    await until(() => got === 10 * KiB, 3_000, 'the bytes at the server');
    // Accepted and read, but the server has sent nothing on the stream yet: still kept.
    await sleep(50);
    expect(s.replayBytes).toBe(10 * KiB);
    serverStream!.write('ok');
    await until(() => s.replayBytes === 0, 3_000, 'the reply to free the kept bytes');
    s.end();
    expect((await reply).toString()).toBe('ok');
  });

  it('a server that reads and never replies frees them with its WINDOW credit', async () => {
    const { client, server } = await muxPair({ initialWindow: 64 * KiB });
    let got = 0;
    server.on('stream', (st: MuxStream) => {
      st.on('error', () => {});
      st.on('data', (c: Buffer) => (got += c.length));
    });
    const s = client.open({ port: 80 }, { replay: async () => undefined });
    s.on('error', () => {});
    s.write(randomBytes(100 * KiB));
    await until(() => got === 100 * KiB, 3_000, 'the bytes at the server');
    // More than one window arrived, so credit was granted: that was the acceptance.
    await until(() => s.replayBytes === 0, 3_000, 'the credit to free the kept bytes');
  });

  it(`replays are bounded (${MAX_REPLAYS}); a refusal after that, or no new session, is a reset`, async () => {
    // Every session the supplier hands out refuses (its raw server drains at once).
    const raws: net.Socket[] = [];
    const drainingSession: SessionSupplier = async () => {
      const { session, raw, frames } = await clientWithRawServer();
      raws.push(raw);
      void until(() => frames.some((f) => f.type === 'open')).then(() => raw.write(encodeGoaway(0, GOAWAY_NO_ERROR)), () => {});
      return session;
    };
    const first = (await drainingSession())!;
    const s = first.open({ port: 80 }, { replay: drainingSession });
    s.on('data', () => {});
    const failed = new Promise<Error>((resolve, reject) => (s.once('error', resolve), s.once('end', () => reject(new Error('clean end')))));
    s.end('never processed');
    const err = await failed;
    expect(err).toBeInstanceOf(MuxStreamResetError);
    expect((err as MuxStreamResetError).resetCode).toBe(ResetCode.REFUSED);
    expect(raws).toHaveLength(1 + MAX_REPLAYS);

    const { session, raw } = await clientWithRawServer();
    const t = session.open({ port: 80 }, { replay: async () => undefined });
    t.on('data', () => {});
    const noSession = new Promise<Error>((resolve, reject) => (t.once('error', resolve), t.once('end', () => reject(new Error('clean end')))));
    t.end('nowhere to go');
    raw.write(encodeGoaway(0, GOAWAY_NO_ERROR));
    expect(await noSession).toBeInstanceOf(MuxStreamResetError);
  });

  it('a stream destroyed while it waits for a new session is not carried', async () => {
    const { session, raw } = await clientWithRawServer();
    let release!: (s: MuxSession | undefined) => void;
    const s = session.open({ port: 80 }, { replay: () => new Promise((r) => (release = r)) });
    s.on('error', () => {});
    s.write('x');
    raw.write(encodeGoaway(0, GOAWAY_NO_ERROR));
    await until(() => session.openStreams === 0);
    s.destroy();
    const { client } = await muxPair();
    release(client);
    await sleep(20);
    expect(client.openStreams).toBe(0);
  });
});
