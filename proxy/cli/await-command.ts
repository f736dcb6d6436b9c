// `podwire await`: linkerd-await for podwire pods. Linkerd's injector adds a postStart hook
// `/usr/lib/linkerd/linkerd-await --timeout=2m --port=4191` to the proxy container (the image
// installs a wrapper there that runs this command), so the kubelet starts the application's
// containers only once the proxy's /ready answers 200. The optional CMD form runs a program after
// readiness (and, with --shutdown, stops the proxy when it exits), as linkerd-await does.
import { spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { awaitEnvironment } from '../config.js';
import { AWAIT_DEFAULTS, AwaitUsageError, parseAwaitArgs, type AwaitOptions } from '../await/options.js';
import { readyUrl, waitForReady } from '../await/wait.js';

/** sysexits.h, as linkerd-await uses them. */
export const EX_UNAVAILABLE = 69;
export const EX_OSERR = 71;

export const AWAIT_HELP = `podwire await — wait until the proxy is ready, then optionally run a command (linkerd-await)

Polls the proxy's admin endpoint http://HOST:PORT/ready until it answers 200 (each check may take
up to 5 s; a failed one is retried after the backoff). The proxy is ready once it has its
listeners, its certificate and, with the policy API, a policy for every port in
LINKERD2_PROXY_INBOUND_PORTS. The image installs this command as /usr/lib/linkerd/linkerd-await,
the program Linkerd's injector runs in the proxy container's postStart hook, with linkerd-await's
arguments, environment and exit codes.

Usage: podwire await [options] [--] [CMD [ARGS...]]

Options:
  -p, --port PORT         the proxy's admin port                                   [${AWAIT_DEFAULTS.port}]
      --host HOST         the admin server's address (podwire's own option)        [${AWAIT_DEFAULTS.host}]
  -t, --timeout DUR       give up after DUR (e.g. 2m, 30s; 0 = never)              [never]
  -b, --backoff DUR       wait after a failed check                                [1s]
      --timeout-fatal[=true|false]
                          with CMD: whether a timeout stops CMD from running       [true]
  -S, --shutdown          run CMD as a child, then POST /shutdown to the proxy when it exits
  -v, --verbose           say when the check is skipped, and when the proxy became ready
  -h, --help              this help

Environment:
  LINKERD_AWAIT_DISABLED, LINKERD_DISABLED   a non-empty reason skips the check (CMD still runs)
  LINKERD_AWAIT_VERBOSE                      as --verbose

CMD runs as a child process (Node cannot exec in place): its exit code becomes this command's,
128+N when it is killed by signal N, and SIGTERM, SIGINT, SIGHUP and SIGQUIT are passed on to it.

Exit codes: 0 the proxy is ready (and no CMD), 2 invalid arguments, 69 not ready within the
timeout (the message shows what /ready last answered), 71 CMD could not be started; otherwise
CMD's own exit code.
`;

export async function runAwaitCommand(argv: readonly string[]): Promise<number> {
  const env = awaitEnvironment();
  let opts: AwaitOptions;
  try {
    const parsed = parseAwaitArgs(argv, { verbose: env.verbose });
    if ('help' in parsed) {
      process.stdout.write(AWAIT_HELP);
      return 0;
    }
    opts = parsed;
  } catch (err) {
    if (!(err instanceof AwaitUsageError)) throw err;
    process.stderr.write(`podwire await: ${err.message}\nRun 'podwire await --help' for usage.\n`);
    return 2;
  }

  if (env.disabledReason !== undefined) {
    if (opts.verbose) process.stderr.write(`podwire await: readiness check skipped: ${env.disabledReason}\n`);
    return opts.command.length > 0 ? runCommand(opts.command) : 0;
  }

  const url = readyUrl(opts.host, opts.port);
  const started = Date.now();
  const result = await waitForReady(opts);
  if (!result.ready) {
    process.stderr.write(`podwire await: the proxy did not become ready within ${formatMs(opts.timeoutMs ?? 0)} `
      + `(${url}, ${result.checks} check${result.checks === 1 ? '' : 's'}; last answer: ${result.last})\n`);
    if (opts.command.length === 0 || opts.timeoutFatal) return EX_UNAVAILABLE;
  } else if (opts.verbose) {
    process.stderr.write(`podwire await: the proxy is ready (${url}, after ${Date.now() - started} ms)\n`);
  }
  if (opts.command.length === 0) return 0;
  const code = await runCommand(opts.command);
  if (opts.shutdown) await postShutdown(opts, opts.verbose);
  return code;
}

function formatMs(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

const FORWARDED: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT'];

/** Run CMD with our stdio, passing signals on; resolves with its exit code (128+N if signalled). */
function runCommand(command: readonly string[]): Promise<number> {
  const [file, ...args] = command as [string, ...string[]];
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const s of FORWARDED) process.on(s, forward);
    const done = (code: number) => {
      for (const s of FORWARDED) process.off(s, forward);
      resolve(code);
    };
    child.once('error', (err) => {
      process.stderr.write(`podwire await: cannot run ${JSON.stringify(file)}: ${err.message}\n`);
      done(EX_OSERR);
    });
    child.once('exit', (code, signal) => {
      done(code ?? 128 + (signal ? os.constants.signals[signal] : 0));
    });
  });
}

/** POST /shutdown, as linkerd-await --shutdown does once CMD has exited. */
function postShutdown(opts: AwaitOptions, verbose: boolean): Promise<void> {
  return new Promise((resolve) => {
    const req = http.request({ host: opts.host, port: opts.port, path: '/shutdown', method: 'POST', agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      if (verbose || res.statusCode !== 202) process.stderr.write(`podwire await: POST /shutdown answered ${res.statusCode}\n`);
      res.once('end', () => resolve());
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', (err) => {
      process.stderr.write(`podwire await: POST /shutdown failed: ${err.message}\n`);
      resolve();
    });
    req.end();
  });
}
