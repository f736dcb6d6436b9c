// `podwire proxy`: load the configuration from the environment, start the sidecar, and drain on
// SIGTERM/SIGINT (or POST /shutdown) before exiting 0. Configuration errors exit 2 before binding.
import { loadConfig, ConfigError } from '../config.js';
import { createLogger, flushLogger } from '../log.js';
import { startProxy, type RunningProxy } from '../app.js';

export const PROXY_HELP = `podwire proxy — run the sidecar (the default command)

Carries the application's TCP connections over mutual TLS 1.3 straight to the remote pod's
inbound port, resolving destinations through Linkerd's Destination API, and accepts the same on
its own inbound port. Configured entirely from the environment, with linkerd2-proxy's names.

In a pod, \`podwire init\` redirects the application's TCP here with iptables and the proxy reads
each connection's original destination (SO_ORIGINAL_DST, a native addon built by npm ci):
outbound connections go through discovery, inbound ones on application ports through TLS
detection and policy. On a VM, explicit forwards (PODWIRE_OUTBOUND_FORWARDS) need no iptables.

Usage: podwire proxy [--help]

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

Exit codes: 0 after a clean drain, 1 startup failure, 2 invalid configuration.
`;

export async function runProxyCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(PROXY_HELP);
    return 0;
  }
  if (argv.length > 0) {
    process.stderr.write(`podwire proxy: unexpected argument ${JSON.stringify(argv[0])} (configuration comes from the environment; see --help)\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`podwire: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const log = createLogger({ level: config.log.level, format: config.log.format, name: 'proxy' });
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
    flushLogger(log);
    process.stderr.write(`podwire: ${(err as Error).message}\n`);
    return 1;
  }
  if (stopRequested) requestShutdown();
  const code = await exited;
  log.info('podwire stopped');
  flushLogger(log);
  return code;
}
