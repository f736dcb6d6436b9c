// The fixed-rate engine shared by the two fixed-rate workloads (tcp-rr.ts, http-fixed.ts): each of
// N connections sends one request on its own schedule (rate / N per second, the connections'
// slots staggered evenly across the interval), and each response is timed from the moment its
// request was sent. A request whose slot comes while the previous one is still out waits for it
// and is counted as late; its latency is still timed from its own send, so `late` says when the
// path fell behind the rate.
// A run may start with a warm-up at the same rate on the same connections (warmUpMs), whose
// responses are not recorded: the first seconds at a fixed rate after a burst are slow on every
// path, direct included (p99 per second after a 600 ms burst: direct 1.0-2.7 ms for 3 s, then
// 0.35-0.6 ms; the podwire pairs 1.0-3.3 ms for about 4 s, then 0.6-1.4 ms), and in a 15 s run
// those seconds held most of the slowest 1%: the p99 measured how long each path took to settle.
// wrk2 leaves out its first 10 s ("calibration") for the same reason. Errors during the warm-up still count.
//
// Why not a load tool's rate limit: autocannon's `overallRate` lets each connection send its
// share of the second as fast as it can and then pause until the next second (measured: all
// 1,000 requests of a second left within its first ~150 ms), so its "fixed-rate" p99 was the
// queueing delay of bursts at several thousand requests per second.
import { LatencyRecorder } from '../stats.js';
import type { LatencyFigures } from './target.js';

/** What the engine tells a connection's protocol code. */
export interface PacedEvents {
  /** The response to the request last sent is complete. */
  response(): void;
  /** The connection failed (an error, a close, a bad response): it sends nothing more. */
  broken(): void;
}

/** One connection of a fixed-rate workload, already open. */
export interface PacedChannel {
  /** Called once, before the first send. */
  attach(events: PacedEvents): void;
  /** Send one request; `response` or `broken` follows. */
  send(): void;
  /** Close the connection (the run is over). */
  close(): void;
}

export interface PacedOptions {
  /** Measured time, ms, after the warm-up. */
  readonly durationMs: number;
  /** Time at the rate before the measured time, ms; its responses are not recorded (0 if absent). */
  readonly warmUpMs?: number;
  /** Called when the measured time starts (after the warm-up), e.g. to read CPU time from there. */
  readonly onMeasureStart?: () => void;
  /** Requests per second, all connections together. */
  readonly rate: number;
}

export interface PacedFigures extends LatencyFigures {
  /** Requests sent after their slot because the previous response was still outstanding. */
  readonly late: number;
}

/** Drive `channels` at `opts.rate` for `opts.durationMs`, then close them. */
export async function runPaced(channels: readonly PacedChannel[], opts: PacedOptions): Promise<PacedFigures> {
  const rec = new LatencyRecorder();
  const intervalMs = (channels.length * 1000) / opts.rate;
  const tally = { errors: 0, late: 0 };
  const start = performance.now();
  const measureFrom = start + (opts.warmUpMs ?? 0);
  const end = measureFrom + opts.durationMs;
  const measureStart = opts.onMeasureStart && setTimeout(opts.onMeasureStart, measureFrom - start);
  await Promise.all(channels.map((channel, i) => {
    const firstDue = start + (i / channels.length) * intervalMs;
    return paceOne(channel, { firstDue, intervalMs, measureFrom, end }, rec, tally);
  }));
  if (measureStart) clearTimeout(measureStart);
  // Every connection may have broken during the warm-up, before measureFrom.
  const seconds = Math.max(0.001, (performance.now() - measureFrom) / 1000);
  return { latencyUs: rec.percentiles(), requests: rec.count, errors: tally.errors, rps: rec.count / seconds, late: tally.late };
}

interface Schedule {
  readonly firstDue: number;
  readonly intervalMs: number;
  /** Slots due before this (performance.now()) are the warm-up: their requests are neither timed nor counted late. */
  readonly measureFrom: number;
  readonly end: number;
}

/** One connection's loop: send at each slot, time each response; resolves when the run or the connection ends. */
function paceOne(channel: PacedChannel, sched: Schedule, rec: LatencyRecorder, tally: { errors: number; late: number }): Promise<void> {
  return new Promise<void>((done) => {
    let sentAt = 0n;
    let measured = false;
    let outstanding = false;
    /** A slot that came while a request was out: whether it is in the measured time, or undefined. */
    let pending: boolean | undefined;
    let finished = false;
    let k = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      channel.close();
      done();
    };
    const send = (inMeasuredTime: boolean) => {
      outstanding = true;
      measured = inMeasuredTime;
      sentAt = process.hrtime.bigint();
      channel.send();
    };
    const schedule = () => {
      const due = sched.firstDue + k * sched.intervalMs;
      k++;
      if (due >= sched.end) return finish();
      const inMeasuredTime = due >= sched.measureFrom;
      timer = setTimeout(() => {
        if (!outstanding) send(inMeasuredTime);
        else {
          if (inMeasuredTime) tally.late++;
          pending = inMeasuredTime;
        }
        schedule();
      }, Math.max(0, due - performance.now()));
    };
    channel.attach({
      response: () => {
        if (finished) return;
        if (measured) rec.recordNs(process.hrtime.bigint() - sentAt);
        outstanding = false;
        if (pending !== undefined) {
          const inMeasuredTime = pending;
          pending = undefined;
          send(inMeasuredTime);
        }
      },
      broken: () => {
        if (finished) return;
        tally.errors++;
        finish();
      },
    });
    schedule();
  });
}
