// The node-floor pair (bench/node-floor/pipe.ts), the bench's bare Node mTLS tunnel, as real
// processes: bytes and half-closes pass through both ways, and the server side refuses a client
// without a certificate from the trust anchor (the pair must be as strict as podwire and the peers);
// and both processes run node with podwire's startup options (the same runtime settings).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_STARTUP_OPTIONS } from '../../proxy/node-startup-options.js';
import { createBenchPki } from '../../bench/scenarios/pki.js';
import { startNodeFloorPair } from '../../bench/scenarios/node-floor.js';
import type { Scenario } from '../../bench/scenarios/types.js';

const IPS = { client: '127.113.0.1', server: '127.113.0.2' };
const dir = mkdtempSync(path.join(os.tmpdir(), 'podwire-node-floor-'));
let pair: Scenario;
let anchors: string;
// The backend: reads until the client's half-close, then answers how much it got and ends.
const backend = net.createServer({ allowHalfOpen: true }, (s) => {
  let n = 0;
  s.on('data', (c: Buffer) => (n += c.length));
  s.on('end', () => s.end(`got ${n}`));
});

beforeAll(async () => {
  await new Promise<void>((r) => backend.listen(0, '127.113.0.10', r));
  const pki = await createBenchPki(dir);
  anchors = pki.anchorsFile;
  pair = await startNodeFloorPair(pki, { host: '127.113.0.10', port: (backend.address() as net.AddressInfo).port }, IPS);
});

afterAll(async () => {
  await pair?.stop();
  backend.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('node-floor pair', () => {
  it('runs node with podwire\'s startup options', () => {
    for (const pid of pair.proxyPids) {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
      expect(argv.slice(1, 1 + NODE_STARTUP_OPTIONS.length)).toEqual([...NODE_STARTUP_OPTIONS]);
      expect(argv[1 + NODE_STARTUP_OPTIONS.length]).toMatch(/node-floor\/pipe\.js$/);
    }
  });

  it('carries bytes both ways and passes a half-close through to the server and back', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const s = net.connect({ host: pair.host, port: pair.port, allowHalfOpen: true });
      let got = '';
      s.on('data', (c: Buffer) => (got += c.toString()));
      s.on('end', () => resolve(got));
      s.on('error', reject);
      // The request ends with our FIN; the answer can only come after it reached the backend.
      s.end(Buffer.alloc(100_000, 0x61));
    });
    expect(reply).toBe('got 100000');
  });

  it('refuses a TLS client without a certificate', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const s = tls.connect({ host: IPS.server, port: 4143, ca: readFileSync(anchors), checkServerIdentity: () => undefined, minVersion: 'TLSv1.3' });
      let got = '';
      s.on('data', (c: Buffer) => (got += c.toString()));
      s.once('secureConnect', () => s.end('x'));
      s.once('error', (err) => resolve(`error: ${err.message}`));
      s.once('close', () => resolve(`closed with ${JSON.stringify(got)}`));
    });
    // TLS 1.3: the server's refusal arrives as an alert after the client's side of the handshake.
    expect(outcome).toMatch(/^error: .*certificate required/i);
  });
});
