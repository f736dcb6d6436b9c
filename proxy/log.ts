// The pino root logger. Plain format (LINKERD2_PROXY_LOG_FORMAT=plain, the default) is one
// human-readable line per event (log-plain.ts, in the main thread); json is pino's native NDJSON.
// Child loggers are made once per component so disabled levels cost nothing on the hot path.
// Each line carries one key per name: pino appends a child's bindings to its parent's, so a
// `component` child of the root (which has `component` too) would write the key twice, which jq
// reads as the last value and strict parsers reject. onChild (below) folds them into one.
import { pino, destination, symbols, type Logger, type DestinationStream, type LoggerOptions } from 'pino';
import { plainDestination } from './log-plain.js';
import type { LogLevel } from './config/parse.js';

export type { Logger };

export function createLogger(opts: { level: LogLevel; format: 'plain' | 'json'; name?: string }): Logger {
  const base: LoggerOptions = { level: opts.level, base: { component: opts.name ?? 'podwire' }, onChild: oneKeyPerName };
  if (opts.format === 'json') {
    return pino({ ...base, timestamp: pino.stdTimeFunctions.isoTime }, destination({ fd: 1, sync: false }));
  }
  const stream: DestinationStream = plainDestination();
  return pino(base, stream);
}

/**
 * Rewrite a new child's serialised bindings so each key appears once, the child's value winning
 * (where the key was first bound). Runs once per child logger, never per line; onChild is inherited,
 * so grandchildren get it too.
 */
function oneKeyPerName(child: Logger): void {
  const merged = child.bindings(); // JSON.parse of the appended bindings: the last value of each key
  const own = child as unknown as Record<symbol, string>;
  own[symbols.chindingsSym] = '';
  child.setBindings(merged); // appends to the (now empty) serialised bindings
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
