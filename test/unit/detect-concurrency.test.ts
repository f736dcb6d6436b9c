// detectTls under load: many clients that connect and never send a byte must not hold up a real
// mesh client on the same listener (detection is event-driven), and each silent one resolves
// 'timeout' at the bound.
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterEach, expect, it } from 'vitest';
import { buildCredentials } from '../../proxy/identity/credentials.js';
import { peerIdentities } from '../../proxy/identity/verify.js';
import { detectTls, type DetectTlsResult } from '../../proxy/inbound/detect.js';
import { IDS, makeTestPki } from '../harness/pki.js';
import { LOOPBACK, listen, onCleanup, runCleanups } from '../harness/sockets.js';

afterEach(runCleanups);

const SILENT = 200;
const TIMEOUT_MS = 4000;

it(`serves a real mesh client while ${SILENT} silent clients wait, then times them all out`, async () => {
  const pki = await makeTestPki(fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-detect-conc-')));
  const s = pki.leaves.server;
  const creds = buildCredentials({ chainPem: s.chainPem, keyPem: s.keyPem, anchorsPem: pki.ca.anchorsPem, localId: IDS.server });

  const silentResults: Array<{ result: DetectTlsResult; ms: number }> = [];
  let meshIds: string[] | undefined;
  let accepted = 0;
  const port = await listen((raw) => {
    onCleanup(() => raw.destroy());
    const start = Date.now();
    const isMesh = ++accepted > SILENT; // the mesh client connects after every silent one
    void detectTls(raw, { timeoutMs: TIMEOUT_MS }).then((result) => {
      if (!isMesh) {
        silentResults.push({ result, ms: Date.now() - start });
        raw.destroy(); // what the inbound path does on timeout
        return;
      }
      const t = new tls.TLSSocket(raw, { isServer: true, secureContext: creds.serverContext, requestCert: true, rejectUnauthorized: false });
      t.on('error', () => {});
      t.once('secure', () => (meshIds = peerIdentities(t)));
      t.pipe(t);
    });
  });

  const silent: net.Socket[] = [];
  for (let i = 0; i < SILENT; i++) {
    const c = net.connect({ host: LOOPBACK, port });
    c.on('error', () => {});
    onCleanup(() => c.destroy());
    silent.push(c);
  }
  await Promise.all(silent.map((c) => once(c, 'connect')));
  while (accepted < SILENT) await new Promise((r) => setTimeout(r, 10));

  const c = pki.leaves.client;
  const mesh = tls.connect({ host: LOOPBACK, port, servername: IDS.server, ca: pki.ca.anchorsPem, cert: c.chainPem, key: c.keyPem });
  mesh.on('error', () => {});
  onCleanup(() => mesh.destroy());
  await once(mesh, 'secureConnect');
  mesh.write('hello');
  const [echo] = (await once(mesh, 'data')) as [Buffer];
  expect(echo.toString()).toBe('hello');
  expect(meshIds).toEqual([IDS.client]);
  // The mesh client was served while every silent detection was still pending.
  expect(silentResults).toHaveLength(0);

  const closed = Promise.all(silent.map((s) => once(s, 'close')));
  await closed;
  expect(silentResults).toHaveLength(SILENT);
  for (const { result, ms } of silentResults) {
    expect(result).toEqual({ kind: 'timeout' });
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
  }
});
