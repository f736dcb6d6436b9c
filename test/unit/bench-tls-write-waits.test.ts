// bench/tls-write-waits.ts, the probe behind the mux tail finding in docs/architecture.md: loaded
// into a real Node process with a real TLS pair, it counts as waiting exactly the writes made while
// an earlier write to the same TLS socket was in flight (three in one event-loop turn: two wait),
// and none of the writes made one per turn. This also pins down the Node behaviour the finding
// rests on: a TLS socket takes one write per turn.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../harness/pki.js';

const PROBE = path.resolve('dist/bench/tls-write-waits.js');

const CHILD = `
import fs from 'node:fs';
import tls from 'node:tls';
const [certFile, keyFile, caFile] = process.argv.slice(2);
const server = tls.createServer({ cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) }, (s) => {
  let got = 0;
  s.on('data', (d) => { got += d.length; if (got === 5) s.end(); });
});
server.listen(0, '127.0.0.1', () => {
  const c = tls.connect({ port: server.address().port, host: '127.0.0.1', ca: fs.readFileSync(caFile), checkServerIdentity: () => undefined }, () => {
    c.write(Buffer.from('a')); c.write(Buffer.from('b')); c.write(Buffer.from('c')); // one turn
    setTimeout(() => { c.write(Buffer.from('d')); setTimeout(() => c.write(Buffer.from('e')), 20); }, 20);
  });
  c.on('end', () => { c.end(); server.close(); });
});
`;

describe('bench/tls-write-waits probe', () => {
  let dir: string;
  let pki: TestPki;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'podwire-probe-'));
    pki = await makeTestPki(dir);
    await writeFile(path.join(dir, 'child.mjs'), CHILD);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('counts the writes that waited behind one in flight on the same TLS socket, and only those', async () => {
    const leaf = pki.leaves.server;
    await promisify(execFile)(process.execPath, ['--import', PROBE, path.join(dir, 'child.mjs'), leaf.certFile, leaf.keyFile, pki.ca.anchorsFile], {
      env: { PATH: process.env.PATH ?? '', TMPDIR: dir },
      timeout: 10_000,
    });
    const line = await readFile(path.join(dir, 'podwire-tls-write-waits.txt'), 'utf8');
    expect(line).toMatch(/^pid \d+: 5 TLS writes, 2 waited \(40\.0%\), wait µs p50 \d+ p90 \d+ p99 \d+ max \d+\n$/);
  });
});
