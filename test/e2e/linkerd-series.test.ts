// podwire's transport series for a real meshed connection carry exactly the label sets
// linkerd2-proxy exports for the same connection (issue 14), so `linkerd viz stat`, `viz stat
// server/…`, `viz authz` and Linkerd's dashboards select podwire pods' series as they do Linkerd's.
// One connection crosses two real podwire processes (forward → mTLS + transport header → the
// server's default policy → the application); each proxy's /metrics is compared series by series
// with test/fixtures/linkerd-transport-series.txt, written from linkerd2-proxy's source.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS } from '../harness/pki.js';
import type { RunningPodwire } from '../harness/mesh.js';
import { startEchoMesh, type EchoMesh } from '../harness/echo-mesh.js';
import { roundTrip } from '../harness/servers.js';
import { fetchText, REPO_ROOT } from '../harness/proxy-process.js';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/linkerd-transport-series.txt');

/** One series as Prometheus identifies it: the name and the non-empty labels, in a canonical string. */
function seriesKey(name: string, labelText: string): string {
  const labels: string[] = [];
  for (const m of labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
    if (m[2] !== '') labels.push(`${m[1]}=${m[2]}`);
  }
  return `${name}{${labels.sort().join(',')}}`;
}

/** The fixture's series for `proxy` (client | server), placeholders filled in. */
function fixtureSeries(proxy: string, values: Record<string, string>): Set<string> {
  const out = new Set<string>();
  let section = '';
  for (const raw of readFileSync(FIXTURE, 'utf8').split('\n')) {
    const header = /^# proxy: (\w+)/.exec(raw);
    if (header) section = header[1]!;
    if (raw.startsWith('#') || raw.trim() === '' || section !== proxy) continue;
    const line = raw.replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
      if (values[k] === undefined) throw new Error(`fixture placeholder ${k} has no value`);
      return values[k]!;
    });
    const m = /^(\w+)\{(.*)\}$/.exec(line);
    if (!m) throw new Error(`unparsable fixture line: ${raw}`);
    out.add(seriesKey(m[1]!, m[2]!));
  }
  return out;
}

/** podwire's series of the metric families the fixture names. */
async function servedSeries(p: RunningPodwire, families: ReadonlySet<string>): Promise<Set<string>> {
  const out = new Set<string>();
  for (const line of (await fetchText(p.addrs.admin, '/metrics')).body.split('\n')) {
    const m = /^(\w+)\{(.*)\}\s+\S+$/.exec(line);
    if (m && families.has(m[1]!)) out.add(seriesKey(m[1]!, m[2]!));
  }
  return out;
}

function families(series: ReadonlySet<string>): Set<string> {
  return new Set([...series].map((s) => s.slice(0, s.indexOf('{'))));
}

describe('transport series match linkerd2-proxy\'s', () => {
  let mesh: EchoMesh;
  let server: RunningPodwire;
  let client: RunningPodwire & { forwardPort: number };

  beforeAll(async () => {
    mesh = await startEchoMesh();
    ({ server, client } = mesh);
  });

  afterAll(async () => mesh?.close());

  it('for one meshed connection, on both proxies, series by series', async () => {
    expect((await roundTrip(client.forwardPort, 'hello')).toString()).toBe('hello');
    await client.proc.waitForAccessLog({ direction: 'outbound' });
    await server.proc.waitForAccessLog({ direction: 'inbound' });
    const values = {
      APP_DIALLED: `127.0.0.1:${client.forwardPort}`, APP_DIALLED_IP: '127.0.0.1', APP_DIALLED_PORT: String(client.forwardPort),
      ENDPOINT: `127.0.0.1:${server.inboundPort}`, ENDPOINT_IP: '127.0.0.1', ENDPOINT_PORT: String(server.inboundPort),
      APP_TARGET: `127.0.0.1:${mesh.echo.port}`, APP_TARGET_IP: '127.0.0.1', APP_TARGET_PORT: String(mesh.echo.port),
      SERVER_ID: IDS.server, CLIENT_ID: IDS.client,
    };
    for (const [proxy, running] of [['client', client], ['server', server]] as const) {
      const expected = fixtureSeries(proxy, values);
      expect(expected.size, `fixture section ${proxy}`).toBeGreaterThan(0);
      const served = await servedSeries(running, families(expected));
      expect([...served].sort(), `${proxy} proxy`).toEqual([...expected].sort());
    }
  });
});
