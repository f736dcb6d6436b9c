// The proxy's Certify client, the parts without a server: when it refreshes (linkerd2-proxy's
// refresh_in rule, as a table) and how it treats the identity directory (key.p8 and csr.der reused
// byte for byte, generated with the right modes when missing, refused with a clear error when the
// key is unusable, regenerated when the CSR no longer fits).
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshDelayMs, MAX_TIMER_MS } from '../../proxy/identity/refresh.js';
import { loadIdentityDir, KEY_FILE, CSR_FILE } from '../../proxy/identity/identity-dir.js';
import { IdentityError } from '../../proxy/identity/id.js';
import { createCsr, parseCsr } from '../../proxy/pki/csr.js';
import type { IdentityLogger } from '../../proxy/identity/store.js';

const S = 1000;
const H = 3_600_000;
const NOW = new Date('2030-01-01T00:00:00Z');
const DEFAULTS = { minMs: 10 * S, maxMs: 24 * H };
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe('refresh schedule (70% of the remaining lifetime, clamped to [min, max])', () => {
  it.each([
    ['24h left: 70% of it, 16.8h', at(24 * H), DEFAULTS, 60_480_000],
    ['100s left: 70s', at(100 * S), DEFAULTS, 70 * S],
    ['10s left: 7s, raised to min 10s', at(10 * S), DEFAULTS, 10 * S],
    ['1 year left: capped at max 24h', at(365 * 24 * H), DEFAULTS, 24 * H],
    ['expired a second ago: min', at(-S), DEFAULTS, 10 * S],
    ['expiring right now: min', at(0), DEFAULTS, 10 * S],
    ['no certificate yet: min', undefined, DEFAULTS, 10 * S],
    ['3s lifetime, min 1s: 2.1s', at(3 * S), { minMs: S, maxMs: 24 * H }, 2100],
    ['1s left, min 1s: 1s', at(S), { minMs: S, maxMs: 24 * H }, S],
    ['max below 70%: max', at(10 * H), { minMs: S, maxMs: H }, H],
    ['a 60-day max stays a usable timer', at(365 * 24 * H), { minMs: S, maxMs: 60 * 24 * H }, MAX_TIMER_MS],
  ] as const)('%s', (_name, notAfter, bounds, want) => {
    expect(refreshDelayMs(notAfter, NOW, bounds)).toBe(want);
  });

  it('after a failure, retries on the same rule from the certificate still held: faster as expiry nears, never below min', () => {
    // A 24h certificate whose refreshes keep failing: each retry is 70% of what is left at that time.
    let now = NOW.getTime();
    const notAfter = at(24 * H);
    const delays: number[] = [];
    while (now < notAfter.getTime() && delays.length < 100) {
      const d = refreshDelayMs(notAfter, new Date(now), DEFAULTS);
      delays.push(d);
      now += d;
    }
    expect(delays[0]).toBe(60_480_000); // 70% of 24h
    expect(delays[1]).toBe(18_144_000); // 70% of the 7.2h left
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeLessThanOrEqual(delays[i - 1]!);
    expect(Math.min(...delays)).toBe(10 * S);
    // Once expired, every retry waits the minimum.
    expect(refreshDelayMs(notAfter, new Date(now), DEFAULTS)).toBe(10 * S);
  });
});

const ID = 'web.default.serviceaccount.identity.linkerd.cluster.local';

interface Captured {
  level: string;
  msg: string;
  obj: Record<string, unknown>;
}

