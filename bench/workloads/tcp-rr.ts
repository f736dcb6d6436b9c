// Fixed-rate TCP request/response: `connections` raw connections to the backend's echo mode, each
// sending a `payload`-byte request on its own schedule (paced.ts) and timing until the whole echo
// is back, in µs. Shows sub-millisecond overheads that HTTP parsing would blur.
import net from 'node:net';
import { ECHO_PREAMBLE } from '../backend.js';
import { runPaced, type PacedChannel, type PacedOptions, type PacedEvents, type PacedFigures } from './paced.js';
import type { Target } from './target.js';

export interface TcpRrOptions extends PacedOptions {
  readonly connections: number;
  readonly payload: number;
}

export type TcpRrFigures = PacedFigures;

/** Open a socket to the target's echo mode; resolves once connected. */
export function connectEcho(target: Target): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: target.host, port: target.port, noDelay: true });
    s.once('connect', () => {
      s.off('error', reject);
      s.write(ECHO_PREAMBLE);
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** An echo connection as a paced channel: a response is complete once the whole request came back. */
function echoChannel(s: net.Socket, request: Buffer): PacedChannel {
  let got = 0;
  return {
    attach(events: PacedEvents) {
      s.on('data', (chunk: Buffer) => {
        got += chunk.length;
        if (got < request.length) return;
        got = 0;
        events.response();
      });
      // Any error or close before the end is one failed connection.
      s.on('error', () => events.broken());
      s.on('close', () => events.broken());
    },
    send: () => s.write(request),
    close: () => s.destroy(),
  };
}

export async function runTcpRr(target: Target, opts: TcpRrOptions): Promise<TcpRrFigures> {
  const request = Buffer.alloc(opts.payload, 0x71);
  const sockets = await Promise.all(Array.from({ length: opts.connections }, () => connectEcho(target)));
  return runPaced(sockets.map((s) => echoChannel(s, request)), opts);
}
