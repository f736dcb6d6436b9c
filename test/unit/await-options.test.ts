// `podwire await`'s arguments are linkerd-await's (proxy/await/options.ts): the injected hook's
// `--timeout=2m --port=4191`, short and long spellings, `--` before CMD, --timeout-fatal's
// attached value, and clear errors for everything else.
import { describe, expect, it } from 'vitest';
import { AWAIT_DEFAULTS, AwaitUsageError, parseAwaitArgs } from '../../proxy/await/options.js';

describe('podwire await arguments', () => {
  it("accepts Linkerd 2.14's postStart hook arguments", () => {
    expect(parseAwaitArgs(['--timeout=2m', '--port=4191'])).toEqual({
      host: AWAIT_DEFAULTS.host, port: 4191, backoffMs: 1_000, timeoutMs: 120_000, timeoutFatal: true, shutdown: false, verbose: false, command: [],
    });
  });

  it('defaults: port 4191, 1 s backoff, no timeout', () => {
    expect(parseAwaitArgs([])).toMatchObject({ port: 4191, backoffMs: 1_000, timeoutMs: undefined, command: [] });
    expect(parseAwaitArgs(['--timeout', '0'])).toMatchObject({ timeoutMs: undefined });
  });

  it('short flags, separate values, a command after --', () => {
    expect(parseAwaitArgs(['-p', '4192', '-t', '30s', '-b', '250ms', '-S', '-v', '--', '/app/job', '--flag', 'x'])).toMatchObject({
      port: 4192, timeoutMs: 30_000, backoffMs: 250, shutdown: true, verbose: true, command: ['/app/job', '--flag', 'x'],
    });
  });

  it('a command without -- starts at the first non-option', () => {
    expect(parseAwaitArgs(['--port=4191', 'sh', '-c', 'echo hi'])).toMatchObject({ command: ['sh', '-c', 'echo hi'] });
  });

  it('--timeout-fatal: bare is true, =false lets CMD run after a timeout', () => {
    expect(parseAwaitArgs(['--timeout-fatal', '--', 'true'])).toMatchObject({ timeoutFatal: true });
    expect(parseAwaitArgs(['--timeout-fatal=false', '--', 'true'])).toMatchObject({ timeoutFatal: false });
  });

  it('LINKERD_AWAIT_VERBOSE turns on --verbose', () => {
    expect(parseAwaitArgs([], { verbose: true })).toMatchObject({ verbose: true });
  });

  it('--help', () => {
    expect(parseAwaitArgs(['--port=1', '-h'])).toEqual({ help: true });
  });

  it.each([
    [['--bogus'], /unknown option "--bogus"/],
    [['--port'], /--port needs a value/],
    [['--port=0'], /--port "0": expected a port 1\.\.65535/],
    [['--port=http'], /expected a port/],
    [['--timeout=2'], /--timeout "2": expected an integer with a unit/],
    [['--timeout=1.5s'], /expected an integer with a unit/],
    [['--backoff=0'], /--backoff must be greater than 0/],
    [['--shutdown'], /--shutdown needs a command/],
    [['--timeout-fatal=maybe', '--', 'true'], /expected true or false/],
    [['--timeout-fatal'], /--timeout-fatal needs a command/],
    [['--verbose=yes'], /--verbose takes no value/],
  ])('rejects %j', (argv, why) => {
    expect(() => parseAwaitArgs(argv)).toThrow(AwaitUsageError);
    expect(() => parseAwaitArgs(argv)).toThrow(why);
  });
});
