// pipeBidirectional with a tls.TLSSocket on one side (as on the inbound direct port: TLS from the
// peer, plain TCP to the app): data integrity, half-close carried through TLS close_notify in both
// directions, and failure propagation when the plain side resets.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pipedConnection } from '../harness/pipe-proxy.js';
import { collect, runCleanups, selfSignedLocalhost, type TestCert } from '../harness/sockets.js';

const MiB = 1024 * 1024;
afterEach(runCleanups);

let cert: TestCert;
beforeAll(async () => {
  cert = await selfSignedLocalhost();
});

/** A plain backend, the TLS-terminating proxy in front of it, and a TLS client connected through it. */
const viaTlsProxy = (onBackendConnection: (s: net.Socket) => void) => pipedConnection(onBackendConnection, { tls: cert });

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('pipeBidirectional with TLS on the client side', () => {
  it('moves 32 MiB each way intact', async () => {
    const { client, piped } = await viaTlsProxy((s) => s.pipe(s));
    const data = randomBytes(32 * MiB);
    const echoed = collect(client);
    client.end(data);
    const got = await echoed;
    expect(got.length).toBe(data.length);
    expect(sha(got)).toBe(sha(data));
    expect(await piped.outcome).toEqual({ ok: true });
  });

  it('carries the TLS client half-close to the plain server and the reply back', async () => {
    const { client, piped } = await viaTlsProxy((s) => {
      let n = 0;
      s.on('data', (c: Buffer) => (n += c.length));
      s.on('end', () => setTimeout(() => s.end(`got ${n}`), 30));
    });
    const reply = collect(client);
    client.end('request body');
    expect((await reply).toString()).toBe('got 12');
    expect(await piped.outcome).toEqual({ ok: true });
  });

  it('carries the plain server half-close to the TLS client, which keeps sending', async () => {
    let received: Promise<Buffer> | undefined;
    const { client, piped } = await viaTlsProxy((s) => {
      received = collect(s);
      s.end('bye first');
    });
    expect((await collect(client)).toString()).toBe('bye first');
    client.write('more ');
    await sleep(20);
    client.end('data');
    expect((await received!).toString()).toBe('more data');
    expect(await piped.outcome).toEqual({ ok: true });
  });

  it('a plain-side RST tears down the TLS side and names the server', async () => {
    const { client, piped } = await viaTlsProxy((s) => s.once('data', () => s.resetAndDestroy()));
    const torn = endOrClose(client);
    client.write('x');
    expect(await piped.outcome).toMatchObject({ ok: false, side: 'server' });
    // A TLSSocket can't be RST through public API, so the peer sees the transport end without a
    // close_notify (Node reports that as a plain 'end'; rustls as an unexpected-EOF error).
    expect(await torn).not.toBe('still open');
  });

  it('a TLS client that disappears without close_notify is seen as a half-close (Node limitation)', async () => {
    let backendSaw: Promise<string> | undefined;
    const { client, piped } = await viaTlsProxy((s) => {
      backendSaw = new Promise((r) => {
        s.on('end', () => {
          r('eof');
          s.end('late reply');
        });
        s.on('error', (e: NodeJS.ErrnoException) => r(e.code ?? 'error'));
      });
      s.resume();
    });
    client.write('x');
    await sleep(20);
    client.destroy(); // TCP FIN without close_notify: the TLS stream is truncated
    expect(await backendSaw!).toBe('eof');
    const outcome = await piped.outcome;
    console.log('TLS client vanished →', outcome.ok ? 'ok' : `${outcome.side}: ${outcome.error.message}`);
  });
});

/** 'end' or 'close' (whichever first), or 'still open' after 2 s. */
function endOrClose(socket: net.Socket): Promise<string> {
  socket.resume();
  return Promise.race([
    once(socket, 'end').then(() => 'end'),
    once(socket, 'close').then(() => 'close'),
    sleep(2_000, 'still open'),
  ]);
}
