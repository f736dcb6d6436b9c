// CertifyIdentitySource: the workload certificate from Linkerd's Identity service, the way
// linkerd2-proxy gets it (spec §3.3-3.4). The key and CSR come from the identity directory
// (identity-dir.ts); each attempt reads the service-account token afresh (projected tokens rotate),
// sends Certify, and validates the returned leaf + intermediates against the current trust anchors
// and the local identity BEFORE using it. A certificate that fails validation (wrong SAN, unknown
// issuer, expired) is refused like any other failed attempt: logged, counted, and the certificate
// in use is kept. Refreshes follow refresh.ts (70% of the remaining lifetime, within [min, max]).
//
// Until the first certificate, current() is undefined: the proxy's /ready, inbound and outbound
// consult it. When the trust anchors change, the same leaf is re-validated against the new bundle
// and new credentials are emitted, so peers are verified with the new roots at once.
import { X509Certificate } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import type { CertifyClient } from '../../discovery-client/identity.js';
import type { Metrics } from '../metrics.js';
import type { TrustAnchorsSource } from './anchors-watch.js';
import { buildCredentials, type Credentials } from './credentials.js';
import { IdentityError, parseIdentity } from './id.js';
import { loadIdentityDir, type IdentityDocuments } from './identity-dir.js';
import { refreshDelayMs, type RefreshBounds } from './refresh.js';
import { refreshErrorLabel } from './refresh-error.js';
import type { IdentityLogger, IdentitySource } from './store.js';

export type IdentityMetrics = Pick<Metrics, 'identityCertExpiration' | 'identityCertRefresh' | 'identityCertRefreshesTotal'>;

export interface CertifyIdentitySourceOptions {
  /** LINKERD2_PROXY_IDENTITY_LOCAL_NAME: the identity requested and required in the leaf. */
  readonly localId: string;
  /** LINKERD2_PROXY_IDENTITY_DIR (key.p8, csr.der). */
  readonly dir: string;
  /** LINKERD2_PROXY_IDENTITY_TOKEN_FILE, read for every request. */
  readonly tokenFile: string;
  readonly client: CertifyClient;
  readonly anchors: TrustAnchorsSource;
  readonly refresh: RefreshBounds;
  readonly log: IdentityLogger;
  readonly metrics?: IdentityMetrics;
  /** Clock for scheduling and validity checks (tests). */
  readonly now?: () => Date;
}

export interface CertifyIdentitySourceEvents {
  /** New credentials: a new certificate, or the same one with new trust anchors. */
  rotate: [creds: Credentials];
  /** An attempt failed (the error says why); the credentials in use, if any, are kept. */
  refreshFailed: [err: Error];
}

/** The service answered, but with a certificate we must not use. */
export class CertificateRejectedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CertificateRejectedError';
  }
}

export class CertifyIdentitySource extends EventEmitter<CertifyIdentitySourceEvents> implements IdentitySource {
  private creds: Credentials | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<boolean> | undefined;
  private nextAt: Date | undefined;
  private closed = false;
  private readonly localId: string;
  private readonly now: () => Date;
  private readonly onAnchors = (pem: string) => this.anchorsChanged(pem);

  private constructor(
    private readonly opts: CertifyIdentitySourceOptions,
    private readonly docs: IdentityDocuments,
  ) {
    super();
    this.localId = parseIdentity(opts.localId).id;
    this.now = opts.now ?? (() => new Date());
    opts.anchors.on('change', this.onAnchors);
  }

  /**
   * Load (or create) key.p8 and csr.der; throws IdentityError for a key that can't be used. Nothing
   * is sent until start().
   */
  static async create(opts: CertifyIdentitySourceOptions): Promise<CertifyIdentitySource> {
    const localId = parseIdentity(opts.localId);
    if (localId.kind !== 'dns') {
      throw new IdentityError('invalid_identity', `the identity service issues DNS identities only; ${localId.id} is not one`);
    }
    const docs = await loadIdentityDir(opts.dir, localId.id, opts.log);
    return new CertifyIdentitySource(opts, docs);
  }

  /** The DER CSR sent with every request (csr.der's bytes). */
  get csrDer(): Buffer {
    return this.docs.csrDer;
  }

  current(): Credentials | undefined {
    return this.creds;
  }

  /** When the next attempt is due (undefined while one runs or after close). */
  nextRefreshAt(): Date | undefined {
    return this.nextAt;
  }

  /** Ask for the first certificate now; later attempts schedule themselves. */
  start(): void {
    void this.refreshNow();
  }

