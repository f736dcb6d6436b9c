// The last log lines survive a clean shutdown (proxy/drainable-destination.ts): with
// LINKERD2_PROXY_ACCESS_LOG=json the access log goes to stderr, and with
// LINKERD2_PROXY_LOG_FORMAT=json the process log to stdout, each through an asynchronous writer,
// so at exit some lines may still be queued or in flight. Here the client podwire's reader falls
// behind (the test stops reading, as a busy log collector does, so the pipe fills), CONNECTIONS
// connections through the proxy close, the proxy is stopped with SIGTERM, and reading resumes a
// moment later: every connection must have its line, each line whole JSON, and the process log
// must end with "podwire stopped". Before, 597–599 of 600 access-log lines arrived.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { startEchoMesh, type EchoMesh } from '../harness/echo-mesh.js';

/** Enough lines (~400 bytes each) to fill a pipe's 64 KiB several times over. */
const CONNECTIONS = 600;

/** One connection through the client proxy: send a few bytes, read them back, close. */
function oneConnection(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.end('ping'));
    let got = 0;
    s.on('data', (d: Buffer) => (got += d.length));
    s.on('error', reject);
    s.on('close', () => (got === 4 ? resolve() : reject(new Error(`echoed ${got} of 4 bytes`))));
  });
}

/** Open and close CONNECTIONS connections through the client proxy, stop it, resume `stream`. */
async function burstThenStop(mesh: EchoMesh, stream: NodeJS.ReadableStream): Promise<number | null> {
  const proc = mesh.client.proc;
  stream.pause();
  for (let i = 0; i < CONNECTIONS; i += 50) {
    await Promise.all(Array.from({ length: 50 }, () => oneConnection(mesh.client.forwardPort)));
  }
  await sleep(300);
  proc.child.kill('SIGTERM');
  await sleep(500);
  stream.resume();
  return proc.exit(15_000);
}

describe('log lines at exit', () => {
  const meshes: EchoMesh[] = [];
  afterAll(async () => {
    for (const m of meshes) await m.close();
  });

  it('the access log on stderr has every connection\'s line, even behind a slow reader', async () => {
    const mesh = await startEchoMesh({ clientEnv: { LINKERD2_PROXY_ACCESS_LOG: 'json' } });
    meshes.push(mesh);
    expect(await burstThenStop(mesh, mesh.client.proc.child.stderr!)).toBe(0);
    const lines = mesh.client.proc.stderr.split('\n').filter((l) => l.startsWith('{'));
    const entries = lines.map((l) => JSON.parse(l) as { direction: string; reason: string });
    expect(entries.filter((e) => e.direction === 'outbound')).toHaveLength(CONNECTIONS);
    expect(entries.every((e) => e.reason === 'ok')).toBe(true);
  }, 60_000);

  it('the JSON process log on stdout has every line up to "podwire stopped", even behind a slow reader', async () => {
    const mesh = await startEchoMesh();
    meshes.push(mesh);
    const proc = mesh.client.proc;
    expect(await burstThenStop(mesh, proc.child.stdout!)).toBe(0);
    // Every stdout line whole JSON (the harness keeps a line that isn't as { raw: true }).
    expect(proc.logs.filter((l) => (l as { raw?: boolean }).raw)).toEqual([]);
    expect(proc.accessLogs({ direction: 'outbound' })).toHaveLength(CONNECTIONS);
    expect(proc.logs.at(-1)?.msg).toBe('podwire stopped');
  }, 60_000);
});
