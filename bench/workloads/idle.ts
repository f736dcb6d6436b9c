// Memory with many open idle connections: open connections (16 at a time, so handshake queues stay
// short of the proxies' connect timeouts) to the backend's echo mode, each proven end to end by one
// echoed byte, until a level is reached (or its time runs out; failed attempts are counted and retried),
// then the caller lets the proxies settle and reads their RSS. Levels are totals and accumulate
// (the 10,000 level keeps the first 1,000 open). The caller closes them all with close().
import type net from 'node:net';
import { connectEcho } from './tcp-rr.js';
import type { Target } from './target.js';

const IN_FLIGHT = 16;

export interface FillOutcome {
  /** Connections open now. */
  readonly opened: number;
  /** Attempts that failed (no connection, no echo within 10 s, or closed) during this fill. */
  readonly failures: number;
  readonly firstError?: string;
}

export interface IdlePool {
  readonly open: number;
  /** Open connections until `level` are open or `timeoutMs` passes. */
  fill(level: number, timeoutMs: number): Promise<FillOutcome>;
  close(): void;
}

export function idlePool(target: Target): IdlePool {
  const sockets: net.Socket[] = [];
  const openOne = async (): Promise<void> => {
    const s = await connectEcho(target);
    s.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no echo within 10 s')), 10_000);
      s.once('data', () => {
        clearTimeout(timer);
        resolve();
      });
      s.once('close', () => reject(new Error('closed')));
      s.write('x');
    }).catch((err: Error) => {
      s.destroy();
      throw err;
    });
    sockets.push(s);
  };
  return {
    get open() {
      return sockets.length;
    },
    async fill(level, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      let failures = 0;
      let firstError: string | undefined;
      let inFlight = 0;
      const worker = async () => {
        // Count attempts in flight so the workers together never overshoot the level.
        while (sockets.length + inFlight < level && performance.now() < deadline) {
          inFlight++;
          try {
            await openOne();
          } catch (err) {
            failures++;
            firstError ??= (err as Error).message;
            // Back off a little so a struggling path is not hammered in a tight loop.
            await new Promise((r) => setTimeout(r, 50));
          } finally {
            inFlight--;
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      return { opened: sockets.length, failures, ...(firstError !== undefined && { firstError }) };
    },
    close() {
      for (const s of sockets) s.destroy();
      sockets.length = 0;
    },
  };
}
