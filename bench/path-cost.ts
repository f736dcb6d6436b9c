// CPU per request/response round trip of podwire's two byte paths between peers, measured in one
// process: for judging small changes to the per-frame code, whose effect (a few µs per request)
// is smaller than the spread of the bench's multi-process figures on a busy machine (±10–15%
// between runs). Here the client proxy's and the server proxy's data paths run in one Node
// process, without podwire's discovery, policy or metrics:
//
//   echo client → [client side: pipeBidirectional] → mTLS (podwire's own certificates, client
//   certificate required and verified) → [server side: pipeBidirectional] → echo server
//
// flat: one TLS connection per application connection (the per-connection path's pipe);
// mux:  one mux session (proxy/mux) over one TLS connection, one stream per application connection.
// Each run is a fresh child process (JIT state and heap start alike); modes alternate round by
// round, and the medians of CPU µs per round trip (user + system, the whole process: clients and
// echo server included, the same in both modes) and of mux/flat are printed. To compare two
// builds, run each build's dist/bench/path-cost.js in turn and compare medians.
//
//   node dist/bench/path-cost.js [--rounds 5] [--round-trips 60000] [--connections 1] [--size 1024] [--modes flat,mux]
//
// Round trips are closed-loop (each connection sends its next message once the echo is back), so
// with one connection nothing is batched: every message is a frame, a TLS record and a write of
// its own, as at a low fixed rate. Loopback only (127.0.0.1, ports picked by the kernel).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { MuxSession } from '../proxy/mux/session.js';
import { pipeBidirectional } from '../proxy/transport/copy.js';
import { createBenchPki } from './scenarios/pki.js';
import { median } from './stats.js';

export type PathMode = 'flat' | 'mux';

export interface PathCostOptions {
  readonly mode: PathMode;
  readonly roundTrips: number;
  readonly connections: number;
  /** Bytes per message, each way. */
  readonly size: number;
  /** Unmeasured round trips first, over all connections (default WARM_UP_ROUND_TRIPS). */
  readonly warmUpRoundTrips?: number;
}

export interface PathCost {
  readonly mode: PathMode;
  /** Process CPU (user + system) per round trip, µs. */
  readonly cpuUs: number;
  readonly wallUs: number;
}

/** Round trips before the measured ones, over all connections (see measurePathCost). */
const WARM_UP_ROUND_TRIPS = 20_000;

const listen = (server: net.Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));

const connect = (port: number): Promise<net.Socket> =>
  new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true, noDelay: true }, () => resolve(s));
    s.once('error', reject);
  });

/** Run one measurement in this process: set up both sides, warm up, then time `roundTrips`. */
export async function measurePathCost(opts: PathCostOptions): Promise<PathCost> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'podwire-path-cost-'));
  const closers: (() => void)[] = [];
  try {
    const pki = await createBenchPki(dir);
    const [server, client] = await Promise.all([pki.issue('server', 'server.bench'), pki.issue('client', 'client.bench')]);
    const ca = await readFile(pki.anchorsFile);
    const creds = async (leaf: { certFile: string; keyFile: string }) => ({ cert: await readFile(leaf.certFile), key: await readFile(leaf.keyFile), ca });

    // An echo socket is reset when its client goes at the end of a run: that is expected.
    const echo = net.createServer({ allowHalfOpen: true, noDelay: true }, (s) => s.on('error', () => {}).pipe(s));
    const echoPort = await listen(echo);
    closers.push(() => echo.close());

    const serverSide = tls.createServer({ ...(await creds(server)), requestCert: true, rejectUnauthorized: true, allowHalfOpen: true }, (t) => {
      t.setNoDelay(true);
      if (opts.mode === 'flat') return void connect(echoPort).then((e) => pipeBidirectional(t, e));
      new MuxSession(t, { role: 'server' }).on('stream', (stream) => void connect(echoPort).then((e) => pipeBidirectional(stream, e)));
    });
    const tlsPort = await listen(serverSide);
    closers.push(() => serverSide.close());
    // allowHalfOpen reaches the socket tls.connect makes, though ConnectionOptions does not list it;
    // noDelay does not (Nagle's algorithm would hold each small write for the previous one's ACK:
    // about 80 µs per round trip here), so it is set once connected, as connect.ts does for the proxy.
    const clientOptions: tls.ConnectionOptions & { allowHalfOpen: boolean } = {
      ...(await creds(client)),
      servername: 'server.bench',
      checkServerIdentity: () => undefined,
      port: tlsPort,
      host: '127.0.0.1',
      allowHalfOpen: true,
    };
    const dialTls = (): Promise<tls.TLSSocket> =>
      new Promise((resolve, reject) => {
        const t = tls.connect(clientOptions, () => resolve(t.setNoDelay(true)));
        t.once('error', reject);
      });

    let session: MuxSession | undefined;
    if (opts.mode === 'mux') {
      session = new MuxSession(await dialTls(), { role: 'client' });
      await new Promise<void>((resolve) => session!.once('ready', () => resolve()));
      closers.push(() => session!.destroy());
    }
    const clientSide = net.createServer({ allowHalfOpen: true, noDelay: true }, (app) => {
      if (session !== undefined) return void pipeBidirectional(app, session.open({ port: 80 }));
      void dialTls().then((t) => pipeBidirectional(app, t));
    });
    const clientPort = await listen(clientSide);
    closers.push(() => clientSide.close());

    const run = (n: number) => Promise.all(Array.from({ length: opts.connections }, () => echoClient(clientPort, opts.size, n)));
    // Warm-up: TLS connections, streams, and the JIT. V8 compiles in background threads, which
    // process.cpuUsage() counts; after 2,000 round trips it was still compiling, and more so for
    // the mux path (more functions): mux/flat read 1.07x with that warm-up and 20,000 measured
    // round trips, against 1.03x with this one and 60,000.
    await run(Math.ceil((opts.warmUpRoundTrips ?? WARM_UP_ROUND_TRIPS) / opts.connections));
    const perConnection = Math.ceil(opts.roundTrips / opts.connections);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run(perConnection);
    const cpu = process.cpuUsage(cpu0);
    const total = perConnection * opts.connections;
    return { mode: opts.mode, cpuUs: (cpu.user + cpu.system) / total, wallUs: ((performance.now() - t0) * 1000) / total };
  } finally {
    for (const close of closers.reverse()) close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** One application connection: `n` round trips of `size` bytes, each echo checked byte for byte. */
async function echoClient(port: number, size: number, n: number): Promise<void> {
  const socket = await connect(port);
  const message = Buffer.alloc(size);
  try {
    for (let i = 0; i < n; i++) {
      message.fill(i & 0xff);
      const echoed = await roundTrip(socket, message);
      if (!echoed.equals(message)) throw new Error(`round trip ${i}: the echo differs from what was sent`);
    }
  } finally {
    socket.destroy();
  }
}

function roundTrip(socket: net.Socket, message: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let got = 0;
    const onData = (chunk: Buffer) => {
      parts.push(chunk);
      got += chunk.length;
      if (got < message.length) return;
      done();
      resolve(Buffer.concat(parts, got));
    };
    const onEnd = () => {
      done();
      reject(new Error(`connection ended after ${got} of ${message.length} echoed bytes`));
    };
    const done = () => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onEnd);
    };
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', onEnd);
    socket.write(message);
  });
}

