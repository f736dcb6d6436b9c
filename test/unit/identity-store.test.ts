// FileIdentityStore: load errors name the file; rotation via directory watch, symlink swap and polling;
// broken or half-written material never replaces working credentials.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Credentials } from '../../proxy/identity/credentials.js';
import { IdentityError } from '../../proxy/identity/id.js';
import { FileIdentityStore, type FileIdentityStoreOptions, type IdentityLogger, type IdentitySource } from '../../proxy/identity/store.js';
import { IDS, issueLeaf, makeTestPki, type TestPki } from '../harness/pki.js';

interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string | undefined;
}

function memoryLog(): IdentityLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

let pki: TestPki;
let root: string;
const stores: FileIdentityStore[] = [];

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-store-'));
  pki = await makeTestPki(path.join(root, 'pki'));
  return () => fs.rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

/** A private directory with the client's tls.crt/tls.key and the anchors, for one test to mutate. */
function workDir(): { dir: string; certFile: string; keyFile: string; anchorsFile: string } {
  const dir = fs.mkdtempSync(path.join(root, 'w-'));
  const certFile = path.join(dir, 'tls.crt');
  const keyFile = path.join(dir, 'tls.key');
  const anchorsFile = path.join(dir, 'ca.crt');
  fs.copyFileSync(pki.leaves.client.certFile, certFile);
  fs.copyFileSync(pki.leaves.client.keyFile, keyFile);
  fs.copyFileSync(pki.ca.anchorsFile, anchorsFile);
  return { dir, certFile, keyFile, anchorsFile };
}

function store(opts: Partial<FileIdentityStoreOptions> & Pick<FileIdentityStoreOptions, 'certFile' | 'keyFile'>): FileIdentityStore {
  const s = new FileIdentityStore({ localId: IDS.client, log: memoryLog(), debounceMs: 20, pollIntervalMs: 60_000, ...opts });
  stores.push(s);
  return s;
}

