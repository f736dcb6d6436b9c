// Per traffic listener: refuses a new connection when the process is about to run out of file
// descriptors (instead of letting libuv shed it silently, see descriptors.ts), and accounts for
// every connection the listener could not take: a counter labelled with the errno, and a warning
// rate-limited to one line per window per listener that carries how many were refused since the
// last line. Refused connections get no access-log line of their own: under EMFILE there may be
// thousands a second.
import type net from 'node:net';
import type client from 'prom-client';
import type { Logger } from '../log.js';
import type { DescriptorCounter } from './descriptors.js';

/** Labels of {inbound,outbound}_tcp_accept_errors_total (proxy/metrics.ts). */
export type AcceptErrorLabel = 'error' | 'reason' | 'errno' | 'listen_addr';

export interface AcceptGuardOptions {
  /** What the listener is, for the log (`inbound`, `outbound`, `forward to …`). */
  readonly listener: string;
  readonly listenAddr: string;
  readonly counter: client.Counter<AcceptErrorLabel>;
  readonly log: Logger;
  /** Absent where descriptors can't be counted (no /proc): only errors the runtime reports count. */
  readonly descriptors?: DescriptorCounter & { note?(): void };
  /** Descriptors left free: a connection is refused when fewer than this would remain. */
  readonly reserve: number;
  /** At most one warning per this many ms per listener. */
  readonly logEveryMs: number;
}

export class AcceptGuard {
  private windowTimer: NodeJS.Timeout | undefined;
  /** Refusals not yet reported in a log line. */
  private unreported = 0;
  private lastErrno = '';
  /** Refusals since accepting last worked, for the "accepting again" line. */
  private sinceRecovered = 0;

  constructor(private readonly opts: AcceptGuardOptions) {}

  /**
   * Decide on a just-accepted socket: true to serve it; false when it was reset and counted
   * because serving it would leave fewer than `reserve` descriptors free.
   */
  admit(socket: net.Socket): boolean {
    const d = this.opts.descriptors;
    if (d) {
      const open = d.open();
      if (d.limit - open < this.opts.reserve) {
        socket.resetAndDestroy();
        this.refused('fd_limit', 'EMFILE', { open_fds: open, fd_limit: d.limit, reserve: this.opts.reserve });
        return false;
      }
      d.note?.();
    }
    if (this.sinceRecovered > 0) this.recovered();
    return true;
  }

  /** An error the runtime reported on the listening socket (an accept() it could not hide). */
  listenerError(err: NodeJS.ErrnoException): void {
    this.refused('accept_failed', err.code ?? 'unknown', { err: err.message });
  }

  close(): void {
    clearTimeout(this.windowTimer);
    this.windowTimer = undefined;
  }

  private refused(reason: string, errno: string, detail: Record<string, unknown>): void {
    this.opts.counter.inc({ error: 'io', reason, errno, listen_addr: this.opts.listenAddr });
    this.sinceRecovered++;
    this.lastErrno = errno;
    if (this.windowTimer) {
      this.unreported++;
      return;
    }
    this.opts.log.warn(
      { listener: this.opts.listener, addr: this.opts.listenAddr, errno, reason, ...detail },
      `${this.opts.listener} listener refusing connections (${errno}): out of file descriptors; further refusals are summarised every ${this.opts.logEveryMs / 1000}s`,
    );
    this.openWindow();
  }

  /** While refusals keep coming, one summary line per window; a quiet window closes it. */
  private openWindow(): void {
    this.windowTimer = setTimeout(() => {
      this.windowTimer = undefined;
      if (this.unreported === 0) return;
      this.report();
      this.openWindow();
    }, this.opts.logEveryMs);
    this.windowTimer.unref();
  }

  private report(): void {
    this.opts.log.warn(
      { listener: this.opts.listener, addr: this.opts.listenAddr, errno: this.lastErrno, refused: this.unreported, window_ms: this.opts.logEveryMs },
      `${this.opts.listener} listener refused ${this.unreported} more connections (${this.lastErrno})`,
    );
    this.unreported = 0;
  }

  private recovered(): void {
    if (this.unreported > 0) this.report();
    this.opts.log.info(
      { listener: this.opts.listener, addr: this.opts.listenAddr, refused: this.sinceRecovered },
      `${this.opts.listener} listener accepting connections again`,
    );
    this.sinceRecovered = 0;
  }
}
