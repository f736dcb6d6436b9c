// The plain log format (LINKERD2_PROXY_LOG_FORMAT=plain, the default): turns each of pino's NDJSON
// lines into one human-readable line, `[time] LEVEL: msg {other fields as JSON}`, written
// synchronously to stdout. Built in rather than pino-pretty, which (with its colour, date and
// multi-line error formatting) costs the sidecar several MB resident and a runtime dependency.
// An error's stack stays inside the JSON, so every event is exactly one line.
import { destination, type DestinationStream } from 'pino';

/** pino's numeric levels, by name as pino-pretty printed them. */
const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** One plain line for one pino JSON line (without its trailing newline). */
export function plainLine(json: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json; // not JSON: pass it through rather than lose it
  }
  const { time, level, msg, pid: _pid, hostname: _hostname, ...rest } = rec;
  const when = typeof time === 'number' ? new Date(time).toISOString() : String(time ?? '');
  const name = LEVEL_NAMES[level as number] ?? `LEVEL${String(level)}`;
  const fields = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `[${when}] ${name}: ${msg === undefined ? '' : String(msg)}${fields}`;
}

/**
 * A pino destination writing plain lines to `fd` (stdout by default), synchronously, through pino's
 * own sonic-boom (which retries a full pipe's EAGAIN, as a bare fs.writeSync would not).
 */
export function plainDestination(fd = 1): DestinationStream {
  const out = destination({ fd, sync: true });
  return {
    write(chunk: string): void {
      let text = '';
      for (const line of chunk.split('\n')) if (line !== '') text += plainLine(line) + '\n';
      out.write(text);
    },
  };
}
