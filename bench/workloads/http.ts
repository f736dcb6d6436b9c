// HTTP/1.1 keep-alive flat out (maximum requests per second), driven by autocannon; the bench also
// uses it to warm a path. (The fixed-rate HTTP workload is http-fixed.ts: autocannon's own rate
// limit sends each second's requests in one burst.) Latencies are taken from
// autocannon's per-response timings into our own µs histogram, because autocannon's summary
// rounds to whole milliseconds, which hides sub-millisecond overheads.
import autocannon from 'autocannon';
import { LatencyRecorder } from '../stats.js';
import type { LatencyFigures, Target } from './target.js';

export interface HttpOptions {
  readonly connections: number;
  readonly durationMs: number;
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
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTimeMs: number) => {
    if (statusCode >= 200 && statusCode < 300) rec.recordUs(responseTimeMs * 1000);
  });
  const result = await instance;
  const errors = result.errors + result.timeouts + result.non2xx;
  const seconds = result.duration > 0 ? result.duration : opts.durationMs / 1000;
  return { latencyUs: rec.percentiles(), requests: rec.count, errors, rps: rec.count / seconds };
}