function capture(): IdentityLogger & { lines: Captured[] } {
  const lines: Captured[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, msg: msg ?? '', obj: obj as Record<string, unknown> });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('identity directory (key.p8, csr.der)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-iddir-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = (name: string) => path.join(dir, name);
  const mode = (name: string) => fs.statSync(file(name)).mode & 0o777;

  it('generates a P-256 key (0600) and a matching CSR when the directory is empty', async () => {
    const log = capture();
    const docs = await loadIdentityDir(dir, ID, log);
    expect(mode(KEY_FILE)).toBe(0o600);
    const keyDer = fs.readFileSync(file(KEY_FILE));
    const key = createPrivateKey({ key: keyDer, format: 'der', type: 'pkcs8' });
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const csrDer = fs.readFileSync(file(CSR_FILE));
    expect(docs.csrDer.equals(csrDer)).toBe(true);
    const csr = parseCsr(csrDer);
    expect(csr.dnsNames).toEqual([ID]);
    expect(csr.commonNames).toEqual([ID]);
    expect(csr.spkiDer.equals(createPublicKey(key).export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(createPrivateKey(docs.keyPem).export({ type: 'pkcs8', format: 'der' }).equals(keyDer)).toBe(true);
    expect(log.lines.some((l) => l.level === 'info' && /generated a new ECDSA P-256 key/.test(l.msg))).toBe(true);
  });

  it('creates a missing directory', async () => {
    const nested = path.join(dir, 'var/run/linkerd/identity/end-entity');
    await loadIdentityDir(nested, ID, capture());
    expect(fs.existsSync(path.join(nested, KEY_FILE))).toBe(true);
  });

  it('reuses existing key.p8 and csr.der unchanged (the CSR sent is csr.der byte for byte)', async () => {
    const made = await createCsr({ identity: ID });
    fs.writeFileSync(file(KEY_FILE), made.keyPkcs8Der, { mode: 0o600 });
    fs.writeFileSync(file(CSR_FILE), made.csrDer);
    const log = capture();
    const docs = await loadIdentityDir(dir, ID, log);
    expect(docs.csrDer.equals(made.csrDer)).toBe(true);
    expect(fs.readFileSync(file(KEY_FILE)).equals(made.keyPkcs8Der)).toBe(true);
    expect(fs.readFileSync(file(CSR_FILE)).equals(made.csrDer)).toBe(true);
    expect(log.lines.filter((l) => l.level !== 'debug')).toEqual([]);
  });

  it('writes csr.der for an existing key.p8 without one, keeping the key', async () => {
    const made = await createCsr({ identity: ID });
    fs.writeFileSync(file(KEY_FILE), made.keyPkcs8Der, { mode: 0o600 });
    const docs = await loadIdentityDir(dir, ID, capture());
    expect(fs.readFileSync(file(KEY_FILE)).equals(made.keyPkcs8Der)).toBe(true);
    expect(parseCsr(docs.csrDer).spkiDer.equals(parseCsr(made.csrDer).spkiDer)).toBe(true);
    expect(fs.readFileSync(file(CSR_FILE)).equals(docs.csrDer)).toBe(true);
  });

  it.each([
    ['for another identity', (key: Buffer) => createCsr({ identity: 'db.default.serviceaccount.identity.linkerd.cluster.local', keyPkcs8Der: key }).then((c) => c.csrDer), /db\.default.*not web\.default/],
    ['for another key', () => createCsr({ identity: ID }).then((c) => c.csrDer), /public key is not the one in key\.p8/],
    ['that is not DER', () => Promise.resolve(Buffer.from('-----BEGIN CERTIFICATE REQUEST-----\n')), /not a valid DER/],
  ])('regenerates a csr.der %s from key.p8 and says so', async (_name, makeStale, why) => {
    const made = await createCsr({ identity: ID });
    fs.writeFileSync(file(KEY_FILE), made.keyPkcs8Der, { mode: 0o600 });
    fs.writeFileSync(file(CSR_FILE), await makeStale(made.keyPkcs8Der));
    const log = capture();
    const docs = await loadIdentityDir(dir, ID, log);
    const csr = parseCsr(docs.csrDer);
    expect(csr.dnsNames).toEqual([ID]);
    expect(csr.spkiDer.equals(parseCsr(made.csrDer).spkiDer)).toBe(true);
    expect(fs.readFileSync(file(CSR_FILE)).equals(docs.csrDer)).toBe(true);
    const warned = log.lines.find((l) => l.level === 'warn');
    expect(warned?.msg).toMatch(/csr\.der did not fit/);
    expect(String(warned?.obj['reason'])).toMatch(why);
  });

  it('refuses a corrupt key.p8 with an error naming the file, and leaves it alone', async () => {
    fs.writeFileSync(file(KEY_FILE), Buffer.from('definitely not a key'), { mode: 0o600 });
    const err = await loadIdentityDir(dir, ID, capture()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdentityError);
    expect((err as IdentityError).code).toBe('bad_key');
    expect((err as Error).message).toContain(file(KEY_FILE));
    expect((err as Error).message).toMatch(/not an unencrypted PKCS#8 DER private key/);
    expect(fs.readFileSync(file(KEY_FILE), 'utf8')).toBe('definitely not a key');
  });

  it('refuses a PEM key.p8 (Linkerd writes DER)', async () => {
    fs.writeFileSync(file(KEY_FILE), (await createCsr({ identity: ID })).keyPem);
    await expect(loadIdentityDir(dir, ID, capture())).rejects.toThrow(/key\.p8 is not an unencrypted PKCS#8 DER/);
  });

  it.each([
    ['ECDSA P-384', () => generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey, /ECDSA P-384 key; Linkerd identities require ECDSA P-256/],
    ['RSA', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, /RSA 2048-bit key; Linkerd identities require ECDSA P-256/],
  ])('refuses a %s key.p8, naming the curve', async (_name, make, why) => {
    fs.writeFileSync(file(KEY_FILE), make().export({ type: 'pkcs8', format: 'der' }));
    const err = await loadIdentityDir(dir, ID, capture()).catch((e: unknown) => e);
    expect((err as IdentityError).code).toBe('unsupported_key');
    expect((err as Error).message).toMatch(why);
    expect((err as Error).message).toContain(file(KEY_FILE));
  });
});
