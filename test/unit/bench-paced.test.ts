// The fixed-rate engine (bench/workloads/paced.ts) through its HTTP workload against real local
// servers: requests are spread over time rather than sent in a burst at the start of each second
// (autocannon's rate limit did that), the total follows the rate, every response is timed, and a
// connection the server breaks counts as an error and ends its share of the run (in the warm-up
// too), and the warm-up's responses stay out of the figures.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runHttpFixed } from '../../bench/workloads/http-fixed.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

async function serve(handler: http.RequestListener): Promise<{ host: string; port: number }> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { host: '127.0.0.1', port: (server.address() as AddressInfo).port };
}

describe('fixed-rate HTTP workload', () => {
  it('spreads the rate over time and times every response', async () => {
    const arrivals: number[] = [];
    const target = await serve((req, res) => {
      arrivals.push(performance.now());
      res.end('ok');
    });
    const r = await runHttpFixed(target, { connections: 4, rate: 200, durationMs: 2000 });
    expect(r.errors).toBe(0);
    // 4 warm-up requests, then 200/s for 2 s.
    expect(r.requests).toBeGreaterThanOrEqual(340);
    expect(r.requests).toBeLessThanOrEqual(410);
    // Every counted request reached the server. A connection's last request, sent in a slot just
    // before the end, is abandoned when the run closes its agent; whether it reached the server
    // first depends on timing (seen once in CI under Node 24: 400 arrivals for 399), so at most
    // one per connection may arrive uncounted.
    expect(arrivals.length - 4).toBeGreaterThanOrEqual(r.requests);
    expect(arrivals.length - 4).toBeLessThanOrEqual(r.requests + 4);
    // Evenly paced, each 100 ms holds ~20 requests; a once-a-second burst would put ~200 in one.
    const measured = arrivals.slice(4);
    const buckets = new Map<number, number>();
    for (const t of measured) {
      const bucket = Math.floor((t - measured[0]!) / 100);
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
    }
    expect(Math.max(...buckets.values())).toBeLessThan(60);
    expect(r.latencyUs.p50).toBeGreaterThan(0);
    expect(r.latencyUs.p99).toBeGreaterThanOrEqual(r.latencyUs.p50);
  });

  it('counts a connection the server breaks as an error and still ends on time', async () => {
    let n = 0;
    const target = await serve((req, res) => {
      n++;
      // Answer the four warm-up requests, then cut every connection at its next request.
      if (n <= 4) res.end('ok');
      else req.socket.destroy();
    });
    // A hang would show as this test's timeout.
    const r = await runHttpFixed(target, { connections: 4, rate: 100, durationMs: 1000 });
    expect(r.errors).toBe(4);
    expect(r.requests).toBe(0);
  });

  it('records nothing from the warm-up, which runs at the rate on the same connections first', async () => {
    let started = 0;
    const arrivals: number[] = [];
    const target = await serve((req, res) => {
      const now = performance.now();
      arrivals.push(now);
      if (arrivals.length === 4) started = now;
      // Slow (40 ms) through the warm-up's 600 ms, immediate after it.
      if (arrivals.length > 4 && now - started < 600) setTimeout(() => res.end('ok'), 40);
      else res.end('ok');
    });
    const measureStarts: number[] = [];
    const r = await runHttpFixed(target, { connections: 4, rate: 100, durationMs: 1000, warmUpMs: 600, onMeasureStart: () => measureStarts.push(performance.now()) });
    expect(r.errors).toBe(0);
    // Told once, when the warm-up's 600 ms were over.
    expect(measureStarts).toHaveLength(1);
    expect(measureStarts[0]! - started).toBeGreaterThanOrEqual(550);
    // The server saw the warm-up's ~60 requests too, the figures only the measured second's ~100.
    expect(arrivals.length - 4).toBeGreaterThanOrEqual(140);
    expect(r.requests).toBeGreaterThanOrEqual(80);
    expect(r.requests).toBeLessThanOrEqual(110);
    // At most each connection's first measured slot waits for a slow warm-up response.
    expect(r.late).toBeLessThanOrEqual(4);
    // Recorded, the warm-up's ~60 slow (40 ms) responses would be over a third of the figures and
    // set p90; the up to 4 late slots above are 4% at most, so p90 stays fast. (p99 was asserted
    // here and failed once under a loaded full suite at 23 ms: one of those 4 late slots is p99.)
    expect(r.latencyUs.p90).toBeLessThan(20_000);
  });

  it('times the warm-up when there is none: the same server, the slow start in the figures', async () => {
    let started = 0;
    let n = 0;
    const target = await serve((req, res) => {
      const now = performance.now();
      if (++n === 4) started = now;
      if (n > 4 && now - started < 600) setTimeout(() => res.end('ok'), 40);
      else res.end('ok');
    });
    const r = await runHttpFixed(target, { connections: 4, rate: 100, durationMs: 1600 });
    expect(r.latencyUs.p99).toBeGreaterThanOrEqual(40_000);
  });

  it('counts a connection broken during the warm-up as an error', async () => {
    let n = 0;
    const target = await serve((req, res) => {
      n++;
      if (n <= 4) res.end('ok');
      else req.socket.destroy();
    });
    const r = await runHttpFixed(target, { connections: 4, rate: 100, durationMs: 500, warmUpMs: 500 });
    expect(r.errors).toBe(4);
    expect(r.requests).toBe(0);
    expect(r.rps).toBe(0);
  });

  it('counts a non-2xx answer as an error', async () => {
    let n = 0;
    const target = await serve((req, res) => {
      n++;
      res.statusCode = n <= 2 ? 200 : 503;
      res.end();
    });
    const r = await runHttpFixed(target, { connections: 2, rate: 50, durationMs: 500 });
    expect(r.errors).toBe(2);
  });
});
