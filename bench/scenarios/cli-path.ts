// Where the built podwire CLI is (the bench runs from dist/bench/, the CLI is dist/proxy/main.js),
// and node's arguments for a podwire process: the startup options podwire is always run with.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_STARTUP_OPTIONS } from '../../proxy/node-startup-options.js';

export const PODWIRE_CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../proxy/main.js');

/** node's arguments for `podwire …`: the startup options, then the CLI (the subcommand follows). */
export const PODWIRE_NODE_ARGV: readonly string[] = [...NODE_STARTUP_OPTIONS, PODWIRE_CLI];
