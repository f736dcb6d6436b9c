// `podwire proxy`: load the configuration from the environment, start the sidecar, and drain on
// SIGTERM/SIGINT (or POST /shutdown) before exiting 0. Configuration errors exit 2 before binding,
// all of them at once: bad variables, then the identity files they point at (identity/preflight.ts);
// a listen address already in use also exits 2, naming the variable to change.
// Variables podwire does not read (misspelt, or Linkerd's that it does not implement) are logged
// as warnings at startup, one line each; `--check-config` prints the effective configuration and
// those warnings, and exits without starting anything.
import { loadConfig, nodeOptionsVariable, unusedVariableWarnings, ConfigError, type EnvWarning } from '../config.js';
import { describeConfig } from '../config/describe.js';
import { identityFileProblems } from '../identity/preflight.js';
import { createLogger, drainLogger, type Logger } from '../log.js';
import { startupOptionsWarning } from '../node-startup-options.js';
import { startProxy, type RunningProxy } from '../app.js';

export const PROXY_HELP = `podwire proxy — run the sidecar (the default command)

Carries the application's TCP connections over mutual TLS 1.3 straight to the remote pod's
inbound port, resolving destinations through Linkerd's Destination API, and accepts the same on
its own inbound port. Configured entirely from the environment, with linkerd2-proxy's names.

In a pod, \`podwire init\` redirects the application's TCP here with iptables and the proxy reads
each connection's original destination (SO_ORIGINAL_DST, a native addon built by npm ci):
outbound connections go through discovery, inbound ones on application ports through TLS
detection and policy. On a VM, explicit forwards (PODWIRE_OUTBOUND_FORWARDS) need no iptables.

Usage: podwire proxy [--check-config] [--help]

  --check-config   print the effective configuration (defaults filled in; file paths, never
                   their contents) and the warnings, then exit: 0 when valid, 2 when not
                   (every problem listed, the identity files' included). Starts nothing and
                   binds no port.

Every LINKERD2_PROXY_* or PODWIRE_* variable podwire does not read gets a warning at startup: a
misspelt one names the nearest known variable, one of Linkerd's that podwire does not implement
says so. Warnings never stop the proxy. So does a node started without --max-semi-space-size=16
(the podwire command and the image pass it; it bounds V8's young generation).

Main settings (all of them: docs/configuration.md):
  LINKERD2_PROXY_INBOUND_LISTEN_ADDR     inbound mTLS port          (default 0.0.0.0:4143)
  LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR    intercepted outbound port  (default 127.0.0.1:4140)
  LINKERD2_PROXY_ADMIN_LISTEN_ADDR       /live /ready /metrics      (default 127.0.0.1:4191)
  LINKERD2_PROXY_DESTINATION_SVC_ADDR    Destination API host:port (+ _NAME unless loopback)
  LINKERD2_PROXY_IDENTITY_LOCAL_NAME     this workload's identity (a SAN of its certificate)
  LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS  inline PEM trust anchors (or PODWIRE_IDENTITY_TRUST_ANCHORS_FILE)
  Identity, one of:
    files:   PODWIRE_IDENTITY_CERT_FILE, PODWIRE_IDENTITY_KEY_FILE   PEM chain and key (watched)
    Certify: LINKERD2_PROXY_IDENTITY_SVC_ADDR (+ _NAME unless loopback), LINKERD2_PROXY_IDENTITY_DIR,
             LINKERD2_PROXY_IDENTITY_TOKEN_FILE, LINKERD2_PROXY_IDENTITY_MIN_REFRESH/_MAX_REFRESH
  PODWIRE_OUTBOUND_FORWARDS              LISTEN=NAME:PORT,...  explicit local forwards (VM mode)
  PODWIRE_INBOUND_TARGET_IP              deliver inbound traffic to this IP (e.g. 127.0.0.1 on a VM)
  LINKERD2_PROXY_INBOUND_IPS             the pod's IPs: only these original destinations are served
  LINKERD2_PROXY_LOG, LINKERD2_PROXY_LOG_FORMAT            level (e.g. info) and plain|json
  LINKERD2_PROXY_ACCESS_LOG              per-connection lines: podwire (in the log) | json | apache (stderr) | off

Problems are reported all at once, each with the variable to change: bad values, identity files
that are missing, unreadable, expired, not matching each other or the trust anchors, and listen
addresses already in use. The proxy logs "podwire proxy listening" with its bound addresses, and
"podwire proxy ready" once /ready answers 200 (identity and, with the policy API, policy loaded).

Exit codes: 0 after a clean drain, 1 other startup failure, 2 invalid configuration (variables,
the files they name, or an address in use).
`;

