// Memory of a pair of podwire sidecars before, during and after bursts, re-runnable:
//   node dist/bench/memory-bursts.js [--connections 5000] [--floods 5] [--flood-size 1000]
//                                    [--env NAME=VALUE ...] [--settle 5s] [--hold 0s] [--json FILE]
// 1. a flat pair (client podwire → mTLS → server podwire → backend, bench/scenarios/podwire.ts):
//    RSS at idle, with --connections connections open at once through the pair (each echoing a
//    few bytes), and after they all closed and the proxies went quiet for --settle;
// 2. --floods rounds of --flood-size half-finished TLS handshakes on the server's inbound port (a
//    ClientHello, then silence, then the socket closed): RSS and JS heap after each round.
// --env adds variables to both proxies' environment, to compare allocator settings; RSS is read
// from /proc/<pid>/status and the JS heap from each proxy's /metrics. Linux only.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import { childProcessEnv } from '../proxy/config.js';
import { parseDuration } from '../proxy/config/parse.js';
import { ECHO_PREAMBLE } from './backend.js';
import { killAll, rssBytes, spawnProcess, waitForPort } from './processes.js';
import { PODWIRE_CLI } from './scenarios/cli-path.js';
import { createBenchPki } from './scenarios/pki.js';
import { INBOUND_PORT, POD_IPS, startPodwireScenarios } from './scenarios/podwire.js';
import { ADDR } from './scenarios/types.js';
import { envAssignment, wholeNumber } from './flag-values.js';

interface Options {
  connections: number;
  floods: number;
  floodSize: number;
  env: Record<string, string>;
  settleMs: number;
  /** Keep the proxies up this long at the end (to inspect them, e.g. with gdb or pmap). */
  holdMs: number;
  json?: string;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { connections: 5_000, floods: 5, floodSize: 1_000, env: {}, settleMs: 5_000, holdMs: 0 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const count = () => wholeNumber(flag, value, 0);
    if (flag === '--connections') o.connections = count();
    else if (flag === '--floods') o.floods = count();
    else if (flag === '--flood-size') o.floodSize = count();
    else if (flag === '--settle') o.settleMs = parseDuration(value);
    else if (flag === '--hold') o.holdMs = parseDuration(value);
    else if (flag === '--json') o.json = value;
    else if (flag === '--env') {
      const [name, setting] = envAssignment('--env', value);
      o.env[name] = setting;
    } else throw new Error(`unknown option ${flag} (see the header of bench/memory-bursts.ts)`);
  }
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number | undefined) => (bytes === undefined ? NaN : Math.round(bytes / 1024 / 102.4) / 10);

async function heapUsed(adminIp: string): Promise<number | undefined> {
  const text = await (await fetch(`http://${adminIp}:4191/metrics`)).text();
  const m = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Connections that failed and were retried, reported at the end (they should be none). */
let echoRetries = 0;

/** One echo connection through the pair, left open; one that fails is retried (twice at most). */
async function openEcho(host: string, port: number): Promise<net.Socket> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await openEchoOnce(host, port);
    } catch (err) {
      if (attempt === 2) throw err;
      echoRetries++;
    }
  }
}

function openEchoOnce(host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    const timer = setTimeout(() => reject(new Error('echo through the pair timed out')), 30_000);
    s.once('error', reject);
    s.once('data', () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.write(Buffer.concat([ECHO_PREAMBLE, Buffer.from('ping')]));
  });
}

/** The first flight of a TLS client offering Linkerd's transport ALPN, captured without a network. */
function clientHello(): Promise<Buffer> {
  return new Promise((resolve) => {
    const wire = new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        resolve(Buffer.from(chunk));
        cb();
        // Called from inside tls.connect(): `client` is assigned only once that returns.
        setImmediate(() => client.destroy());
      },
    });
    const client = tls.connect({ socket: wire, servername: 'web.default.serviceaccount.identity.linkerd.remote.bench', ALPNProtocols: ['transport.l5d.io/v1'], rejectUnauthorized: false });
    client.on('error', () => {});
  });
}

