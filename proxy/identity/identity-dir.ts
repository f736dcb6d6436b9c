// The identity directory (LINKERD2_PROXY_IDENTITY_DIR): the workload's private key `key.p8`
// (unencrypted PKCS#8 DER, ECDSA P-256) and its certificate signing request `csr.der` (DER, CN = DNS
// SAN = the local identity), laid out exactly as Linkerd's proxy-identity init writes them (spec §3.3)
// so a pod spec written for linkerd2-proxy works unchanged. Files that exist are used as they are -
// the CSR sent to Certify is csr.der byte for byte - and missing ones are generated here.
//
// A key we cannot read, or one that is not P-256, is an error: silently replacing an operator's key
// would hide a misconfiguration. A csr.der that does not fit (another key, another identity,
// unreadable) is only a stale by-product of the key, so it is regenerated from the key and logged.
import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createOwnCsr, describeKey, isOwnCsr, type CsrMaterial } from '../pki/csr-der.js';
import { IdentityError } from './id.js';
import type { IdentityLogger } from './store.js';

export const KEY_FILE = 'key.p8';
export const CSR_FILE = 'csr.der';
const KEY_MODE = 0o600;
const CSR_MODE = 0o644;
const DIR_MODE = 0o700;

/** What Certify needs from the directory, and the key in the form node:tls takes. */
export interface IdentityDocuments {
  readonly keyPem: string;
  /** Sent verbatim as CertifyRequest.certificate_signing_request. */
  readonly csrDer: Buffer;
  readonly keyFile: string;
  readonly csrFile: string;
}

/** Read key.p8 and csr.der from `dir`, creating whatever is missing or stale. Throws IdentityError. */
export async function loadIdentityDir(dir: string, identity: string, log: IdentityLogger): Promise<IdentityDocuments> {
  const keyFile = path.join(dir, KEY_FILE);
  const csrFile = path.join(dir, CSR_FILE);
  ensureDir(dir);
  const keyDer = readOptional(keyFile);
  if (keyDer === undefined) {
    const made = await generate(identity, undefined, keyFile);
    writeAtomic(keyFile, made.keyPkcs8Der, KEY_MODE);
    writeAtomic(csrFile, made.csrDer, CSR_MODE);
    log.info({ dir, identity }, `generated a new ECDSA P-256 key (${KEY_FILE}) and CSR (${CSR_FILE})`);
    return { keyPem: made.keyPem, csrDer: made.csrDer, keyFile, csrFile };
  }
  const key = readKey(keyDer, keyFile);
  const keyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  const csrDer = readOptional(csrFile);
  const stale = csrDer === undefined ? 'missing' : await csrProblem(csrDer, key, identity);
  if (stale === undefined) return { keyPem, csrDer: csrDer!, keyFile, csrFile };
  const made = await generate(identity, keyDer, keyFile);
  writeAtomic(csrFile, made.csrDer, CSR_MODE);
  const level = csrDer === undefined ? 'info' : 'warn';
  log[level]({ dir, identity, reason: stale }, `${CSR_FILE} ${stale === 'missing' ? 'was missing' : 'did not fit'}; wrote a new one for the existing ${KEY_FILE}`);
  return { keyPem, csrDer: made.csrDer, keyFile, csrFile };
}

function ensureDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  } catch (err) {
    throw new IdentityError('io', `identity directory ${dir} cannot be created: ${errText(err)}`, { cause: err });
  }
  if (!fs.statSync(dir).isDirectory()) throw new IdentityError('io', `identity directory ${dir} is not a directory`);
}

function readOptional(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new IdentityError('io', `cannot read ${file}: ${errText(err)}`, { cause: err });
  }
}

/** key.p8 must be unencrypted PKCS#8 DER on P-256: linkerd2-proxy serves nothing else (spec §3.3). */
function readKey(der: Buffer, file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch (err) {
    throw new IdentityError('bad_key', `${file} is not an unencrypted PKCS#8 DER private key (${errText(err)}); fix or delete it to have a new key generated`, { cause: err });
  }
  const { description, isP256 } = describeKey(key);
  if (!isP256) {
    throw new IdentityError('unsupported_key', `${file} holds an ${description} key; Linkerd identities require ECDSA P-256 (prime256v1)`);
  }
  return key;
}

/**
 * Why csr.der can't be sent for this key and identity; undefined when it can. The CSR this code
 * wrote is recognised without parsing ASN.1 (isOwnCsr); anything else (written by linkerd2-proxy,
 * damaged, for another key) is read with parseCsr, which loads @peculiar/x509: only on that path,
 * so a sidecar restarting on its own identity directory never loads the library.
 */
async function csrProblem(der: Buffer, key: KeyObject, identity: string): Promise<string | undefined> {
  if (isOwnCsr(der, key, identity)) return undefined;
  const { parseCsr } = await import('../pki/csr.js');
  let csr;
  try {
    csr = parseCsr(der);
  } catch (err) {
    return errText(err);
  }
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  if (!csr.spkiDer.equals(spki)) return `its public key is not the one in ${KEY_FILE}`;
  if (csr.dnsNames.length !== 1 || csr.dnsNames[0] !== identity || csr.otherSans.length > 0) {
    return `it names ${[...csr.dnsNames, ...csr.otherSans.map((s) => s.value)].join(', ') || 'no SAN'}, not ${identity}`;
  }
  const cn = csr.commonNames[0];
  if (csr.commonNames.length > 1 || (cn !== undefined && cn !== '' && cn !== identity)) return `its CN is ${cn}, not ${identity}`;
  return undefined;
}

async function generate(identity: string, keyDer: Buffer | undefined, keyFile: string): Promise<CsrMaterial> {
  try {
    return createOwnCsr(identity, keyDer);
  } catch (err) {
    throw new IdentityError('bad_key', `cannot make a CSR for ${identity} with ${keyFile}: ${errText(err)}`, { cause: err });
  }
}

/** Write via a temporary file and rename, so a crash never leaves half a key; the mode is set at creation. */
function writeAtomic(file: string, data: Buffer, mode: number): void {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(tmp, data, { mode, flag: 'wx' });
    fs.chmodSync(tmp, mode); // the umask may have narrowed or (for 0644) not matter; be exact.
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new IdentityError('io', `cannot write ${file}: ${errText(err)}`, { cause: err });
  }
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
