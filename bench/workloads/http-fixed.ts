// Fixed-rate HTTP/1.1 keep-alive: `connections` keep-alive connections (node:http, one agent
// socket each), each sending `GET /` on its own schedule (paced.ts: the rate spread evenly over
// time, not in bursts), timing each request until its whole response is read, in µs. A failed
// request or a non-2xx answer counts as an error and ends that connection's share of the run.
import http from 'node:http';
import { runPaced, type PacedChannel, type PacedOptions, type PacedEvents, type PacedFigures } from './paced.js';
import type { Target } from './target.js';

export interface HttpFixedOptions extends PacedOptions {
  readonly connections: number;
}

/** One keep-alive connection; its first request has been answered (so the socket is open and warm). */
async function openHttpChannel(target: Target): Promise<PacedChannel> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let events: PacedEvents | undefined;
  const get = (onDone: (ok: boolean) => void) => {
    const req = http.get({ host: target.host, port: target.port, path: '/', agent }, (res) => {
      const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
      res.on('end', () => onDone(ok));
      res.on('error', () => onDone(false));
      res.resume();
    });
    req.on('error', () => onDone(false));
  };
  await new Promise<void>((resolve, reject) => get((ok) => (ok ? resolve() : reject(new Error(`HTTP warm-up request to ${target.host}:${target.port} failed`)))));
  return {
    attach: (e) => { events = e; },
    send: () => get((ok) => (ok ? events?.response() : events?.broken())),
    close: () => agent.destroy(),
  };
}

export async function runHttpFixed(target: Target, opts: HttpFixedOptions): Promise<PacedFigures> {
  const channels = await Promise.all(Array.from({ length: opts.connections }, () => openHttpChannel(target)));
  return runPaced(channels, opts);
}
