// Idle resident memory of one `podwire proxy`, started the way the tests start it (file identity,
// JSON logs, loopback listeners on ephemeral ports, no Destination service), read from
// /proc/<pid>/status once it is ready and has settled. Variants run interleaved, round by round,
// so a busy machine skews them alike; the figure per variant is the median over rounds.
//   node dist/bench/idle-rss.js [--rounds 5] [--settle 5s] [--variant LABEL=NODE_ARGS... SCRIPT ...]
// A variant is node's arguments then the script, split on spaces, e.g.
//   --variant 'tsc=dist/proxy/main.js' --variant 'semi1=--max-semi-space-size=1 dist/podwire-proxy.mjs'
// Without --variant it measures the CLI this file was built with. Linux only.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { childProcessEnv } from '../proxy/config.js';
import { parseDuration } from '../proxy/config/parse.js';
import { killAll, rssBytes, spawnProcess, type BenchProcess } from './processes.js';
import { PODWIRE_NODE_ARGV } from './scenarios/cli-path.js';
import { benchIdentity, createBenchPki, type BenchLeaf } from './scenarios/pki.js';

interface Variant {
  label: string;
  /** node's own arguments, then the script. */
  argv: string[];
}

interface Options {
  rounds: number;
  settleMs: number;
  variants: Variant[];
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { rounds: 5, settleMs: 5_000, variants: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--rounds') {
      o.rounds = Number(value);
      if (!Number.isInteger(o.rounds) || o.rounds < 1) throw new Error(`--rounds ${JSON.stringify(value)}: a whole number of at least 1 is expected`);
    } else if (flag === '--settle') {
      o.settleMs = parseDuration(value);
    } else if (flag === '--variant') {
      const eq = value.indexOf('=');
      const args = value.slice(eq + 1).split(' ').filter((a) => a !== '');
      if (eq < 1 || args.length === 0) throw new Error(`--variant ${JSON.stringify(value)}: LABEL=[NODE_ARGS...] SCRIPT is expected`);
      o.variants.push({ label: value.slice(0, eq), argv: args });
    } else {
      throw new Error(`unknown option ${JSON.stringify(flag)} (--rounds, --settle, --variant)`);
    }
  }
  if (o.variants.length === 0) o.variants.push({ label: 'podwire', argv: [...PODWIRE_NODE_ARGV] });
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves when the proxy logs "podwire proxy ready"; rejects if it exits or takes over 20 s. */
function whenReady(p: BenchProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${p.name} not ready after 20s:\n${p.output}`)), 20_000);
    let buf = '';
    p.child.stdout!.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      if (buf.includes('"podwire proxy ready"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    p.child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${p.name} exited (${code}) before it was ready:\n${p.output}`));
    });
  });
}

async function measure(v: Variant, leaf: BenchLeaf, anchorsFile: string, settleMs: number): Promise<number> {
  const p = spawnProcess(v.label, process.execPath, [...v.argv, 'proxy'], childProcessEnv({
    LINKERD2_PROXY_LOG: 'info',
    LINKERD2_PROXY_LOG_FORMAT: 'json',
    LINKERD2_PROXY_IDENTITY_LOCAL_NAME: leaf.identity,
    PODWIRE_IDENTITY_CERT_FILE: leaf.certFile,
    PODWIRE_IDENTITY_KEY_FILE: leaf.keyFile,
    PODWIRE_IDENTITY_TRUST_ANCHORS_FILE: anchorsFile,
    LINKERD2_PROXY_INBOUND_LISTEN_ADDR: '127.0.0.1:0',
    LINKERD2_PROXY_OUTBOUND_LISTEN_ADDR: '127.0.0.1:0',
    LINKERD2_PROXY_ADMIN_LISTEN_ADDR: '127.0.0.1:0',
  }));
  try {
    await whenReady(p);
    await sleep(settleMs);
    const rss = rssBytes(p.pid);
    if (rss === undefined) throw new Error(`no /proc/${p.pid}/status: this needs Linux`);
    return rss;
  } finally {
    await p.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (b: number) => (b / 1e6).toFixed(1);

const USAGE = `bench/idle-rss.ts: idle resident memory of one podwire proxy, variants interleaved round by round

  node dist/bench/idle-rss.js [--rounds 5] [--settle 5s] [--variant LABEL=NODE_ARGS... SCRIPT ...]

A variant is node's arguments then the script, split on spaces, e.g.
  --variant 'tsc=dist/proxy/main.js' --variant 'semi1=--max-semi-space-size=1 dist/proxy/main.js'
Without --variant it measures the CLI it was built with. Prints each round and the medians. Linux only.`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const o = parseArgs(args);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'podwire-idle-rss-'));
  process.once('SIGINT', () => {
    killAll();
    process.exit(130);
  });
  try {
    const pki = await createBenchPki(dir);
    const leaf = await pki.issue('proxy', benchIdentity('web', 'default', 'cluster.local'));
    const samples = new Map<string, number[]>(o.variants.map((v) => [v.label, []]));
    for (let round = 1; round <= o.rounds; round++) {
      for (const v of o.variants) {
        const rss = await measure(v, leaf, pki.anchorsFile, o.settleMs);
        samples.get(v.label)!.push(rss);
        process.stdout.write(`round ${round} ${v.label}: ${mb(rss)} MB\n`);
      }
    }
    const first = median(samples.get(o.variants[0]!.label)!);
    for (const v of o.variants) {
      const m = median(samples.get(v.label)!);
      process.stdout.write(`${v.label}: median ${mb(m)} MB RSS (${(m / first).toFixed(2)}x ${o.variants[0]!.label}) over ${o.rounds} rounds [${samples.get(v.label)!.map(mb).join(', ')}]\n`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`idle-rss: ${(err as Error).message}\n`);
  killAll();
  process.exit(1);
});
