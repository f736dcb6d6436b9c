// The environment `podwire await` honours, as linkerd-await does: LINKERD_AWAIT_DISABLED (or
// LINKERD_DISABLED) set to a non-empty reason skips the readiness check; LINKERD_AWAIT_VERBOSE
// turns on --verbose. config.ts hands in the environment (it is the only module that reads it).
export interface AwaitEnv {
  /** Why the check is skipped, when it is. */
  readonly disabledReason: string | undefined;
  readonly verbose: boolean;
}

export function readAwaitEnv(env: Readonly<Record<string, string | undefined>>): AwaitEnv {
  const nonEmpty = (v: string | undefined) => (v !== undefined && v !== '' ? v : undefined);
  const verbose = nonEmpty(env['LINKERD_AWAIT_VERBOSE']);
  return {
    disabledReason: nonEmpty(env['LINKERD_AWAIT_DISABLED']) ?? nonEmpty(env['LINKERD_DISABLED']),
    verbose: verbose !== undefined && verbose !== 'false' && verbose !== '0',
  };
}
