// The controller follows the files its topology names without the topology being touched: a
// replaced serving certificate reaches new TLS connections (the port stays bound, the stream
// keeps working), a broken replacement keeps the old one serving, and a new token file is a new
// topology version for every subscriber.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startController, type RunningController } from '../../controller/app.js';
import { TopologyWatcher, referencedFiles } from '../../controller/topology-watch.js';
import { silentLogger } from '../../proxy/log.js';
import { issueLeaf } from '../harness/pki.js';
import { makeWorkdir, type Workdir } from '../harness/mesh.js';

const CONTROLLER_ID = 'controller.linkerd.serviceaccount.identity.linkerd.cluster.local';

/** The fingerprint of the certificate a fresh TLS connection to `addr` is served. */
function servedFingerprint(addr: string, anchorsPem: string): Promise<string> {
  const i = addr.lastIndexOf(':');
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: addr.slice(0, i), port: Number(addr.slice(i + 1)), servername: CONTROLLER_ID, ca: anchorsPem, ALPNProtocols: ['h2'] }, () => {
      const fp = s.getPeerX509Certificate()?.fingerprint256 ?? '';
      s.destroy();
      resolve(fp);
    });
    s.on('error', reject);
  });
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function replace(file: string, text: string): void {
  fs.writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

describe('controller: files named by the topology are followed', () => {
  let w: Workdir;
  let controller: RunningController;
  let certFile: string;
  let keyFile: string;
  let tokensFile: string;
  let topologyFile: string;

  beforeAll(async () => {
    w = await makeWorkdir();
    const leaf = await issueLeaf([CONTROLLER_ID]);
    certFile = path.join(w.dir, 'controller.crt');
    keyFile = path.join(w.dir, 'controller.key');
    tokensFile = path.join(w.dir, 'tokens.yaml');
    fs.writeFileSync(certFile, leaf.chainPem);
    fs.writeFileSync(keyFile, leaf.keyPem, { mode: 0o600 });
    fs.writeFileSync(tokensFile, 'token-a: web.default\n');
    fs.writeFileSync(path.join(w.dir, 'issuer.crt'), w.pki.ca.issuer.certPem);
    fs.writeFileSync(path.join(w.dir, 'issuer.key'), w.pki.ca.issuer.keyPem, { mode: 0o600 });
    topologyFile = path.join(w.dir, 'topology.yaml');
    fs.writeFileSync(topologyFile, `
cluster: { name: test }
controller:
  listen: 127.0.0.1:0
  identity: { certFile: controller.crt, keyFile: controller.key }
identity:
  trustAnchorsFile: ${w.pki.ca.anchorsFile}
  issuerCertFile: issuer.crt
  issuerKeyFile: issuer.key
  tokensFile: tokens.yaml
`);
    controller = await startController({ topologyFile, log: silentLogger() });
  });

  afterAll(async () => {
    await controller?.close();
    await w?.cleanup();
  });

  it('serves a replaced certificate to new connections, on the same port', async () => {
    const before = await servedFingerprint(controller.addr, w.pki.ca.anchorsPem);
    expect(before).toBe(new X509Certificate(fs.readFileSync(certFile)).fingerprint256);
    const next = await issueLeaf([CONTROLLER_ID]);
    replace(keyFile, next.keyPem);
    replace(certFile, next.chainPem);
    const after = await eventually(() => servedFingerprint(controller.addr, w.pki.ca.anchorsPem), (fp) => fp !== before);
    expect(after).toBe(new X509Certificate(next.certPem).fingerprint256);
  });

  it('keeps serving the current certificate when a replacement does not load', async () => {
    const current = await servedFingerprint(controller.addr, w.pki.ca.anchorsPem);
    replace(keyFile, 'not a key\n');
    await new Promise((r) => setTimeout(r, 800));
    expect(await servedFingerprint(controller.addr, w.pki.ca.anchorsPem)).toBe(current);
  });
});

describe('topology watcher: referenced files', () => {
  it('lists every file the topology names, once', async () => {
    const w = await makeWorkdir();
    try {
      const file = path.join(w.dir, 'topology.yaml');
      fs.writeFileSync(path.join(w.dir, 'tokens.yaml'), 'a: web.default\n');
      fs.writeFileSync(file, `
cluster: { name: test }
identity:
  trustAnchorsFile: ${w.pki.ca.anchorsFile}
  issuerCertFile: ${w.pki.leaves.server.certFile}
  issuerKeyFile: ${w.pki.leaves.server.keyFile}
  tokensFile: tokens.yaml
`);
      const watcher = await TopologyWatcher.start(file, { fsWatch: false, pollMs: 50 });
      try {
        expect(referencedFiles(watcher.current())).toEqual([
          w.pki.ca.anchorsFile, w.pki.leaves.server.certFile, w.pki.leaves.server.keyFile, path.join(w.dir, 'tokens.yaml'),
        ].sort());
        // A new token table alone is a new version.
        const updated = new Promise((resolve) => watcher.once('update', resolve));
        fs.writeFileSync(path.join(w.dir, 'tokens.yaml'), 'a: web.default\nb: api.default\n');
        await expect(Promise.race([updated.then(() => 'update'), new Promise((r) => setTimeout(() => r('timeout'), 3_000))])).resolves.toBe('update');
      } finally {
        watcher.close();
      }
    } finally {
      await w.cleanup();
    }
  });
});
