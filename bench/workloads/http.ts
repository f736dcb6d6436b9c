// HTTP/1.1 keep-alive workloads driven by autocannon: at a fixed overall rate (latency
// percentiles, errors) and flat out (maximum requests per second). Latencies are taken from
// autocannon's per-response timings into our own µs histogram, because autocannon's summary
// rounds to whole milliseconds, which hides sub-millisecond overheads.
import autocannon from 'autocannon';
import { LatencyRecorder } from '../stats.js';
import type { LatencyFigures, Target } from './target.js';

export interface HttpOptions {
  readonly connections: number;
  readonly durationMs: number;
  /** Overall requests per second; absent = as fast as possible. */
  readonly rate?: number;
}

export async function runHttp(target: Target, opts: HttpOptions): Promise<LatencyFigures> {
  const rec = new LatencyRecorder();
  // Without a callback autocannon returns its tracker, which is both the event emitter and a
  // promise of the result (the typings only admit the promise).
  const instance = autocannon({
    url: `http://${target.host}:${target.port}/`,
    connections: opts.connections,
    pipelining: 1,
    duration: opts.durationMs / 1000,
    timeout: 10,
    ...(opts.rate !== undefined && { overallRate: opts.rate }),
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
    if (statusCode >= 200 && statusCode < 300) rec.recordUs(responseTimeMs * 1000);
  });
  const result = await instance;
  const errors = result.errors + result.timeouts + result.non2xx;
  const seconds = result.duration > 0 ? result.duration : opts.durationMs / 1000;
  return { latencyUs: rec.percentiles(), requests: rec.count, errors, rps: rec.count / seconds };
}
