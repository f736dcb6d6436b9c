// transport/listen.ts over real loopback sockets: every accepted socket has TCP_NODELAY and is
// armed to reset on close, whether it got them from the listening socket (what Linux copies to
// the connections it accepts) or one by one (connections accepted right after listen()).
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { nativeAddon, socketFd } from '../../proxy/transport/native-addon.js';
import { boundAddr, listen } from '../../proxy/transport/listen.js';
import { LOOPBACK, onCleanup, runCleanups } from '../harness/sockets.js';

afterEach(runCleanups);

function addon() {
  const n = nativeAddon();
  if (!n.available) throw new Error(`the native addon is needed here: ${n.reason}`);
  return n.addon;
}

/** A listen() listener whose accepted sockets are handed to the test in order. */
async function listener(): Promise<{ server: net.Server; port: number; accepted: net.Socket[]; next(): Promise<net.Socket> }> {
  const accepted: net.Socket[] = [];
  const waiters: Array<(s: net.Socket) => void> = [];
  const server = await listen(
    { ip: LOOPBACK, port: 0 },
    (s) => {
      onCleanup(() => s.destroy());
      const w = waiters.shift();
      if (w) w(s);
      else accepted.push(s);
    },
    (err) => {
      throw err;
    },
  );
  onCleanup(() => server.close());
  const next = () => (accepted.length > 0 ? Promise.resolve(accepted.shift()!) : new Promise<net.Socket>((r) => waiters.push(r)));
  return { server, port: boundAddr(server).port, accepted, next };
}

async function dial(port: number): Promise<net.Socket> {
  const c = net.connect({ host: LOOPBACK, port, allowHalfOpen: true });
  onCleanup(() => c.destroy());
  await once(c, 'connect');
  return c;
}

describe('traffic listeners', () => {
  it('set TCP_NODELAY and the reset-on-close arming on the listening socket itself', async () => {
    const { server } = await listener();
    expect(addon().socketOptions(socketFd(server)!)).toEqual({ linger: 0, noDelay: true });
  });

  it('hand over every accepted socket with TCP_NODELAY and armed, right after listen() and later', async () => {
    const l = await listener();
    // Dialled in the same turn as the listener opened (given the options one by one, or copied),
    // then after the loop has moved on (copied from the listener).
    const early = await Promise.all([dial(l.port), dial(l.port)]);
    await sleep(20);
    const late = [await dial(l.port), await dial(l.port)];
    for (let i = 0; i < early.length + late.length; i++) {
      const s = await l.next();
      expect(addon().socketOptions(socketFd(s)!), `accepted socket ${i}`).toEqual({ linger: 0, noDelay: true });
    }
  });

  it('an accepted socket destroyed without a clean end resets its client', async () => {
    const l = await listener();
    await sleep(20);
    const client = await dial(l.port);
    const accepted = await l.next();
    const how = new Promise<string>((resolve) => {
      client.once('end', () => resolve('end'));
      client.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    client.resume();
    accepted.destroy();
    expect(await how).toBe('ECONNRESET');
  });
});
