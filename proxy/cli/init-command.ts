// `podwire init`: program the pod's iptables so the application's TCP goes through the sidecar
// without knowing it (the init container's job; Linkerd's proxy-init flags are accepted as-is).
import { INIT_DEFAULTS, InitUsageError, parseInitArgs, type InitOptions } from '../init/options.js';
import { planRules, type Family } from '../init/rules.js';
import { IptablesError, iptablesBinary, systemIptables } from '../init/iptables.js';
import { cleanCommands, cleanRules, installCommands, installRules } from '../init/apply.js';
import { exitQuietlyOnBrokenPipe } from './stdout-pipe.js';

export const INIT_HELP = `podwire init — redirect a pod's TCP through the podwire sidecar with iptables

Run once per pod before the application starts (an init container with NET_ADMIN and NET_RAW, or
as root on a host). Inbound TCP goes to the proxy's inbound port, outbound TCP to its outbound
port; the proxy recovers where each connection was going with SO_ORIGINAL_DST. The proxy's own
uid and loopback traffic are exempt. Rules live in the nat table in the chains
PROXY_INIT_REDIRECT (from PREROUTING) and PROXY_INIT_OUTPUT (from OUTPUT), as with Linkerd's
proxy-init, whose flags these are. Running it again with the same flags changes nothing; with
other flags it replaces podwire's chains.

Usage: podwire init [options]

Options:
  --incoming-proxy-port PORT      the proxy's inbound port                        [${INIT_DEFAULTS.inboundPort}]
  --outgoing-proxy-port PORT      the proxy's outbound port                       [${INIT_DEFAULTS.outboundPort}]
  --proxy-uid UID                 uid the proxy runs as; its traffic is not redirected [${INIT_DEFAULTS.proxyUid}]
  --inbound-ports-to-ignore LIST  inbound ports left alone, e.g. 4190,4191,8000-8010 [${INIT_DEFAULTS.inboundPortsToIgnore}]
  --outbound-ports-to-ignore LIST outbound ports left alone (e.g. 443,5432)       [none]
  --subnets-to-ignore LIST        outbound CIDRs left alone (e.g. 10.0.0.0/8)      [none]
  --ipv6                          also program ip6tables
  --iptables-mode MODE            auto (the host's iptables), nft or legacy       [auto]
  --dry-run, --simulate           print the commands an install runs; change nothing
  --clean                         remove podwire's chains and jumps
  -h, --help                      this help

Every list flag may be repeated or comma-separated. Exit codes: 0 done (or nothing to change),
1 iptables failed (the message names the command), 2 invalid arguments.
`;

export async function runInitCommand(argv: readonly string[]): Promise<number> {
  exitQuietlyOnBrokenPipe();
  let opts: InitOptions;
  try {
    const parsed = parseInitArgs(argv);
    if ('help' in parsed) {
      process.stdout.write(INIT_HELP);
      return 0;
    }
    opts = parsed;
  } catch (err) {
    if (!(err instanceof InitUsageError)) throw err;
    process.stderr.write(`podwire init: ${err.message}\nRun 'podwire init --help' for usage.\n`);
    return 2;
  }
  const families: Family[] = opts.ipv6 ? [4, 6] : [4];
  try {
    for (const family of families) await runFamily(opts, family);
    return 0;
  } catch (err) {
    if (!(err instanceof IptablesError)) throw err;
    process.stderr.write(`podwire init: ${err.message}\n`);
    return 1;
  }
}

async function runFamily(opts: InitOptions, family: Family): Promise<void> {
  const bin = iptablesBinary(opts.mode, family);
  const plan = planRules(opts, family);
  if (opts.dryRun) {
    const lines = opts.clean ? cleanCommands(bin, plan) : installCommands(bin, plan);
    process.stdout.write(`# ${opts.clean ? 'a clean of this install runs' : 'an install runs'}:\n${lines.map((l) => `${l}\n`).join('')}`);
    return;
  }
  const ipt = systemIptables(bin);
  if (opts.clean) {
    const removed = await cleanRules(ipt);
    process.stdout.write(`podwire init: ${bin}: ${removed > 0 ? `removed ${removed} chains and their jumps` : 'no podwire rules to remove'}\n`);
    return;
  }
  const result = await installRules(ipt, plan);
  process.stdout.write(`podwire init: ${bin}: ${result === 'unchanged' ? 'rules already in place, nothing changed' : 'rules installed'}`
    + ` (inbound → ${opts.inboundPort}, outbound → ${opts.outboundPort}, proxy uid ${opts.proxyUid} exempt)\n`);
}
