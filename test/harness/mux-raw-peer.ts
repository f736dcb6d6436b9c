// Helpers for the MuxSession tests (test/unit/mux-session*.test.ts): an echoing server, a writer
// that respects backpressure, and a "raw peer": a real socket on the other end of a session that
// sends frames by hand and decodes what it receives with the real FrameDecoder.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type net from 'node:net';
import { MUX_ALPN, type MuxFrame, type MuxSettings } from '../../proxy/mux/frame.js';
import { FrameDecoder } from '../../proxy/mux/frame-decoder.js';
import { MuxSession } from '../../proxy/mux/session.js';
import type { MuxStream } from '../../proxy/mux/stream.js';
import { onCleanup, selfSignedLocalhost, tcpPair, tlsPair, type TestCert } from './sockets.js';
import { muxPair, until, type SessionOpts } from './mux-pair.js';

const KiB = 1024;

let certOnce: Promise<TestCert> | undefined;

/** One self-signed localhost certificate for the TLS cases of a test file, made on first use. */
export function muxTestCert(): Promise<TestCert> {
  return (certOnce ??= selfSignedLocalhost());
}

/** A client and a server session over a connected loopback pair (TLS with the mux ALPN if asked). */
export async function muxPairWithCert(options: { client?: SessionOpts; server?: SessionOpts; tls?: boolean } = {}) {
  return muxPair(options.tls ? { ...options, cert: await muxTestCert() } : options);
}

/** Server streams are echoed back (with half-close carried through by pipe). */
export function echo(server: MuxSession): void {
  server.on('stream', (s) => {
    s.on('error', () => {});
    s.pipe(s);
  });
}

export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Write `total` bytes of `chunk` respecting backpressure; counts completed write callbacks. */
export function pump(stream: MuxStream, total: number, chunk = Buffer.alloc(64 * KiB, 0x61)) {
  const progress = { written: 0, completed: 0, stop: false };
  const done = (async () => {
    while (progress.written < total && !progress.stop && !stream.destroyed) {
      const n = Math.min(chunk.length, total - progress.written);
      progress.written += n;
      const ok = stream.write(chunk.subarray(0, n), (err) => {
        if (!err) progress.completed += n;
      });
      if (!ok) await drainOrClose(stream);
    }
  })();
  return { progress, done };
}

/** Resolves on the stream's next 'drain' or its 'close', leaving no listener behind. */
function drainOrClose(stream: MuxStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}

/** The settings a raw peer announces. */
export const PEER_SETTINGS: MuxSettings = { initialWindow: 64 * KiB, maxStreams: 100, maxFrame: 64 * KiB };

/** Frames a raw peer receives, decoded with the real decoder. */
export function frameLog(socket: net.Socket) {
  const decoder = new FrameDecoder({ maxFrame: 1024 * KiB - 1 });
  const frames: MuxFrame[] = [];
  let ended = false;
  socket.on('data', (c: Buffer) => {
    decoder.push(c);
    for (let f = decoder.next(); f !== undefined; f = decoder.next()) frames.push(f);
  });
  socket.on('end', () => (ended = true));
  socket.on('close', () => (ended = true));
  return {
    frames,
    get ended() {
      return ended;
    },
    async next<T extends MuxFrame['type']>(type: T): Promise<Extract<MuxFrame, { type: T }>> {
      await until(() => frames.some((f) => f.type === type), 3_000, `a ${type} frame`);
      return frames.find((f) => f.type === type) as Extract<MuxFrame, { type: T }>;
    },
  };
}

/** A server session fed by a hand-driven client socket (`raw`). */
export async function serverWithRawClient(server: SessionOpts = {}) {
  const { client: raw, server: socket } = await tcpPair();
  const session = new MuxSession(socket, { role: 'server', ...server });
  onCleanup(() => session.destroy());
  return { session, raw, log: frameLog(raw) };
}

/** A client session talking to a hand-driven server socket (`raw`): TLS with the mux ALPN when `tlsCert` is given. */
export async function clientWithRawServer(client: SessionOpts = {}, tlsCert?: TestCert) {
  const { client: socket, server: raw } = tlsCert ? await tlsPair(tlsCert, { ALPNProtocols: [MUX_ALPN] }) : await tcpPair();
  const session = new MuxSession(socket, { role: 'client', ...client });
  onCleanup(() => session.destroy());
  return { session, socket, raw, log: frameLog(raw) };
}

/** Resolves with the error a session closed with, if any. */
export const closeOf = (session: MuxSession) => once(session, 'close').then(([err]) => err as Error | undefined);
