// Bringing a run's scenarios up and down: the backend process, the certificates, podwire's
// controllers and proxies, and the HAProxy and nginx pairs where installed. A peer that is missing
// or fails to start becomes a skipped scenario with the reason; podwire failing to start fails the run.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { childProcessEnv } from '../proxy/config.js';
import type { BenchParams, ScenarioName } from './params.js';
import { canConnect, spawnProcess, waitForPort, type BenchProcess } from './processes.js';
import { PODWIRE_CLI } from './scenarios/cli-path.js';
import { startHaproxyPair, startNginxPair, type PairContext } from './scenarios/peer-pairs.js';
import { findHaproxy, findNginx, peerVersion } from './scenarios/peers.js';
import { createBenchPki } from './scenarios/pki.js';
import { startNodeFloorPair } from './scenarios/node-floor.js';
import { PODWIRE_SCENARIOS, startPodwireScenarios, type PodwireScenarioName } from './scenarios/podwire.js';
import { ADDR, type Scenario, type Skipped } from './scenarios/types.js';

export interface Setup {
  readonly scenarios: Scenario[];
  readonly skipped: Skipped[];
  readonly versions: Record<string, string>;
  stop(): Promise<void>;
}

export type Progress = (line: string) => void;

/** --target: one scenario, the given address; its processes are not ours to measure or stop. */
export function targetSetup(params: BenchParams): Setup {
  const t = params.target!;
  return {
    scenarios: [{ name: 'target', path: `client → ${t.text}`, host: t.host, port: t.port, proxyPids: [], stop: async () => {} }],
    skipped: [],
    versions: {},
    stop: async () => {},
  };
}

export async function startScenarios(params: BenchParams, maxConnections: number, fdLimit: number, progress: Progress): Promise<Setup> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'podwire-bench-'));
  const stops: Array<() => Promise<void>> = [];
  const scenarios = new Map<ScenarioName, Scenario>();
  const skipped: Skipped[] = [];
  const versions: Record<string, string> = {};
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  const wanted = new Set(params.scenarios);
  // Every run uses the same fixed addresses. If they are taken, this run's processes fail to bind
  // while the other run's answer in their place: figures would mix both runs, or read as "–".
  if (await canConnect(ADDR.backend, ADDR.backendPort)) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${ADDR.backend}:${ADDR.backendPort} is already in use: another 'podwire bench' is running (every run uses 127.101.0.0/16); wait for it to finish`);
  }
  try {
    const backendHost = ADDR.backend;
    const backendProc: BenchProcess = spawnProcess('bench backend', process.execPath, [
      PODWIRE_CLI, 'bench', 'backend', '--listen', `${backendHost}:${ADDR.backendPort}`, '--payload', String(params.payload),
    ], childProcessEnv({}));
    stops.push(() => backendProc.stop());
    await waitForPort(backendProc, backendHost, ADDR.backendPort);
    const backend = { host: backendHost, port: ADDR.backendPort };
    if (wanted.has('direct')) scenarios.set('direct', { name: 'direct', path: 'client → server', ...backend, proxyPids: [], stop: async () => {} });

    progress('creating certificates');
    const pki = await createBenchPki(dir);
    const podwireWanted = new Set([...wanted].filter((n): n is PodwireScenarioName => PODWIRE_SCENARIOS.has(n)));
    if (podwireWanted.size > 0) {
      progress(`starting podwire (${[...podwireWanted].join(', ')})`);
      const pw = await startPodwireScenarios(podwireWanted, dir, pki, backend, params.proxyEnv);
      stops.push(pw.stop);
      for (const s of pw.scenarios) scenarios.set(s.name as ScenarioName, s);
    }
    if (wanted.has('node-floor')) {
      progress('starting the node-floor pair');
      const s = await startNodeFloorPair(pki, backend);
      stops.push(() => s.stop());
      scenarios.set('node-floor', s);
    }
    const ctx: PairContext = { dir, pki, backend, maxConnections, fdLimit };
    for (const name of ['haproxy', 'haproxy-reuse'] as const) {
      if (!wanted.has(name)) continue;
      const found = findHaproxy();
      if (!found.ok) skipped.push({ name, reason: found.reason });
      else {
        versions.haproxy = peerVersion(found.value, ['-v']);
        await startPeer(name, () => startHaproxyPair(found.value, ctx, name === 'haproxy-reuse'), scenarios, skipped, stops, progress);
      }
    }
    for (const name of ['nginx', 'nginx-reuse'] as const) {
      if (!wanted.has(name)) continue;
      const found = findNginx();
      if (!found.ok) skipped.push({ name, reason: found.reason });
      else {
        versions.nginx = peerVersion(found.value.bin, ['-v']);
        await startPeer(name, () => startNginxPair(found.value, ctx, name === 'nginx-reuse'), scenarios, skipped, stops, progress);
      }
    }
    // Keep the order the scenarios were asked for.
    const ordered = params.scenarios.map((n) => scenarios.get(n)).filter((s): s is Scenario => s !== undefined);
    return { scenarios: ordered, skipped, versions, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function startPeer(
  name: ScenarioName, start: () => Promise<Scenario>, scenarios: Map<ScenarioName, Scenario>,
  skipped: Skipped[], stops: Array<() => Promise<void>>, progress: Progress,
): Promise<void> {
  progress(`starting the ${name} pair`);
  try {
    const s = await start();
    stops.push(() => s.stop());
    scenarios.set(name, s);
  } catch (err) {
    const reason = `failed to start: ${(err as Error).message.split('\n').slice(0, 3).join(' ')}`;
    progress(`${name}: ${reason}`);
    skipped.push({ name, reason });
  }
}
