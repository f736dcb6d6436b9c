// Where the per-connection access-log line goes, chosen by LINKERD2_PROXY_ACCESS_LOG:
// - unset (`podwire`): into the process log, as `connection closed` at info (warn when the
//   connection failed for a reason other than plain I/O), in LINKERD2_PROXY_LOG_FORMAT, filtered by
//   LINKERD2_PROXY_LOG: podwire's behaviour before the variable existed;
// - `json` / `apache`: Linkerd's values. As in linkerd2-proxy, the access log is then a stream of
//   its own on stderr, written whatever LINKERD2_PROXY_LOG says, one JSON object or one Apache
//   common-log-style line per connection (format below), and no longer in the process log;
// - `off`: no access log (the process log keeps everything else).
import { drainableDestination } from './drainable-destination.js';
import type { Logger } from './log.js';

export const ACCESS_LOG_MODES = ['podwire', 'json', 'apache', 'off'] as const;
export type AccessLogMode = (typeof ACCESS_LOG_MODES)[number];

/** One connection's line. Field names are the same in every format. */
export interface AccessLogEntry {
  readonly direction: 'inbound' | 'outbound';
  readonly conn_id: string;
  readonly client: string;
  readonly client_id?: string;
  readonly target?: string;
  readonly endpoint?: string;
  readonly server_id?: string;
  readonly bytes_in: number;
  readonly bytes_out: number;
  readonly duration_ms: number;
  readonly connect_attempts?: number;
  readonly reason: string;
  readonly error?: string;
}

export interface AccessLog {
  /** Whether lines are written at all (a connection id is only derived when they are). */
  readonly enabled: boolean;
  /** Write one line; `log` is the component's process logger, `warn` marks a failed connection. */
  write(log: Logger, entry: AccessLogEntry, warn: boolean): void;
  /**
   * Resolves true once every line written so far has reached the file descriptor, or false after
   * `timeoutMs` (a reader that stopped reading must not hold the exit forever). At exit: a line
   * whose asynchronous write is still in flight when the process exits is lost.
   */
  drain(timeoutMs: number): Promise<boolean>;
}

/** LINKERD2_PROXY_ACCESS_LOG's value (case-insensitive); throws naming the accepted ones. */
export function parseAccessLogMode(text: string): AccessLogMode {
  const t = text.trim().toLowerCase();
  const found = ACCESS_LOG_MODES.find((m) => m === t);
  if (!found) throw new Error(`expected one of ${ACCESS_LOG_MODES.join(', ')} (unset means podwire)`);
  return found;
}

const drained = () => Promise.resolve(true);

const OFF: AccessLog = { enabled: false, write: () => {}, drain: drained };

/** Lines go through the process logger, which proxy-command.ts drains at exit. */
const IN_PROCESS_LOG: AccessLog = {
  enabled: true,
  write: (log, entry, warn) => (warn ? log.warn(entry, 'connection closed') : log.info(entry, 'connection closed')),
  drain: drained,
};

export function createAccessLog(mode: AccessLogMode, fd = 2): AccessLog {
  switch (mode) {
    case 'off':
      return OFF;
    case 'podwire':
      return IN_PROCESS_LOG;
    case 'json':
    case 'apache': {
      const out = drainableDestination(fd);
      const format = mode === 'json' ? jsonLine : apacheLine;
      return {
        enabled: true,
        write: (_log, entry) => out.write(format(entry, new Date())),
        drain: (timeoutMs) => out.drain(timeoutMs),
      };
    }
  }
}

export function jsonLine(entry: AccessLogEntry, at: Date): string {
  return `${JSON.stringify({ timestamp: at.toISOString(), ...entry })}\n`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `[04/Dec/2026:18:09:24 +0000]`: the common log format's timestamp, in UTC. */
function clfTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/**
 * The common log format's fields, for a TCP connection: client address, `-`, client identity (the
 * "user"), time, the "request" `TCP <direction> <target>`, the outcome (`ok` or the reason) where
 * HTTP has its status, then bytes in and out, duration in ms and the connection id.
 */
export function apacheLine(e: AccessLogEntry, at: Date): string {
  return `${e.client} - ${e.client_id ?? '-'} [${clfTime(at)}] "TCP ${e.direction} ${e.target ?? '-'}" ${e.reason} ${e.bytes_in} ${e.bytes_out} ${e.duration_ms} ${e.conn_id}\n`;
}
