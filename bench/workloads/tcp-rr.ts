// Fixed-rate TCP request/response: `connections` raw connections to the backend's echo mode, each
// sending a `payload`-byte request on its own schedule (rate / connections per second, staggered)
// and timing until the whole echo is back, in µs. The latency is the service time from the write;
// a request whose slot comes while the previous one is still out waits for it (counted as late).
import net from 'node:net';
import { ECHO_PREAMBLE } from '../backend.js';
import { LatencyRecorder } from '../stats.js';
import type { LatencyFigures, Target } from './target.js';

export interface TcpRrOptions {
  readonly connections: number;
  readonly durationMs: number;
  readonly rate: number;
  readonly payload: number;
}

export interface TcpRrFigures extends LatencyFigures {
  /** Requests sent after their slot because the previous response was still outstanding. */
  readonly late: number;
}

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

export async function runTcpRr(target: Target, opts: TcpRrOptions): Promise<TcpRrFigures> {
  const rec = new LatencyRecorder();
  const request = Buffer.alloc(opts.payload, 0x71);
  const intervalMs = (opts.connections * 1000) / opts.rate;
  let errors = 0;
  let late = 0;
  const sockets = await Promise.all(Array.from({ length: opts.connections }, () => connectEcho(target)));
  const start = performance.now();
  const end = start + opts.durationMs;
  await Promise.all(sockets.map((s, i) => new Promise<void>((done) => {
    let got = 0;
    let sentAt = 0n;
    let outstanding = false;
    let pending = false;
    let finished = false;
    let k = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      s.destroy();
      done();
    };
    const send = () => {
      outstanding = true;
      got = 0;
      sentAt = process.hrtime.bigint();
      s.write(request);
    };
    const schedule = () => {
      const due = start + (i / opts.connections) * intervalMs + k * intervalMs;
      k++;
      if (due >= end) return finish();
      timer = setTimeout(() => {
        if (!outstanding) send();
        else {
          late++;
          pending = true;
        }
        schedule();
      }, Math.max(0, due - performance.now()));
    };
    s.on('data', (chunk: Buffer) => {
      got += chunk.length;
      if (got < request.length) return;
      rec.recordNs(process.hrtime.bigint() - sentAt);
      outstanding = false;
      if (pending && !finished) {
        pending = false;
        send();
      }
    });
    // Any error or close before the end is one failed connection.
    const broken = () => {
      if (finished) return;
      errors++;
      finish();
    };
    s.on('error', broken);
    s.on('close', broken);
    schedule();
  })));
  const seconds = (performance.now() - start) / 1000;
  return { latencyUs: rec.percentiles(), requests: rec.count, errors, rps: rec.count / seconds, late };
}
