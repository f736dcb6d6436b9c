// An asynchronous log destination on a file descriptor (pino's, sonic-boom) that can say when
// everything written to it has reached the descriptor. Used for the JSON process log (stdout) and
// the json/apache access log (stderr), so a stopping process can wait for its last lines.
//
// Why: sonic-boom writes in the background, and at exit its flushSync writes what is queued but
// not a write already in flight; the process then exited with that write unfinished and its lines
// were lost (599 of 600 access-log lines behind a reader that had fallen behind, test/e2e/
// access-log-exit.test.ts). sonic-boom reports each completed write ('write', with its byte count)
// but not whether one is in flight, so the bytes handed to it are counted here.
import { destination } from 'pino';

export interface DrainableDestination {
  /** Where the lines go (pino takes it as its destination stream). */
  write(chunk: string): void;
  /**
   * Resolves true once every line written so far has reached the descriptor, or false after
   * `timeoutMs` (a reader that stopped reading must not hold the exit forever) or a write error.
   */
  drain(timeoutMs: number): Promise<boolean>;
}

export function drainableDestination(fd: number): DrainableDestination {
  const out = destination({ fd, sync: false });
  let pendingBytes = 0;
  out.on('write', (n: number) => (pendingBytes -= n));
  // pino's destination stops on EPIPE and re-emits any other write error, which with no listener
  // would end the process: a log that can't be written must not stop it.
  out.on('error', () => (pendingBytes = 0));
  return {
    write(chunk) {
      pendingBytes += Buffer.byteLength(chunk);
      out.write(chunk);
    },
    drain: (timeoutMs) => untilWritten(out, () => pendingBytes <= 0, timeoutMs),
  };
}

type Destination = ReturnType<typeof destination>;

/** Resolves true when `written()` holds after one of `out`'s writes, false on error or timeout. */
function untilWritten(out: Destination, written: () => boolean, timeoutMs: number): Promise<boolean> {
  if (written()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      out.off('write', check);
      out.off('error', failed);
      resolve(ok);
    };
    const check = () => written() && finish(true);
    const failed = () => finish(false);
    const timer = setTimeout(failed, timeoutMs);
    out.on('write', check);
    out.once('error', failed);
  });
}
