// Node options podwire's processes are started with, which only take effect when node starts, and
// the check that names the ones a process was started without (logged as a warning at startup).
//
// Every place that starts a podwire process passes them: the image's ENTRYPOINT (the Dockerfile
// test checks it), the CLI's shebang line (`#!/usr/bin/env -S node …`; a test checks the built
// file), the demo, the bench and the test harness.
//
// --max-semi-space-size=16 bounds V8's young generation. V8 sizes it when it creates the heap, from
// the memory it sees (the host's, or the container's limit). Node 20 and 22 (V8 11 and 12) cap a
// semi-space at 16 MiB once that memory exceeds 2 GiB; Node 24 (V8 13.6) caps it at 64 MiB on this
// 24 GiB machine, so after a burst of allocation the young generation stays at 128 MiB instead of
// 32. Measured on `podwire controller` under test/faults/controller-slow-clients.test.ts: new space
// 128 of a 211 MiB heap afterwards, RSS +236 MB against +103 MB on Node 20. 16 MiB is what every
// benchmark of podwire ran with (Node 20 on a machine with more than 2 GiB), whatever the Node
// version or the pod's memory limit. V8 reads it only while it sets up the heap:
// v8.setFlagsFromString at run time leaves the young generation at 128 MiB (checked on Node 24).
export const NODE_STARTUP_OPTIONS: readonly string[] = ['--max-semi-space-size=16'];

/** An option's name as node matches it: up to '=', with '_' and '-' the same. */
function optionName(arg: string): string {
  return arg.split('=', 1)[0]!.replaceAll('_', '-');
}

/**
 * The NODE_STARTUP_OPTIONS this process was started without, given node's own arguments
 * (process.execArgv) and NODE_OPTIONS. Any value counts as given: an operator may choose another.
 */
export function missingStartupOptions(execArgv: readonly string[], nodeOptions: string): string[] {
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/)].filter((a) => a.startsWith('--')).map(optionName));
  return NODE_STARTUP_OPTIONS.filter((o) => !given.has(optionName(o)));
}

/** The warning for a process started without some of NODE_STARTUP_OPTIONS, or undefined. */
export function startupOptionsWarning(execArgv: readonly string[], nodeOptions: string): string | undefined {
  const missing = missingStartupOptions(execArgv, nodeOptions);
  if (missing.length === 0) return undefined;
  return `node was started without ${missing.join(' ')}: V8 sizes the young generation from the machine's memory `
    + `(up to 128 MiB on Node 24), so memory after bursts can be several times what podwire was measured with; `
    + `start it as \`node ${NODE_STARTUP_OPTIONS.join(' ')} …\` (the image and the podwire command do), or add them to NODE_OPTIONS`;
}
