// Issue 12 §4: the controller's memory stays bounded whatever its clients do. Clients that grant no
// HTTP/2 window (stalled-grpc-client.ts) hold Destination Get and policy WatchPort streams on the
// real `podwire controller` process while the topology file flips a 200-endpoint service 70 times.
// Asserted: every stuck stream is reset by the server (RST_STREAM CANCEL) within a bound, the
// queued-bytes gauges return to 0, the controller's RSS ends within a generous bound of where it
// started (the bug kept ~500 MB), the reset counters say why, and a well-behaved client on the same
// controller sees every flip throughout.
import fs from 'node:fs';
import http2 from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startControllerProcess } from '../harness/controller-process.js';
import { fetchText, metricValue, type ProxyProcess } from '../harness/proxy-process.js';
import { RawDestinationClient, type RawUpdate } from '../harness/raw-destination-client.js';
import {
  DESTINATION_GET, POLICY_WATCH_PORT, StalledGrpcClient, getDestinationRequest, portSpecRequest, type StalledStream,
} from '../harness/stalled-grpc-client.js';

const GRPC = '127.88.0.1:8086';
const ADMIN = '127.88.0.1:9996';
const SERVICE = 'big.load.svc.cluster.local:80';
const ENDPOINTS = 200;
const FLIPS = 70;
const STUCK_GETS = 50;
const STUCK_WATCHES = 10;
// Longer than the time the flips take to fill a stuck stream's default 1 MiB, so the byte bound
// is what resets streams during the flips, and the stall timeout those left at the end.
const STALL_TIMEOUT_S = 15;
/**
 * Before the fix the scenario left the controller ~590 MB above its baseline (107 -> 701 MB, all
 * 50 streams still open); with it, ~105 MB (what V8 and malloc keep of freed memory for reuse).
 */
const RSS_GROWTH_BOUND_MB = 200;
/** Clients that keep coming back must not add much more: measured 18-40 MB (memory reused). */
const RSS_FURTHER_GROWTH_BOUND_MB = 100;

/** 200 pods behind `big`, on one of two address sets, labelled with the generation. */
function topology(generation: number): string {
  const set = generation % 2;
  const pods = Array.from({ length: ENDPOINTS }, (_, i) => `  - pod: big-${i}
    namespace: load
    serviceAccount: big
    ip: 127.89.${set}.${i + 1}
    labels: {generation: "${generation}", app: big, tier: backend}
    zone: zone-${i % 3}
    services: [big]`).join('\n');
  return `cluster: {name: east}
services:
  - name: big
    namespace: load
    ports: [{port: 80, targetPort: 8080}]
workloads:
${pods}
  - pod: client-0
    namespace: load
    ip: 127.89.9.1
policy:
  servers:
    - name: gen-${generation}
      namespace: load
      port: 8080
      authentication: unauthenticated
`;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) / 1024;
}

async function metrics(): Promise<string> {
  return (await fetchText(ADMIN, '/metrics')).body;
}

