// `podwire bench`: the benchmark and load-test harness (bench/). Runs every scenario's workloads,
// prints the Markdown table and writes results JSON, RESULTS.md and latency.svg (to a new run
// directory unless --report or --out asks for the committed report's place); `bench backend`
// runs the application the scenarios end at (also usable behind any path for --target).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { environmentSnapshot } from '../config.js';
import { parseListenAddr } from '../config/parse.js';
import { DEFAULTS, ENV_FLAGS, ParamError, QUICK, SCENARIO_NAMES, WORKLOAD_NAMES, parseBenchArgs } from '../../bench/params.js';
import { runBench } from '../../bench/run.js';
import { writeOutputs } from '../../bench/report/write.js';
import { startBackend } from '../../bench/backend.js';
import { killAll } from '../../bench/processes.js';

export const BENCH_HELP = `podwire bench — latency, throughput, connection rate and memory: podwire against direct TCP,
HAProxy and nginx, in one run

Usage: podwire bench [options]
       podwire bench --target ADDR [options]
       podwire bench backend --listen ADDR [--payload BYTES]

Scenarios (all by default; --scenarios picks some): ${SCENARIO_NAMES.join(', ')}
  direct         client → server (no proxy: the limit of this machine)
  node-floor     client → Node pipe → mTLS → Node pipe → server: the smallest Node mTLS tunnel,
                 net/tls/pipe() and no podwire code (the platform's limit)
  flat           client → podwire → mTLS → podwire → server (pod-to-pod) with PODWIRE_MUX=false:
                 one mTLS connection per application connection, as towards linkerd2-proxy
  flat-mux       flat with PODWIRE_MUX=true (the default): application connections as streams on
                 pooled mTLS connections
  gateway        client → podwire → mTLS → gateway podwire → mTLS → podwire → server,
                 PODWIRE_MUX=false
  gateway-mux    gateway with PODWIRE_MUX=true on all three proxies (streams on both legs; a second
                 linked cluster with its own controller and gateway)
  haproxy        client → HAProxy → mTLS → HAProxy → server (skipped when not installed)
  nginx          client → nginx stream → mTLS → nginx stream → server (skipped when not installed)
  haproxy-reuse, nginx-reuse
                 the same pairs with TLS session resumption; they run only the new-connection
                 workload and report the share of sessions their server side saw resumed
  Peers and node-floor use the same tunnel: TLS 1.3, ECDSA P-256 certificates from podwire's pki,
  client certificates required and verified, no session resumption (except the -reuse pairs).
  podwire's scenarios resume TLS sessions between podwire peers, as podwire does by default
  (PODWIRE_OUTBOUND_TLS_RESUMPTION).
  Install the peers with apt-get install haproxy nginx-light libnginx-mod-stream
  Everything listens on 127.101.0.0/16.

Workloads, per scenario and round (scenarios interleaved, order rotated each round):
  HTTP/1.1 keep-alive at a fixed rate, paced evenly: p50/p90/p99/p99.9 and errors   [http-fixed]
  TCP request/response at a fixed rate: µs percentiles (hdr histogram)              [tcp-rr]
  (with 2+ rounds the report shows each fixed-rate p99's round-to-round spread)
  maximum keep-alive requests/s; proxy CPU seconds per 10k requests                [http-max]
  new connections/s (fresh TCP, and TLS per mTLS hop, per request): rate, latency,
  proxy CPU seconds per 1k connections                                              [new-conns]
  bulk MB/s over 1 and several connections; proxy CPU seconds per GB                [bulk]
  proxy RSS idle and with open idle connections (--idle-levels), once per run       [memory]

Options (environment variable in brackets; flags win):
  --rate N               fixed-rate requests/s, all connections together [PODWIRE_BENCH_RATE] (${DEFAULTS.rate})
  --duration T           measured time per workload, "3s", "500ms" or seconds [PODWIRE_BENCH_DURATION] (${DEFAULTS.durationMs / 1000}s)
  --fixed-duration T     measured time of the two fixed-rate workloads, long enough for p99 to repeat
                         between rounds [PODWIRE_BENCH_FIXED_DURATION] (${DEFAULTS.fixedDurationMs / 1000}s)
  --fixed-warm-up T      time at the fixed rate, on the same connections, before the measured time; not
                         recorded: the first seconds after a burst are slow on every path, direct
                         included; 0 for none [PODWIRE_BENCH_FIXED_WARM_UP] (${DEFAULTS.fixedWarmUpMs / 1000}s)
  --new-conn-warm-up T   new connections on each path before round 1, reported apart as the cold figures:
                         a Node proxy runs its connection path interpreted until V8 has compiled it;
                         0 for none [PODWIRE_BENCH_NEW_CONN_WARM_UP] (${DEFAULTS.newConnWarmUpMs / 1000}s)
  --connections N        connections of the keep-alive workloads [PODWIRE_BENCH_CONNECTIONS] (${DEFAULTS.connections})
  --payload BYTES        HTTP response body and TCP request size [PODWIRE_BENCH_PAYLOAD] (${DEFAULTS.payload})
  --rounds N             rounds [PODWIRE_BENCH_ROUNDS] (${DEFAULTS.rounds})
  --bulk-connections N   connections of the several-connection bulk workload (${DEFAULTS.bulkConnections})
  --new-conn-concurrency N
                         connections opened at once by the new-connection workload (${DEFAULTS.newConnConcurrency})
  --idle-levels N,N      open idle connections at which proxy RSS is read (${DEFAULTS.idleLevels.join(',')}); capped by
                         the open-file limit (a proxy holds 2 descriptors per connection)
  --idle-timeout T       time allowed to open each idle level (${DEFAULTS.idleOpenTimeoutMs / 1000}s); the level reached is reported
  --scenarios LIST       comma-separated subset of the scenarios
  --workloads LIST       comma-separated subset of ${WORKLOAD_NAMES.join(', ')}
                         (memory: proxy RSS idle and with --idle-levels connections)
  --target ADDR          drive IP:PORT instead of starting scenarios; every workload works when the
                         address leads to 'podwire bench backend', the HTTP ones against any HTTP/1.1 server
  --quick                smoke run, under a minute: ${QUICK.rounds} round, ${QUICK.durationMs! / 1000}s per workload (fixed rate too), ${QUICK.rate} req/s,
                         idle levels ${QUICK.idleLevels!.join(',')}
  --out DIR              write RESULTS.md, latency.svg and results/<timestamp>.json to DIR
  --report               write the committed report: bench/RESULTS.md, bench/latency.svg and
                         bench/results/<timestamp>.json. Without --out or --report every run goes
                         to its own bench/results/<timestamp>/ (ignored by git)
  --note TEXT            a note for the report (repeatable)
  --proxy-env NAME=VALUE added to the environment of every podwire proxy (repeatable; not the
                         controllers, node-floor or the peers), e.g. NODE_OPTIONS=--import=FILE for
                         a probe (dist/bench/cpu-profile.js: a CPU profile of each proxy); the
                         report notes it. PODWIRE_MUX and PODWIRE_GATEWAY are the scenarios' own
  -h, --help             this help

The default run takes about 27 minutes. The report gives medians over rounds, each scenario's
ratio to direct, to the best peer and to node-floor, and reads the results against podwire's targets.

backend: serve the bench application on ADDR: HTTP/1.1 ('GET /' answers BYTES bytes, 'GET /bulk'
streams until the client closes) and, for connections starting with "ECHO", a raw echo.

Exit codes: 0 done, 1 the run failed, 2 invalid arguments.
`;