  /** Run an attempt now (joining one in progress). Resolves true when a new certificate was taken. */
  refreshNow(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.inFlight) return this.inFlight;
    clearTimeout(this.timer);
    this.nextAt = undefined;
    this.inFlight = this.attempt().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.nextAt = undefined;
    this.opts.anchors.off('change', this.onAnchors);
    this.opts.client.close();
  }

  private async attempt(): Promise<boolean> {
    let next: Credentials;
    try {
      next = await this.certify();
    } catch (err) {
      if (this.closed) return false;
      this.failed(err as Error);
      return false;
    }
    if (this.closed) return false;
    const first = this.creds === undefined;
    this.creds = next;
    this.opts.metrics?.identityCertExpiration.set(next.notAfter.getTime() / 1000);
    this.opts.metrics?.identityCertRefresh.set(this.now().getTime() / 1000);
    this.opts.metrics?.identityCertRefreshesTotal.inc({ result: 'ok' });
    for (const w of next.anchorWarnings) this.opts.log.warn({ localId: this.localId }, w);
    const delay = this.schedule();
    this.opts.log.info(
      { localId: this.localId, fingerprint: next.fingerprint, notAfter: next.notAfter.toISOString(), refresh_in_ms: delay },
      first ? 'identity certified' : 'identity certificate refreshed',
    );
    this.emit('rotate', next);
    return true;
  }

  /** One Certify round trip and the validation of its answer. */
  private async certify(): Promise<Credentials> {
    const token = await readToken(this.opts.tokenFile);
    const res = await this.opts.client.certify({ identity: this.localId, token, csrDer: this.docs.csrDer });
    try {
      // Node's X509Certificate refuses DER that isn't a certificate, which lands here too.
      const chainPem = [res.leafDer, ...res.intermediatesDer].map(toPem).join('');
      return buildCredentials({ chainPem, keyPem: this.docs.keyPem, anchorsPem: this.opts.anchors.current(), localId: this.localId, now: this.now() });
    } catch (err) {
      throw new CertificateRejectedError(`the identity service returned a certificate we cannot use: ${(err as Error).message}`, { cause: err });
    }
  }

  private failed(err: Error): void {
    this.opts.metrics?.identityCertRefreshesTotal.inc({ result: 'error', error: refreshErrorLabel(err) });
    const delay = this.schedule();
    const held = this.creds;
    const fields = {
      localId: this.localId, err: err.message, retry_in_ms: delay,
      ...(held ? { keeping: held.fingerprint, notAfter: held.notAfter.toISOString() } : { certified: false }),
    };
    this.opts.log.warn(fields, held ? 'identity refresh failed; keeping the current certificate' : 'identity not certified yet; will retry');
    this.emit('refreshFailed', err);
  }

  /** Arm the timer from the certificate held now (after a success or a failure alike). */
  private schedule(): number {
    const now = this.now();
    const delay = refreshDelayMs(this.creds?.notAfter, now, this.opts.refresh);
    clearTimeout(this.timer);
    this.nextAt = new Date(now.getTime() + delay);
    // unref: the listeners keep a proxy alive; a pending refresh alone must not (tests, shutdown).
    this.timer = setTimeout(() => void this.refreshNow(), delay).unref();
    return delay;
  }

  /** Same leaf, new roots: peers are verified against the new bundle from the next handshake on. */
  private anchorsChanged(anchorsPem: string): void {
    if (this.closed) return;
    this.opts.client.updateAnchors?.(anchorsPem);
    const held = this.creds;
    if (!held) return; // the next attempt validates against the new bundle
    let next: Credentials;
    try {
      next = buildCredentials({ chainPem: held.chainPem, keyPem: held.keyPem, anchorsPem, localId: this.localId, now: this.now() });
    } catch (err) {
      // E.g. the old root was removed before our leaf was re-issued under the new one: keep
      // verifying peers with the old bundle and ask for a certificate from the current issuer.
      this.opts.log.warn(
        { localId: this.localId, err: (err as Error).message, keeping: held.fingerprint },
        'new trust anchors do not validate our certificate; keeping the previous anchors and requesting a new certificate',
      );
      void this.refreshNow();
      return;
    }
    this.creds = next;
    for (const w of next.anchorWarnings) this.opts.log.warn({ localId: this.localId }, w);
    this.opts.log.info({ localId: this.localId, fingerprint: next.fingerprint }, 'identity credentials rebuilt with new trust anchors');
    this.emit('rotate', next);
  }
}

/** The token as raw bytes (spec §3.1); a missing or empty file is an error naming it. */
async function readToken(file: string): Promise<Buffer> {
  let token: Buffer;
  try {
    token = await readFile(file);
  } catch (err) {
    throw new IdentityError('io', `cannot read token file ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (token.toString('latin1').trim() === '') throw new IdentityError('io', `token file ${file} is empty`);
  return token;
}

function toPem(der: Buffer): string {
  return new X509Certificate(der).toString();
}