async function until<T>(fn: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The generation label of the endpoints a Get stream's updates leave in place. */
function generationOf(state: Map<number, string>): string | undefined {
  const gens = new Set(state.values());
  return state.size === ENDPOINTS && gens.size === 1 ? [...gens][0] : undefined;
}

describe('controller: clients that never read', () => {
  const procs: ProxyProcess[] = [];
  const cleanups: (() => void)[] = [];
  let dir = '';
  afterAll(async () => {
    for (const c of cleanups.reverse()) c();
    for (const p of procs) await p.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resets their streams, frees what they held, and keeps serving a reading client', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-slow-clients-'));
    const file = path.join(dir, 'topology.yaml');
    fs.writeFileSync(file, topology(0));
    const controller = await startControllerProcess(file, GRPC, procs, ['--admin', ADMIN, '--stream-stall-timeout', `${STALL_TIMEOUT_S}s`]);
    const pid = controller.child.pid!;

    // A well-behaved reader, applying every update.
    const good = new RawDestinationClient(GRPC);
    cleanups.push(() => good.close());
    const reader = good.get(SERVICE);
    const state = new Map<number, string>();
    const apply = (u: RawUpdate): void => {
      for (const a of u.add?.addrs ?? []) state.set(a.addr?.ip?.ipv4 ?? 0, a.metric_labels?.['generation'] ?? '');
      for (const a of u.remove?.addrs ?? []) state.delete(a.ip?.ipv4 ?? 0);
    };
    let generation = 0;
    let peakMb = 0;
    let peakQueued = 0;
    /** Flip the topology `n` times, each time waiting until the reader has the new generation. */
    const flip = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        fs.writeFileSync(file, topology(++generation));
        while (generationOf(state) !== String(generation)) apply(await reader.next(10_000));
        peakMb = Math.max(peakMb, rssMb(pid));
        const t = await metrics();
        peakQueued = Math.max(peakQueued, metricValue(t, 'destination_stream_queued_bytes') + metricValue(t, 'policy_stream_queued_bytes'));
      }
    };
    await flip(1);
    await new Promise((r) => setTimeout(r, 500));
    const baselineMb = rssMb(pid);

    // Stuck clients, on several connections as many proxies would hold them. `reopen`: a stream
    // reset is opened again at once, so the pressure never lets up.
    const stalled = [0, 1, 2, 3, 4].map(() => new StalledGrpcClient(GRPC));
    cleanups.push(() => stalled.forEach((c) => c.close()));
    let reopen = false;
    const resets: number[] = [];
    const live = new Set<StalledStream>();
    const openStuck = (i: number, method: string, request: Buffer): StalledStream => {
      const s = stalled[i % stalled.length]!.open(method, request);
      live.add(s);
      void s.closed.then((code) => {
        live.delete(s);
        resets.push(code);
        if (reopen) openStuck(i, method, request);
      });
      return s;
    };
    const openAll = (): StalledStream[] => [
      ...Array.from({ length: STUCK_GETS }, (_, i) => openStuck(i, DESTINATION_GET, getDestinationRequest(SERVICE))),
      ...Array.from({ length: STUCK_WATCHES }, (_, i) => openStuck(i, POLICY_WATCH_PORT, portSpecRequest('load:client-0', 8080))),
    ];
    const allReset = async (): Promise<string> => {
      // The stall timeout resets what is still open, with no further update to trip the byte bound.
      await until(() => (live.size === 0 ? true : undefined), `every stuck stream to be reset (${live.size} open)`, (STALL_TIMEOUT_S + 15) * 1000);
      return until(async () => {
        const t = await metrics();
        return metricValue(t, 'destination_stream_queued_bytes') === 0 && metricValue(t, 'policy_stream_queued_bytes') === 0 ? t : undefined;
      }, 'the queued-bytes gauges to return to 0');
    };

    // Phase 1, the scenario: 50 stuck Get streams (and 10 WatchPort) while 200 endpoints
    // flip 70 times.
    const first = openAll();
    // Served (response headers sent), not refused: the controller really is holding them.
    await Promise.all(first.map((s) => s.answered));
    await flip(FLIPS);
    let text = await allReset();
    expect(first.every((s) => s.isClosed())).toBe(true);
    // The Get streams overflow their byte bound after ~22 flips (unless a very slow machine takes
    // longer than the stall timeout for those); the small policy streams can only stall.
    expect(metricValue(text, 'destination_slow_streams_reset_total', { reason: 'buffer' })).toBeGreaterThan(0);
    expect(metricValue(text, 'destination_slow_streams_reset_total')).toBe(STUCK_GETS);
    expect(metricValue(text, 'policy_slow_streams_reset_total', { reason: 'stalled' })).toBe(STUCK_WATCHES);
    await new Promise((r) => setTimeout(r, 1000));
    const afterScenarioMb = rssMb(pid);

    // Phase 2: clients that reopen as soon as they are reset, for as many flips again.
    reopen = true;
    openAll();
    await flip(FLIPS);
    reopen = false;
    text = await allReset();
    await new Promise((r) => setTimeout(r, 1000));
    const afterReopeningMb = rssMb(pid);

    // Each stream by RST_STREAM CANCEL, not a status the client could never read.
    expect(new Set(resets)).toEqual(new Set([http2.constants.NGHTTP2_CANCEL]));
    const destinationResets = metricValue(text, 'destination_slow_streams_reset_total');
    const policyResets = metricValue(text, 'policy_slow_streams_reset_total');
    expect(destinationResets + policyResets).toBe(resets.length);
    expect(metricValue(text, 'endpoint_updates_queue_overflow', { service: SERVICE })).toBe(metricValue(text, 'destination_slow_streams_reset_total', { reason: 'buffer' }));
    expect(controller.logs.filter((l) => String(l.msg).startsWith('destination: client is not keeping up')).length).toBe(destinationResets);
    // 1 MiB per stuck stream at most, plus the message that crossed the bound (~45 KB).
    expect(peakQueued).toBeLessThan((STUCK_GETS + STUCK_WATCHES) * 1.1 * 1024 * 1024);

    // The reader saw every flip on its one stream; a new client gets the last state.
    expect(generationOf(state)).toBe(String(generation));
    const fresh = good.get(SERVICE);
    const freshState = new Map<number, string>();
    for (const a of (await fresh.next()).add?.addrs ?? []) freshState.set(a.addr?.ip?.ipv4 ?? 0, a.metric_labels?.['generation'] ?? '');
    expect(generationOf(freshState)).toBe(String(generation));
    fresh.cancel();
    reader.cancel();

    console.log(`controller RSS: baseline ${baselineMb.toFixed(0)} MB, after the issue's scenario ${afterScenarioMb.toFixed(0)} MB, `
      + `after ${FLIPS} more flips with reopening clients ${afterReopeningMb.toFixed(0)} MB, peak ${peakMb.toFixed(0)} MB; `
      + `peak queued ${(peakQueued / 1048576).toFixed(1)} MiB; ${resets.length} stuck streams reset (${destinationResets} Get, ${policyResets} WatchPort)`);
    // Freed memory is not all handed back to the OS (V8 and malloc keep some for reuse), so RSS
    // is bounded, not restored: it must not keep what the stuck clients held (the bug kept ~520 MB)
    // nor keep growing once clients keep coming back. (In-process, with forced GCs, the live heap
    // after such rounds is the same as without stuck clients.)
    expect(afterScenarioMb - baselineMb).toBeLessThan(RSS_GROWTH_BOUND_MB);
    expect(afterReopeningMb - afterScenarioMb).toBeLessThan(RSS_FURTHER_GROWTH_BOUND_MB);
  }, 300_000);
});