function parseArgs(argv: string[]): { rounds: number; modes: PathMode[]; child: boolean; opts: Omit<PathCostOptions, 'mode'> } {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]!;
    if (!name.startsWith('--') || argv[i + 1] === undefined) throw new Error(`path-cost: expected --name value, got ${JSON.stringify(argv.slice(i).join(' '))}`);
    flags.set(name.slice(2), argv[i + 1]!);
  }
  const known = new Set(['rounds', 'round-trips', 'connections', 'size', 'modes', 'child']);
  for (const name of flags.keys()) if (!known.has(name)) throw new Error(`path-cost: unknown option --${name}`);
  const positive = (name: string, fallback: number): number => {
    const value = flags.has(name) ? Number(flags.get(name)) : fallback;
    if (!Number.isInteger(value) || value < 1) throw new Error(`path-cost: --${name} must be a positive integer, got ${flags.get(name)}`);
    return value;
  };
  const modes = (flags.get('modes') ?? flags.get('child') ?? 'flat,mux').split(',') as PathMode[];
  for (const m of modes) if (m !== 'flat' && m !== 'mux') throw new Error(`path-cost: mode must be flat or mux, got ${m}`);
  return {
    rounds: positive('rounds', 5),
    modes,
    child: flags.has('child'),
    opts: { roundTrips: positive('round-trips', 60_000), connections: positive('connections', 1), size: positive('size', 1024) },
  };
}

/** Each measurement in a fresh process: this script with --child MODE, which prints one JSON line. */
function measureInChild(mode: PathMode, opts: Omit<PathCostOptions, 'mode'>): PathCost {
  const args = ['--child', mode, '--round-trips', String(opts.roundTrips), '--connections', String(opts.connections), '--size', String(opts.size)];
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as PathCost;
}

async function main(): Promise<void> {
  const { rounds, modes, child, opts } = parseArgs(process.argv.slice(2));
  if (child) {
    console.log(JSON.stringify(await measurePathCost({ ...opts, mode: modes[0]! })));
    process.exit(0); // the echo clients' sockets are gone; nothing else may hold the loop open
  }
  console.log(`path-cost: ${rounds} rounds × ${opts.roundTrips} round trips of ${opts.size} B over ${opts.connections} connection(s), modes ${modes.join(', ')}`);
  const results = new Map<PathMode, number[]>(modes.map((m) => [m, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? modes : [...modes].reverse();
    const line: string[] = [];
    for (const mode of order) {
      const r = measureInChild(mode, opts);
      results.get(mode)!.push(r.cpuUs);
      line.push(`${mode} ${r.cpuUs.toFixed(2)} µs CPU, ${r.wallUs.toFixed(2)} µs wall`);
    }
    console.log(`round ${round + 1}: ${line.join(' | ')}`);
  }
  for (const [mode, values] of results) console.log(`median ${mode}: ${median(values)!.toFixed(2)} µs CPU per round trip`);
  const flat = results.get('flat');
  const mux = results.get('mux');
  if (flat && mux) console.log(`median mux/flat: ${median(mux.map((v, i) => v / flat[i]!))!.toFixed(3)}x`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: Error) => {
    console.error(err.message);
    process.exit(2);
  });
}
