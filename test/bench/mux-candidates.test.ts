// The issue-15 transport candidates (bench/mux-candidates/) as real process pairs with real mTLS:
// each carries bytes both ways and passes a half-close through to the backend and back, for
// several connections at once (the mux candidates: streams on one TLS connection), and an
// application's reset closes the backend's connection. Needs the
// compiled pairs in dist/ (npx tsc -p tsconfig.json).
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANDIDATES, candidateIps, issueCerts, startCandidate } from '../../bench/mux-candidates/candidates.js';
import { createBenchPki, type BenchPki } from '../../bench/scenarios/pki.js';
import type { Scenario } from '../../bench/scenarios/types.js';

const BACKEND_HOST = '127.102.100.10';
const dir = mkdtempSync(path.join(os.tmpdir(), 'podwire-mux-candidates-'));
let pki: BenchPki;
// The backend: reads until the client's half-close, then answers how much it got and ends. A
// connection that starts with "HOLD" is handed to the reset test instead.
const held: ((s: net.Socket) => void)[] = [];
const backend = net.createServer({ allowHalfOpen: true }, (s) => {
  let n = 0;
  s.on('error', () => {});
  s.on('data', (c: Buffer) => {
    if (n === 0 && c.subarray(0, 4).toString() === 'HOLD') held.shift()?.(s);
    n += c.length;
  });
  s.on('end', () => s.end(`got ${n}`));
});

beforeAll(async () => {
  await new Promise<void>((r) => backend.listen(0, BACKEND_HOST, r));
  pki = await createBenchPki(dir);
});

afterAll(() => {
  backend.close();
  rmSync(dir, { recursive: true, force: true });
});

function exchange(pair: Scenario, bytes: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const s = net.connect({ host: pair.host, port: pair.port, allowHalfOpen: true });
    let got = '';
    s.on('data', (c: Buffer) => (got += c.toString()));
    s.on('end', () => resolve(got));
    s.on('error', reject);
    // The request ends with our FIN; the answer can only come after it reached the backend.
    s.end(Buffer.alloc(bytes, 0x61));
  });
}

describe.each(CANDIDATES)('%s pair', (name) => {
  it('carries bytes both ways and half-closes, several connections at once; a reset closes the backend side', async () => {
    const certs = await issueCerts(pki, name);
    const pair = await startCandidate(name, certs, { host: BACKEND_HOST, port: (backend.address() as net.AddressInfo).port }, candidateIps(name, 100));
    try {
      const sizes = [1, 100_000, 300_000, 5];
      expect(await Promise.all(sizes.map((n) => exchange(pair, n)))).toEqual(sizes.map((n) => `got ${n}`));
      // And again after those streams closed (the connection and its stream bookkeeping survive).
      expect(await exchange(pair, 70_000)).toBe('got 70000');
      // An application reset reaches the backend as the end of its connection.
      const atBackend = new Promise<net.Socket>((r) => held.push(r));
      const app = net.connect({ host: pair.host, port: pair.port });
      app.on('error', () => {});
      app.write('HOLD');
      const s = await atBackend;
      const closed = new Promise<void>((r) => s.once('close', () => r()));
      app.resetAndDestroy();
      await closed;
    } finally {
      await pair.stop();
    }
  });
});
