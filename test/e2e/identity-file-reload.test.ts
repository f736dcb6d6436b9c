// A proxy with a file identity whose files, rotated on disk, cannot be loaded: the failure is
// counted in control_identity_cert_refreshes_total{result="error", error} and /ready answers 503
// naming the file and the error, while the proxy keeps its current certificate; fixing the files
// makes it ready again. Real files and a real proxy process: a directory where the key should be
// and a key from another certificate (failures root hits too, so the tests mean the same as root
// in CI), and — as root — deploy/vm's old day-two rotation exactly: the proxy runs as an
// unprivileged uid (setpriv, as test/netns does) and `podwire pki leaf --force` run as root leaves
// a root-owned 0600 key (EACCES); the guide's fix (chown to the proxy's user) recovers it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../harness/links.js';
import { CLI, ProxyProcess, baseEnv, fetchText, metricValue, startPodwire } from '../harness/proxy-process.js';

const WEB = 'web.default.serviceaccount.identity.linkerd.cluster.local';
const NOBODY = 65534;

let dir: string;
const procs: ProxyProcess[] = [];

/** `podwire pki …` from the built CLI, as a user would run it (here as the test's user). */
function pki(args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, 'pki', ...args], { encoding: 'utf8', timeout: 30_000 });
  expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-id-reload-'));
  fs.chmodSync(dir, 0o755);
  pki(['mesh', '--out', dir, '--identity', WEB]);
});
afterEach(async () => {
  for (const p of procs.splice(0)) await p.stop();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function env(leafDir: string): Record<string, string> {
  return {
    LINKERD2_PROXY_IDENTITY_LOCAL_NAME: WEB,
    PODWIRE_IDENTITY_CERT_FILE: path.join(leafDir, 'tls.crt'),
    PODWIRE_IDENTITY_KEY_FILE: path.join(leafDir, 'tls.key'),
    PODWIRE_IDENTITY_TRUST_ANCHORS_FILE: path.join(dir, 'trust-anchors.pem'),
  };
}

/** A copy of the mesh's web leaf in its own directory (each test breaks its own files). */
function leafCopy(name: string, owner?: number): string {
  const leafDir = path.join(dir, name);
  fs.mkdirSync(leafDir, { mode: 0o755 });
  for (const f of ['tls.crt', 'tls.key']) {
    fs.copyFileSync(path.join(dir, 'web', f), path.join(leafDir, f));
    if (owner !== undefined) fs.chownSync(path.join(leafDir, f), owner, owner);
  }
  return leafDir;
}

async function state(admin: string): Promise<{ ready: number; body: string; ok: number; errors: (error: string) => number }> {
  const ready = await fetchText(admin, '/ready');
  const metrics = (await fetchText(admin, '/metrics')).body;
  return {
    ready: ready.status,
    body: ready.body,
    ok: metricValue(metrics, 'control_identity_cert_refreshes_total', { result: 'ok' }),
    errors: (error) => metricValue(metrics, 'control_identity_cert_refreshes_total', { result: 'error', error }),
  };
}

describe('file identity: a rotation that cannot be loaded', () => {
  it('a directory where the key should be: counted as EISDIR, /ready 503 naming the file; restoring it recovers', async () => {
    const leafDir = leafCopy('eisdir');
    const keyFile = path.join(leafDir, 'tls.key');
    const { proc, addrs } = await startPodwire(env(leafDir));
    procs.push(proc);
    expect((await state(addrs.admin)).ready).toBe(200);
    const key = fs.readFileSync(keyFile);
    fs.rmSync(keyFile);
    fs.mkdirSync(keyFile);
    const broken = await eventually(async () => {
      const s = await state(addrs.admin);
      return s.ready === 503 && s.errors('EISDIR') > 0 && s;
    }, '/ready 503 and an EISDIR error');
    expect(broken.body).toContain('identity-files');
    expect(broken.body).toContain(keyFile);
    expect(broken.body).toContain('EISDIR');
    expect(broken.body).toMatch(/still serving the certificate that expires \d{4}-/);
    // The same content as before comes back: no rotation, but the failure is over.
    fs.rmdirSync(keyFile);
    fs.writeFileSync(keyFile, key);
    await eventually(async () => (await state(addrs.admin)).ready === 200, '/ready 200 again');
  });

  it('a key from another certificate: counted as key_mismatch; a matching pair rotates and recovers', async () => {
    const leafDir = leafCopy('mismatch');
    const { proc, addrs } = await startPodwire(env(leafDir));
    procs.push(proc);
    const before = await state(addrs.admin);
    expect(before.ready).toBe(200);
    const next = path.join(dir, 'mismatch-next');
    pki(['leaf', '--issuer', path.join(dir, 'issuer'), '--out', next, '--identity', WEB]);
    fs.copyFileSync(path.join(next, 'tls.key'), path.join(leafDir, 'tls.key'));
    const broken = await eventually(async () => {
      const s = await state(addrs.admin);
      return s.ready === 503 && s.errors('key_mismatch') > 0 && s;
    }, '/ready 503 and a key_mismatch error');
    expect(broken.body).toContain('does not match');
    fs.copyFileSync(path.join(next, 'tls.crt'), path.join(leafDir, 'tls.crt'));
    const fixed = await eventually(async () => {
      const s = await state(addrs.admin);
      return s.ready === 200 && s;
    }, '/ready 200 after the matching certificate');
    expect(fixed.ok).toBe(before.ok + 1);
  });

  // Root reads any file, so EACCES needs the proxy to run as someone else (root-only: setpriv).
  it.runIf(process.getuid?.() === 0)('deploy/vm day two as root: a root-owned 0600 key is EACCES on /metrics and /ready; chown fixes it', async () => {
    const leafDir = leafCopy('eacces', NOBODY);
    const child = spawn('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, CLI, 'proxy'], {
      env: baseEnv(env(leafDir)), stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new ProxyProcess(child);
    procs.push(proc);
    const { admin } = await proc.ready();
    const before = await state(admin);
    expect(before.ready).toBe(200);
    // The old guide's rotation, run as root.
    pki(['leaf', '--issuer', path.join(dir, 'issuer'), '--out', leafDir, '--force', '--identity', WEB]);
    expect(fs.statSync(path.join(leafDir, 'tls.key')).uid).toBe(0);
    const broken = await eventually(async () => {
      const s = await state(admin);
      return s.ready === 503 && s.errors('EACCES') > 0 && s;
    }, '/ready 503 and an EACCES error');
    expect(broken.body).toContain(path.join(leafDir, 'tls.key'));
    expect(broken.body).toContain('EACCES');
    // The guide's fix: the proxy's user owns what it must read.
    for (const f of ['tls.crt', 'tls.key']) fs.chownSync(path.join(leafDir, f), NOBODY, NOBODY);
    const fixed = await eventually(async () => {
      const s = await state(admin);
      return s.ready === 200 && s;
    }, '/ready 200 once the proxy can read its key');
    expect(fixed.ok).toBe(before.ok + 1);
  });
});