export async function runBenchCommand(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'backend') return runBackend(argv.slice(1));
  let parsed;
  try {
    parsed = parseBenchArgs(argv, environmentSnapshot(), path.resolve('bench'));
  } catch (err) {
    if (!(err instanceof ParamError)) throw err;
    process.stderr.write(`podwire bench: ${err.message}\n\nRun 'podwire bench --help' for the options (environment: ${Object.keys(ENV_FLAGS).join(', ')}).\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(BENCH_HELP);
    return 0;
  }
  const params = parsed.params;
  const t0 = Date.now();
  const progress = (line: string) => process.stderr.write(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  // An interrupted run must not leave proxies, peers or the backend behind.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      progress(`${sig}: stopping every process of the run`);
      killAll();
      process.exit(130);
    });
  }
  try {
    const results = await runBench(params, progress);
    const written = writeOutputs(results, params.outDir, params.notes, params.layout);
    process.stdout.write(written.report + '\n');
    progress(`wrote ${written.json}, ${written.markdown}, ${written.svg}`);
    return 0;
  } catch (err) {
    process.stderr.write(`podwire bench: ${(err as Error).message}\n`);
    return 1;
  }
}

async function runBackend(argv: readonly string[]): Promise<number> {
  let listen;
  let payload = DEFAULTS.payload;
  try {
    const { values } = parseArgs({ args: [...argv], options: { listen: { type: 'string' }, payload: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
    if (values.help) {
      process.stdout.write(BENCH_HELP);
      return 0;
    }
    if (!values.listen) throw new Error('--listen ADDR is required');
    listen = parseListenAddr(values.listen);
    if (values.payload !== undefined) {
      payload = Number(values.payload);
      if (!Number.isInteger(payload) || payload < 1) throw new Error(`--payload: expected a whole number of bytes, got ${JSON.stringify(values.payload)}`);
    }
  } catch (err) {
    process.stderr.write(`podwire bench backend: ${(err as Error).message}\n`);
    return 2;
  }
  const backend = await startBackend(listen.ip, listen.port, payload).catch((err: Error) => err);
  if (backend instanceof Error) {
    process.stderr.write(`podwire bench backend: ${backend.message}\n`);
    return 1;
  }
  process.stdout.write(`bench backend listening on ${backend.host}:${backend.port}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await backend.close();
  return 0;
}
