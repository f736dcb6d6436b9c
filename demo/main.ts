// `podwire demo` (`npm start`): two clusters on loopback, each with its own controller, linked
// east → west; traffic from an east client to west pods three ways (flat pod-to-pod, through
// west's gateway, and a federated service whose east replica is killed midway), then a report of
// what each server-side proxy saw, how many connections each hop carried as mux streams (the
// default transport between podwire sidecars), latency percentiles and failures. Cleans up and
// exits 0.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildWorld, FORWARDS, PODS, podIdentity } from './world.js';
import { startClusters, type Clusters } from './cluster.js';
import { run, percentile, type RunResult } from './traffic.js';
import { countStreams, describeStreams, type Hop } from './transport.js';

export const DEMO_HELP = `podwire demo — two linked clusters on loopback, traffic three ways, a report

Brings up clusters east (127.71.0.0/16) and west (127.72.0.0/16), each with its own
podwire controller, an east client, west server workloads, a west gateway and podwire sidecars;
sends requests flat pod-to-pod, through the gateway, and to a federated service whose east
replica is killed midway; prints the client identity each server-side proxy saw, the
connections each hop carried as podwire.mux/1 streams, latency percentiles and failures; then
stops everything. Needs no root and no network beyond loopback.

Usage: podwire demo [--requests N] [--help]     (npm start runs it)
`;

interface PathReport {
  readonly label: string;
  readonly result: RunResult;
  readonly seen: string[];
  /** transport.ts's line: mux streams per hop. */
  readonly transport: string;
  readonly note?: string;
}

const CLIENT = PODS.find((p) => p.name === 'client-0')!;

export async function runDemo(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(DEMO_HELP);
    return 0;
  }
  const n = requestsFlag(argv);
  if (n === undefined) {
    process.stderr.write(`podwire demo: --requests takes a whole number from 10 to 10000\n\n${DEMO_HELP}`);
    return 2;
  }
  const started = performance.now();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'podwire-demo-'));
  let clusters: Clusters | undefined;
  try {
    say('podwire demo: clusters east (127.71.0.0/16) and west (127.72.0.0/16) on loopback');
    const files = await buildWorld(dir);
    clusters = await startClusters(files);
    say(`  up: 2 controllers, ${clusters.sidecars.size} sidecars, ${clusters.apps.size} apps in ${secs(started)}`);
    const reports = [
      await flat(clusters, n),
      await viaGateway(clusters, n),
      await federated(clusters, n * 2),
    ];
    printReport(reports);
    say(`done in ${secs(started)}`);
    return reports.every((r) => r.result.latenciesMs.length > 0) ? 0 : 1;
  } catch (err) {
    process.stderr.write(`podwire demo failed: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await clusters?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function requestsFlag(argv: readonly string[]): number | undefined {
  const i = argv.indexOf('--requests');
  if (i < 0) return 100;
  const v = Number(argv[i + 1]);
  return Number.isInteger(v) && v >= 10 && v <= 10_000 ? v : undefined;
}

async function flat(c: Clusters, n: number): Promise<PathReport> {
  const hops: Hop[] = [{ from: CLIENT.name, to: 'web-0' }];
  const { result, streams } = await countStreams(hops, () => run(CLIENT.ip, FORWARDS.flat.port, n));
  return { label: 'flat pod-to-pod → web-0 (west)', result, seen: await seenBy(c, ['web-0']), transport: describeStreams(hops, streams) };
}

async function viaGateway(c: Clusters, n: number): Promise<PathReport> {
  // Both legs: the client's sidecar to the gateway, and the gateway's onward dial to the pod.
  const hops: Hop[] = [{ from: CLIENT.name, to: 'gateway' }, { from: 'gateway', to: 'api-0' }];
  const { result, streams } = await countStreams(hops, () => run(CLIENT.ip, FORWARDS.gateway.port, n));
  return { label: 'via west gateway → api-0 (west)', result, seen: await seenBy(c, ['api-0']), transport: describeStreams(hops, streams) };
}

async function federated(c: Clusters, n: number): Promise<PathReport> {
  const killAt = Math.floor(n / 2);
  const hops: Hop[] = [{ from: CLIENT.name, to: 'fed-east-0, then fed-west-0' }];
  const { result, streams } = await countStreams(hops, () => run(CLIENT.ip, FORWARDS.federated.port, n, async (i) => {
    if (i !== killAt) return;
    // A crash, not a drain: the sidecar and the app vanish and the controller isn't told.
    await c.sidecars.get('fed-east-0')!.kill();
    await c.apps.get('fed-east-0')!.kill();
  }));
  const served = (pod: string) => c.apps.get(pod)!.served();
  return {
    label: 'federated fed → east, then west',
    result,
    seen: await seenBy(c, ['fed-east-0', 'fed-west-0']),
    transport: describeStreams(hops, streams),
    note: `served by fed-east-0: ${served('fed-east-0')}, by fed-west-0: ${served('fed-west-0')} (fed-east-0 killed before request ${killAt + 1})`,
  };
}

/** Client identities the given pods' proxies logged for accepted inbound connections. */
async function seenBy(c: Clusters, pods: string[]): Promise<string[]> {
  await settle();
  const ids = new Set<string>();
  for (const pod of pods) {
    for (const l of c.sidecars.get(pod)!.accessLogs()) if (l.direction === 'inbound' && typeof l.client_id === 'string') ids.add(l.client_id);
  }
  return [...ids];
}

/** Server-side access-log lines are written when the connection closes, just after the client saw it end. */
function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, 150));
}

function printReport(reports: PathReport[]): void {
  say('');
  say(`client identity: ${podIdentity(CLIENT)}`);
  say('');
  const header = ['path', 'ok', 'failed', 'p50', 'p90', 'p99', 'max'];
  const rows = reports.map((r) => {
    const l = [...r.result.latenciesMs].sort((a, b) => a - b);
    return [r.label, String(l.length), String(r.result.failures), ms(percentile(l, 0.5)), ms(percentile(l, 0.9)), ms(percentile(l, 0.99)), ms(l[l.length - 1] ?? NaN)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  say(line(header));
  for (const r of rows) say(line(r));
  say('');
  for (const r of reports) {
    say(`  ${r.label}`);
    say(`    server-side proxy saw client identity: ${r.seen.join(', ') || '(none)'}`);
    say(`    ${r.transport}`);
    if (r.note) say(`    ${r.note}`);
    for (const [why, count] of r.result.errors) say(`    failed: ${count} × ${why}`);
  }
}

function ms(v: number): string {
  return Number.isFinite(v) ? `${v.toFixed(1)}ms` : '-';
}

function secs(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)}s`;
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}
