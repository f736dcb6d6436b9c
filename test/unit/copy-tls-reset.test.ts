// pipeBidirectional when the TLS peer's reset arrives just before our own end of stream (the
// outbound's dialled side, as when a server proxy refuses, denies or resets a connection). Our
// close_notify write then fails on the reset and takes its pending error along, Node ignores that
// failure and the failed shutdown(2), and the next read is a plain EOF with SO_ERROR 0: without
// shutdown-result.ts the pipe saw a clean end, logged `ok` and gave the application a FIN.
// Both orders seen in straces of the flaky e2e case are forced here with real sockets:
// - the EOF is read before the shutdown's result (held until the result says reset);
// - the shutdown fails first, while reading is paused by backpressure (the EOF would come later,
//   after a stream the peer cut short).
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pipeBidirectional } from '../../proxy/transport/copy.js';
import { armResetOnClose, resetBehindEof } from '../../proxy/transport/linger.js';
import { runCleanups, selfSignedLocalhost, tcpPair, tlsPair, type TestCert } from '../harness/sockets.js';

const MiB = 1024 * 1024;
afterEach(runCleanups);

let cert: TestCert;
beforeAll(async () => {
  cert = await selfSignedLocalhost();
});

/** Block the event loop: whatever the kernel does meanwhile waits for the next poll to be seen. */
const block = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * How the application's stream ended, as it would learn (SO_ERROR checked at EOF, as linger.ts
 * does). 'end' comes only once the socket is read: the caller resumes it.
 */
function ending(app: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    app.once('end', () => resolve(resetBehindEof(app)?.code ?? 'end'));
    app.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

/**
 * The proxy's two sockets: `accepted` from the application `app` (plain TCP) and `dialled` to the
 * TLS peer `remote`, whose close is armed to be a reset (as a podwire server proxy's is).
 */
async function proxied(): Promise<{ app: net.Socket; accepted: net.Socket; dialled: net.Socket; remote: net.Socket }> {
  const { client: dialled, server: remote } = await tlsPair(cert);
  armResetOnClose(remote);
  const { client: app, server: accepted } = await tcpPair();
  // Let the accepted socket start reading (and TLS 1.3's session tickets arrive) before the race.
  await sleep(30);
  return { app, accepted, dialled, remote };
}

/**
 * Once the application's FIN has left (so the accepted socket is ready first), reset the TLS peer.
 * Both wait in the kernel for the same poll: the accepted socket's EOF makes the pipe end() the
 * dialled socket, whose close_notify write meets the reset before its read does.
 */
function resetRemoteRightAfterAppFin(app: net.Socket, remote: net.Socket): void {
  app.once('finish', () => {
    block(5);
    remote.destroy();
    block(5);
  });
  app.end();
}

describe('pipeBidirectional: a TLS peer reset meeting our end of stream', () => {
  it.each([1, 2, 3])('the EOF read after our failed close_notify is a reset, not an end (try %i)', async () => {
    const { app, accepted, dialled, remote } = await proxied();
    const outcome = pipeBidirectional(accepted, dialled);
    const appSaw = ending(app);
    app.resume();
    resetRemoteRightAfterAppFin(app, remote);
    expect(await outcome).toMatchObject({ ok: false, side: 'server' });
    expect(await appSaw).toBe('ECONNRESET');
  });

  it('a failed shutdown while reading is paused fails the pipe before the cut-short stream could end cleanly', async () => {
    const { app, accepted, dialled, remote } = await proxied();
    const outcome = pipeBidirectional(accepted, dialled);
    // The application reads nothing yet: the peer's bytes back up until the dialled socket stops
    // reading (backpressure), so the reset below is not read, only our shutdown can meet it.
    app.pause();
    remote.write(Buffer.alloc(32 * MiB, 0x62));
    let read = -1;
    while (dialled.bytesRead !== read) {
      read = dialled.bytesRead;
      await sleep(100);
    }
    expect(remote.writableLength).toBeGreaterThan(0);
    const appSaw = ending(app);
    resetRemoteRightAfterAppFin(app, remote);
    await sleep(50);
    // Now let the application read: without the shutdown's result the pipe would deliver what was
    // buffered and then a clean EOF (SO_ERROR 0), though the peer never sent the rest.
    app.resume();
    expect(await outcome).toMatchObject({ ok: false, side: 'server', error: { syscall: 'shutdown' } });
    expect(await appSaw).toBe('ECONNRESET');
  });
});
