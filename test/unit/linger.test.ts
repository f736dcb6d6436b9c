// linger.ts over real loopback sockets: an armed socket's close is a reset (also behind unread
// data, where libuv shows an EOF that resetBehindEof must see through), a disarmed one's is a FIN.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { armResetOnClose, disarmResetOnClose, lingerSupport, resetBehindEof } from '../../proxy/transport/linger.js';
import { runCleanups, tcpPair } from '../harness/sockets.js';

afterEach(runCleanups);

/** How `socket`'s stream ended as an application reading it would learn, checking SO_ERROR at EOF. */
function ending(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('end', () => resolve(resetBehindEof(socket)?.code ?? 'end'));
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

describe('reset on close', () => {
  it('the native addon is built, so sockets can be armed', () => {
    expect(lingerSupport()).toEqual({ available: true });
  });

  it('closing an armed socket resets its peer', async () => {
    const { client, server } = await tcpPair();
    armResetOnClose(server);
    const how = ending(client);
    server.destroy();
    expect(await how).toBe('ECONNRESET');
  });

  it('a disarmed socket closes with a FIN', async () => {
    const { client, server } = await tcpPair();
    armResetOnClose(server);
    disarmResetOnClose(server);
    const how = ending(client);
    server.destroy();
    expect(await how).toBe('end');
  });

  it('an unarmed socket closes with a FIN (the behaviour being fixed)', async () => {
    const { client, server } = await tcpPair();
    const how = ending(client);
    server.destroy();
    expect(await how).toBe('end');
  });

  it('a reset behind unread data is still reported as a reset', async () => {
    // The reader is paused while 1 MiB and then the RST arrive; whether libuv reports the RST or an
    // EOF when it catches up, the application must learn ECONNRESET.
    for (let round = 0; round < 5; round++) {
      const { client, server } = await tcpPair();
      client.pause();
      armResetOnClose(server);
      const how = ending(client);
      let received = 0;
      client.on('data', (d: Buffer) => (received += d.length));
      server.write(Buffer.alloc(256 * 1024, 1));
      await sleep(50);
      server.destroy();
      await sleep(20);
      client.resume();
      expect(await how, `round ${round} after ${received} bytes`).toBe('ECONNRESET');
    }
  });

  it('a clean end has no reset behind it', async () => {
    const { client, server } = await tcpPair();
    client.pause();
    const how = ending(client);
    server.end(Buffer.alloc(256 * 1024, 1));
    await sleep(50);
    client.resume();
    expect(await how).toBe('end');
  });
});
