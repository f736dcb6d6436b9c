// The pino root logger. Plain format (LINKERD2_PROXY_LOG_FORMAT=plain, the default) is one
// human-readable line per event (log-plain.ts, in the main thread, written synchronously); json is
// pino's native NDJSON, written asynchronously, so a stopping process awaits drainLogger.
// Child loggers are made once per component so disabled levels cost nothing on the hot path.
// Each line carries one key per name: pino appends a child's bindings to its parent's, so a
// `component` child of the root (which has `component` too) would write the key twice, which jq
// reads as the last value and strict parsers reject. onChild (below) folds them into one.
import { pino, symbols, type Logger, type DestinationStream, type LoggerOptions } from 'pino';
import { drainableDestination, type DrainableDestination } from './drainable-destination.js';
import { plainDestination } from './log-plain.js';
import type { LogLevel } from './config/parse.js';

export type { Logger };

export function createLogger(opts: { level: LogLevel; format: 'plain' | 'json'; name?: string }): Logger {
  const base: LoggerOptions = { level: opts.level, base: { component: opts.name ?? 'podwire' }, onChild: oneKeyPerName };
  if (opts.format === 'json') {
    const out = drainableDestination(1);
    const log = pino({ ...base, timestamp: pino.stdTimeFunctions.isoTime }, out);
    asyncDestinations.set(log, out);
    return log;
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

/** The asynchronous destinations of root loggers (json format; plain writes synchronously). */
const asyncDestinations = new WeakMap<Logger, DrainableDestination>();

/** How long a stopping process waits for its last log lines to reach stdout (drainLogger). */
export const LOG_DRAIN_MS = 2_000;

/**
 * Before the process exits: wait (up to `timeoutMs`) until every line `log` (a root logger from
 * createLogger) has written has reached stdout: pino's own flush does not wait for a write in
 * flight. A plain-format logger writes synchronously and has nothing pending. After the timeout
 * (stdout not being read) it gives up rather than block the exit.
 */
export async function drainLogger(log: Logger, timeoutMs = LOG_DRAIN_MS): Promise<void> {
  await asyncDestinations.get(log)?.drain(timeoutMs);
}
