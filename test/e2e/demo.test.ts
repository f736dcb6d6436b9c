// `npm start` (podwire demo) end to end: it must bring both clusters up, carry traffic all three
// ways with the identities the mission promises, fail over without failed requests, and exit 0.
// Every hop between sidecars rides the multiplexed transport (PODWIRE_MUX=true in the demo's sidecars): the
// report's per-hop stream counts (read from the sending sidecars' /metrics) say so.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from '../harness/proxy-process.js';

function runDemo(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'demo', ...args], { env: { PATH: process.env.PATH ?? '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('podwire demo', () => {
  it('runs the three paths and reports what the servers saw', async () => {
    const { code, out, err } = await runDemo(['--requests', '30']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const section = (label: string) => out.slice(out.indexOf(`  ${label}\n`));
    // Flat: the west pod's proxy sees the east client's own identity.
    expect(section('flat pod-to-pod → web-0 (west)')).toMatch(/saw client identity: client\.default\.serviceaccount\.identity\.linkerd\.east\.local\n/);
    // Gateway: the west pod's proxy sees the gateway's identity instead.
    expect(section('via west gateway → api-0 (west)')).toMatch(/saw client identity: linkerd-gateway\.linkerd-multicluster\.serviceaccount\.identity\.linkerd\.west\.local\n/);
    // Federated: served in east until the replica dies, then in west, with no failed request.
    const fed = section('federated fed → east, then west');
    expect(fed).toMatch(/served by fed-east-0: 30, by fed-west-0: 30/);
    // Over mux: one stream per request on each hop, both legs of the gateway path included. The
    // federated hop may open a stream more on a connection the killed pod left, never fewer.
    expect(section('flat pod-to-pod → web-0 (west)')).toMatch(/\n {4}podwire\.mux\/1 streams: client-0 → web-0 30\n/);
    expect(section('via west gateway → api-0 (west)')).toMatch(/\n {4}podwire\.mux\/1 streams: client-0 → gateway 30, gateway → api-0 30\n/);
    const fedStreams = /podwire\.mux\/1 streams: client-0 → fed-east-0, then fed-west-0 (\d+)\n/.exec(fed);
    expect(Number(fedStreams?.[1])).toBeGreaterThanOrEqual(60);
    const rows = out.split('\n').filter((l) => /^\s{2}(flat|via|federated)/.test(l) && /ms/.test(l));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/\s(30|60)\s+0\s/); // ok count, then 0 failed
  }, 90_000);

  it('explains itself', async () => {
    const { code, out } = await runDemo(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('npm start');
  });
});
