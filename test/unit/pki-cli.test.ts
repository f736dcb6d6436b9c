// `podwire pki` CLI: subcommands write the documented files, help works, bad usage exits 2 naming the flag.
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../proxy/pki/cli.js';
import { runPki as run, useTempDir } from '../harness/pki-cli.js';

const CLIENT = 'client.default.serviceaccount.identity.linkerd.cluster.local';
const SERVER = 'server.default.serviceaccount.identity.linkerd.cluster.local';

const tmp = useTempDir('podwire-pki-cli-');

const mode = (f: string) => fs.statSync(f).mode & 0o777;
const cert = (f: string) => new X509Certificate(fs.readFileSync(f));

describe('pki mesh', () => {
  it('writes anchor, issuer, trust-anchors.pem and one leaf dir per identity', async () => {
    const out = tmp('mesh');
    const r = await run('mesh', '--out', out, '--identity', CLIENT, '--identity', SERVER, '--valid', '2h');
    expect(r).toMatchObject({ code: 0, err: '' });
    for (const f of ['anchor/ca.crt', 'anchor/ca.key', 'issuer/ca.crt', 'issuer/ca.key', 'trust-anchors.pem', 'client/tls.crt', 'client/tls.key', 'server/tls.crt', 'server/tls.key']) {
      expect(fs.existsSync(path.join(out, f)), f).toBe(true);
      expect(r.out).toContain(path.join(out, f));
    }
    expect(mode(path.join(out, 'anchor/ca.key'))).toBe(0o600);
    expect(mode(path.join(out, 'client/tls.key'))).toBe(0o600);
    expect(mode(path.join(out, 'client/tls.crt'))).toBe(0o644);
    const leaf = cert(path.join(out, 'server/tls.crt'));
    expect(leaf.subjectAltName).toBe(`DNS:${SERVER}`);
    expect(leaf.checkIssued(cert(path.join(out, 'issuer/ca.crt')))).toBe(true);
    expect(Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)).toBe(2 * 3600_000);
    expect(fs.readFileSync(path.join(out, 'client/tls.crt'), 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it('refuses to overwrite an existing mesh without --force (exit 1)', async () => {
    const out = tmp('mesh2');
    expect((await run('mesh', '--out', out, '--identity', CLIENT)).code).toBe(0);
    const again = await run('mesh', '--out', out, '--identity', CLIENT);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/refusing to overwrite existing file .*ca\.crt/);
    expect((await run('mesh', '--out', out, '--identity', CLIENT, '--force')).code).toBe(0);
  });
});

describe('pki anchor / issuer / leaf', () => {
  it('builds a chain step by step', async () => {
    const a = tmp('step/anchor');
    const i = tmp('step/issuer');
    const l = tmp('step/leaf');
    expect((await run('anchor', '--out', a, '--common-name', 'test root')).code).toBe(0);
    expect((await run('issuer', '--anchor', a, '--out', i, '--valid', '30d')).code).toBe(0);
    const r = await run('leaf', '--issuer', i, '--identity', CLIENT, '--identity', 'spiffe://cluster.local/ns/default/sa/client', '--out', l, '--valid', '90m');
    expect(r.code).toBe(0);
    expect(cert(path.join(a, 'ca.crt')).subject).toBe('CN=test root');
    expect(cert(path.join(i, 'ca.crt')).checkIssued(cert(path.join(a, 'ca.crt')))).toBe(true);
    const leaf = cert(path.join(l, 'tls.crt'));
    expect(leaf.subjectAltName).toBe(`DNS:${CLIENT}, URI:spiffe://cluster.local/ns/default/sa/client`);
    expect(Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)).toBe(90 * 60_000);
    expect(mode(path.join(l, 'tls.key'))).toBe(0o600);
  });

  it('reports a missing CA directory as a failure (exit 1)', async () => {
    const r = await run('issuer', '--anchor', tmp('nope'), '--out', tmp('x'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot read .*nope\/ca\.crt/);
  });
});

describe('help and usage errors', () => {
  it.each(['anchor', 'issuer', 'leaf', 'mesh'])('pki %s --help prints usage and exits 0', async (sub) => {
    const r = await run(sub, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Usage: podwire pki ${sub}`);
    expect(r.out).toContain('--out DIR');
  });

  it('pki --help lists the commands; no command is a usage error', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/anchor[\s\S]*issuer[\s\S]*leaf[\s\S]*mesh/);
    expect((await run()).code).toBe(2);
  });

  it.each([
    [['mesh', '--identity', CLIENT], /missing required flag --out/],
    [['mesh', '--out', '/tmp/x'], /missing required flag --identity/],
    [['leaf', '--issuer', '/tmp/i', '--identity', CLIENT], /missing required flag --out/],
    [['mesh', '--out', '/tmp/x', '--identity', CLIENT, '--bogus'], /--bogus/],
    [['mesh', '--out'], /--out/],
    [['mesh', '--out', '/tmp/x', '--identity', 'Not_A_Name!'], /--identity: invalid identity "Not_A_Name!"/],
    [['mesh', '--out', '/tmp/x', '--identity', 'a.b.', ], /--identity: .*must not end with a dot/],
    [['leaf', '--issuer', '/tmp/i', '--identity', CLIENT, '--out', '/tmp/x', '--valid', 'soon'], /--valid: invalid duration "soon"/],
    [['mesh', 'stray'], /Unexpected argument 'stray'/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('%j exits 2 naming the problem', async (argv, message) => {
    const r = await run(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('parseDuration accepts Go-style sums and days', () => {
    expect(parseDuration('24h')).toBe(86_400);
    expect(parseDuration('1h30m')).toBe(5_400);
    expect(parseDuration('365d')).toBe(365 * 86_400);
    expect(() => parseDuration('0s')).toThrow(/must be positive/);
    expect(() => parseDuration('1.5h')).toThrow(/invalid duration/);
  });
});
