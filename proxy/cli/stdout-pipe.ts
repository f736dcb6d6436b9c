// A command whose output is piped into `head` (or any reader that stops early) gets EPIPE on its
// next write to stdout. For a command that only prints, that is not an error: the reader has all
// it wanted. Exit 0 without a stack trace, as `cat` or `iptables-save` would.
let installed = false;

/** Make EPIPE on stdout end the process quietly with status 0. Idempotent. */
export function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream = process.stdout): void {
  if (installed) return;
  installed = true;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