/** `n` sockets that send a ClientHello and then nothing; closed once the server has answered each. */
async function halfHandshakes(host: string, port: number, hello: Buffer, n: number): Promise<void> {
  const sockets = await Promise.all(Array.from({ length: n }, () => new Promise<net.Socket>((resolve) => {
    const s = net.connect({ host, port });
    s.on('error', () => resolve(s));
    s.once('connect', () => s.write(hello));
    // The server's first flight came back: its side of the handshake is in progress.
    s.once('data', () => resolve(s));
    setTimeout(() => resolve(s), 10_000).unref();
  })));
  for (const s of sockets) s.destroy();
}

interface Sample {
  readonly phase: string;
  readonly clientRssMb: number;
  readonly serverRssMb: number;
  readonly clientHeapMb: number;
  readonly serverHeapMb: number;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'podwire-membench-'));
  const backend = spawnProcess('bench backend', process.execPath, [
    PODWIRE_CLI, 'bench', 'backend', '--listen', `${ADDR.backend}:${ADDR.backendPort}`, '--payload', '16',
  ], childProcessEnv({}));
  let stopPods = async () => {};
  try {
    await waitForPort(backend, ADDR.backend, ADDR.backendPort);
    const pki = await createBenchPki(dir);
    const pods = await startPodwireScenarios(new Set(['flat']), dir, pki, { host: ADDR.backend, port: ADDR.backendPort }, opts.env);
    stopPods = () => pods.stop();
    const flat = pods.scenarios[0]!;
    const [clientPid, serverPid] = flat.proxyPids as [number, number];
    const samples: Sample[] = [];
    const sample = async (phase: string) => {
      const s: Sample = {
        phase,
        clientRssMb: mb(rssBytes(clientPid)), serverRssMb: mb(rssBytes(serverPid)),
        clientHeapMb: mb(await heapUsed(POD_IPS.flatClient)), serverHeapMb: mb(await heapUsed(POD_IPS.flatServer)),
      };
      samples.push(s);
      console.error(`${phase.padEnd(34)} client ${s.clientRssMb} MB RSS (heap ${s.clientHeapMb})   server ${s.serverRssMb} MB RSS (heap ${s.serverHeapMb})`);
    };
    console.error(`proxy env: ${JSON.stringify(opts.env)}`);
    await sleep(opts.settleMs);
    await sample('idle');

    // Opened in batches so the accept queues never overflow; all held open together, then closed.
    const held: net.Socket[] = [];
    for (let i = 0; i < opts.connections; i += 200) {
      const batch = Math.min(200, opts.connections - i);
      try {
        held.push(...await Promise.all(Array.from({ length: batch }, () => openEcho(flat.host, flat.port))));
      } catch (err) {
        throw new Error(`after ${held.length} connections: ${(err as Error).message}\nclient proxy: ${pods.output(clientPid)}\nserver proxy: ${pods.output(serverPid)}`);
      }
    }
    await sample(`${opts.connections} connections open`);
    if (echoRetries > 0) console.error(`(${echoRetries} connections failed and were retried)`);
    for (const s of held) s.destroy();
    await sleep(opts.settleMs);
    await sample(`${opts.connections} closed, +${opts.settleMs / 1000}s`);

    const hello = await clientHello();
    for (let round = 1; round <= opts.floods; round++) {
      await halfHandshakes(POD_IPS.flatServer, INBOUND_PORT, hello, opts.floodSize);
      await sleep(opts.settleMs);
      await sample(`flood ${round} (${opts.floodSize} half handshakes)`);
    }
    if (opts.holdMs > 0) {
      console.error(`holding ${opts.holdMs / 1000}s: client pid ${clientPid}, server pid ${serverPid}`);
      await sleep(opts.holdMs);
      await sample('after hold');
    }
    if (opts.json) await writeFile(opts.json, JSON.stringify({ env: opts.env, options: { ...opts, json: undefined }, samples }, null, 2) + '\n');
  } finally {
    await stopPods();
    await backend.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

// No proxy may outlive the run, however it ends.
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().catch((err: unknown) => {
  console.error(`memory-bursts: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
