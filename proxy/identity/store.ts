// File-backed identity: loads cert/key/anchors from disk (e.g. a mounted Kubernetes TLS secret),
// validates them into Credentials and hot-reloads on change. Kubelet and editors replace files by
// rename or symlink swap, which per-file watches miss, so file-watch.ts watches the parent
// directories and also polls; both paths just trigger a "read everything, compare content hash,
// validate" step. A failed validation (e.g. cert rotated but key not yet written) keeps the
// previous credentials.
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { buildCredentials, type Credentials } from './credentials.js';
import { FileWatch } from './file-watch.js';
import { IdentityError, type IdentityErrorCode } from './id.js';

/** The subset of pino the store uses. */
export interface IdentityLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Where the proxy gets its current credentials. Implemented by FileIdentityStore and by
 * CertifyIdentitySource (CSR to the Linkerd identity service, certify-source.ts). `current()` is
 * undefined until the first certificate exists (Linkerd's /ready gate).
 */
export interface IdentitySource {
  current(): Credentials | undefined;
  on(event: 'rotate', listener: (creds: Credentials) => void): this;
  off(event: 'rotate', listener: (creds: Credentials) => void): this;
}

export interface FileIdentityStoreOptions {
  readonly localId: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** Exactly one of anchorsFile / anchorsInline (Linkerd passes anchors inline via env). */
  readonly anchorsFile?: string;
  readonly anchorsInline?: string;
  readonly log: IdentityLogger;
  /** Fallback poll period; default 5s. */
  readonly pollIntervalMs?: number;
  /** Quiet period after a directory event before reloading; default 100ms. */
  readonly debounceMs?: number;
  /** Set false to rely on polling only (filesystems without inotify, tests); default true. */
  readonly fsWatch?: boolean;
}

export interface FileIdentityStoreEvents {
  rotate: [creds: Credentials];
  /** Every failed re-read (each poll while the files cannot be loaded). */
  reloadFailed: [err: IdentityError];
  /** The files load again with the content in use (a failure ended without a rotation). */
  recovered: [];
}

interface Material {
  readonly chainPem: string;
  readonly keyPem: string;
  readonly anchorsPem: string;
  readonly hash: string;
}

export class FileIdentityStore extends EventEmitter<FileIdentityStoreEvents> implements IdentitySource {
  private creds: Credentials | undefined;
  private appliedHash: string | undefined;
  private lastFailure: string | undefined;
  private fileWatch: FileWatch | undefined;
  private closed = false;

  constructor(private readonly opts: FileIdentityStoreOptions) {
    super();
    if ((opts.anchorsFile === undefined) === (opts.anchorsInline === undefined)) {
      throw new IdentityError('no_trust_anchors', 'FileIdentityStore needs exactly one of anchorsFile or anchorsInline');
    }
  }

  /** Read and validate synchronously; throws IdentityError naming the offending file. */
  load(): Credentials {
    const material = this.readMaterial();
    const creds = this.validate(material);
    this.apply(creds, material.hash);
    return creds;
  }

  /** The credentials in use. Throws if load() never succeeded (startup must call load() first). */
  current(): Credentials {
    if (!this.creds) throw new IdentityError('not_loaded', 'identity store not loaded: call load() first');
    return this.creds;
  }

  /** Start watching directories and polling. Idempotent. */
  watch(): void {
    if (this.closed || this.fileWatch) return;
    const { certFile, keyFile, anchorsFile, pollIntervalMs, debounceMs, fsWatch } = this.opts;
    this.fileWatch = new FileWatch({
      files: [certFile, keyFile, anchorsFile].filter((f): f is string => !!f),
      onChange: () => this.reload(),
      log: this.opts.log,
      ...(pollIntervalMs !== undefined && { pollIntervalMs }),
      ...(debounceMs !== undefined && { debounceMs }),
      ...(fsWatch !== undefined && { fsWatch }),
    });
    this.fileWatch.start();
  }

  /**
   * Re-read the files now; applies and emits 'rotate' if the content changed and validates.
   * Returns whether a rotation happened. Never throws: failures are logged and emitted as 'reloadFailed'.
   */
  reload(): boolean {
    if (this.closed) return false;
    try {
      const material = this.readMaterial();
      if (material.hash === this.appliedHash) {
        if (this.lastFailure !== undefined) this.recovered();
        return false;
      }
      const creds = this.validate(material);
      this.apply(creds, material.hash);
      this.emit('rotate', creds);
      return true;
    } catch (err) {
      this.failed(err);
      return false;
    }
  }

  close(): void {
    this.closed = true;
    this.fileWatch?.close();
  }

  private readMaterial(): Material {
    const chainPem = readText(this.opts.certFile, 'cert');
    const keyPem = readText(this.opts.keyFile, 'key');
    const anchorsPem = this.opts.anchorsFile ? readText(this.opts.anchorsFile, 'trust anchors') : this.opts.anchorsInline!;
    const hash = createHash('sha256');
    for (const part of [chainPem, keyPem, anchorsPem]) hash.update(`${part.length}:`).update(part);
    return { chainPem, keyPem, anchorsPem, hash: hash.digest('hex') };
  }

  private validate(m: Material): Credentials {
    try {
      return buildCredentials({ chainPem: m.chainPem, keyPem: m.keyPem, anchorsPem: m.anchorsPem, localId: this.opts.localId });
    } catch (err) {
      if (!(err instanceof IdentityError)) throw err;
      throw new IdentityError(err.code, `${this.culprit(err.code)}: ${err.message}`, { cause: err });
    }
  }

  /** Which input a validation failure is about, so operators know which file to fix. */
  private culprit(code: IdentityErrorCode): string {
    const { certFile, keyFile, anchorsFile } = this.opts;
    const anchors = anchorsFile ? `trust anchors file ${anchorsFile}` : 'inline trust anchors';
    switch (code) {
      case 'bad_key':
      case 'unsupported_key':
        return `key file ${keyFile}`;
      case 'key_mismatch':
        return `key file ${keyFile} vs cert file ${certFile}`;
      case 'no_trust_anchors':
        return anchors;
      case 'untrusted':
        return `cert file ${certFile} vs ${anchors}`;
      case 'invalid_identity':
        return 'local identity';
      default:
        return `cert file ${certFile}`;
    }
  }

  private apply(creds: Credentials, hash: string): void {
    const log = this.opts.log;
    const replaced = this.creds !== undefined;
    this.creds = creds;
    this.appliedHash = hash;
    this.lastFailure = undefined;
    for (const w of creds.anchorWarnings) log.warn({ localId: creds.localId }, w);
    log.info(
      { localId: creds.localId, fingerprint: creds.fingerprint, notAfter: creds.notAfter.toISOString() },
      replaced ? 'identity credentials rotated' : 'identity credentials loaded',
    );
  }

  /** The files are loadable again and hold what is in use: the failure is over. */
  private recovered(): void {
    this.lastFailure = undefined;
    this.opts.log.info({ fingerprint: this.creds?.fingerprint }, 'identity files load again; the credentials in use are unchanged');
    this.emit('recovered');
  }

  /** True while the last re-read failed (the credentials in use are older than what is on disk). */
  get failing(): boolean {
    return this.lastFailure !== undefined;
  }

  /** Log each distinct failure once (polling would otherwise repeat it every interval). */
  private failed(err: unknown): void {
    const e = err instanceof IdentityError ? err : new IdentityError('io', String((err as Error)?.message ?? err), { cause: err });
    const fields = { code: e.code, err: e.message, keeping: this.creds?.fingerprint };
    if (e.message !== this.lastFailure) this.opts.log.warn(fields, 'identity reload failed; keeping previous credentials');
    else this.opts.log.debug(fields, 'identity reload still failing');
    this.lastFailure = e.message;
    this.emit('reloadFailed', e);
  }
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new IdentityError('io', `cannot read ${what} file ${file}: ${(err as Error).message}`, { cause: err });
  }
}
