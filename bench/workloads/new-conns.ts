// New connections per second: `concurrency` loops, each opening a fresh connection, sending one
// `Connection: close` HTTP request and reading to the server's close, as fast as they can. Through
// a tunnel every connection costs a new TCP connection per hop and a full TLS 1.3 handshake per
// mTLS hop. Latency is connect start to close, in µs.
import net from 'node:net';
import { LatencyRecorder } from '../stats.js';
import type { LatencyFigures, Target } from './target.js';

export interface NewConnOptions {
  readonly concurrency: number;
  readonly durationMs: number;
}

const REQUEST = Buffer.from('GET / HTTP/1.1\r\nhost: bench\r\nconnection: close\r\n\r\n');
const OK = Buffer.from('HTTP/1.1 200');

/** One connection, one request; resolves true when a 200 came back and the server closed. */
export function oneShot(target: Target, timeoutMs = 10_000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: target.host, port: target.port, noDelay: true });
    let head: Buffer = Buffer.alloc(0);
    let settled = false;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      s.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    s.once('connect', () => s.write(REQUEST));
    s.on('data', (chunk: Buffer) => {
      if (head.length < OK.length) head = Buffer.concat([head, chunk]);
    });
    s.once('end', () => done(head.subarray(0, OK.length).equals(OK)));
    s.once('error', () => done(false));
  });
}

export async function runNewConns(target: Target, opts: NewConnOptions): Promise<LatencyFigures> {
  const rec = new LatencyRecorder();
  let errors = 0;
  const start = performance.now();
  const end = start + opts.durationMs;
  await Promise.all(Array.from({ length: opts.concurrency }, async () => {
    while (performance.now() < end) {
      const t0 = process.hrtime.bigint();
      if (await oneShot(target)) rec.recordNs(process.hrtime.bigint() - t0);
      else errors++;
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  return { latencyUs: rec.percentiles(), requests: rec.count, errors, rps: rec.count / seconds };
}