export async function runProxyCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(PROXY_HELP);
    return 0;
  }
  const checkOnly = argv.includes('--check-config');
  const unexpected = argv.find((a) => a !== '--check-config');
  if (unexpected !== undefined) {
    process.stderr.write(`podwire proxy: unexpected argument ${JSON.stringify(unexpected)} (configuration comes from the environment; see --help)\n`);
    return 2;
  }
  const warnings = unusedVariableWarnings();
  let config;
  try {
    config = loadConfig();
    const fileProblems = identityFileProblems(config.identity);
    if (fileProblems.length > 0) throw new ConfigError(fileProblems);
  } catch (err) {
    if (err instanceof ConfigError) {
      // The warnings first: a misspelt variable is often why a required one is "unset".
      for (const w of warnings) process.stderr.write(`podwire: warning: ${w.message}\n`);
      // Valid identity settings among bad others: their files' problems belong in the same report.
      const all = err.identity ? new ConfigError([...err.problems, ...identityFileProblems(err.identity)]) : err;
      process.stderr.write(`podwire: ${all.message}\n`);
      return 2;
    }
    throw err;
  }
  if (checkOnly) {
    process.stdout.write(checkReport(describeConfig(config), warnings));
    return 0;
  }
  const log = createLogger({ level: config.log.level, format: config.log.format, name: 'proxy' });
  logWarnings(log, warnings);
  const nodeWarning = startupOptionsWarning(process.execArgv, nodeOptionsVariable());
  if (nodeWarning) log.warn(nodeWarning);
  let exit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (exit = resolve));
  let proxy: RunningProxy | undefined;
  let stopRequested = false;
  const requestShutdown = () => {
    stopRequested = true;
    if (proxy) void proxy.shutdown().then(() => exit(0));
  };
  // Installed before starting: a SIGTERM that arrives while listeners come up must still drain
  // and exit 0, not kill the process with the default handler.
  process.once('SIGTERM', requestShutdown);
  process.once('SIGINT', requestShutdown);
  try {
    proxy = await startProxy({ config, log, onShutdownRequest: requestShutdown });
  } catch (err) {
    log.error({ err: (err as Error).message }, 'podwire failed to start');
    await drainLogger(log);
    process.stderr.write(`podwire: ${(err as Error).message}\n`);
    // A problem the configuration can fix (an address in use, an unusable identity directory) is
    // reported and exits like a bad variable.
    return err instanceof ConfigError ? 2 : 1;
  }
  if (stopRequested) requestShutdown();
  const code = await exited;
  log.info('podwire stopped');
  await drainLogger(log);
  return code;
}

/** What --check-config prints for a valid configuration. */
function checkReport(effective: unknown, warnings: readonly EnvWarning[]): string {
  const lines = ['podwire proxy: the configuration is valid', '', 'Effective configuration:', JSON.stringify(effective, null, 2), ''];
  if (warnings.length === 0) lines.push('Warnings: none');
  else lines.push(`Warnings (${warnings.length}):`, ...warnings.map((w) => `  ${w.message}`));
  return `${lines.join('\n')}\n`;
}

/** One structured warn line per variable podwire does not read. */
function logWarnings(log: Logger, warnings: readonly EnvWarning[]): void {
  for (const w of warnings) {
    log.warn({ variable: w.name, problem: w.kind, ...(w.kind === 'unknown' && w.suggestion !== undefined && { suggestion: w.suggestion }) }, w.message);
  }
}
