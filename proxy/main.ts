#!/usr/bin/env -S node --max-semi-space-size=16
// The `podwire` CLI: dispatches to a subcommand. `proxy` is the default when none is given.
import { VERSION } from './version.js';

const HELP = `podwire ${VERSION} — an L4 mTLS sidecar proxy that speaks Linkerd's data-plane protocols

Usage: podwire [command] [--help]

Commands:
  proxy       run the sidecar proxy (default): outbound via the Destination API over mTLS,
              inbound mTLS with Linkerd's transport header on 4143
  controller  serve the Destination and Identity APIs from a topology file, with linked clusters
  init        program the pod's iptables to send its TCP through the proxy (init container)
  await       wait until the proxy's /ready answers 200, then optionally run a command
              (linkerd-await; installed as /usr/lib/linkerd/linkerd-await in the image)
  pki         create trust anchors, issuers and workload certificates (ECDSA P-256, PEM)
  demo        two linked clusters on loopback, traffic three ways, a report (npm start)
  bench       benchmarks: latency, throughput, connection rate, memory vs direct, HAProxy, nginx
  help        show this help
  version     print the version

Run 'podwire <command> --help' for a command's options.
`;

type Command = (argv: readonly string[]) => Promise<number>;

// Each command is imported when it runs: a sidecar must not pay, in start-up time and resident
// memory, for the benchmark harness, the demo or the PKI tooling it never uses.
const COMMANDS: Record<string, Command> = {
  proxy: async (argv) => (await loadProxyCommand()).runProxyCommand(argv),
  controller: async (argv) => (await import('./cli/controller-command.js')).runControllerCommand(argv),
  init: async (argv) => (await import('./cli/init-command.js')).runInitCommand(argv),
  await: async (argv) => (await import('./cli/await-command.js')).runAwaitCommand(argv),
  pki: async (argv) => (await import('./pki/cli.js')).runPkiCommand([...argv]),
  demo: async (argv) => (await import('../demo/main.js')).runDemo(argv),
  // The bench's load tools are optional dependencies (absent from the image): name them if missing.
  bench: async (argv) => {
    const { missingBenchPackages, missingBenchMessage } = await import('./cli/bench-tools.js');
    const missing = missingBenchPackages();
    if (missing.length > 0) {
      process.stderr.write(missingBenchMessage(missing));
      return 2;
    }
    return (await import('./cli/bench-command.js')).runBenchCommand(argv);
  },
  help: async () => {
    process.stdout.write(HELP);
    return 0;
  },
  version: async () => {
    process.stdout.write(`podwire ${VERSION}\n`);
    return 0;
  },
};

type ProxyCommandModule = typeof import('./cli/proxy-command.js');

/**
 * The sidecar runs from one bundled file (scripts/bundle-proxy.mjs, made by `npm run build`): about
 * 10 MB less resident memory per proxy than the ~150-module graph tsc emits. A build that ran tsc
 * alone has no bundle; the same code then runs from that graph. The specifier is a variable so tsc
 * does not look for the file at typecheck time.
 */
const PROXY_BUNDLE = './podwire-proxy.mjs';

async function loadProxyCommand(): Promise<ProxyCommandModule> {
  try {
    return (await import(PROXY_BUNDLE)) as ProxyCommandModule;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code !== 'ERR_MODULE_NOT_FOUND' || !e.message.includes('podwire-proxy.mjs')) throw err;
    return import('./cli/proxy-command.js');
  }
}

/**
 * proxy-init's flags. Linkerd's injector gives its init container these arguments and no command,
 * so with the image swapped for podwire's they arrive here first: they mean `podwire init`.
 */
const PROXY_INIT_FLAGS = ['--incoming-proxy-port', '--outgoing-proxy-port', '--proxy-uid', '--inbound-ports-to-ignore', '--outbound-ports-to-ignore', '--subnets-to-ignore'];

function isProxyInitFlag(arg: string): boolean {
  return PROXY_INIT_FLAGS.some((f) => arg === f || arg.startsWith(`${f}=`));
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) return COMMANDS.proxy!([]);
  if (first === '--help' || first === '-h') return COMMANDS.help!([]);
  if (first === '--version' || first === '-V') return COMMANDS.version!([]);
  if (first.startsWith('-')) return COMMANDS[isProxyInitFlag(first) ? 'init' : 'proxy']!(argv);
  const command = COMMANDS[first];
  if (!command) {
    process.stderr.write(`podwire: unknown command ${JSON.stringify(first)}\n\n${HELP}`);
    return 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    // Exit explicitly: watchers and gRPC channels must not keep a finished command alive.
    process.exitCode = code;
    setImmediate(() => process.exit(code));
  },
  (err: unknown) => {
    process.stderr.write(`podwire: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
