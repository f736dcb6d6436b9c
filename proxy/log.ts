// The pino root logger. Plain format (LINKERD2_PROXY_LOG_FORMAT=plain, the default) is one
// human-readable line per event via pino-pretty in the main thread; json is pino's native NDJSON.
// Child loggers are made once per component so disabled levels cost nothing on the hot path.
import { pino, destination, type Logger, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from './config/parse.js';

export type { Logger };

export function createLogger(opts: { level: LogLevel; format: 'plain' | 'json'; name?: string }): Logger {
  const base = { level: opts.level, base: { component: opts.name ?? 'podwire' } };
  if (opts.format === 'json') {
    return pino({ ...base, timestamp: pino.stdTimeFunctions.isoTime }, destination({ fd: 1, sync: false }));
  }
  const stream: DestinationStream = pretty({
    colorize: false,
    singleLine: true,
    sync: true,
    translateTime: 'UTC:yyyy-mm-dd"T"HH:MM:ss.l"Z"',
    ignore: 'pid,hostname',
  });
  return pino(base, stream);
}

/** A logger that writes nothing, for library use and tests that don't care. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Flush pending async log output before the process exits. */
export function flushLogger(log: Logger): void {
  try {
    log.flush();
  } catch {
    // a sync destination has nothing to flush
  }
}
