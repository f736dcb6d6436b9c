// The controller's token table (controller/tokens.ts) and the CSR helpers the proxy's future Certify
// client will reuse (proxy/pki/csr.ts): real files, real keys, clear errors for bad input.
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenValidator, loadTokens, parseTokens, tokenIdentityName, TokenFileError } from '../../controller/tokens.js';
import { createCsr, csrSignatureValid, parseCsr, CsrParseError } from '../../proxy/pki/csr.js';
import { PkiError } from '../../proxy/pki/certs.js';

const ID = 'web.default.serviceaccount.identity.linkerd.cluster.local';
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'podwire-tokens-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('tokens file', () => {
  it('loads YAML and JSON, maps tokens to <sa>.<ns>, and knows nothing else', () => {
    const yaml = loadTokens(write('t.yaml', '# workload tokens\n"s3cr3t-web": web.default\n0x10: db.payments\ntrue: job.batch\n'));
    expect(yaml(Buffer.from('s3cr3t-web'))).toEqual({ sa: 'web', ns: 'default' });
    // Scalars stay the exact text written, never numbers or booleans.
    expect(yaml(Buffer.from('0x10'))).toEqual({ sa: 'db', ns: 'payments' });
    expect(yaml(Buffer.from('16'))).toBeUndefined();
    expect(yaml(Buffer.from('true'))).toEqual({ sa: 'job', ns: 'batch' });
    expect(yaml(Buffer.from('s3cr3t-we'))).toBeUndefined();
    expect(yaml(Buffer.from('s3cr3t-web-'))).toBeUndefined();
    const json = loadTokens(write('t.json', JSON.stringify({ 'tok-a': 'a.ns1', 'tok-b': 'b.ns2' })));
    expect(json(Buffer.from('tok-b'))).toEqual({ sa: 'b', ns: 'ns2' });
    expect(json(Buffer.from(''))).toBeUndefined();
  });

  it('ignores trailing whitespace on a presented token (token files written with echo)', () => {
    const v = createTokenValidator([['abc', 'web.default']]);
    expect(v(Buffer.from('abc\n'))).toEqual({ sa: 'web', ns: 'default' });
    expect(v(Buffer.from('abc\r\n'))).toEqual({ sa: 'web', ns: 'default' });
    expect(v(Buffer.from(' abc'))).toBeUndefined();
  });

  it('maps a token owner to the Linkerd identity', () => {
    expect(tokenIdentityName({ sa: 'web', ns: 'default' }, 'linkerd', 'cluster.local')).toBe(ID);
  });

  it.each([
    ['an empty file', '', /is empty/],
    ['a list', '- a\n- b\n', /expected a mapping/],
    ['an empty token', '"": web.default\n', /an entry for "web.default" has an empty token/],
    ['a token with surrounding spaces', '" tok ": web.default\n', /leading or trailing whitespace/],
    ['an owner without namespace', 'tok-1234567: web\n', /maps to "web"; expected "<serviceaccount>.<namespace>"/],
    ['an owner with three parts', 'tok-1234567: a.b.c\n', /expected "<serviceaccount>.<namespace>"/],
    ['an empty owner', 'tok-1234567:\n', /maps to nothing/],
    ['a nested value', 'tok-1234567:\n  sa: web\n', /must map a token string/],
    ['an upper-case service account', 'tok-1234567: Web.default\n', /service account "Web" is not a DNS-1123 label/],
    ['duplicate tokens', 'tok: a.b\ntok: c.d\n', /not valid YAML\/JSON: Map keys must be unique/],
    ['broken YAML', '{ "a": ', /not valid YAML\/JSON/],
  ])('rejects %s with a clear error naming the file', (_what, text, message) => {
    const file = write('bad.yaml', text);
    let err: unknown;
    try {
      loadTokens(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TokenFileError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(message);
  });

  it('does not echo whole tokens in errors', () => {
    expect(() => parseTokens('supersecrettoken: Bad.ns\n', 'x')).toThrow(/token "supe…"/);
    expect(() => parseTokens('supersecrettoken: Bad.ns\n', 'x')).not.toThrow(/supersecrettoken/);
  });

  it('reports a missing file', () => {
    expect(() => loadTokens(path.join(tmp, 'nope.yaml'))).toThrow(/nope\.yaml: cannot read/);
  });
});

describe('createCsr / parseCsr', () => {
  it('makes a P-256 PKCS#8 DER key (key.p8) and a DER CSR with CN = DNS SAN = identity', async () => {
    const m = await createCsr({ identity: ID });
    const key = createPrivateKey({ key: m.keyPkcs8Der, format: 'der', type: 'pkcs8' });
    expect(key.asymmetricKeyType).toBe('ec');
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(createPrivateKey(m.keyPem).export({ type: 'pkcs8', format: 'der' }).equals(m.keyPkcs8Der)).toBe(true);
    expect(m.csrDer[0]).toBe(0x30);
    const csr = parseCsr(m.csrDer);
    expect(csr.commonNames).toEqual([ID]);
    expect(csr.dnsNames).toEqual([ID]);
    expect(csr.otherSans).toEqual([]);
    expect(csr.keyIsP256).toBe(true);
    expect(csr.keyDescription).toBe('ECDSA P-256');
    expect(csr.spkiDer.equals(createPublicKey(key).export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(await csrSignatureValid(csr)).toBe(true);
  });

  it('reuses an existing key.p8 when given one', async () => {
    const first = await createCsr({ identity: ID });
    const again = await createCsr({ identity: ID, keyPkcs8Der: first.keyPkcs8Der });
    expect(again.keyPkcs8Der.equals(first.keyPkcs8Der)).toBe(true);
    expect(parseCsr(again.csrDer).spkiDer.equals(parseCsr(first.csrDer).spkiDer)).toBe(true);
  });

  it('refuses non-P-256 keys, unreadable keys and bad identities', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'der' });
    await expect(createCsr({ identity: ID, keyPkcs8Der: p384 })).rejects.toThrow(/must be ECDSA P-256.*got ECDSA P-384/);
    await expect(createCsr({ identity: ID, keyPkcs8Der: Buffer.from('nope') })).rejects.toThrow(/not an unencrypted PKCS#8 DER private key/);
    await expect(createCsr({ identity: '' })).rejects.toThrow(PkiError);
    await expect(createCsr({ identity: 'Not A Name' })).rejects.toThrow(/"Not A Name" is not a lower-case DNS name/);
  });

  it('parseCsr throws CsrParseError for bytes that are not a CSR', () => {
    expect(() => parseCsr(Buffer.alloc(0))).toThrow(CsrParseError);
    expect(() => parseCsr(Buffer.from([0x30, 0x82, 0xff, 0xff, 0x00]))).toThrow(/not a valid DER PKCS#10/);
  });
});