function nextRotation(s: FileIdentityStore, timeoutMs = 5_000): Promise<Credentials> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no rotate event')), timeoutMs);
    s.once('rotate', (c) => {
      clearTimeout(t);
      resolve(c);
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('load', () => {
  it('loads and exposes current credentials; works with a real pino logger', () => {
    const w = workDir();
    const s = store({ ...w, log: pino({ level: 'silent' }) });
    const c = s.load();
    expect(s.current()).toBe(c);
    expect(c.localId).toBe(IDS.client);
    const source: IdentitySource = s; // the interface a Certify-based source will also implement
    expect(source.current()?.fingerprint).toBe(c.fingerprint);
  });

  it('names a missing file', () => {
    const w = workDir();
    fs.rmSync(w.keyFile);
    expect(() => store(w).load()).toThrow(new RegExp(`^cannot read key file ${w.keyFile}: ENOENT`));
  });

  it('names the files involved in a validation failure', () => {
    const w = workDir();
    fs.copyFileSync(pki.leaves.server.keyFile, w.keyFile);
    const err = (() => {
      try {
        store(w).load();
      } catch (e) {
        return e as IdentityError;
      }
      throw new Error('expected load to fail');
    })();
    expect(err).toBeInstanceOf(IdentityError);
    expect(err.code).toBe('key_mismatch');
    expect(err.message).toBe(`key file ${w.keyFile} vs cert file ${w.certFile}: private key does not match the leaf certificate (CN=${IDS.client})`);
  });

  it('wrong SAN / expired / untrusted point at the cert file', () => {
    const w = workDir();
    fs.copyFileSync(pki.leaves.expired.certFile, w.certFile);
    fs.copyFileSync(pki.leaves.expired.keyFile, w.keyFile);
    expect(() => store(w).load()).toThrow(new RegExp(`^cert file ${w.certFile}: leaf certificate .* expired at`));
    fs.copyFileSync(pki.leaves.wrongCa.certFile, w.certFile);
    fs.copyFileSync(pki.leaves.wrongCa.keyFile, w.keyFile);
    expect(() => store(w).load()).toThrow(new RegExp(`^cert file ${w.certFile} vs trust anchors file ${w.anchorsFile}: leaf certificate .* does not chain`));
  });

  it('accepts inline anchors, and requires exactly one anchors source', () => {
    const w = workDir();
    expect(store({ certFile: w.certFile, keyFile: w.keyFile, anchorsInline: pki.ca.anchorsPem }).load().localId).toBe(IDS.client);
    expect(() => store({ certFile: w.certFile, keyFile: w.keyFile })).toThrow(/exactly one of anchorsFile or anchorsInline/);
    expect(() => store({ ...w, anchorsInline: pki.ca.anchorsPem })).toThrow(/exactly one of anchorsFile or anchorsInline/);
  });

  it('skips a bad certificate in the anchors bundle and logs why', () => {
    const w = workDir();
    fs.writeFileSync(w.anchorsFile, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n' + pki.ca.anchorsPem);
    const log = memoryLog();
    const c = store({ ...w, log }).load();
    expect(c.anchorWarnings).toEqual([expect.stringMatching(/^trust anchor #1 skipped: not a valid X.509 certificate/)]);
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual(c.anchorWarnings);
  });

  it('current() before load() is an error', () => {
    const w = workDir();
    expect(() => store(w).current()).toThrow(/not loaded/);
  });
});

describe('rotation', () => {
  it('directory watch: new cert/key files -> rotate with the new fingerprint', async () => {
    const w = workDir();
    const s = store(w);
    const before = s.load();
    s.watch();
    const next = await issueLeaf([IDS.client]);
    const rotated = nextRotation(s);
    fs.writeFileSync(w.keyFile, next.keyPem);
    fs.writeFileSync(w.certFile, next.chainPem);
    const c = await rotated;
    expect(c.fingerprint).not.toBe(before.fingerprint);
    expect(s.current()).toBe(c);
  });

  it('kubelet-style ..data symlink swap is picked up', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'kubelet-'));
    const writeVersion = (name: string, chainPem: string, keyPem: string) => {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'tls.crt'), chainPem);
      fs.writeFileSync(path.join(dir, name, 'tls.key'), keyPem);
      fs.writeFileSync(path.join(dir, name, 'ca.crt'), pki.ca.anchorsPem);
    };
    writeVersion('..v1', pki.leaves.client.chainPem, pki.leaves.client.keyPem);
    fs.symlinkSync('..v1', path.join(dir, '..data'));
    for (const f of ['tls.crt', 'tls.key', 'ca.crt']) fs.symlinkSync(path.join('..data', f), path.join(dir, f));
    const s = store({ certFile: path.join(dir, 'tls.crt'), keyFile: path.join(dir, 'tls.key'), anchorsFile: path.join(dir, 'ca.crt') });
    const before = s.load();
    s.watch();
    const next = await issueLeaf([IDS.client]);
    const rotated = nextRotation(s);
    writeVersion('..v2', next.chainPem, next.keyPem);
    fs.symlinkSync('..v2', path.join(dir, '..data_tmp'));
    fs.renameSync(path.join(dir, '..data_tmp'), path.join(dir, '..data'));
    const c = await rotated;
    expect(c.fingerprint).not.toBe(before.fingerprint);
    expect(c.fingerprint).toBe(new X509Certificate(next.certPem).fingerprint256);
  });

  it('polling alone picks up a change', async () => {
    const w = workDir();
    const s = store({ ...w, fsWatch: false, pollIntervalMs: 50 });
    s.load();
    s.watch();
    const next = await issueLeaf([IDS.client]);
    const rotated = nextRotation(s);
    fs.writeFileSync(w.keyFile, next.keyPem);
    fs.writeFileSync(w.certFile, next.chainPem);
    expect((await rotated).fingerprint).toBe(new X509Certificate(next.certPem).fingerprint256);
  });

  it('half-written pair (cert rotated, key not yet) is not applied; the key arriving completes it', async () => {
    const w = workDir();
    const s = store(w);
    const before = s.load();
    const failures: IdentityError[] = [];
    s.on('reloadFailed', (e) => failures.push(e));
    let rotations = 0;
    s.on('rotate', () => rotations++);
    const next = await issueLeaf([IDS.client]);
    fs.writeFileSync(w.certFile, next.chainPem);
    expect(s.reload()).toBe(false);
    expect(failures.map((e) => e.code)).toEqual(['key_mismatch']);
    expect(s.current()).toBe(before);
    fs.writeFileSync(w.keyFile, next.keyPem);
    expect(s.reload()).toBe(true);
    expect(rotations).toBe(1);
    expect(s.current().fingerprint).not.toBe(before.fingerprint);
  });

  it('corrupt file: no rotate, previous kept, failure logged once however often it is retried', async () => {
    const w = workDir();
    const log = memoryLog();
    const s = store({ ...w, log, pollIntervalMs: 30 });
    const before = s.load();
    let rotated = false;
    s.on('rotate', () => (rotated = true));
    s.watch();
    fs.writeFileSync(w.certFile, '-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n');
    await sleep(300);
    expect(rotated).toBe(false);
    expect(s.current()).toBe(before);
    const warns = log.lines.filter((l) => l.level === 'warn');
    expect(warns).toHaveLength(1);
    expect(warns[0]!.msg).toBe('identity reload failed; keeping previous credentials');
    expect(warns[0]!.obj).toMatchObject({ code: 'bad_certificate', keeping: before.fingerprint });
    expect((warns[0]!.obj as { err: string }).err).toMatch(new RegExp(`^cert file ${w.certFile}: certificate chain entry #1 is not a valid X.509 certificate`));
  });

  it('unchanged content does not rotate; close() stops watching', async () => {
    const w = workDir();
    const s = store({ ...w, pollIntervalMs: 20 });
    s.load();
    let rotations = 0;
    s.on('rotate', () => rotations++);
    s.watch();
    fs.writeFileSync(w.certFile, fs.readFileSync(w.certFile)); // touch with identical bytes
    await sleep(100);
    expect(rotations).toBe(0);
    s.close();
    const next = await issueLeaf([IDS.client]);
    fs.writeFileSync(w.keyFile, next.keyPem);
    fs.writeFileSync(w.certFile, next.chainPem);
    await sleep(150);
    expect(rotations).toBe(0);
    expect(s.reload()).toBe(false);
  });
});
