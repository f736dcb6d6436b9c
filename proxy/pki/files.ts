// Writing and reading PKI material on disk using Kubernetes secret conventions:
// CAs as ca.crt/ca.key, workloads as tls.crt (leaf + issuer chain)/tls.key. Private keys are written
// 0600 and the mode is checked afterwards, because writeFile's `mode` is ignored for existing files
// and can be loosened by odd umasks/filesystems; a world-readable CA key is worse than a failed write.
// Replacing a file (--force) writes a temporary file and renames it over the old one, because
// proxies and the controller watch these files: they must see the old content or the new, never a
// half-written bundle.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PkiError, type CertKeyPair, type LeafBundle } from './certs.js';
import { tokensFileText, type WorkloadToken } from './tokens.js';

export const KEY_MODE = 0o600;
export const CERT_MODE = 0o644;

export interface WriteOptions {
  /** Replace existing files; default false so a CA key is never clobbered by accident. */
  readonly overwrite?: boolean;
}

export interface CaPaths {
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export interface LeafPaths {
  readonly dir: string;
  /** Leaf + issuer chain. */
  readonly certFile: string;
  readonly keyFile: string;
}

/** A complete in-memory mesh PKI, as produced by createMesh. */
export interface MeshMaterial {
  readonly anchor: CertKeyPair;
  readonly issuer: CertKeyPair;
  /** Leaf bundles keyed by directory name (see leafDirName). */
  readonly leaves: Readonly<Record<string, LeafBundle & { readonly identity: string }>>;
}

export interface MeshPaths {
  readonly dir: string;
  readonly anchor: CaPaths;
  readonly issuer: CaPaths;
  /** The anchor certificate alone: what goes into LINKERD2_PROXY_IDENTITY_TRUST_ANCHORS. */
  readonly trustAnchorsFile: string;
  readonly leaves: Readonly<Record<string, LeafPaths>>;
}

/** Write one file with `mode`, then verify the mode really is `mode`. */
export function writePemFile(file: string, content: string, mode: number, opts: WriteOptions = {}): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!opts.overwrite) {
    try {
      fs.writeFileSync(file, content, { mode, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new PkiError(`refusing to overwrite existing file ${file} (use --force / overwrite)`, { cause: err });
      }
      throw err;
    }
    return checkMode(file, mode);
  }
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(tmp, content, { mode, flag: 'wx' });
    checkMode(tmp, mode);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** chmod (umask may have narrowed or widened it) and check the result really is `mode`. */
function checkMode(file: string, mode: number): void {
  fs.chmodSync(file, mode);
  const actual = fs.statSync(file).mode & 0o777;
  if (actual !== mode) {
    throw new PkiError(`${file} has mode ${octal(actual)}, expected ${octal(mode)}`);
  }
}

/** The controller's tokens file (0600: it is a list of secrets). */
export function writeTokensFile(file: string, tokens: readonly WorkloadToken[], opts: WriteOptions = {}): string {
  writePemFile(file, tokensFileText(tokens), KEY_MODE, opts);
  return file;
}

/** One workload's token alone (LINKERD2_PROXY_IDENTITY_TOKEN_FILE), 0600, no trailing newline. */
export function writeTokenFile(file: string, token: WorkloadToken, opts: WriteOptions = {}): string {
  writePemFile(file, token.token, KEY_MODE, opts);
  return file;
}

/** ca.crt + ca.key in `dir`. */
export function writeCaFiles(dir: string, pair: CertKeyPair, opts: WriteOptions = {}): CaPaths {
  const paths = caPaths(dir);
  writePemFile(paths.certFile, pair.certPem, CERT_MODE, opts);
  writePemFile(paths.keyFile, pair.keyPem, KEY_MODE, opts);
  return paths;
}

/** tls.crt (chain) + tls.key in `dir`. */
export function writeLeafFiles(dir: string, bundle: LeafBundle, opts: WriteOptions = {}): LeafPaths {
  const paths = leafPaths(dir);
  writePemFile(paths.certFile, bundle.chainPem, CERT_MODE, opts);
  writePemFile(paths.keyFile, bundle.keyPem, KEY_MODE, opts);
  return paths;
}

/** DIR/anchor, DIR/issuer, DIR/<leaf>/, DIR/trust-anchors.pem. */
export function writeMeshFiles(dir: string, mesh: MeshMaterial, opts: WriteOptions = {}): MeshPaths {
  const anchor = writeCaFiles(path.join(dir, 'anchor'), mesh.anchor, opts);
  const issuer = writeCaFiles(path.join(dir, 'issuer'), mesh.issuer, opts);
  const trustAnchorsFile = path.join(dir, 'trust-anchors.pem');
  writePemFile(trustAnchorsFile, mesh.anchor.certPem, CERT_MODE, opts);
  const leaves: Record<string, LeafPaths> = {};
  for (const [name, bundle] of Object.entries(mesh.leaves)) {
    leaves[name] = writeLeafFiles(path.join(dir, name), bundle, opts);
  }
  return { dir, anchor, issuer, trustAnchorsFile, leaves };
}

/** Read a CA directory written by writeCaFiles (for `pki issuer --anchor DIR`, `pki leaf --issuer DIR`). */
export function readCaFiles(dir: string): CertKeyPair {
  const { certFile, keyFile } = caPaths(dir);
  return { certPem: readPem(certFile), keyPem: readPem(keyFile) };
}

export function caPaths(dir: string): CaPaths {
  return { dir, certFile: path.join(dir, 'ca.crt'), keyFile: path.join(dir, 'ca.key') };
}

export function leafPaths(dir: string): LeafPaths {
  return { dir, certFile: path.join(dir, 'tls.crt'), keyFile: path.join(dir, 'tls.key') };
}

/**
 * Directory name for an identity: the first DNS label (the service account), or the last path
 * segment of a SPIFFE id (`spiffe://td/ns/default/sa/web` -> `web`).
 */
export function leafDirName(identity: string): string {
  const name = identity.startsWith('spiffe://') ? identity.split('/').pop() : identity.split('.')[0];
  if (!name || name === '.' || name === '..' || name === 'anchor' || name === 'issuer') {
    throw new PkiError(`cannot derive a directory name from identity ${JSON.stringify(identity)}`);
  }
  return name;
}

function readPem(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new PkiError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}

function octal(mode: number): string {
  return `0${mode.toString(8)}`;
}
