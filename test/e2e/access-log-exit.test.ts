// The access log's last lines survive a clean shutdown (proxy/access-log.ts, app.ts): with
// LINKERD2_PROXY_ACCESS_LOG=json the lines go to stderr through an asynchronous writer, so at
// exit some may still be queued or in flight. Here the client podwire's stderr reader falls
// behind (the test stops reading, as a busy log collector does, so the pipe fills), CONNECTIONS
// connections through the proxy close, the proxy is stopped with SIGTERM, and reading resumes
// a moment later: every connection must have its line, and each line must be whole JSON.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('access log at exit', () => {
  let mesh: EchoMesh;
  beforeAll(async () => {
    mesh = await startEchoMesh({ clientEnv: { LINKERD2_PROXY_ACCESS_LOG: 'json' } });
  }, 30_000);
  afterAll(async () => {
    await mesh?.close();
  });

  it('writes every connection\'s line before the process exits, even behind a slow reader', async () => {
    const proc = mesh.client.proc;
    const stderr = proc.child.stderr!;
    stderr.pause();
    for (let i = 0; i < CONNECTIONS; i += 50) {
      await Promise.all(Array.from({ length: 50 }, () => oneConnection(mesh.client.forwardPort)));
    }
    await sleep(300);
    proc.child.kill('SIGTERM');
    await sleep(500);
    stderr.resume();
    expect(await proc.exit(15_000)).toBe(0);

    const lines = proc.stderr.split('\n').filter((l) => l.startsWith('{'));
    const entries = lines.map((l) => JSON.parse(l) as { direction: string; reason: string });
    expect(entries.filter((e) => e.direction === 'outbound')).toHaveLength(CONNECTIONS);
    expect(entries.every((e) => e.reason === 'ok')).toBe(true);
  }, 60_000);
});
