// A connected pair of mux sessions over loopback (plain TCP, or TLS with the mux ALPN) for the mux
// unit tests, torn down by the test's cleanups, and a polling wait.
import { once } from 'node:events';
import type net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { MUX_ALPN } from '../../proxy/mux/frame.js';
import { MuxSession } from '../../proxy/mux/session.js';
import type { MuxStream } from '../../proxy/mux/stream.js';
import type { MuxSessionOptions } from '../../proxy/mux/settings.js';
import { onCleanup, tcpPair, tlsPair, type TestCert } from './sockets.js';

export type SessionOpts = Partial<Omit<MuxSessionOptions, 'role'>>;

/** A client and a server session, both past the SETTINGS exchange. `tls` needs `cert`. */
export async function muxPair(options: { client?: SessionOpts; server?: SessionOpts; tls?: boolean; cert?: TestCert } = {}) {
  if (options.tls && options.cert === undefined) throw new Error('muxPair: tls needs a cert');
  const sockets = options.tls ? await tlsPair(options.cert!, { ALPNProtocols: [MUX_ALPN] }) : await tcpPair();
  (sockets.server as net.Socket).setNoDelay(true);
  const client = new MuxSession(sockets.client, { role: 'client', ...options.client });
  const server = new MuxSession(sockets.server, { role: 'server', ...options.server });
  onCleanup(() => {
    client.destroy();
    server.destroy();
  });
  await Promise.all([once(client, 'ready'), once(server, 'ready')]);
  return { client, server, sockets };
}

/** Poll `predicate` every 5 ms; fail after `ms`. */
export async function until(predicate: () => boolean, ms = 3_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/**
 * The error the stream fails with; fails the test if the stream ends cleanly instead. Reads (and
 * so grants window credit) unless `read` is false.
 */
export function errorOf(stream: MuxStream, read = true): Promise<Error> {
  return new Promise((resolve, reject) => {
    stream.once('error', resolve);
    stream.once('end', () => reject(new Error(`stream ${stream.id} ended cleanly instead of failing`)));
    if (read) stream.resume();
  });
}
