// Arguments of `podwire await`, which are linkerd-await's (github.com/linkerd/linkerd-await), so
// the image can answer Linkerd's injected postStart hook `linkerd-await --timeout=2m --port=4191`
// and the `linkerd-await [--shutdown] -- CMD ARGS` entrypoint form unchanged. `--host` is
// podwire's own (linkerd-await always asks localhost).
import { parseDuration } from '../config/parse.js';

export class AwaitUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwaitUsageError';
  }
}

export interface AwaitOptions {
  /** The proxy's admin server: http://HOST:PORT/ready is polled. */
  readonly host: string;
  readonly port: number;
  /** Wait after a failed check (linkerd-await's --backoff, default 1s). */
  readonly backoffMs: number;
  /** Give up after this long; undefined (or --timeout=0) waits for ever, as linkerd-await does. */
  readonly timeoutMs: number | undefined;
  /** With CMD: whether a timeout stops CMD from running (default true). */
  readonly timeoutFatal: boolean;
  /** Run CMD as a child, then POST /shutdown to the proxy when it exits. */
  readonly shutdown: boolean;
  readonly verbose: boolean;
  /** The command to run once the proxy is ready, with its arguments; empty for none. */
  readonly command: readonly string[];
}

export const AWAIT_DEFAULTS = { host: '127.0.0.1', port: 4191, backoffMs: 1_000 } as const;

type Flag = 'port' | 'host' | 'backoff' | 'timeout' | 'timeout-fatal' | 'shutdown' | 'verbose' | 'help';

/** Every spelling accepted, long and short (linkerd-await's). */
const FLAGS: Readonly<Record<string, Flag>> = {
  '--port': 'port', '-p': 'port',
  '--host': 'host',
  '--backoff': 'backoff', '-b': 'backoff',
  '--timeout': 'timeout', '-t': 'timeout',
  '--timeout-fatal': 'timeout-fatal',
  '--shutdown': 'shutdown', '-S': 'shutdown',
  '--verbose': 'verbose', '-v': 'verbose',
  '--help': 'help', '-h': 'help',
};
const TAKES_VALUE: ReadonlySet<Flag> = new Set(['port', 'host', 'backoff', 'timeout']);

/** Parse argv (after `await`); `{ help: true }` for -h/--help. Throws AwaitUsageError. */
export function parseAwaitArgs(argv: readonly string[], env: { verbose?: boolean } = {}): AwaitOptions | { help: true } {
  let host: string = AWAIT_DEFAULTS.host;
  let port: number = AWAIT_DEFAULTS.port;
  let backoffMs: number = AWAIT_DEFAULTS.backoffMs;
  let timeoutMs: number | undefined;
  let timeoutFatal: boolean | undefined;
  let shutdown = false;
  let verbose = env.verbose ?? false;
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const flag = Object.hasOwn(FLAGS, name) ? FLAGS[name] : undefined;
    if (!flag) throw new AwaitUsageError(`unknown option ${JSON.stringify(name)}`);
    let value: string | undefined = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (TAKES_VALUE.has(flag) && value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new AwaitUsageError(`${name} needs a value`);
    }
    switch (flag) {
      case 'help':
        return { help: true };
      case 'port': {
        const n = Number(value);
        if (!/^\d+$/.test(value!) || n < 1 || n > 65535) throw new AwaitUsageError(`--port ${JSON.stringify(value)}: expected a port 1..65535`);
        port = n;
        break;
      }
      case 'host':
        if (value!.trim() === '') throw new AwaitUsageError('--host needs a host name or IP');
        host = value!.trim();
        break;
      case 'backoff':
        backoffMs = duration(name, value!);
        if (backoffMs === 0) throw new AwaitUsageError(`${name} must be greater than 0`);
        break;
      case 'timeout': {
        const ms = duration(name, value!);
        timeoutMs = ms === 0 ? undefined : ms;
        break;
      }
      case 'timeout-fatal':
        // linkerd-await: `--timeout-fatal` alone is true; a value must be attached with `=`.
        if (value === undefined || value === 'true') timeoutFatal = true;
        else if (value === 'false') timeoutFatal = false;
        else throw new AwaitUsageError(`--timeout-fatal=${JSON.stringify(value)}: expected true or false`);
        break;
      case 'shutdown':
      case 'verbose':
        if (value !== undefined) throw new AwaitUsageError(`${name} takes no value`);
        if (flag === 'shutdown') shutdown = true;
        else verbose = true;
        break;
    }
  }
  const command = argv.slice(i);
  if (shutdown && command.length === 0) throw new AwaitUsageError('--shutdown needs a command to run (podwire await --shutdown -- CMD ARGS)');
  if (timeoutFatal !== undefined && command.length === 0) throw new AwaitUsageError('--timeout-fatal needs a command to run');
  return { host, port, backoffMs, timeoutMs, timeoutFatal: timeoutFatal ?? true, shutdown, verbose, command };
}

function duration(name: string, text: string): number {
  try {
    return parseDuration(text);
  } catch (err) {
    throw new AwaitUsageError(`${name} ${JSON.stringify(text)}: ${(err as Error).message}`);
  }
}
